"""The slow-changing frame of a school's day, read once per data version and kept per process.

Every register and family page needs the school's calendar, the published timetable's
placements, each lesson's teachers, subject and audience, the bells, and the names of teachers
and rooms. All of these change only when an import or a form edit stores a new data version
(terms, bells, lessons, people and rooms are parts of the snapshot) or when another timetable
version is published (versions are immutable). One query reads that stamp; the frame read for it
is kept per store and school, so a page pays only for what is its own: records, marks, covers.
Measured on PostgreSQL: the parent's day went from 36 queries to 18 (docs/benchmarks.md).

The frame holds plain copies, never rows of a session: a rolled-back or closed session
expires its rows, and the frame outlives it and is shared by every request of the process.
"""

from __future__ import annotations

import threading
from collections import OrderedDict, defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from models.classes import SchoolClass, Subgroup
from models.curriculum import Bell, Subject
from models.history import DataVersion
from models.lessons import LessonAudience, LessonRequirement, LessonTeacher
from models.people import Teacher
from models.places import Room
from models.school import Holiday, School, Term
from models.timetable import PlacedLesson, TimetableVersion

KEPT_FRAMES = 16  # schools x versions kept per process; a frame of a big school is ~1 MB
Placement = tuple[int, int, int, str, int, int | None]  # lesson, unit, weekday, shift, period, room
Stamp = tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Calendar:
    """A school's working weekdays, terms and holidays, read once."""

    days_per_week: int
    terms: tuple[Term, ...]
    holidays: tuple[Holiday, ...]

    def term_of(self, day: date) -> Term | None:
        """The term the date falls in (holidays included), or None between terms."""
        return next((t for t in self.terms if t.starts_on <= day <= t.ends_on), None)

    def holiday_of(self, day: date) -> Holiday | None:
        """The holiday the date falls in, if any."""
        return next((h for h in self.holidays if h.starts_on <= day <= h.ends_on), None)

    def is_school_day(self, day: date) -> bool:
        """True when lessons are held: a working weekday in a term, not in a holiday."""
        return (
            day.weekday() < self.days_per_week
            and self.term_of(day) is not None
            and self.holiday_of(day) is None
        )

    def school_days(self, start: date, end: date) -> Iterator[date]:
        """The school days from `start` to `end` (inclusive)."""
        day = start
        while day <= end:
            if self.is_school_day(day):
                yield day
            day += timedelta(days=1)

    def term_before(self, day: date) -> Term | None:
        """The term containing the date, or else the last one that ended before it."""
        ended = [t for t in self.terms if t.starts_on <= day]
        return max(ended, key=lambda t: t.starts_on, default=None)


@dataclass(frozen=True, slots=True)
class LessonLabel:
    """A lesson requirement as pages name it: its subject and audience."""

    subject: str
    audience: str  # "7A", "7A·en1 + 7B·en1"
    parts: tuple[tuple[int, int | None], ...]  # (class id, subgroup id or None: whole class)


@dataclass(frozen=True)
class SchoolFrame:
    """What a school's pages share until the next data version or publication."""

    calendar: Calendar
    version: int | None  # the published timetable version
    by_weekday: Mapping[int, tuple[Placement, ...]]
    teachers: Mapping[int, tuple[int, ...]]  # lesson id -> its teachers in order
    lessons_of_teacher: Mapping[int, frozenset[int]]
    lessons_of_class: Mapping[int, frozenset[int]]
    labels: Mapping[int, LessonLabel]
    bells: Mapping[tuple[str, int], tuple[str, str]]  # (shift, number) -> (starts, ends)
    teacher_names: Mapping[int, str]
    room_names: Mapping[int, str]
    room_codes: Mapping[int, str]  # the code timetables show ("204"), else the name

    def placement(self, lesson_id: int, unit: int, weekday: int) -> Placement | None:
        """Where the published timetable puts one lesson unit on a weekday."""
        return next(
            (p for p in self.by_weekday.get(weekday, ()) if p[0] == lesson_id and p[1] == unit),
            None,
        )


_kept: OrderedDict[tuple[str, int, Stamp], SchoolFrame] = OrderedDict()
_lock = threading.Lock()


def school_frame(session: Session, *, school_id: int) -> SchoolFrame:
    """The school's frame as of the session's transaction (read at most once per stamp).

    Args:
        session: an open session; its transaction decides which data version is seen.
        school_id: the school.

    Returns:
        The frame, shared: callers must not change what it holds.
    """
    memo: dict[int, SchoolFrame] = session.info.setdefault("sabaq_frames", {})
    if school_id in memo:
        return memo[school_id]
    key = (session.get_bind().engine.url.render_as_string(), school_id, _stamp(session, school_id))
    with _lock:
        frame = _kept.get(key)
        if frame is not None:
            _kept.move_to_end(key)
    if frame is None:
        frame = _read_frame(session, school_id, key[2][2])
        with _lock:
            _kept[key] = frame
            while len(_kept) > KEPT_FRAMES:
                _kept.popitem(last=False)
    memo[school_id] = frame
    return frame


def forget_frames() -> None:
    """Drops every kept frame (tests that write rows behind the store's services use it)."""
    with _lock:
        _kept.clear()


def _stamp(session: Session, school_id: int) -> Stamp:
    """The newest data version and the published timetable version, with their times (ids start
    again at 1 in a recreated store; the times tell two such stores apart)."""
    newest = (
        select(func.max(DataVersion.id)).where(DataVersion.school_id == school_id).scalar_subquery()
    )
    row = session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
            newest,
            select(func.max(DataVersion.created_at))
            .where(DataVersion.school_id == school_id)
            .scalar_subquery(),
            select(TimetableVersion.id)
            .where(TimetableVersion.school_id == school_id, col(TimetableVersion.published))
            .scalar_subquery(),
            select(TimetableVersion.published_at)
            .where(TimetableVersion.school_id == school_id, col(TimetableVersion.published))
            .scalar_subquery(),
            select(School.days_per_week).where(School.id == school_id).scalar_subquery(),
        )
    ).one()
    return tuple(_plain(v) for v in row)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _copy(row: Any) -> Any:
    """A detached copy of a row: nothing a session does later can expire it."""
    return type(row).model_validate(row.model_dump())


def read_calendar(session: Session, school_id: int, days_per_week: int | None) -> Calendar:
    """The school's calendar (terms and holidays that are not deleted), as plain copies."""
    terms = session.exec(
        select(Term)
        .where(Term.school_id == school_id, col(Term.deleted_at).is_(None))
        .order_by(col(Term.starts_on))
    ).all()
    holidays = session.exec(select(Holiday).where(Holiday.school_id == school_id)).all()
    live = {t.id for t in terms}
    return Calendar(
        days_per_week if days_per_week is not None else 5,
        tuple(_copy(t) for t in terms),
        tuple(_copy(h) for h in holidays if h.term_id in live),
    )


def _read_frame(session: Session, school_id: int, version: int | None) -> SchoolFrame:
    school = session.get(School, school_id)
    calendar = read_calendar(session, school_id, school.days_per_week if school else None)
    teachers: dict[int, list[int]] = defaultdict(list)
    for lesson, teacher in session.exec(
        select(LessonTeacher.lesson_id, LessonTeacher.teacher_id)
        .where(LessonTeacher.school_id == school_id)
        .order_by(col(LessonTeacher.position), col(LessonTeacher.id))
    ):
        teachers[lesson].append(teacher)
    by_teacher: dict[int, set[int]] = defaultdict(set)
    for lesson, ids in teachers.items():
        for teacher in ids:
            by_teacher[teacher].add(lesson)
    labels = _labels(session, school_id)
    by_class: dict[int, set[int]] = defaultdict(set)
    for lesson, label in labels.items():
        for class_id, _ in label.parts:
            by_class[class_id].add(lesson)
    return SchoolFrame(
        calendar=calendar,
        version=version,
        by_weekday=_placements(session, school_id, version),
        teachers={k: tuple(v) for k, v in teachers.items()},
        lessons_of_teacher={k: frozenset(v) for k, v in by_teacher.items()},
        lessons_of_class={k: frozenset(v) for k, v in by_class.items()},
        labels=labels,
        bells=_bells(session, school_id),
        teacher_names=_names(session, Teacher, school_id),
        room_names=_names(session, Room, school_id),
        room_codes=_room_codes(session, school_id),
    )


def _placements(
    session: Session, school_id: int, version: int | None
) -> dict[int, tuple[Placement, ...]]:
    if version is None:
        return {}
    out: dict[int, list[Placement]] = defaultdict(list)
    for p in session.exec(
        select(  # type: ignore[call-overload]  # sqlmodel types up to 4 columns
            PlacedLesson.lesson_id, PlacedLesson.unit, PlacedLesson.day, PlacedLesson.shift,
            PlacedLesson.period, PlacedLesson.room_id,
        ).where(PlacedLesson.school_id == school_id, PlacedLesson.timetable_version_id == version)
    ):  # fmt: skip
        out[p[2]].append(tuple(p))
    return {day: tuple(rows) for day, rows in out.items()}


def _labels(session: Session, school_id: int) -> dict[int, LessonLabel]:
    """Lesson requirement id -> subject and audience, for every lesson of the school."""
    subjects = dict(
        session.exec(
            select(LessonRequirement.id, Subject.name)
            .join(Subject, col(Subject.id) == col(LessonRequirement.subject_id))
            .where(LessonRequirement.school_id == school_id)
        ).all()
    )
    parts: dict[int, list[tuple[int, int | None]]] = defaultdict(list)
    for lesson, class_id, group_id in session.exec(
        select(LessonAudience.lesson_id, LessonAudience.class_id, LessonAudience.subgroup_id)
        .where(LessonAudience.school_id == school_id)
        .order_by(col(LessonAudience.position), col(LessonAudience.id))
    ):
        parts[lesson].append((class_id, group_id))
    classes = _codes(session, SchoolClass, school_id)
    groups = _codes(session, Subgroup, school_id)

    def name(part: tuple[int, int | None]) -> str:
        klass = classes.get(part[0], "")
        return klass if part[1] is None else f"{klass}·{groups.get(part[1], '')}"

    return {
        i: LessonLabel(subject, " + ".join(name(p) for p in parts[i]), tuple(parts[i]))
        for i, subject in subjects.items()
        if i is not None
    }


def _codes(session: Session, table: Any, school_id: int) -> dict[int, str]:
    return dict(
        session.exec(select(table.id, table.code).where(table.school_id == school_id)).all()
    )


def _names(session: Session, table: Any, school_id: int) -> dict[int, str]:
    return dict(
        session.exec(select(table.id, table.name).where(table.school_id == school_id)).all()
    )


def _room_codes(session: Session, school_id: int) -> dict[int, str]:
    rows = session.exec(select(Room.id, Room.code, Room.name).where(Room.school_id == school_id))
    return {i: code or name for i, code, name in rows.all() if i is not None}


def _bells(session: Session, school_id: int) -> dict[tuple[str, int], tuple[str, str]]:
    return {
        (b.shift, b.number): (b.starts_at, b.ends_at)
        for b in session.exec(
            select(Bell).where(Bell.school_id == school_id, col(Bell.deleted_at).is_(None))
        )
    }
