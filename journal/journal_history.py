"""The journal's audit history for the school admin: grade, assessment, final grade, term,
register and absence-note changes, with the student and subject named."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from models.curriculum import Subject
from models.history import AuditEntry
from models.i18n import N_
from models.people import Student

__all__ = ["ACTION_NAMES", "ENTITY_NAMES", "JOURNAL_ENTITIES", "HistoryRow", "journal_history"]

JOURNAL_ENTITIES: tuple[str, ...] = (
    "grade",
    "assessment",
    "final_grade",
    "term",
    "lesson_record",
    "absence_note",
)

# What each kind of row is, in words (msgids; the page translates them).
ENTITY_NAMES: dict[str, str] = {
    "grade": N_("Marks"), "assessment": N_("Assessments"),
    "final_grade": N_("Term and year grades"), "term": N_("Terms"),
    "lesson_record": N_("Registers"), "absence_note": N_("Absence notes"),
}  # fmt: skip

# The audit actions of the journal's services, in words; an unknown one is shown as its code.
ACTION_NAMES: dict[str, str] = {
    "set_grade": N_("Mark entered"),
    "change_grade": N_("Mark changed"),
    "clear_grade": N_("Mark removed"),
    "create_assessment": N_("Assessment added"),
    "remove_assessment": N_("Assessment removed"),
    "override_final_grade": N_("Final grade overridden"),
    "close_term": N_("Term closed"),
    "reopen_term": N_("Term reopened"),
    "save_assessment_rules": N_("Assessment rules saved"),
    "send_absence_note": N_("Absence note sent"),
    "register_attendance": N_("Attendance mark changed"),
    "register_taken": N_("Attendance taken"),
    "register_lesson": N_("Topic or homework changed"),
    "register_file_added": N_("File attached"),
    "register_file_removed": N_("File removed"),
    "register_remark_added": N_("Remark written"),
    "register_remark_withdrawn": N_("Remark withdrawn"),
}


@dataclass(frozen=True, slots=True)
class HistoryRow:
    """One change: when, who, what, to which student and subject, old and new value, why."""

    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    student: str
    subject: str
    old: Any
    new: Any
    reason: str


def journal_history(
    session: Session,
    *,
    school_id: int,
    entity_kind: str | None = None,
    student_id: int | None = None,
    limit: int = 200,
) -> list[HistoryRow]:
    """The latest journal audit rows of a school, newest first.

    Args:
        session: an open session.
        school_id: the school.
        entity_kind: only one kind ("grade", "final_grade", ...); None for every journal kind.
        student_id: only the rows about this student.
        limit: at most this many rows.

    Returns:
        The rows with names looked up (a student or subject removed since reads "").
    """
    kinds = [k for k in JOURNAL_ENTITIES if entity_kind in (None, k)]
    query = select(AuditEntry).where(
        AuditEntry.school_id == school_id,
        or_(*[col(AuditEntry.entity).startswith(f"{k}:") for k in kinds]),
    )
    rows = list(session.exec(query.order_by(col(AuditEntry.id).desc()).limit(limit * 4)).all())
    if student_id is not None:
        rows = [r for r in rows if r.details.get("student_id") == student_id]
    rows = rows[:limit]
    students = _names(session, Student, school_id, rows, "student_id")
    subjects = _names(session, Subject, school_id, rows, "subject_id")
    return [
        HistoryRow(
            id=r.id or 0,
            at=r.created_at,
            actor=r.actor,
            action=r.action,
            entity=r.entity,
            student=r.details.get("student") or students.get(r.details.get("student_id"), ""),
            subject=subjects.get(r.details.get("subject_id"), ""),
            old=r.details.get("old"),
            new=r.details.get("new"),
            reason=str(r.details.get("reason") or r.details.get("why") or ""),
        )
        for r in rows
    ]


def _names(
    session: Session,
    table: type[Student] | type[Subject],
    school_id: int,
    rows: list[AuditEntry],
    key: str,
) -> dict[Any, str]:
    ids = {r.details.get(key) for r in rows if isinstance(r.details.get(key), int)}
    if not ids:
        return {}
    query = select(table.id, table.name).where(table.school_id == school_id, col(table.id).in_(ids))
    return {i: name for i, name in session.exec(query).all()}
