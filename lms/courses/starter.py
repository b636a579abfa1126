"""The starter courses shipped in lms/content, loaded into a school (the demo school does)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlmodel import Session, col, select

from lms.courses.content import read_folder
from lms.courses.library import import_course
from lms.courses.opening import open_course
from models.accounts import UserAccount
from models.lms import Course, CourseAssignment
from models.people import Student

CONTENT = Path(__file__).resolve().parent.parent / "content"
STARTER = ("python-first-steps", "html-css-basics")


def load_starter_courses(
    db: Session, *, school_id: int, user_id: int | None = None
) -> dict[str, int]:
    """Imports the starter courses the school does not have yet (calling it twice adds nothing).

    Args:
        db: the session (the caller commits).
        school_id: the school.
        user_id: who loads them.

    Returns:
        slug -> course id, for every starter course.
    """
    ids: dict[str, int] = {}
    for slug in STARTER:
        have = db.exec(
            select(Course).where(
                Course.school_id == school_id, Course.slug == slug, col(Course.deleted_at).is_(None)
            )
        ).first()
        if have is None:
            version = import_course(
                db,
                school_id=school_id,
                data=read_folder(CONTENT / slug),
                user_id=user_id,
                source="starter",
            )
            ids[slug] = version.course_id
        else:
            ids[slug] = have.id or 0
    return ids


def open_starter_course(
    db: Session, *, school_id: int, course_id: int, class_id: int, today: date
) -> CourseAssignment:
    """Opens a starter course to a class from today on, unless it is already open to it."""
    found = db.exec(
        select(CourseAssignment).where(
            CourseAssignment.school_id == school_id,
            CourseAssignment.course_id == course_id,
            CourseAssignment.class_id == class_id,
            col(CourseAssignment.deleted_at).is_(None),
        )
    ).first()
    if found is not None:
        return found
    return open_course(
        db, school_id=school_id, course_id=course_id, class_id=class_id, starts_on=today
    )


def load_demo_courses(db: Session, *, school_id: int, student_login: str, today: date) -> int:
    """The starter courses in a school, "Python: first steps" opened to a student's class.

    Args:
        db: the session (the caller commits).
        school_id: the school.
        student_login: the student whose class gets the course (the demo's "student").
        today: the opening's first day.

    Returns:
        The Python course's id.
    """
    ids = load_starter_courses(db, school_id=school_id)
    account = db.exec(
        select(UserAccount).where(
            UserAccount.login == student_login, UserAccount.school_id == school_id
        )
    ).first()
    student = db.get(Student, account.student_id) if account and account.student_id else None
    if student is not None:
        open_starter_course(
            db,
            school_id=school_id,
            course_id=ids[STARTER[0]],
            class_id=student.class_id,
            today=today,
        )
    return ids[STARTER[0]]
