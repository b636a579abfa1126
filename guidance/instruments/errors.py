"""The instruments' domain errors: a stable code plus the sentences that say why."""

from __future__ import annotations

from models.errors import NotFound, StoreError


class InstrumentError(StoreError):
    """A request about instruments the store refuses."""


class InstrumentInvalid(InstrumentError):
    """An instrument file with problems: every one is listed with its file, item and field."""


class InstrumentNotFound(InstrumentError, NotFound):
    """No such instrument (or version) for this school."""
