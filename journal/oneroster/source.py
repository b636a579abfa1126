"""The rows of one school that a OneRoster export reads: live rows only, every query scoped."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from models.accounts import UserAccount
from models.classes import SchoolClass, Subgroup
from models.curriculum import Subject
from models.history import DataVersion
from models.lessons import LessonAudience, LessonRequirement, LessonTeacher
from models.people import Guardianship, Parent, Student, StudentSubgroup, Teacher
from models.school import AcademicYear, School, Term


@dataclass
class SchoolRows:
    """What the school data holds, by database id (the ids the sourcedIds are made from)."""

    school: School
    modified: datetime  # when the school data last changed (its last import or edit)
    years: list[AcademicYear] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    subjects: dict[int, Subject] = field(default_factory=dict)
    classes: dict[int, SchoolClass] = field(default_factory=dict)
    subgroups: dict[int, Subgroup] = field(default_factory=dict)
    # lesson id -> subject id, its audience (class id, subgroup id or None) and its teachers
    lesson_subject: dict[int, int] = field(default_factory=dict)
    audience: dict[int, list[tuple[int, int | None]]] = field(default_factory=dict)
    lesson_teachers: dict[int, list[int]] = field(default_factory=dict)
    teachers: dict[int, Teacher] = field(default_factory=dict)
    students: dict[int, Student] = field(default_factory=dict)
    parents: dict[int, Parent] = field(default_factory=dict)
    members: dict[int, list[int]] = field(default_factory=dict)  # subgroup id -> student ids
    guardians: list[tuple[int, int]] = field(default_factory=list)  # (parent id, student id)
    logins: dict[tuple[str, int], str] = field(default_factory=dict)  # (kind, id) -> login


def live_rows(session: Session, model: Any, school_id: int) -> list[Any]:
    """The school's rows of `model` that are not soft-deleted, oldest first."""
    query = select(model).where(model.school_id == school_id)
    if hasattr(model, "deleted_at"):
        query = query.where(col(model.deleted_at).is_(None))
    return list(session.exec(query.order_by(col(model.id))).all())


def _by_id(rows: list[Any]) -> dict[int, Any]:
    return {row.id: row for row in rows}


def _links(session: Session, model: Any, school_id: int, owner: str, target: str) -> Any:
    out: dict[int, list[Any]] = defaultdict(list)
    query = select(getattr(model, owner), getattr(model, target)).where(
        model.school_id == school_id
    )
    for owner_id, target_id in session.exec(query.order_by(col(model.position), col(model.id))):
        out[owner_id].append(target_id)
    return out


def _logins(session: Session, school_id: int) -> dict[tuple[str, int], str]:
    query = select(
        UserAccount.login, UserAccount.teacher_id, UserAccount.student_id, UserAccount.parent_id
    ).where(UserAccount.school_id == school_id, col(UserAccount.deleted_at).is_(None))
    out: dict[tuple[str, int], str] = {}
    for login, *refs in session.exec(query.order_by(col(UserAccount.id))).all():
        for kind, ref in zip(("teacher", "student", "parent"), refs, strict=True):
            if ref is not None:
                out.setdefault((kind, ref), login)
    return out


def _modified(session: Session, school: School) -> datetime:
    query = select(func.max(DataVersion.created_at)).where(DataVersion.school_id == school.id)
    latest = session.exec(query).one()
    moment = latest or school.created_at
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def read_school_rows(session: Session, school: School) -> SchoolRows:
    """The live school data of one school, every query filtered by its id.

    Args:
        session: an open session (a read scope is enough).
        school: the school row.

    Returns:
        The rows by id, with lessons, memberships, guardianships and account logins.
    """
    assert school.id is not None
    sid = school.id
    rows = SchoolRows(school=school, modified=_modified(session, school))
    rows.years = live_rows(session, AcademicYear, sid)
    rows.terms = live_rows(session, Term, sid)
    rows.subjects = _by_id(live_rows(session, Subject, sid))
    rows.classes = _by_id(live_rows(session, SchoolClass, sid))
    rows.subgroups = _by_id(live_rows(session, Subgroup, sid))
    rows.lesson_subject = {r.id: r.subject_id for r in live_rows(session, LessonRequirement, sid)}
    audience = defaultdict(list)
    for a in sorted(live_rows(session, LessonAudience, sid), key=lambda a: (a.position, a.id)):
        audience[a.lesson_id].append((a.class_id, a.subgroup_id))
    rows.audience = dict(audience)
    rows.lesson_teachers = dict(_links(session, LessonTeacher, sid, "lesson_id", "teacher_id"))
    rows.teachers = _by_id(live_rows(session, Teacher, sid))
    rows.students = _by_id(live_rows(session, Student, sid))
    rows.parents = _by_id(live_rows(session, Parent, sid))
    rows.members = dict(_links(session, StudentSubgroup, sid, "subgroup_id", "student_id"))
    query = select(Guardianship.parent_id, Guardianship.student_id).where(
        Guardianship.school_id == sid
    )
    rows.guardians = [
        (p, s)
        for p, s in session.exec(query.order_by(col(Guardianship.position), col(Guardianship.id)))
    ]
    rows.logins = _logins(session, sid)
    return rows
