"""Which courses are open to a student: those opened to their class, from the start date on."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from lms.courses.errors import CourseNotFound
from models.i18n import N_, message
from models.lms import Course, CourseAssignment
from models.people import Student


@dataclass(frozen=True)
class Opening:
    """A course as one student may use it today."""

    course: Course
    modules: frozenset[str] | None  # the modules opened; None: the whole course
    ends_on: date | None  # the last day answers are taken (None: no end)
    answering: bool  # False once every opening has ended: the course can be read, not answered


def student_class(db: Session, *, school_id: int, student_id: int | None) -> int | None:
    """The class of a student of the school (None for a missing or deleted student)."""
    student = db.get(Student, student_id) if student_id else None
    if student is None or student.school_id != school_id or student.deleted_at is not None:
        return None
    return student.class_id


def openings(db: Session, *, school_id: int, student_id: int | None, today: date) -> list[Opening]:
    """The courses opened to the student's class that have started, in title order by slug.

    Args:
        db: the session.
        school_id: the viewer's school.
        student_id: the student the account belongs to (None: nothing is open).
        today: the date that decides what has started and ended.

    Returns:
        One opening per course; module openings of one course are merged.
    """
    class_id = student_class(db, school_id=school_id, student_id=student_id)
    if class_id is None:
        return []
    rows = db.exec(
        select(CourseAssignment, Course)
        .join(Course, col(Course.id) == CourseAssignment.course_id)
        .where(
            CourseAssignment.school_id == school_id,
            CourseAssignment.class_id == class_id,
            col(CourseAssignment.deleted_at).is_(None),
            col(Course.deleted_at).is_(None),
            col(CourseAssignment.starts_on) <= today,
        )
        .order_by(col(Course.slug), col(CourseAssignment.id))
    ).all()
    merged: dict[int, list[CourseAssignment]] = {}
    courses: dict[int, Course] = {}
    for assignment, course in rows:
        merged.setdefault(course.id or 0, []).append(assignment)
        courses[course.id or 0] = course
    return [_merge(courses[cid], found, today) for cid, found in merged.items()]


def _merge(course: Course, found: list[CourseAssignment], today: date) -> Opening:
    whole = any(not a.module_slug for a in found)
    live = [a for a in found if a.ends_on is None or a.ends_on >= today]
    ends = (
        None
        if any(a.ends_on is None for a in live)
        else max((a.ends_on for a in live if a.ends_on), default=None)
    )
    return Opening(
        course=course,
        modules=None if whole else frozenset(a.module_slug for a in found),
        ends_on=ends if live else max(a.ends_on for a in found if a.ends_on),
        answering=bool(live),
    )


def opening_for(
    db: Session, *, school_id: int, student_id: int | None, course_id: int, today: date
) -> Opening:
    """The student's opening of one course.

    Raises:
        CourseNotFound: the course is not open to the student's class (or is not theirs).
    """
    for found in openings(db, school_id=school_id, student_id=student_id, today=today):
        if found.course.id == course_id:
            return found
    raise CourseNotFound("course_not_open", [message(N_("This course is not open to you."))])
