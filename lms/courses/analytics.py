"""Analytics of courses for teachers: a course (for a class, or the whole school), a student,
and the live view of a lesson in progress.

- A course: how many students reached and completed each lesson (the funnel, lesson by
  lesson) and the hardest steps by wrong attempts (an attempt before the right one, or any
  while the step is still wrong; a task step's counts come from the judge's submissions).
- A student: activity day by day (actions and minutes, on the school's clock), visits (a step
  opened), time per course, steps passed and programming tasks solved.
- Live: for each student of a class, the step they are on now (their progress row touched
  last, which the lesson page's heartbeat keeps fresh), whether they are stuck (wrong answers
  again and again) or idle (nothing for a few minutes).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy import select as select_columns  # sqlmodel's select types up to 4 columns
from sqlmodel import Session, col, select

from lms.courses.gradebook import Cell, cells_of
from lms.courses.library import Outline
from models.base import utcnow
from models.judge import RUN, JudgeTask, Submission
from models.lms import (
    OPENED,
    PASSED,
    WRONG,
    Course,
    CourseActivity,
    CourseLesson,
    CourseStep,
    StepProgress,
)

IDLE = timedelta(minutes=2)  # no heartbeat for this long: the student is idle
AWAY = timedelta(minutes=20)  # longer: not working on the course now
STUCK_WRONG = 3  # wrong answers on the step they are on


@dataclass(frozen=True)
class LessonFunnel:
    lesson: CourseLesson
    steps: int
    reached: int  # students who did something in the lesson
    completed: int  # students who passed every step of it


@dataclass(frozen=True)
class HardStep:
    step: CourseStep
    lesson: CourseLesson
    wrong: int  # wrong attempts, all students together
    tried: int  # students who answered it
    passed: int


@dataclass(frozen=True)
class CourseStats:
    students: int  # students counted (the class's with a login, or every one with progress)
    active: int  # those who did anything
    funnel: list[LessonFunnel]
    hardest: list[HardStep]
    seconds: int  # time on the course, all of them together


def wrong_attempts(cell: Cell) -> int:
    """Wrong attempts in a cell: before the right answer, or all while it is wrong."""
    status, _score, attempts, _seconds = cell
    if status == PASSED:
        return max(0, attempts - 1)
    return attempts if status == WRONG else 0


def course_stats(
    db: Session, *, school_id: int, outline: Outline, user_ids: list[int] | None, top: int = 10
) -> CourseStats:
    """The funnel and the hardest steps of a course's current version.

    Args:
        db: the session.
        school_id: the viewer's school.
        outline: the course's current version (`library.outline`, bodies not needed).
        user_ids: the students counted (a class's accounts); None: every student of the school
            with progress in the course.
        top: how many hardest steps.

    Returns:
        The numbers.
    """
    if user_ids is None:
        user_ids = list(
            db.exec(
                select(StepProgress.user_id)
                .where(StepProgress.school_id == school_id,
                       StepProgress.course_id == (outline.course.id or 0))
                .distinct()
            )
        )  # fmt: skip
    cells = cells_of(db, school_id=school_id, outline=outline, user_ids=user_ids)
    lessons = {ls.id: ls for group in outline.lessons.values() for ls in group}
    funnel = []
    for module in outline.modules:
        for lesson in outline.lessons.get(module.id or 0, []):
            keys = [s.key for s in outline.steps.get(lesson.id or 0, [])]
            reached = completed = 0
            for user in user_ids:
                found = [cells.get((user, k)) for k in keys]
                reached += any(found)
                completed += bool(keys) and all(c is not None and c[0] == PASSED for c in found)
            funnel.append(LessonFunnel(lesson, len(keys), reached, completed))
    hardest = []
    for step in outline.all_steps():
        given = [c for u in user_ids if (c := cells.get((u, step.key))) is not None]
        wrong = sum(wrong_attempts(c) for c in given)
        if wrong:
            tried = sum(1 for c in given if c[2] > 0)
            passed = sum(1 for c in given if c[0] == PASSED)
            hardest.append(HardStep(step, lessons[step.lesson_id], wrong, tried, passed))
    hardest.sort(key=lambda h: (-h.wrong, h.passed, h.step.lesson_id, h.step.position))
    active = len({u for u, _k in cells})
    seconds = sum(c[3] for c in cells.values())
    return CourseStats(len(user_ids), active, funnel, hardest[:top], seconds)


@dataclass(frozen=True)
class Day:
    day: date
    actions: int  # answers, reads, sends
    visits: int  # steps opened
    seconds: int


@dataclass(frozen=True)
class StudentStats:
    days: list[Day]  # every day of the period, oldest first
    visits: int
    seconds: int  # in the period
    passed: int  # steps passed, every course
    courses: list[tuple[Course, int, int]]  # course, steps passed, seconds (all time)
    solved: list[tuple[JudgeTask, datetime]]  # programming tasks solved, when first


def _local(moment: datetime, tz: ZoneInfo) -> date:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(tz).date()


def student_stats(
    db: Session, *, school_id: int, user_id: int, tz: ZoneInfo, today: date, days: int = 28
) -> StudentStats:
    """One student's learning: the last `days` days, time per course, tasks solved.

    Args:
        db: the session.
        school_id: the viewer's school (the student's).
        user_id: the student's account.
        tz: the school's time zone (days are its days).
        today: the last day of the period.
        days: how many days.

    Returns:
        The numbers.
    """
    first = today - timedelta(days=days - 1)
    since = datetime.combine(first, datetime.min.time(), tz) - timedelta(days=1)
    rows = db.exec(
        select(CourseActivity.at, CourseActivity.kind, CourseActivity.seconds).where(
            CourseActivity.school_id == school_id,
            CourseActivity.user_id == user_id,
            CourseActivity.at >= since,
        )
    ).all()
    actions: Counter[date] = Counter()
    visits: Counter[date] = Counter()
    seconds: Counter[date] = Counter()
    for at, kind, secs in rows:
        day = _local(at, tz)
        (visits if kind == OPENED else actions)[day] += 1
        seconds[day] += secs
    period = [first + timedelta(days=n) for n in range(days)]
    shown = [Day(d, actions[d], visits[d], seconds[d]) for d in period]
    return StudentStats(
        shown,
        sum(d.visits for d in shown),
        sum(d.seconds for d in shown),
        _passed(db, school_id, user_id),
        _courses(db, school_id, user_id),
        _solved(db, school_id, user_id),
    )


def _passed(db: Session, school_id: int, user_id: int) -> int:
    return int(db.exec(select(func.count()).where(
        StepProgress.school_id == school_id, StepProgress.user_id == user_id,
        StepProgress.status == PASSED)).one())  # fmt: skip


def _courses(db: Session, school_id: int, user_id: int) -> list[tuple[Course, int, int]]:
    rows = db.exec(
        select(Course, func.count(), func.coalesce(func.sum(StepProgress.seconds), 0))
        .join(Course, col(Course.id) == StepProgress.course_id)
        .where(StepProgress.school_id == school_id, StepProgress.user_id == user_id)
        .group_by(col(Course.id))
        .order_by(col(Course.slug))
    ).all()
    done = dict(
        db.exec(
            select(StepProgress.course_id, func.count())
            .where(StepProgress.school_id == school_id, StepProgress.user_id == user_id,
                   StepProgress.status == PASSED)
            .group_by(col(StepProgress.course_id))
        ).all()
    )  # fmt: skip
    return [(course, int(done.get(course.id or 0, 0)), int(secs)) for course, _n, secs in rows]


def _solved(db: Session, school_id: int, user_id: int) -> list[tuple[JudgeTask, datetime]]:
    first = func.min(Submission.created_at)
    rows = db.exec(
        select(JudgeTask, first)
        .join(Submission, col(Submission.task_id) == JudgeTask.id)
        .where(
            Submission.user_id == user_id,
            Submission.verdict == "AC",
            Submission.purpose != RUN,
            (col(JudgeTask.school_id) == school_id) | col(JudgeTask.school_id).is_(None),
        )
        .group_by(col(JudgeTask.id))
        .order_by(first)
    ).all()
    return [(task, at) for task, at in rows]


@dataclass(frozen=True)
class Live:
    """One student in the live view."""

    user_id: int
    name: str
    step: CourseStep | None  # the step they are on (None: not in this course yet)
    lesson: CourseLesson | None
    status: str  # the step's progress status
    wrong: int  # wrong attempts on it
    seen: datetime | None  # last sign of life on it
    state: str  # "working", "stuck", "idle", "away"


def live(
    db: Session,
    *,
    school_id: int,
    outline: Outline,
    people: list[tuple[int, str]],
    now: datetime | None = None,
) -> list[Live]:
    """Which step each student is on now, and whether they are stuck or idle.

    Args:
        db: the session.
        school_id: the viewer's school.
        outline: the course's current version.
        people: the class's students: (account id, name), in the order to show.
        now: the moment (default: now).

    Returns:
        One row per student, in the order given.
    """
    now = now or utcnow()
    ids = [uid for uid, _name in people]
    latest: dict[int, tuple[str, str, int, datetime]] = {}
    if ids:
        rows = db.connection().execute(
            select_columns(col(StepProgress.user_id), col(StepProgress.step_key),
                           col(StepProgress.status), col(StepProgress.attempts),
                           col(StepProgress.updated_at))
            .where(col(StepProgress.school_id) == school_id,
                   col(StepProgress.course_id) == (outline.course.id or 0),
                   col(StepProgress.user_id).in_(ids))
        )  # fmt: skip
        for user, key, status, attempts, at in rows:
            at = at if at.tzinfo else at.replace(tzinfo=ZoneInfo("UTC"))
            if user not in latest or at > latest[user][3]:
                latest[user] = (key, status, attempts, at)
    steps = {s.key: s for s in outline.all_steps()}
    lessons = {ls.id: ls for group in outline.lessons.values() for ls in group}
    out = []
    for uid, name in people:
        if uid not in latest:
            out.append(Live(uid, name, None, None, "", 0, None, "away"))
            continue
        key, status, attempts, seen = latest[uid]
        step = steps.get(key)
        wrong = attempts if status == WRONG else 0
        out.append(Live(uid, name, step, lessons.get(step.lesson_id) if step else None, status,
                        wrong, seen, _state(now - seen, wrong)))  # fmt: skip
    return out


def _state(quiet: timedelta, wrong: int) -> str:
    if quiet > AWAY:
        return "away"
    if wrong >= STUCK_WRONG:
        return "stuck"
    return "idle" if quiet > IDLE else "working"
