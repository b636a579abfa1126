"""The olympiads' domain errors: a stable code and the sentences that explain a refusal."""

from __future__ import annotations

from models.errors import NotFound, StoreError
from models.i18n import N_, message


class ContestRefused(StoreError):
    """Something an organiser, a school or a student asked for that the contest's rules refuse."""


def refuse(code: str, text: str, **values: object) -> ContestRefused:
    """A refusal with one sentence (`text` marked with N_ by the caller)."""
    return ContestRefused(code, [message(text, **values)])


def no_contest(contest_id: int) -> NotFound:
    """The contest does not exist, is deleted, or is not this reader's to see."""
    return NotFound("contest_not_found", [message(N_("There is no contest {id}."), id=contest_id)])
