"""Badges for milestones, defined as data: each is awarded once per student (per course for a
course's badges), keyed, so checking again after every answer changes nothing.

A badge says what it measures and from what number on it is earned. The measures are read
from the store: steps passed, programming tasks solved (an accepted submission, in a course or
in practice), points in the shared ledger, days in a row with learning, and for a course its
lessons and the whole course completed. A new badge also leaves an in-app notice for the
student, in their language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from lms.courses.library import get_course, outline
from lms.courses.progress import share, states
from models.accounts import UserAccount
from models.base import utcnow
from models.i18n import N_, message
from models.judge import RUN, Submission
from models.lms import PASSED, BadgeAward, CourseActivity, StepProgress
from models.notices import queue_notice
from models.outbox import IN_APP
from models.points import PointsEntry
from models.school import School

# language code -> that language's gettext (the caller's; lms does not import web)
Texts = Callable[[str], Callable[[str], str]]
STEPS, TASKS, POINTS, STREAK, LESSONS, COURSE = (
    "steps", "tasks", "points", "streak", "lessons", "course",
)  # fmt: skip
STREAK_WINDOW = 60  # days of activity read for a streak


@dataclass(frozen=True, slots=True)
class Badge:
    """A milestone: earned once `measure` reaches `at_least`."""

    code: str
    title: str  # msgid
    description: str  # msgid
    measure: str
    at_least: int
    symbol: str  # shown on the badge (no image files to load)
    per_course: bool = False


BADGES: tuple[Badge, ...] = (
    Badge("first-step", N_("First step"), N_("Finished the first step of a course."),
          STEPS, 1, "★"),
    Badge("first-task", N_("First task solved"),
          N_("Solved a programming task: every test passed."), TASKS, 1, "✓"),
    Badge("ten-tasks", N_("Ten tasks solved"), N_("Solved ten programming tasks."),
          TASKS, 10, "10"),
    Badge("lesson", N_("Lesson completed"), N_("Completed every step of a lesson."),
          LESSONS, 1, "▣", per_course=True),
    Badge("course", N_("Course completed"), N_("Completed every step of the course."),
          COURSE, 1, "♛", per_course=True),
    Badge("streak-7", N_("Seven days in a row"), N_("Learned on seven days in a row."),
          STREAK, 7, "7"),
    Badge("points-100", N_("100 points"), N_("Earned 100 points."), POINTS, 100, "100"),
    Badge("points-1000", N_("1000 points"), N_("Earned 1000 points."), POINTS, 1000, "1K"),
)  # fmt: skip
BY_CODE = {b.code: b for b in BADGES}


def badge_key(badge: Badge, course_id: int | None) -> str:
    """The award's key: the badge, and the course for a course's badge."""
    return f"{badge.code}:{course_id}" if badge.per_course else badge.code


@dataclass
class _Measures:
    """The student's numbers, read only when a badge not yet earned needs them."""

    db: Session
    school_id: int
    user_id: int
    tz: ZoneInfo
    found: dict[tuple[str, int | None], int]

    def of(self, measure: str, course_id: int | None) -> int:
        key = (measure, course_id)
        if key not in self.found:
            self.found[key] = self._read(measure, course_id)
        return self.found[key]

    def _read(self, measure: str, course_id: int | None) -> int:
        db, uid = self.db, self.user_id
        if measure == STEPS:
            return int(db.exec(select(func.count()).where(
                StepProgress.user_id == uid, StepProgress.status == PASSED)).one())  # fmt: skip
        if measure == TASKS:
            return int(db.exec(select(func.count(func.distinct(Submission.task_id))).where(
                Submission.user_id == uid, Submission.verdict == "AC",
                Submission.purpose != RUN)).one())  # fmt: skip
        if measure == POINTS:
            return int(db.exec(select(func.coalesce(func.sum(PointsEntry.points), 0)).where(
                PointsEntry.user_id == uid)).one())  # fmt: skip
        if measure == STREAK:
            return days_in_a_row(active_days(db, user_id=uid, tz=self.tz))
        return self._course(measure, course_id or 0)

    def _course(self, measure: str, course_id: int) -> int:
        course = get_course(self.db, school_id=self.school_id, course_id=course_id)
        if course.current_version_id is None:
            return 0
        out = outline(self.db, course, bodies=False)
        found = states(self.db, school_id=self.school_id, user_id=self.user_id, outline=out)
        if measure == COURSE:
            done = share(out.all_steps(), found)
            return int(done.total > 0 and done.done == done.total)
        lessons = [ls for lessons in out.lessons.values() for ls in lessons]
        return sum(
            1
            for ls in lessons
            if (s := share(out.steps.get(ls.id or 0, []), found)).total and s.done == s.total
        )


def active_days(db: Session, *, user_id: int, tz: ZoneInfo, days: int = STREAK_WINDOW) -> set[date]:
    """The days (on the school's clock) the student did something in a course or the judge."""
    since = utcnow() - timedelta(days=days)
    moments: list[datetime] = list(
        db.exec(
            select(CourseActivity.at).where(
                CourseActivity.user_id == user_id, CourseActivity.at >= since
            )
        )
    )
    moments += list(
        db.exec(
            select(Submission.created_at).where(
                Submission.user_id == user_id, Submission.created_at >= since
            )
        )
    )
    return {_local(m, tz) for m in moments}


def _local(moment: datetime, tz: ZoneInfo) -> date:
    # SQLite gives naive datetimes back: they were written in UTC
    aware = moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
    return aware.astimezone(tz).date()


def days_in_a_row(days: set[date]) -> int:
    """The longest run of consecutive days."""
    best = 0
    for day in days:
        if day - timedelta(days=1) in days:
            continue  # not the start of a run
        run = 1
        while day + timedelta(days=run) in days:
            run += 1
        best = max(best, run)
    return best


def earned(db: Session, *, user_id: int) -> list[BadgeAward]:
    """The student's badges, oldest first."""
    return list(
        db.exec(
            select(BadgeAward)
            .where(BadgeAward.user_id == user_id)
            .order_by(col(BadgeAward.awarded_at), col(BadgeAward.id))
        )
    )


def due_badges(
    db: Session, *, school_id: int, user_id: int, course_ids: Iterable[int], tz: ZoneInfo
) -> list[tuple[Badge, int | None]]:
    """The badges the student has reached but not yet received.

    Args:
        db: the session.
        school_id: the student's school.
        user_id: the student's account.
        course_ids: the courses whose badges to check (those the student just worked on).
        tz: the school's time zone (days in a row are counted on its clock).

    Returns:
        Each badge with its course (None for a badge of no course).
    """
    have = {a.key for a in earned(db, user_id=user_id)}
    measures = _Measures(db, school_id, user_id, tz, {})
    due: list[tuple[Badge, int | None]] = []
    for badge in BADGES:
        for course_id in list(course_ids) if badge.per_course else [None]:
            if badge_key(badge, course_id) in have:
                continue
            if measures.of(badge.measure, course_id) >= badge.at_least:
                due.append((badge, course_id))
    return due


def award_badges(
    db: Session,
    *,
    school_id: int,
    user_id: int,
    course_ids: Iterable[int],
    tz: ZoneInfo,
    texts: Texts,
) -> list[Badge]:
    """Awards every badge the student has reached, once, each with an in-app notice.

    Args:
        db: the session (the caller commits).
        school_id: the student's school.
        user_id: the student's account.
        course_ids: the courses whose badges to check.
        tz: the school's time zone.
        texts: language -> gettext, for the notice.

    Returns:
        The badges awarded now (none when called again).
    """
    new = []
    for badge, course_id in due_badges(
        db, school_id=school_id, user_id=user_id, course_ids=course_ids, tz=tz
    ):
        row = BadgeAward(school_id=school_id, user_id=user_id, badge=badge.code,
                         key=badge_key(badge, course_id), course_id=course_id)  # fmt: skip
        try:
            with db.begin_nested():  # another request awarding it at the same moment wins
                db.add(row)
        except IntegrityError:
            continue
        _notice(db, school_id, user_id, badge, row.key, texts)
        new.append(badge)
    return new


def _notice(
    db: Session, school_id: int, user_id: int, badge: Badge, key: str, texts: Texts
) -> None:
    account = db.get(UserAccount, user_id)
    school = db.get(School, school_id)
    gettext = texts((account.language if account else "") or (school.language if school else "ru"))
    queue_notice(
        db, school_id=school_id, user_id=user_id, channel=IN_APP, address="",
        subject=message(N_("New badge: {badge}"), badge=message(badge.title)).render(gettext),
        body=message(badge.description).render(gettext), key=f"badge:{user_id}:{key}",
    )  # fmt: skip
