"""The learning activity log: each step a student opened, answered, read or sent, with when.

Progress rows say where a student is; these rows say what happened when, so analytics count
visits and activity per day, and the teacher's live view sees who is working right now.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from models.base import utcnow
from models.lms import OPENED, CourseActivity

MAX_SECONDS = 30 * 60  # as progress: a tab left open all night is not an hour of learning
VISIT = timedelta(hours=1)  # time reported later than this after opening is a new visit


def log_activity(
    db: Session,
    *,
    school_id: int,
    user_id: int,
    course_id: int,
    step_key: str,
    kind: str,
    right: bool | None = None,
    seconds: int = 0,
    now: datetime | None = None,
) -> CourseActivity:
    """Records one thing a student did on a step.

    Args:
        db: the session (the caller commits).
        school_id: the student's school.
        user_id: the student's account.
        course_id: the step's course.
        step_key: the step's stable key.
        kind: opened, answered, read or sent (models.lms).
        right: for an answer, whether it was right.
        seconds: time on the step reported with it.
        now: the moment (default: now).

    Returns:
        The row (added, not flushed).
    """
    row = CourseActivity(
        school_id=school_id,
        user_id=user_id,
        course_id=course_id,
        step_key=step_key,
        kind=kind,
        right=right,
        seconds=max(0, min(int(seconds), MAX_SECONDS)),
        at=now or utcnow(),
    )
    db.add(row)
    return row


def add_time(
    db: Session,
    *,
    school_id: int,
    user_id: int,
    course_id: int,
    step_key: str,
    seconds: int,
    now: datetime | None = None,
) -> None:
    """Time the page reports on a step (every half minute while it is seen): added to the visit
    it belongs to (the step's last "opened" row of the hour), so a lesson is one row a visit.

    Args:
        db: the session (the caller commits).
        school_id: the student's school.
        user_id: the student's account.
        course_id: the step's course.
        step_key: the step's stable key.
        seconds: the time since the last report.
        now: the moment (default: now).
    """
    seconds = max(0, min(int(seconds), MAX_SECONDS))
    if not seconds:
        return
    now = now or utcnow()
    visit = db.exec(
        select(CourseActivity)
        .where(
            CourseActivity.school_id == school_id,
            CourseActivity.user_id == user_id,
            CourseActivity.course_id == course_id,
            CourseActivity.step_key == step_key,
            CourseActivity.kind == OPENED,
            CourseActivity.at >= now - VISIT,
        )
        .order_by(col(CourseActivity.at).desc(), col(CourseActivity.id).desc())
    ).first()
    if visit is None:
        log_activity(db, school_id=school_id, user_id=user_id, course_id=course_id,
                     step_key=step_key, kind=OPENED, seconds=seconds, now=now)  # fmt: skip
    else:
        visit.seconds = min(visit.seconds + seconds, 4 * MAX_SECONDS)
        db.add(visit)
