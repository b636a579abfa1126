"""Answers a teacher grades: an open answer's text or an uploaded file waits in the school's
queue; the teacher accepts it (with a rubric score: the step's points or fewer) or returns it
with a comment."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.progress import (
    MAX_SECONDS_PER_VISIT,
    StepState,
    award,
    points_source,
    progress_row,
    state_of,
)
from models.accounts import UserAccount
from models.base import utcnow
from models.i18n import N_, message
from models.lms import (
    OPEN,
    PASSED,
    SUBMITTED,
    WRONG,
    Course,
    CourseLesson,
    CourseStep,
    StepProgress,
)

MAX_TEXT = 10_000


def submit_open(
    db: Session,
    *,
    school_id: int,
    user_id: int,
    course_id: int,
    step: CourseStep,
    text: str,
    seconds: int = 0,
    now: datetime | None = None,
) -> StepState:
    """Saves a student's open answer for the teacher (again after it was returned).

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school (the step must belong to it).
        user_id: the student's account.
        course_id: the step's course.
        step: a step of kind open.
        text: the answer.
        seconds: time spent on the step since the page showed it.
        now: the moment (default: now).

    Returns:
        The step's state: submitted.

    Raises:
        CourseError: not an open step, an empty or too long text, or an answer already
            accepted (codes "not_graded", "bad_answer", "already_accepted").
    """
    if step.school_id != school_id or step.kind != OPEN:
        raise CourseError("not_graded", [message(N_("This step is not answered here."))])
    text = text.strip()
    if not text or len(text) > MAX_TEXT:
        raise CourseError(
            "bad_answer", [message(N_("Write your answer (at most {n} characters)."), n=MAX_TEXT)]
        )
    row = waiting_row(db, school_id, user_id, course_id, step)
    return send_for_review(db, row, {"text": text}, seconds, now)


def waiting_row(
    db: Session, school_id: int, user_id: int, course_id: int, step: CourseStep
) -> StepProgress:
    """The progress row an answer for the teacher goes into.

    Raises:
        CourseError: the teacher has accepted an earlier answer (code "already_accepted").
    """
    row = progress_row(db, school_id, user_id, course_id, step.key)
    if row.status == PASSED:
        raise CourseError(
            "already_accepted", [message(N_("Your teacher has accepted this answer."))]
        )
    return row


def send_for_review(
    db: Session, row: StepProgress, answer: dict[str, Any], seconds: int, now: datetime | None
) -> StepState:
    """The answer saved as the one waiting in the teacher's queue."""
    row.attempts += 1
    row.seconds += max(0, min(int(seconds), MAX_SECONDS_PER_VISIT))
    row.answer = answer
    row.status, row.score = SUBMITTED, 0.0
    row.updated_at = now or utcnow()
    db.flush()
    return state_of(row)


@dataclass(frozen=True)
class Waiting:
    """An open answer or an uploaded file in the teacher's queue."""

    progress: StepProgress
    student: str
    course: Course
    lesson: CourseLesson
    step: CourseStep


def review_queue(db: Session, *, school_id: int, limit: int = 200) -> list[Waiting]:
    """The school's open answers waiting for a teacher, oldest first.

    Args:
        db: the session.
        school_id: the viewer's school.
        limit: at most this many.

    Returns:
        Each answer with its student, course, lesson and step (of the course's current version).
    """
    rows = db.exec(
        select(StepProgress, UserAccount.name, Course)
        .join(UserAccount, col(UserAccount.id) == StepProgress.user_id)
        .join(Course, col(Course.id) == StepProgress.course_id)
        .where(
            StepProgress.school_id == school_id,
            StepProgress.status == SUBMITTED,
            col(Course.deleted_at).is_(None),
        )
        .order_by(col(StepProgress.updated_at), col(StepProgress.id))
        .limit(limit)
    ).all()
    out = []
    for progress, name, course in rows:
        found = db.exec(
            select(CourseStep, CourseLesson)
            .join(CourseLesson, col(CourseLesson.id) == CourseStep.lesson_id)
            .where(
                CourseStep.version_id == course.current_version_id,
                CourseStep.key == progress.step_key,
            )
        ).first()
        if found is not None:
            out.append(Waiting(progress, name, course, found[1], found[0]))
    return out


def grade_open(
    db: Session,
    *,
    school_id: int,
    progress_id: int,
    accept: bool,
    comment: str,
    reviewer: str,
    score: int | None = None,
) -> tuple[StepProgress, int]:
    """Accepts or returns a waiting open answer or upload with the teacher's comment.

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school.
        progress_id: the answer's progress row.
        accept: True to accept (the step is passed, its points awarded once), False to return
            it for another try.
        comment: what the teacher says (shown to the student).
        reviewer: the teacher's login, kept with the answer.
        score: the rubric score of an accepted answer, from 0 to the step's points (None: all
            of them); the points awarded and the progress score follow it.

    Returns:
        The row and the points awarded now.

    Raises:
        CourseNotFound: no such waiting answer in this school.
    """
    row = db.get(StepProgress, progress_id)
    if row is None or row.school_id != school_id or row.status != SUBMITTED:
        raise CourseNotFound("answer_not_found", [message(N_("No such answer is waiting."))])
    now = utcnow()
    most = _points_of(db, row)
    given = most if score is None else max(0, min(int(score), most))
    row.answer = {
        **(row.answer or {}),
        "comment": comment.strip()[:MAX_TEXT],
        "reviewed_by": reviewer,
        "reviewed_at": now.isoformat(),
        "score": given if accept else None,
    }
    share = given / most if most else 1.0
    row.status, row.score, row.updated_at = (PASSED, share, now) if accept else (WRONG, 0.0, now)
    if accept:
        row.passed_at = row.passed_at or now
    db.flush()
    points = 0
    if accept:
        points = award(
            db,
            school_id=school_id,
            user_id=row.user_id,
            source=points_source(row.course_id, row.step_key),
            points=given,
        )
    return row, points


def _points_of(db: Session, row: StepProgress) -> int:
    course = db.get(Course, row.course_id)
    step = db.exec(
        select(CourseStep).where(
            CourseStep.version_id == (course.current_version_id if course else 0),
            CourseStep.key == row.step_key,
        )
    ).first()
    return step.points if step else 0
