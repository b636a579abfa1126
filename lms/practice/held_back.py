"""Olympiad tasks are held back from practice while their olympiad is still to come or running.

An organiser may forget to untick "practice" on a task they put into an olympiad; a student who
found it in the practice list the day before would see the statement and could even solve it.
So a task of any contest that has not ended (or of one without upsolving) is never offered for
practice, whatever its flag, and only its owners' staff can open it outside the contest pages.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ColumnElement, or_
from sqlmodel import Session, col, select
from sqlmodel.sql.expression import SelectOfScalar

from models.base import utcnow
from models.contests import Contest, ContestTask
from models.judge import JudgeTask


def _held_back_ids(now: datetime) -> SelectOfScalar[int]:
    return (
        select(ContestTask.task_id)
        .join(Contest, col(Contest.id) == col(ContestTask.contest_id))
        .where(
            col(Contest.deleted_at).is_(None),
            or_(col(Contest.ends_at) > now, col(Contest.upsolving).is_(False)),
        )
    )


def open_for_practice(now: datetime | None = None) -> ColumnElement[bool]:
    """The condition on JudgeTask: ticked for practice and in no olympiad that holds it back."""
    return col(JudgeTask.practice).is_(True) & col(JudgeTask.id).not_in(
        _held_back_ids(now or utcnow())
    )


def is_held_back(session: Session, task_id: int, now: datetime | None = None) -> bool:
    """Whether a contest that has not ended (or has no upsolving) contains the task."""
    query = _held_back_ids(now or utcnow()).where(col(ContestTask.task_id) == task_id)
    return session.exec(query.limit(1)).first() is not None
