"""The learning activity log: each step a student opened, answered, read or sent, with when.

Progress rows say where a student is; these rows say what happened when, so analytics count
visits and activity per day, and the teacher's live view sees who is working right now.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from models.base import utcnow
from models.lms import CourseActivity

MAX_SECONDS = 30 * 60  # as progress: a tab left open all night is not an hour of learning


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
