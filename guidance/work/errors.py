"""The guidance work's domain errors: a stable code plus the sentences that say why."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol, TypeVar

from sqlmodel import Session

from models.errors import NotFound, StoreError
from models.i18n import message


class WorkError(StoreError):
    """A request about mock tests, consultations, the programme, materials or news refused."""


class WorkNotFound(NotFound):
    """The student, slot, consultation or item is not in this school (or not the reader's)."""


class _Owned(Protocol):
    school_id: int
    deleted_at: datetime | None


R = TypeVar("R", bound=_Owned)


def live_row(session: Session, model: type[R], row_id: int, school_id: int, code: str,
             text: str) -> R:  # fmt: skip
    """The row of `model` with this id when it is the school's and not deleted.

    Args:
        session: an open session.
        model: a school-owned, soft-deleted table.
        row_id: the id asked for.
        school_id: the reader's school.
        code: the error's code.
        text: the msgid of the sentence (marked with N_ by the caller).

    Returns:
        The row.

    Raises:
        WorkNotFound: no such row, another school's, or deleted (one answer for all three).
    """
    row = session.get(model, row_id)
    if row is None or row.school_id != school_id or row.deleted_at is not None:
        raise WorkNotFound(code, [message(text)])
    return row
