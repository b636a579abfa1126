"""Students and classes of one school as the guidance work reads them (never another school's)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from guidance.work.errors import live_row
from models.classes import SchoolClass
from models.i18n import N_
from models.people import Student


def school_student(session: Session, *, school_id: int, student_id: int) -> Student:
    """A live student of the school.

    Args:
        session: an open session.
        school_id: the school.
        student_id: the student.

    Returns:
        The student.

    Raises:
        WorkNotFound: no such student in this school.
    """
    text = N_("There is no such student.")
    return live_row(session, Student, student_id, school_id, "student_not_found", text)


def school_class(session: Session, *, school_id: int, class_id: int) -> SchoolClass:
    """A live class of the school.

    Raises:
        WorkNotFound: no such class in this school.
    """
    text = N_("There is no such class.")
    return live_row(session, SchoolClass, class_id, school_id, "class_not_found", text)


def class_students(
    session: Session,
    *,
    school_id: int,
    class_id: int,
    sort_key: Callable[[str], Any] = str.casefold,
) -> list[Student]:
    """The live students of a class, by name as `sort_key` orders names (the reader's language)."""
    found = session.exec(
        select(Student).where(
            Student.school_id == school_id,
            Student.class_id == class_id,
            col(Student.deleted_at).is_(None),
        )
    ).all()
    return sorted(found, key=lambda s: (sort_key(s.name), s.id or 0))


def school_classes(session: Session, *, school_id: int) -> list[SchoolClass]:
    """The live classes of the school, by grade and code."""
    return list(
        session.exec(
            select(SchoolClass)
            .where(SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None))
            .order_by(col(SchoolClass.grade), col(SchoolClass.code))
        ).all()
    )


def grade_of(session: Session, student: Student) -> int | None:
    """The grade (5..11) of a student's class."""
    klass = session.get(SchoolClass, student.class_id)
    return klass.grade if klass is not None else None
