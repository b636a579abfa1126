"""The guidance work's domain errors: a stable code plus the sentences that say why."""

from __future__ import annotations

from models.errors import NotFound, StoreError


class WorkError(StoreError):
    """A request about mock tests, consultations, the programme, materials or news refused."""


class WorkNotFound(NotFound):
    """The student, slot, consultation or item is not in this school (or not the reader's)."""
