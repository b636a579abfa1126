"""Restoring a soft-deleted row, through the rules of the module that owns it (the service).

A remark simply comes back. A grade comes back through the journal's own `set_grade` (the term
must be open, its assessment and student live, the value within today's rules; the term and
year grades are recomputed). An assessment comes back when its term is open and its class and
subject are live, and its students' grades are recomputed. A student or teacher comes back as a
new data version holding the item as the version before their removal had it (a student with
their parents' links), checked as every edit of the school data is; lessons that were moved or
removed with a teacher stay as they are now. Every restore writes a `restore_deleted` audit row.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from sqlmodel import Session, col, select

from journal.grades import set_grade
from journal.grades_final import refresh_student
from journal.grades_terms import ensure_term_open
from models.backup.deleted import deleted_row, record_restore, removed_item, restore_remark
from models.backup.errors import BackupError
from models.classes import SchoolClass
from models.curriculum import Subject
from models.i18n import N_, Message, message
from models.journal import Assessment, Grade
from models.snapshot import SchoolSnapshot
from web.services.data_edit import load, put, store_edit


@dataclass(frozen=True, slots=True)
class Who:
    """The school admin restoring, as the services need them."""

    school_id: int
    login: str
    user_id: int | None


def _refused(text: str, **values: Any) -> BackupError:
    return BackupError("restore_refused", [message(text, **values)])


def _grade(session: Session, who: Who, row_id: int) -> Message:
    grade: Grade = deleted_row(session, school_id=who.school_id, kind="grade", row_id=row_id)
    record_restore(session, row=grade, kind="grade", actor=who.login, user_id=who.user_id)
    set_grade(session, school_id=who.school_id, assessment_id=grade.assessment_id,
              student_id=grade.student_id, value=grade.value, comment=grade.comment,
              actor=who.login, reason="restored", user_id=who.user_id)  # fmt: skip
    return message(N_("The grade is back."))


def _live(session: Session, table: Any, row_id: int) -> bool:
    row = session.get(table, row_id)
    return row is not None and row.deleted_at is None


def _assessment(session: Session, who: Who, row_id: int) -> Message:
    found: Assessment = deleted_row(
        session, school_id=who.school_id, kind="assessment", row_id=row_id
    )
    if not _live(session, SchoolClass, found.class_id) or not _live(
        session, Subject, found.subject_id
    ):
        raise _refused(N_("Its class or subject is no longer in the school data."))
    term = ensure_term_open(session, school_id=who.school_id, day=found.day)
    record_restore(session, row=found, kind="assessment", actor=who.login, user_id=who.user_id)
    found.deleted_at = None
    session.add(found)
    session.flush()
    graded = session.exec(
        select(Grade.student_id).where(
            Grade.assessment_id == found.id, col(Grade.deleted_at).is_(None)
        )
    ).all()
    for student_id in graded:
        refresh_student(session, school_id=who.school_id, student_id=student_id,
                        subject_id=found.subject_id, term=term)  # fmt: skip
    return message(N_("The assessment is back, with its grades."))


def _remark(session: Session, who: Who, row_id: int) -> Message:
    restore_remark(session, school_id=who.school_id, remark_id=row_id, actor=who.login,
                   user_id=who.user_id)  # fmt: skip
    return message(N_("The remark is back."))


_RESTORERS: dict[str, Callable[[Session, Who, int], Message]] = {
    "remark": _remark, "grade": _grade, "assessment": _assessment,
}  # fmt: skip


def _with_parents(now: SchoolSnapshot, before: SchoolSnapshot, code: str) -> SchoolSnapshot:
    """`now` with the student's parents linked again (a parent who left comes back too)."""
    students = {s.code for s in now.students}
    parents = {p.code: p for p in now.parents}
    for old in before.parents:
        if code not in old.children:
            continue
        present = parents.get(old.code)
        if present is not None:
            linked = replace(present, children=(*present.children, code))
            parents[old.code] = present if code in present.children else linked
        else:
            kept = tuple(c for c in old.children if c in students or c == code)
            parents[old.code] = replace(old, children=kept)
    return replace(now, parents=tuple(parents.values()))


def _person(session: Session, who: Who, kind: str, row_id: int) -> Message:
    row = deleted_row(session, school_id=who.school_id, kind=kind, row_id=row_id)
    key = row.code or row.name
    found = removed_item(session, school_id=who.school_id, kind=kind, key=key)
    if found is None:
        raise _refused(N_("No earlier version of the school data holds {name}."), name=row.name)
    item, before = found
    data = load(session, school_id=who.school_id)
    edited = put(data.snapshot, f"{kind}s", None, item)
    if kind == "student":
        edited = _with_parents(edited, before, item.code)
    record_restore(session, row=row, kind=kind, actor=who.login, user_id=who.user_id)
    store_edit(session, data, edited, key, who.login)
    return message(N_("{name} is back in the school data."), name=row.name)


def restore_item(session: Session, *, who: Who, kind: str, row_id: int) -> Message:
    """Brings one deleted row of the admin's school back, audited; says what happened.

    Args:
        session: an open session; the caller commits.
        who: the school admin (their school bounds what can be found).
        kind: "student", "teacher", "assessment", "grade" or "remark".
        row_id: the row.

    Returns:
        The sentence to show.

    Raises:
        BackupError: no such deleted row in this school, or it cannot come back.
        JournalError: the journal refuses (a closed term, a value out of today's range...).
        FieldErrors: the school data would not be valid with the person back.
    """
    if kind in ("student", "teacher"):
        return _person(session, who, kind, row_id)
    restorer = _RESTORERS.get(kind)
    if restorer is None:
        deleted_row(session, school_id=who.school_id, kind=kind, row_id=row_id)  # not found
    assert restorer is not None
    return restorer(session, who, row_id)
