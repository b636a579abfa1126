"""Domain errors of the journal: a stable code and the sentences that explain it."""

from __future__ import annotations

from models.errors import NotFound, StoreError


class JournalError(StoreError):
    """A register or grade request that cannot be done; `code` is stable."""


class JournalNotFound(NotFound):
    """The class, subject, student, assessment, grade or term asked for is not in this school."""


class TermClosed(JournalError):
    """The term is closed: its grades (and register) are locked until it is reopened."""


class InvalidRules(JournalError):
    """An assessment rule set (JSON) has problems; each message names the field path."""
