"""The frozen cover problem of one school day: the day's lessons, who is away, who could step in.

Ids are tuple indices, as in `solver.problem`: `CoverProblem.teachers[t].id == t`. The day's
published timetable is cut into lesson-periods (`DayLesson`, a double gives two); absences turn
some of them into `Affected` lessons to cover and others into `Dropped` ones (the class is away,
or the day ends early). Everything else is the fixed background.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from solver.problem import Building, Period, Problem
from substitutions.params import CoverWeights

Use = tuple[int, int | None]
"""A (period id, building id or None) a person spends somewhere: None = no room, no travel."""


@dataclass(frozen=True, slots=True)
class RoomInfo:
    id: int
    code: str
    name: str
    building: int
    capacity: int
    kind: str


@dataclass(frozen=True, slots=True)
class SubjectInfo:
    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class ClassInfo:
    id: int
    code: str  # "7A"
    grade: int
    shift: int


@dataclass(frozen=True, slots=True)
class DayLesson:
    """One period of one lesson in the day's published timetable (a double gives two)."""

    id: int
    key: str  # the lesson requirement's key ("7A-MATH")
    unit: int  # which unit of the requirement, 0-based, doubles first
    start: int  # period id the unit starts at
    period: int  # period id of this part
    length: int  # 1 or 2: the unit's length
    subject: int
    teachers: tuple[int, ...]
    classes: tuple[int, ...]  # every class attending, whole or in part
    audience: tuple[tuple[int, int | None], ...]  # (class id, subgroup id or None = whole class)
    room: int | None
    size: int
    label: str  # "7A English", "7A·en1 English"


@dataclass(frozen=True, slots=True)
class TeacherDay:
    """A teacher on the plan's day: what they may teach, where they are, how many covers so far."""

    id: int
    code: str
    name: str
    subjects: frozenset[int]  # subjects they may teach
    classes: frozenset[int]  # classes they teach during the week
    busy: tuple[Use, ...]  # their lessons today that still take place, in time order
    absent: frozenset[int] = frozenset()  # period ids they are away
    unavailable: frozenset[int] = frozenset()  # period ids outside their contract today
    day_off: bool = False  # a part-time teacher's free day, or no day left under max_days
    teaches_today: bool = False  # the published timetable gives them lessons today
    max_per_day: int | None = None
    max_per_week: int | None = None
    week_load: int = 0  # periods a week in the published timetable
    covers_week: int = 0  # published covers of other days this ISO week
    covers_month: int = 0
    covers_term: int = 0


@dataclass(frozen=True, slots=True)
class Affected:
    """A lesson-period that needs an answer: its teachers are away, or its room is closed."""

    id: int
    lesson: int  # DayLesson id
    absent_teacher: int | None  # None: the teacher is here, only the room is closed
    room_closed: bool = False


@dataclass(frozen=True, slots=True)
class Dropped:
    """A lesson-period that does not take place: its class is away, or the day ends earlier."""

    lesson: int  # DayLesson id
    why: str  # models.substitutions.CLASS_AWAY or SHORT_DAY
    reason: str = ""  # the absence's own words ("excursion")
    last_period: int | None = None  # short day: the last period number kept


@dataclass(frozen=True, slots=True)
class Choice:
    """What happens to one affected lesson; also how locks and earlier plans are given."""

    affected: int
    action: str  # models.substitutions.COVER, STUDY, MERGE, MOVE, CANCEL, ROOM_CHANGE
    teacher: int | None = None  # cover and study: who takes it
    room: int | None = None  # another room (room change, or its own is closed); None = its own
    to_period: int | None = None  # move: the period id it moves to
    partner: int | None = None  # merge: the DayLesson joined; move: the DayLesson swapped


@dataclass(frozen=True)
class CoverProblem:
    day: date
    weekday: int  # 0 = Monday
    school: str
    grid: Problem  # the school's solver problem: bell times, buildings, travel minutes
    shifts: tuple[str, ...]  # shift id -> the school's shift code ("1", "2")
    rooms: tuple[RoomInfo, ...]
    subjects: tuple[SubjectInfo, ...]
    classes: tuple[ClassInfo, ...]
    group_names: tuple[str, ...]  # subgroup id -> "en1"
    teachers: tuple[TeacherDay, ...]
    lessons: tuple[DayLesson, ...]  # every lesson-period of the day in the published timetable
    affected: tuple[Affected, ...]
    dropped: tuple[Dropped, ...] = ()
    closed: frozenset[tuple[int, int]] = frozenset()  # (room id, period id) out of use
    locks: tuple[Choice, ...] = ()  # the deputy's choices: kept as they are
    previous: tuple[Choice, ...] = ()  # the last plan's other choices: changed only for a gain
    weights: CoverWeights = field(default_factory=CoverWeights)

    # ---- derived facts shared by the engine, the explanations and the validator ----

    @cached_property
    def affected_lessons(self) -> frozenset[int]:
        """DayLesson ids of every affected lesson."""
        return frozenset(a.lesson for a in self.affected)

    @cached_property
    def dropped_lessons(self) -> frozenset[int]:
        """DayLesson ids of every dropped lesson."""
        return frozenset(d.lesson for d in self.dropped)

    @cached_property
    def background(self) -> tuple[DayLesson, ...]:
        """The lessons that take place as published: neither affected nor dropped."""
        skip = self.affected_lessons | self.dropped_lessons
        return tuple(ls for ls in self.lessons if ls.id not in skip)

    @cached_property
    def rooms_in_use(self) -> frozenset[tuple[int, int]]:
        """(room, period) held by a lesson that still takes place, or by an affected lesson.

        An affected lesson's room counts as taken: a cover keeps it, and a room freed by a
        cancellation is not handed out again in the same plan (simple, never wrong).
        """
        skip = self.dropped_lessons
        return frozenset(
            (ls.room, ls.period) for ls in self.lessons if ls.room is not None and ls.id not in skip
        )

    def building_of(self, room: int | None) -> int | None:
        """The building of a room; None for a lesson without a room."""
        return None if room is None else self.rooms[room].building

    @property
    def periods(self) -> tuple[Period, ...]:
        """Every period of every shift, with clock times."""
        return self.grid.periods

    @property
    def buildings(self) -> tuple[Building, ...]:
        return self.grid.buildings

    def overlap(self, p: int, q: int) -> bool:
        """True when periods p and q overlap in clock time (the same period included)."""
        return self.grid.overlap(p, q)

    def travel_conflict(self, first: Use, second: Use) -> bool:
        """True when one person cannot be at both (period, building) places that day.

        Without a building (a lesson that needs no room) there is no walk to time.
        """
        (p, b1), (q, b2) = first, second
        return b1 is not None and b2 is not None and self.grid.travel_conflict(p, b1, q, b2)

    def fits(self, busy: tuple[Use, ...], use: Use) -> bool:
        """True when a person busy at `busy` can also be at `use`: no overlap, time to walk."""
        return not any(self.overlap(use[0], u[0]) or self.travel_conflict(use, u) for u in busy)

    @property
    def time_points(self) -> tuple[tuple[int, ...], ...]:
        """Sets of periods running at one moment: "one place at a time" is "at most one lesson
        in each of these sets" (see `solver.problem.Problem.time_points`)."""
        return self.grid.time_points

    @cached_property
    def starts(self) -> tuple[int, ...]:
        """Distinct period start times of the day, in order (to count free periods between)."""
        return tuple(sorted({p.start for p in self.periods}))

    def lesson_of(self, affected: int) -> DayLesson:
        """The DayLesson of an affected lesson."""
        return self.lessons[self.affected[affected].lesson]

    def period_number(self, period: int) -> int:
        """The period's number within its shift, as the school counts."""
        return self.periods[period].number

    def slot_of(self, period: int) -> tuple[str, int]:
        """(shift code, period number) of a period, as the store keeps it."""
        q = self.periods[period]
        return self.shifts[q.shift], q.number

    def key_of(self, affected: int) -> tuple[str, int, int]:
        """(requirement key, unit, period id): an affected lesson's identity across plans."""
        ls = self.lesson_of(affected)
        return ls.key, ls.unit, ls.period
