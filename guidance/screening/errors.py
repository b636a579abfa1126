"""Risk cases' domain errors."""

from __future__ import annotations

from models.errors import NotFound, StoreError


class CaseError(StoreError):
    """A change to a case the store refuses (an empty note, an unknown status)."""


class CaseNotFound(CaseError, NotFound):
    """No such case in the reader's school, or the reader may not read cases."""
