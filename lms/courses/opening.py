"""Teachers open a course, or one of its modules, to a class between two dates."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.library import get_course, outline
from models.base import utcnow
from models.classes import SchoolClass
from models.i18n import N_, message
from models.lms import CourseAssignment


def open_course(
    db: Session,
    *,
    school_id: int,
    course_id: int,
    class_id: int,
    starts_on: date,
    ends_on: date | None = None,
    module_slug: str = "",
    user_id: int | None = None,
) -> CourseAssignment:
    """Opens a course (or one module of its current version) to a class of the school.

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school.
        course_id: a course of the school.
        class_id: a class of the school.
        starts_on: the first day students see it.
        ends_on: the last day answers are taken (None: no end).
        module_slug: one module only (empty: the whole course).
        user_id: who opens it.

    Returns:
        The new opening.

    Raises:
        CourseNotFound: no such course, class or module in this school.
        CourseError: the dates are the wrong way round (code "bad_dates"), or the course
            has no published version yet (code "not_published").
    """
    course = get_course(db, school_id=school_id, course_id=course_id)
    if course.current_version_id is None:
        said = N_("Publish the course before opening it to a class.")
        raise CourseError("not_published", [message(said)])
    klass = db.get(SchoolClass, class_id)
    if klass is None or klass.school_id != school_id or klass.deleted_at is not None:
        raise CourseNotFound("class_not_found", [message(N_("No such class."))])
    if module_slug and module_slug not in {m.slug for m in outline(db, course).modules}:
        raise CourseNotFound("module_not_found", [message(N_("No such module in the course."))])
    if ends_on is not None and ends_on < starts_on:
        raise CourseError("bad_dates", [message(N_("The end date is before the start date."))])
    row = CourseAssignment(
        school_id=school_id,
        course_id=course_id,
        class_id=class_id,
        module_slug=module_slug,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user_id,
    )
    db.add(row)
    db.flush()
    return row


def close_opening(db: Session, *, school_id: int, assignment_id: int) -> CourseAssignment:
    """Withdraws an opening (soft delete: progress stays).

    Raises:
        CourseNotFound: no such opening in this school.
    """
    row = db.get(CourseAssignment, assignment_id)
    if row is None or row.school_id != school_id or row.deleted_at is not None:
        raise CourseNotFound("opening_not_found", [message(N_("No such opening."))])
    row.deleted_at = utcnow()
    return row


def openings_of(
    db: Session, *, school_id: int, course_id: int
) -> list[tuple[CourseAssignment, SchoolClass]]:
    """A course's openings with their classes, by start date."""
    return list(
        db.exec(
            select(CourseAssignment, SchoolClass)
            .join(SchoolClass, col(SchoolClass.id) == CourseAssignment.class_id)
            .where(
                CourseAssignment.school_id == school_id,
                CourseAssignment.course_id == course_id,
                col(CourseAssignment.deleted_at).is_(None),
            )
            .order_by(col(CourseAssignment.starts_on), col(SchoolClass.code))
        ).all()
    )
