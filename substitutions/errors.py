"""Domain errors of substitutions: a stable code and the sentences that explain it."""

from __future__ import annotations

from models.errors import NotFound, StoreError


class SubstitutionError(StoreError):
    """A request about absences or covers that cannot be done; `code` is stable."""


class CoverNotFound(NotFound):
    """The absence, cover or plan asked for does not exist in this school."""
