"""Every change of a register as an audit row (who, when, old and new value, why); its history."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from journal.errors import JournalError
from journal.register_access import Actor, NotYourLesson, find_record
from models.accounts import SCHOOL_ADMIN
from models.audit import record_audit
from models.history import AuditEntry
from models.i18n import N_, message
from models.journal import LessonRecord

# Audit actions of the register (`AuditEntry.action`).
MARKED = "register_attendance"  # a student's mark changed
TAKEN = "register_taken"  # the teacher said attendance is done
NOTES = "register_lesson"  # topic or homework changed
FILE_ADDED, FILE_REMOVED = "register_file_added", "register_file_removed"
REMARK_ADDED, REMARK_WITHDRAWN = "register_remark_added", "register_remark_withdrawn"
WHY_LIMIT = 500


def entity(record: LessonRecord) -> str:
    """The audit entity of a register: every change of one lesson's record shares it."""
    return f"lesson_record:{record.id}"


def clean_why(why: str) -> str:
    """The reason given for a change, trimmed; refused when too long.

    Raises:
        JournalError: longer than WHY_LIMIT characters.
    """
    why = why.strip()
    if len(why) > WHY_LIMIT:
        raise JournalError(
            "why_too_long",
            [message(N_("The reason is longer than {limit} characters."), limit=WHY_LIMIT)],
        )
    return why


def audit(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    record: LessonRecord,
    action: str,
    old: Any,
    new: Any,
    why: str = "",
    **extra: Any,
) -> None:
    """One audit row for a change of `record` (written with the session's transaction)."""
    details = {"user_id": actor.user_id, "old": old, "new": new, "why": why, **extra}
    record_audit(
        session, school_id=school_id, actor=actor.login, action=action, entity=entity(record),
        details=details,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class HistoryLine:
    """One change of a register as the admin's history page shows it."""

    at: datetime
    actor: str
    action: str
    student: str  # the student's name for marks and remarks, "" otherwise
    field: str  # what changed: attendance, topic, homework, file, remark, taken
    old: Any
    new: Any
    why: str
    from_note: bool  # the mark came from a parent's absence note


def register_history(
    session: Session, *, school_id: int, actor: Actor, day: Any, lesson_id: int, unit: int
) -> list[HistoryLine]:
    """Every audited change of one lesson's register, oldest first; for the school admin.

    Args:
        session: an open session.
        school_id: the school.
        actor: who asks (only a school admin may).
        day: the lesson's date.
        lesson_id: the lesson requirement.
        unit: the unit of the requirement.

    Returns:
        The changes (empty when the register was never opened).

    Raises:
        NotYourLesson: the actor is not the school admin.
    """
    if actor.role != SCHOOL_ADMIN:
        raise NotYourLesson(
            "admin_only", [message(N_("Only the school admin sees a register's history."))]
        )
    record = find_record(session, school_id=school_id, day=day, lesson_id=lesson_id, unit=unit)
    if record is None:
        return []
    rows = session.exec(
        select(AuditEntry)
        .where(AuditEntry.school_id == school_id, AuditEntry.entity == entity(record))
        .order_by(col(AuditEntry.id))
    ).all()
    return [
        HistoryLine(
            r.created_at,
            r.actor,
            r.action,
            str(r.details.get("student", "")),
            str(r.details.get("field", "")),
            r.details.get("old"),
            r.details.get("new"),
            str(r.details.get("why", "")),
            bool(r.details.get("note_id")),
        )
        for r in rows
    ]
