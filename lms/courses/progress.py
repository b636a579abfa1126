"""Students' progress: answers graded and saved at once, time on steps, points, percentages.

Progress is keyed by (student account, course, step key), so a new version of a course keeps
it. A task step's status comes from the judge's submissions (an AC in the school's task with
the step's slug); the judge awards its points, so the LMS awards none for task steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import case, func
from sqlalchemy import select as select_columns  # sqlmodel's select types up to 4 columns
from sqlmodel import Session, col, select

from lms.courses.errors import CourseError
from lms.courses.grading import Outcome, grade
from lms.courses.library import Outline
from models.base import utcnow
from models.i18n import N_, message
from models.judge import RUN, JudgeTask, Submission
from models.lms import GRADED_KINDS, PASSED, READ_KINDS, STARTED, WRONG, CourseStep, StepProgress
from models.points import award_points

MAX_SECONDS_PER_VISIT = 30 * 60  # a tab left open all night is not an hour of learning


@dataclass(frozen=True)
class StepState:
    status: str  # "" (not started), started, wrong, passed
    score: float = 0.0
    attempts: int = 0
    seconds: int = 0
    answer: Any = None


@dataclass(frozen=True)
class Share:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return 100 * self.done // self.total if self.total else 0


@dataclass(frozen=True)
class Answered:
    outcome: Outcome
    state: StepState
    points: int  # awarded now (0 when already earned or wrong)


def points_source(course_id: int, key: str) -> str:
    """The ledger's source of a step: the course and the step's stable key, so once ever."""
    return f"lms:step:{course_id}:{key}"


def task_ids(db: Session, *, school_id: int, slugs: set[str]) -> dict[str, int]:
    """The school's judge task for each slug (the newest when loaded twice)."""
    if not slugs:
        return {}
    rows = db.exec(
        select(JudgeTask.slug, JudgeTask.id)
        .where(
            JudgeTask.school_id == school_id,
            col(JudgeTask.slug).in_(slugs),
            col(JudgeTask.deleted_at).is_(None),
        )
        .order_by(col(JudgeTask.id))
    ).all()
    return {slug: tid for slug, tid in rows if tid is not None}


def task_results(
    db: Session, *, school_id: int, user_ids: list[int], slugs: dict[str, str]
) -> dict[tuple[int, str], StepState]:
    """Per (user, task slug) of the school's tasks named in `slugs`: submissions sent (not
    "run my code"), the best score, whether one was accepted."""
    if not user_ids or not slugs:
        return {}
    solved = func.max(case((col(Submission.verdict) == "AC", 1), else_=0))
    rows = db.connection().execute(
        select_columns(
            col(Submission.user_id),
            col(JudgeTask.slug),
            func.count(),
            func.max(Submission.score),
            solved,
        )
        .join(JudgeTask, col(JudgeTask.id) == Submission.task_id)
        .where(
            col(JudgeTask.school_id) == school_id,
            col(JudgeTask.slug).in_(list(slugs)),
            col(Submission.user_id).in_(user_ids),
            col(Submission.purpose) != RUN,
        )
        .group_by(col(Submission.user_id), col(JudgeTask.slug))
    )
    out = {}
    for user_id, slug, count, best, ac in rows:
        status = PASSED if ac else WRONG
        score = 1.0 if ac else min(1.0, float(best or 0) / 100)
        out[(user_id, slug)] = StepState(status, score, int(count))
    return out


def states(db: Session, *, school_id: int, user_id: int, outline: Outline) -> dict[str, StepState]:
    """Every step key of the course the student has touched, with its state (last answers are
    left out: `last_answer` reads the one a page shows)."""
    course_id = outline.course.id or 0
    # plain rows through the connection: a long course's few hundred rows per page view cost
    # a tenth of what ORM rows do
    rows = db.connection().execute(
        select_columns(
            col(StepProgress.step_key),
            col(StepProgress.status),
            col(StepProgress.score),
            col(StepProgress.attempts),
            col(StepProgress.seconds),
        ).where(
            col(StepProgress.school_id) == school_id,
            col(StepProgress.user_id) == user_id,
            col(StepProgress.course_id) == course_id,
        )
    )
    found = {
        key: StepState(status, score, attempts, seconds)
        for key, status, score, attempts, seconds in rows
    }
    judged_tasks = task_results(db, school_id=school_id, user_ids=[user_id], slugs=outline.tasks)
    for (_, slug), judged in judged_tasks.items():
        key = outline.tasks[slug]
        seconds = found[key].seconds if key in found else 0
        found[key] = StepState(judged.status, judged.score, judged.attempts, seconds)
    return found


def last_answer(db: Session, *, user_id: int, course_id: int, key: str) -> Any:
    """The last answer a student gave on a step (None if none)."""
    return db.exec(
        select(StepProgress.answer).where(
            StepProgress.user_id == user_id,
            StepProgress.course_id == course_id,
            StepProgress.step_key == key,
        )
    ).first()


def share(steps: list[CourseStep], found: dict[str, StepState]) -> Share:
    """How many of `steps` are passed."""
    return Share(sum(found.get(s.key, StepState("")).status == PASSED for s in steps), len(steps))


def progress_row(
    db: Session, school_id: int, user_id: int, course_id: int, key: str
) -> StepProgress:
    row = db.exec(
        select(StepProgress).where(
            StepProgress.user_id == user_id,
            StepProgress.course_id == course_id,
            StepProgress.step_key == key,
        )
    ).first()
    if row is None:
        row = StepProgress(school_id=school_id, user_id=user_id, course_id=course_id, step_key=key)
        db.add(row)
    return row


def award(db: Session, *, school_id: int, user_id: int, source: str, points: int) -> int:
    """Adds points to the shared ledger once per (user, source); returns the points added now."""
    if points <= 0:
        return 0
    done = award_points(db, user_id=user_id, school_id=school_id, source=source, points=points)
    return points if done else 0


def answer_step(
    db: Session,
    *,
    school_id: int,
    user_id: int,
    course_id: int,
    step: CourseStep,
    answer: dict[str, Any],
    seconds: int = 0,
    now: datetime | None = None,
) -> Answered:
    """Grades an answer, saves it as the step's last answer, and awards the step's points once.

    Args:
        db: the session (the caller commits).
        school_id: the viewer's school (the step must belong to it).
        user_id: the student's account.
        course_id: the step's course.
        step: a step of kind single, multiple or blanks.
        answer: what the student sent (see `grading`).
        seconds: time spent on the step since the page showed it.
        now: the moment (default: now).

    Returns:
        The outcome, the saved state and the points awarded now.

    Raises:
        CourseError: the step is not answered this way, or the answer does not fit it.
    """
    if step.school_id != school_id or step.kind not in GRADED_KINDS:
        raise CourseError("not_graded", [message(N_("This step is not answered here."))])
    outcome = grade(step.kind, step.body, answer)
    row = progress_row(db, school_id, user_id, course_id, step.key)
    now = now or utcnow()
    row.attempts += 1
    row.seconds += max(0, min(int(seconds), MAX_SECONDS_PER_VISIT))
    row.answer = outcome.answer
    row.score = outcome.score
    row.updated_at = now
    if outcome.passed:
        row.status = PASSED
        row.passed_at = row.passed_at or now
    elif row.status != PASSED:  # a right answer once stays passed; later tries are practice
        row.status = WRONG
    db.flush()
    points = (
        award(
            db,
            school_id=school_id,
            user_id=user_id,
            points=step.points,
            source=points_source(course_id, step.key),
        )
        if outcome.passed
        else 0
    )
    return Answered(outcome, state_of(row), points)


def visit_step(
    db: Session,
    *,
    school_id: int,
    user_id: int,
    course_id: int,
    step: CourseStep,
    seconds: int = 0,
    read: bool = False,
    now: datetime | None = None,
) -> tuple[StepState, int]:
    """Records time on a step; a text, video, audio or glossary step is passed when the student
    says it is done (the lesson's "next" button), and its points are awarded once.

    Returns:
        The step's state and the points awarded now.
    """
    if step.school_id != school_id:
        raise CourseError("not_graded", [message(N_("This step is not answered here."))])
    row = progress_row(db, school_id, user_id, course_id, step.key)
    now = now or utcnow()
    row.seconds += max(0, min(int(seconds), MAX_SECONDS_PER_VISIT))
    row.updated_at = now
    points = 0
    if read and step.kind in READ_KINDS and row.status != PASSED:
        row.status, row.score, row.passed_at = PASSED, 1.0, now
        db.flush()
        points = award(
            db,
            school_id=school_id,
            user_id=user_id,
            points=step.points,
            source=points_source(course_id, step.key),
        )
    elif not row.status:
        row.status = STARTED
    db.flush()
    return state_of(row), points


def state_of(row: StepProgress) -> StepState:
    """A progress row as the pages read it."""
    return StepState(row.status, row.score, row.attempts, row.seconds, row.answer)


def last_touched(db: Session, *, user_id: int, course_id: int) -> str | None:
    """The key of the step the student worked on last (for "continue where you left off")."""
    return db.exec(
        select(StepProgress.step_key)
        .where(StepProgress.user_id == user_id, StepProgress.course_id == course_id)
        .order_by(col(StepProgress.updated_at).desc(), col(StepProgress.id).desc())
    ).first()


def next_step(
    steps: list[CourseStep], found: dict[str, StepState], last: str | None
) -> CourseStep | None:
    """The step to continue with: the last one touched if unfinished, else the next unfinished
    one after it (wrapping to the start); None when every step is passed."""
    if not steps:
        return None
    keys = [s.key for s in steps]
    start = keys.index(last) if last in keys else 0
    for step in steps[start:] + steps[:start]:
        if found.get(step.key, StepState("")).status != PASSED:
            return step
    return None
