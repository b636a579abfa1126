"""Applying a phone's queued operations through the register's and gradebook's own services.

Each operation runs in its own savepoint: the same checks, the same audit row (tagged with the
phone's time of entry), the same notices as a change made online. An operation whose value
changed on the server since the phone read it is not applied: it comes back as a conflict, with
the server's value and who changed it when.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, tzinfo
from typing import Any

from sqlalchemy import event
from sqlmodel import Session, col, select

from journal.errors import JournalNotFound
from journal.grades import clear_grade, set_grade
from journal.grades_terms import ensure_term_open
from journal.notify import Texts, notify_attendance, notify_grade
from journal.offline.operations import (
    ATTENDANCE,
    GRADE,
    Operation,
    grade_text,
    messages_json,
    same_mark,
)
from journal.register_access import Actor, reach, target
from journal.register_audit import MARKED
from journal.register_marks import MarkInput, mark_attendance, rows_of, state
from journal.teaching import may_grade
from models.accounts import SCHOOL_ADMIN, UserAccount
from models.errors import StoreError
from models.history import AuditEntry
from models.i18n import N_, message
from models.journal import Assessment, Grade, LessonRecord
from models.sync import APPLIED, CONFLICT, REFUSED, UNCHANGED

Outcome = tuple[str, dict[str, Any]]  # status and what the phone is told


@dataclass(frozen=True, slots=True)
class Context:
    """Who syncs, in which school, on which day and clock of the school."""

    school_id: int
    actor: Actor
    today: date  # the school's date now
    zone: tzinfo  # the school's clock, to read the day a phone's change was entered
    now: datetime
    texts: Texts  # language -> gettext, for the families' notices
    # registers whose marks changed: their families are told once, after the batch
    changed_records: set[int] = field(default_factory=set)


def notify_changed(session: Session, ctx: Context) -> None:
    """Tells the families about the absences and late arrivals of the registers changed (once
    per register: telling is idempotent, and per operation it cost half of a sync)."""
    for record_id in sorted(ctx.changed_records):
        notify_attendance(session, school_id=ctx.school_id, record_id=record_id, texts=ctx.texts)
    ctx.changed_records.clear()


@contextmanager
def tagged_audit(session: Session, tag: dict[str, Any]) -> Iterator[None]:
    """Adds `tag` to every audit row the block writes (the services write their own rows)."""
    added: list[AuditEntry] = []

    def collect(_session: Session, instance: object) -> None:
        if isinstance(instance, AuditEntry):
            added.append(instance)

    event.listen(session, "transient_to_pending", collect)
    try:
        yield
    finally:
        event.remove(session, "transient_to_pending", collect)
    for entry in added:
        entry.details = {**entry.details, "offline": tag}
        session.add(entry)
    if added:
        session.flush()


def _day_entered(op: Operation, ctx: Context, lesson_day: date) -> date:
    """The day the register's rules are read for: when the phone took the change (not before
    the lesson, not after today), so a mark entered in class but sent the next morning is not
    treated as a late correction that needs a reason."""
    entered = op.entered_at.astimezone(ctx.zone).date()
    return min(max(entered, lesson_day), ctx.today)


def last_change(
    session: Session, school_id: int, entity: str, student_id: int | None = None
) -> dict[str, Any]:
    """Who changed the value last and when, from the audit log (a mark: that student's)."""
    rows = session.exec(
        select(AuditEntry)
        .where(AuditEntry.school_id == school_id, AuditEntry.entity == entity)
        .order_by(col(AuditEntry.id).desc())
        .limit(200)
    ).all()
    for row in rows:
        if student_id is not None and row.details.get("student_id") != student_id:
            continue
        if student_id is not None and row.action != MARKED:
            continue
        account = session.get(UserAccount, row.details.get("user_id") or 0)
        name = account.name if account is not None and account.school_id == school_id else ""
        return {"by": name or row.actor, "at": row.created_at.isoformat(),
                "by_offline": "offline" in row.details}  # fmt: skip
    return {"by": "", "at": None, "by_offline": False}


def _counts(marks: dict[int, dict[str, Any]]) -> dict[str, int]:
    out = {"present": 0, "absent": 0, "late": 0, "excused": 0}
    for mark in marks.values():
        out[mark["status"]] = out.get(mark["status"], 0) + 1
    return out


def _register(session: Session, ctx: Context, op: Operation) -> tuple[date, LessonRecord | None]:
    """The lesson's day and record, once the actor may keep it and its term is open.

    Raises:
        JournalNotFound, NotYourLesson, TermClosed: as the register's own changes.
    """
    day = date.fromisoformat(op.target["day"])
    where = {"school_id": ctx.school_id, "actor": ctx.actor, "day": day,
             "lesson_id": op.target["lesson_id"], "unit": op.target["unit"]}  # fmt: skip
    found = reach(session, **where)
    if found.locked:
        target(session, **where)  # refuses with the register's own sentence
    return day, found.record


def _attendance(session: Session, ctx: Context, op: Operation) -> Outcome:
    day, record = _register(session, ctx, op)
    sid = int(op.target["student_id"])
    rows = rows_of(session, ctx.school_id, record.id) if record and record.id else {}
    current = state(rows.get(sid))
    if not same_mark(current, op.base):
        if same_mark(current, op.value):
            return UNCHANGED, {"mark": current}
        entity = f"lesson_record:{record.id}" if record is not None else ""
        return CONFLICT, {"server": current, **last_change(session, ctx.school_id, entity, sid)}
    value = op.value
    outcome = mark_attendance(
        session, school_id=ctx.school_id, actor=ctx.actor, day=day,
        lesson_id=op.target["lesson_id"], unit=op.target["unit"],
        marks=[MarkInput(sid, value["status"], value["minutes"], value["reason"])],
        today=_day_entered(op, ctx, day), why=op.why,
    )  # fmt: skip
    ctx.changed_records.add(outcome.record_id)
    status = APPLIED if outcome.changed else UNCHANGED
    return status, {"mark": outcome.marks.get(sid), "counts": _counts(outcome.marks)}


def _taken(session: Session, ctx: Context, op: Operation) -> Outcome:
    day, record = _register(session, ctx, op)
    before = record.attendance_taken_at if record is not None else None
    outcome = mark_attendance(
        session, school_id=ctx.school_id, actor=ctx.actor, day=day,
        lesson_id=op.target["lesson_id"], unit=op.target["unit"], marks=[],
        today=_day_entered(op, ctx, day), why=op.why,
    )  # fmt: skip
    return (APPLIED if before is None else UNCHANGED), {"counts": _counts(outcome.marks)}


def _assessment(session: Session, ctx: Context, assessment_id: int) -> Assessment:
    """An assessment of the school in a gradebook the actor keeps, its term open.

    Raises:
        JournalNotFound: no such assessment here, or another teacher's gradebook.
        TermClosed: its term is closed.
    """
    row = session.get(Assessment, assessment_id)
    if row is None or row.school_id != ctx.school_id or row.deleted_at is not None:
        raise JournalNotFound(
            "assessment_not_found", [message(N_("There is no such assessment in this school."))]
        )
    actor = ctx.actor
    teacher = None if actor.role == SCHOOL_ADMIN else (actor.teacher_id or -1)
    may_grade(session, school_id=ctx.school_id, teacher_id=teacher, class_id=row.class_id,
              subject_id=row.subject_id)  # fmt: skip
    ensure_term_open(session, school_id=ctx.school_id, day=row.day)
    return row


def _grade(session: Session, ctx: Context, op: Operation) -> Outcome:
    aid, sid = int(op.target["assessment_id"]), int(op.target["student_id"])
    _assessment(session, ctx, aid)
    row = session.exec(
        select(Grade).where(Grade.assessment_id == aid, Grade.student_id == sid)
    ).first()
    current = grade_text(row.value) if row is not None and row.deleted_at is None else ""
    if current != op.base:
        if current == op.value:
            return UNCHANGED, {"value": current}
        entity = f"grade:{row.id}" if row is not None else ""
        return CONFLICT, {"server": current, **last_change(session, ctx.school_id, entity)}
    if op.value == current:
        return UNCHANGED, {"value": current}
    school_id, login, user_id = ctx.school_id, ctx.actor.login, ctx.actor.user_id
    if op.value == "":
        clear_grade(session, school_id=school_id, assessment_id=aid, student_id=sid, actor=login,
                    user_id=user_id)  # fmt: skip
        return APPLIED, {"value": ""}
    grade = set_grade(session, school_id=school_id, assessment_id=aid, student_id=sid,
                      value=op.value, actor=login, user_id=user_id)  # fmt: skip
    notify_grade(session, school_id=ctx.school_id, grade_id=grade.id or 0, texts=ctx.texts)
    return APPLIED, {"value": grade_text(grade.value)}


APPLIERS: dict[str, Callable[[Session, Context, Operation], Outcome]] = {
    ATTENDANCE: _attendance,
    GRADE: _grade,
    "taken": _taken,
}


def apply_operation(session: Session, ctx: Context, op: Operation, resolution: str = "") -> Outcome:
    """Applies one operation in a savepoint: applied, unchanged, a conflict, or a refusal.

    Args:
        session: an open session (the caller commits).
        ctx: who applies it, where and when.
        op: the operation.
        resolution: "keep_mine" when the teacher chose their value over a conflict's.

    Returns:
        The status and what the phone is told: the stored value (applied, unchanged), the
        server's value with who changed it when (conflict), or the code and sentences (refused).
    """
    tag = {"client_id": op.client_id, "entered_at": op.entered_at.isoformat(),
           "synced_at": ctx.now.isoformat()}  # fmt: skip
    if resolution:
        tag["resolution"] = resolution
    try:
        with session.begin_nested(), tagged_audit(session, tag):
            return APPLIERS[op.kind](session, ctx, op)
    except StoreError as exc:
        return REFUSED, {"code": exc.code, "messages": messages_json(exc.messages)}
