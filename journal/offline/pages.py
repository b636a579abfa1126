"""What a teacher's phone keeps for a day without a connection: today's and the next school
day's lessons, with the register of each and the gradebooks of their classes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from journal.calendar import school_calendar
from journal.register_access import Actor, lesson_labels
from journal.register_day import DayLine, register_day
from journal.teaching import teaching_pairs
from models.accounts import TEACHER
from models.lessons import LessonRequirement

LOOK_AHEAD_DAYS = 7  # the next school day after a weekend or a short holiday


@dataclass(frozen=True, slots=True)
class OfflineLesson:
    """A lesson whose register the phone keeps, and the gradebooks it belongs to."""

    line: DayLine
    gradebooks: tuple[tuple[int, int], ...]  # (class id, subject id) the teacher keeps


@dataclass(frozen=True, slots=True)
class OfflineDay:
    """A day of the teacher's lessons."""

    day: date
    lessons: tuple[OfflineLesson, ...]


def _next_school_day(session: Session, school_id: int, today: date) -> date | None:
    calendar = school_calendar(session, school_id=school_id)
    for ahead in range(1, LOOK_AHEAD_DAYS + 1):
        day = today + timedelta(days=ahead)
        if calendar.is_school_day(day):
            return day
    return None


def _gradebooks(
    session: Session, school_id: int, actor: Actor, lines: list[DayLine]
) -> dict[int, tuple[tuple[int, int], ...]]:
    """Lesson id -> the (class, subject) gradebooks of its audience that the teacher keeps."""
    ids = sorted({x.lesson_id for x in lines})
    if not ids:
        return {}
    subjects = dict(
        session.exec(
            select(LessonRequirement.id, LessonRequirement.subject_id).where(
                LessonRequirement.school_id == school_id, col(LessonRequirement.id).in_(ids)
            )
        ).all()
    )
    kept = {
        (p.class_id, p.subject_id)
        for p in teaching_pairs(session, school_id=school_id, teacher_id=actor.teacher_id)
    }
    labels = lesson_labels(session, school_id, ids)
    out = {}
    for lesson_id in ids:
        parts = labels[lesson_id].parts if lesson_id in labels else ()
        pairs = {(c, subjects.get(lesson_id, 0)) for c, _ in parts}
        out[lesson_id] = tuple(sorted(pairs & kept))
    return out


def offline_days(
    session: Session, *, school_id: int, actor: Actor, today: date
) -> list[OfflineDay]:
    """Today's and the next school day's lessons the actor keeps (a teacher's own).

    Args:
        session: an open session.
        school_id: the school.
        actor: a teacher; anyone else keeps no lessons of their own here.
        today: the school's date.

    Returns:
        The two days (the next one only when it is within a week), lessons by period.
    """
    if actor.role != TEACHER or actor.teacher_id is None:
        return []
    days = [today]
    following = _next_school_day(session, school_id, today)
    if following is not None:
        days.append(following)
    views = [
        register_day(session, school_id=school_id, actor=actor, day=d, missing_limit=0)
        for d in days
    ]
    books = _gradebooks(session, school_id, actor, [x for v in views for x in v.lessons])
    return [
        OfflineDay(v.day, tuple(OfflineLesson(x, books.get(x.lesson_id, ())) for x in v.lessons))
        for v in views
    ]
