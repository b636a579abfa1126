"""A teacher's day in the register: the lessons they keep, ticked when attendance is taken, and
their past lessons of the term still missing attendance."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from journal.calendar import HeldLesson, held_lessons, school_calendar
from journal.frame import LessonLabel, school_frame
from journal.register_access import Actor
from models.accounts import SCHOOL_ADMIN, TEACHER
from models.journal import LessonRecord

MISSING_DAYS = 120  # how far back the missing-attendance list looks (within the term)


@dataclass(frozen=True, slots=True)
class DayLine:
    """A lesson in a day's list."""

    day: date
    lesson_id: int
    unit: int
    shift: str
    period: int
    subject: str
    audience: str
    room: str
    starts_at: str
    ends_at: str
    action: str  # "" as planned; cover, study, merge, move, room
    covering: bool  # kept by someone other than the lesson's own teacher (a substitute)
    keepers: str  # who keeps the register, by name
    opened: bool  # the register has a record
    taken: bool  # attendance was taken


@dataclass(frozen=True, slots=True)
class RegisterDay:
    """The lessons of a day and the lessons missing attendance before it."""

    day: date
    school_day: bool
    holiday: str  # the holiday's name, "" when none
    term: str
    lessons: tuple[DayLine, ...]
    missing: tuple[DayLine, ...]  # oldest first
    missing_total: int


def _records(
    session: Session, school_id: int, start: date, end: date, lesson_ids: Iterable[int]
) -> dict[tuple[date, int, int], bool]:
    """(day, lesson, unit) -> whether attendance was taken, for records in the range."""
    ids = sorted(set(lesson_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(col(LessonRecord.day), col(LessonRecord.lesson_id), col(LessonRecord.unit),
               col(LessonRecord.attendance_taken_at))
        .where(
            LessonRecord.school_id == school_id, col(LessonRecord.day) >= start,
            col(LessonRecord.day) <= end, col(LessonRecord.lesson_id).in_(ids),
            col(LessonRecord.deleted_at).is_(None),
        )
    ).all()  # fmt: skip
    return {(d, lesson, unit): taken is not None for d, lesson, unit, taken in rows}


def _lines(
    session: Session,
    school_id: int,
    held: Sequence[HeldLesson],
    records: dict[tuple[date, int, int], bool],
) -> tuple[DayLine, ...]:
    frame = school_frame(session, school_id=school_id)
    labels, rooms, bells, names = (frame.labels, frame.room_codes, frame.bells, frame.teacher_names)
    out = []
    for h in held:
        label = labels.get(h.lesson_id, LessonLabel("", "", ()))
        starts, ends = bells.get((h.shift, h.period), ("", ""))
        key = (h.day, h.lesson_id, h.unit)
        out.append(
            DayLine(
                h.day, h.lesson_id, h.unit, h.shift, h.period, label.subject, label.audience,
                rooms.get(h.room_id or 0, ""), starts, ends, h.action, h.keepers != h.teachers,
                ", ".join(names.get(k, "") for k in h.keepers), key in records,
                records.get(key, False),
            )
        )  # fmt: skip
    return tuple(out)


def register_day(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    day: date,
    teacher_id: int | None = None,
    missing_limit: int = 50,
) -> RegisterDay:
    """The registers of a day: a teacher's own (with what they still owe), or the whole school's.

    Args:
        session: an open session.
        school_id: the school.
        actor: a teacher (always their own day) or the school admin.
        day: the date.
        teacher_id: for the school admin, one teacher's day; None: every lesson of the school.
        missing_limit: at most this many lessons in the missing list (the total is counted).

    Returns:
        The day: no lessons on a holiday, outside terms or on a weekend.
    """
    if actor.role == TEACHER:
        teacher_id = actor.teacher_id if actor.teacher_id is not None else -1
    elif actor.role != SCHOOL_ADMIN:
        teacher_id = -1  # nobody else keeps registers
    calendar = school_calendar(session, school_id=school_id)
    term, holiday = calendar.term_of(day), calendar.holiday_of(day)
    past = calendar.term_before(day - timedelta(days=1))
    start = day  # the whole school's day has no missing list
    if teacher_id is not None and past is not None:
        start = min(day, max(past.starts_on, day - timedelta(days=MISSING_DAYS)))
    held = held_lessons(session, school_id=school_id, start=start, end=day,
                        teacher_id=teacher_id, calendar=calendar)  # fmt: skip
    done = _records(session, school_id, start, day, [h.lesson_id for h in held])
    today = [h for h in held if h.day == day]
    missing = [h for h in held if h.day < day and not done.get((h.day, h.lesson_id, h.unit))]
    lines = _lines(session, school_id, today + missing[:missing_limit], done)
    return RegisterDay(
        day, calendar.is_school_day(day), holiday.name if holiday else "",
        term.name if term else "", lines[: len(today)], lines[len(today) :], len(missing),
    )  # fmt: skip
