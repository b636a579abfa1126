"""The changes from a phone that wait for the teacher: conflicts to decide, refusals to read.

A conflict shows both values, who changed the server's and when; "keep mine" applies the
phone's value over the server's (through the same services, audited as an offline change
resolved by the teacher), "keep theirs" leaves the server's. A refusal stays until dismissed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from journal.errors import JournalNotFound
from journal.offline.apply import Context, apply_operation, notify_changed
from journal.offline.operations import GRADE, Operation, messages_from_json
from journal.register_access import lesson_labels
from models.classes import SchoolClass
from models.curriculum import Subject
from models.i18n import N_, Message, message
from models.journal import Assessment
from models.people import Student
from models.sync import (
    APPLIED,
    CONFLICT,
    DISMISSED,
    KEPT_MINE,
    KEPT_THEIRS,
    REFUSED,
    UNCHANGED,
    SyncOperation,
)


@dataclass(frozen=True, slots=True)
class OpenItem:
    """A synced change waiting for the teacher, as the conflicts page shows it."""

    id: int
    kind: str  # attendance, taken, grade
    status: str  # conflict or refused
    day: date | None  # the lesson's or assessment's date
    what: str  # "7A · Maths", or "7A · Maths · СОР 2"
    student: str
    mine: Any  # the phone's value
    theirs: Any  # the server's value (conflicts)
    by: str  # who changed the server's value
    at: datetime | None  # when
    entered_at: datetime  # when the teacher entered theirs on the phone
    messages: tuple[Message, ...]  # why it was refused
    link: str  # the register or gradebook page


def _rows(session: Session, school_id: int, user_id: int) -> list[SyncOperation]:
    return list(
        session.exec(
            select(SyncOperation)
            .where(
                SyncOperation.school_id == school_id, SyncOperation.user_id == user_id,
                col(SyncOperation.status).in_([CONFLICT, REFUSED]),
                col(SyncOperation.resolved_at).is_(None),
            )
            .order_by(col(SyncOperation.id))
        ).all()
    )  # fmt: skip


def _names(session: Session, school_id: int, rows: list[SyncOperation]) -> dict[int, str]:
    ids = {int(r.target.get("student_id", 0)) for r in rows} - {0}
    if not ids:
        return {}
    query = select(Student.id, Student.name).where(
        Student.school_id == school_id, col(Student.id).in_(ids)
    )
    return {i or 0: name for i, name in session.exec(query).all()}


def _assessment_label(session: Session, school_id: int, aid: int) -> tuple[str, date | None, str]:
    row = session.get(Assessment, aid)
    if row is None or row.school_id != school_id:
        return "", None, ""
    klass, subject = session.get(SchoolClass, row.class_id), session.get(Subject, row.subject_id)
    parts = [klass.code if klass else "", subject.name if subject else "", row.title]
    link = f"/grades/book?class_id={row.class_id}&subject_id={row.subject_id}"
    return " · ".join(p for p in parts if p), row.day, link


def _item(session: Session, school_id: int, row: SyncOperation, names: dict[int, str]) -> OpenItem:
    t, out = row.target, row.outcome
    if row.kind == GRADE:
        what, day, link = _assessment_label(session, school_id, int(t["assessment_id"]))
    else:
        lesson = lesson_labels(session, school_id, [int(t["lesson_id"])]).get(int(t["lesson_id"]))
        what = f"{lesson.audience} · {lesson.subject}" if lesson else ""
        day = date.fromisoformat(t["day"])
        link = f"/registers/{t['day']}/{t['lesson_id']}/{t['unit']}"
    at = out.get("at")
    return OpenItem(
        row.id or 0, row.kind, row.status, day, what, names.get(int(t.get("student_id", 0)), ""),
        row.value, out.get("server"), str(out.get("by") or ""),
        datetime.fromisoformat(at) if at else None, row.entered_at,
        tuple(messages_from_json(out.get("messages"))), link,
    )  # fmt: skip


def open_items(session: Session, *, school_id: int, user_id: int) -> list[OpenItem]:
    """A person's synced changes waiting for a decision, oldest first.

    Args:
        session: an open session.
        school_id: the school.
        user_id: the account that synced them.

    Returns:
        The conflicts and refusals not yet resolved or dismissed.
    """
    rows = _rows(session, school_id, user_id)
    names = _names(session, school_id, rows)
    return [_item(session, school_id, row, names) for row in rows]


def _own(session: Session, ctx: Context, operation_id: int, status: str) -> SyncOperation:
    row = session.get(SyncOperation, operation_id)
    if (
        row is None
        or row.school_id != ctx.school_id
        or row.user_id != ctx.actor.user_id
        or row.status != status
        or row.resolved_at is not None
    ):
        raise JournalNotFound(
            "no_open_change", [message(N_("This change is no longer waiting for a decision."))]
        )
    return row


def _resolve(session: Session, row: SyncOperation, resolution: str, now: datetime) -> None:
    row.resolution, row.resolved_at = resolution, now
    session.add(row)
    session.flush()


def keep_mine(session: Session, ctx: Context, *, operation_id: int) -> str:
    """Applies the phone's value of a conflict over the server's value the teacher was shown.

    Args:
        session: an open session (the caller commits).
        ctx: the teacher who synced it, their school, its date and clock.
        operation_id: the conflict.

    Returns:
        "applied"; "conflict" when the server's value changed again (the item shows the new
        one); "refused" when the change is no longer allowed (a closed term: now a refusal).

    Raises:
        JournalNotFound: no such open conflict of this person.
    """
    row = _own(session, ctx, operation_id, CONFLICT)
    op = Operation(row.client_id, row.kind, row.target, row.value, row.outcome.get("server"),
                   row.entered_at, str(row.outcome.get("why") or ""))  # fmt: skip
    status, outcome = apply_operation(session, ctx, op, resolution="keep_mine")
    notify_changed(session, ctx)
    if status in (APPLIED, UNCHANGED):
        row.outcome = {**row.outcome, "resolved": outcome}
        _resolve(session, row, KEPT_MINE, ctx.now)
        return APPLIED
    row.status, row.outcome = status, {**outcome, "why": row.outcome.get("why", "")}
    session.add(row)
    session.flush()
    return status


def keep_theirs(session: Session, ctx: Context, *, operation_id: int) -> None:
    """Leaves the server's value of a conflict; the phone's value is kept in the row only.

    Raises:
        JournalNotFound: no such open conflict of this person.
    """
    _resolve(session, _own(session, ctx, operation_id, CONFLICT), KEPT_THEIRS, ctx.now)


def dismiss(session: Session, ctx: Context, *, operation_id: int) -> None:
    """The teacher has read a refusal: it leaves the list.

    Raises:
        JournalNotFound: no such open refusal of this person.
    """
    _resolve(session, _own(session, ctx, operation_id, REFUSED), DISMISSED, ctx.now)
