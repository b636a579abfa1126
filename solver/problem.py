"""The frozen timetabling problem the solver and the validator read: ids are tuple indices."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from itertools import product

from solver.conditions import Condition, lessons_of
from solver.messages import Msg
from solver.weights import Settings

Slot = tuple[int, int]
"""A (day index, period id) pair; period ids index `Problem.periods`."""


@dataclass(frozen=True, slots=True)
class Period:
    """One period of one shift's bell schedule, with clock times in minutes since midnight."""

    id: int
    shift: int
    number: int  # 1-based position within its shift, as the school numbers it
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Shift:
    id: int
    name: str
    periods: tuple[int, ...]  # period ids in time order


@dataclass(frozen=True, slots=True)
class Building:
    id: int
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class Room:
    id: int
    code: str
    name: str
    building: int
    capacity: int
    kind: str  # "ordinary", "lab", "computer", "gym", "workshop", ... (free text, matched exactly)
    unavailable: frozenset[Slot] = frozenset()


@dataclass(frozen=True, slots=True)
class Subject:
    id: int
    code: str
    name: str
    hard: bool = False  # counted by the "hard subject late in the day" soft rule


@dataclass(frozen=True, slots=True)
class Teacher:
    id: int
    code: str
    name: str
    unavailable: frozenset[Slot] = frozenset()
    max_per_day: int | None = None  # periods
    max_per_week: int | None = None  # periods
    max_days: int | None = None  # working days a week
    day_off: int | None = None  # preferred free day (soft)
    max_building_changes: int | None = None  # per day, hard; None = the school default


@dataclass(frozen=True, slots=True)
class SchoolClass:
    id: int
    code: str  # "7A"
    grade: int
    shift: int
    size: int
    home_room: int | None = None
    max_per_day: int | None = None  # periods
    unavailable: frozenset[Slot] = frozenset()


@dataclass(frozen=True, slots=True)
class Group:
    """A subgroup of one class inside one division ("lang": kz/ru, "inf": 1/2).

    Groups of the same division are disjoint and may meet in parallel; groups of different
    divisions share students.
    """

    id: int
    class_id: int
    division: str
    name: str
    size: int


@dataclass(frozen=True, slots=True)
class Lesson:
    """One unit to place: a single period (length 1) or a double (length 2, consecutive periods).

    The audience is whole classes (`classes`) and/or subgroups (`groups`, possibly of several
    classes joined). `course` is shared by the units of one weekly requirement.
    `rooms` are the candidate rooms (already filtered by kind and capacity); empty means the
    lesson needs no room.
    """

    id: int
    course: int
    subject: int
    teachers: tuple[int, ...]
    classes: tuple[int, ...] = ()
    groups: tuple[int, ...] = ()
    length: int = 1
    rooms: tuple[int, ...] = ()
    size: int = 0  # students attending
    label: str = ""  # "7A Maths" / "7A·kz + 7B·kz English"; for messages


@dataclass(frozen=True, slots=True)
class Fixed:
    """A lesson pinned to a start slot (and room, if given) by a lock or a previous version."""

    lesson: int
    day: int
    period: int
    room: int | None = None


@dataclass(frozen=True)
class Problem:
    name: str
    days: tuple[str, ...]  # day names, index = day
    shifts: tuple[Shift, ...]
    periods: tuple[Period, ...]
    buildings: tuple[Building, ...]
    travel: tuple[tuple[int, ...], ...]  # minutes between buildings [a][b]; 0 on the diagonal
    rooms: tuple[Room, ...]
    subjects: tuple[Subject, ...]
    teachers: tuple[Teacher, ...]
    classes: tuple[SchoolClass, ...]
    groups: tuple[Group, ...]
    lessons: tuple[Lesson, ...]
    fixed: tuple[Fixed, ...] = ()
    settings: Settings = field(default_factory=Settings)
    conditions: tuple[Condition, ...] = ()  # imported rules beyond the basic fields
    # The finest student sets, when given explicitly (FET subgroups): (class id, group ids it
    # belongs to). Empty: derived as one group per division of each class (see `atoms`).
    explicit_atoms: tuple[tuple[int, tuple[int, ...]], ...] = ()

    # ---- derived facts shared by solver and validator (data, not model) ----

    def starts(self, lesson: Lesson) -> list[int]:
        """Period ids where `lesson` may start: its classes' shifts, room for its length."""
        shifts = self.lesson_shifts(lesson)
        out: list[int] = []
        for s in sorted(shifts):
            ids = self.shifts[s].periods
            out.extend(ids[: len(ids) - lesson.length + 1])
        return out

    def lesson_shifts(self, lesson: Lesson) -> set[int]:
        """Shifts the lesson's audience belongs to (all shifts when it has no classes)."""
        shifts = {self.classes[c].shift for c in self.audience_classes(lesson)}
        return shifts or {s.id for s in self.shifts}

    def covered(self, lesson: Lesson, start: int) -> tuple[int, ...]:
        """Period ids a lesson starting at `start` occupies."""
        shift = self.shifts[self.periods[start].shift].periods
        i = shift.index(start)
        return shift[i : i + lesson.length]

    def audience_classes(self, lesson: Lesson) -> tuple[int, ...]:
        """Every class whose students attend, whole or in part."""
        ids = set(lesson.classes) | {self.groups[g].class_id for g in lesson.groups}
        return tuple(sorted(ids))

    @cached_property
    def atoms(self) -> tuple[tuple[int, tuple[int, ...]], ...]:
        """Student atoms: (class id, one group per division); the finest student sets.

        A class without divisions has one atom with no groups. `explicit_atoms`, when given,
        is used as it is (a lesson of group g reaches every atom listing g).
        """
        if self.explicit_atoms:
            return self.explicit_atoms
        out: list[tuple[int, tuple[int, ...]]] = []
        for c in self.classes:
            divisions: dict[str, list[int]] = {}
            for g in self.groups:
                if g.class_id == c.id:
                    divisions.setdefault(g.division, []).append(g.id)
            for combo in product(*(divisions[d] for d in sorted(divisions))):
                out.append((c.id, tuple(combo)))
        return tuple(out)

    @cached_property
    def _atoms_by_class(self) -> dict[int, list[int]]:
        by: dict[int, list[int]] = {}
        for i, (c, _) in enumerate(self.atoms):
            by.setdefault(c, []).append(i)
        return by

    def lesson_atoms(self, lesson: Lesson) -> tuple[int, ...]:
        """Indices into `atoms` of every student atom that attends `lesson`."""
        out: set[int] = set()
        for c in lesson.classes:
            out.update(self._atoms_by_class.get(c, []))
        for g in lesson.groups:
            for i in self._atoms_by_class.get(self.groups[g].class_id, []):
                if g in self.atoms[i][1]:
                    out.add(i)
        return tuple(sorted(out))

    @cached_property
    def conditions_by_lesson(self) -> dict[int, tuple[int, ...]]:
        """Indices into `conditions` of the conditions naming each lesson."""
        by: dict[int, list[int]] = {}
        for i, cond in enumerate(self.conditions):
            for ls in lessons_of(cond):
                by.setdefault(ls, []).append(i)
        return {ls: tuple(ids) for ls, ids in by.items()}

    def overlap(self, p: int, q: int) -> bool:
        """True when periods p and q overlap in clock time (same period included)."""
        a, b = self.periods[p], self.periods[q]
        return a.start < b.end and b.start < a.end

    @cached_property
    def time_points(self) -> tuple[tuple[int, ...], ...]:
        """Maximal sets of mutually overlapping periods (one per distinct start time).

        "At most one lesson at a time" is "at most one lesson in each of these sets".
        """
        seen: set[tuple[int, ...]] = set()
        out: list[tuple[int, ...]] = []
        for t in sorted({p.start for p in self.periods}):
            ids = tuple(p.id for p in self.periods if p.start <= t < p.end)
            if ids not in seen:
                seen.add(ids)
                out.append(ids)
        return tuple(out)

    @cached_property
    def timeline(self) -> tuple[int, ...]:
        """All period ids ordered by start time (ties by shift): the day as a teacher lives it."""
        return tuple(p.id for p in sorted(self.periods, key=lambda p: (p.start, p.shift, p.end)))

    def travel_conflict(self, p: int, b1: int, q: int, b2: int) -> bool:
        """True when a person cannot teach/attend period p in b1 and then period q in b2.

        They can when q starts after p ends with at least the travel time between, or when the
        order is reversed likewise; overlapping periods are a clash, not a travel question.
        """
        if b1 == b2 or self.overlap(p, q):
            return False
        a, b = self.periods[p], self.periods[q]
        if a.end <= b.start:
            return b.start - a.end < self.travel[b1][b2]
        return a.start - b.end < self.travel[b2][b1]

    def slots(self) -> Iterator[Slot]:
        """Every (day, period id) of the week."""
        for d in range(len(self.days)):
            for p in self.periods:
                yield d, p.id

    def describe_slot(self, day: int, period: int) -> Msg:
        """'Tuesday, period 3 (shift 2)' for messages; the day name is translated as a msgid."""
        per = self.periods[period]
        day_name = Msg(self.days[day])
        if len(self.shifts) > 1:
            return Msg(
                "{day}, period {number} ({shift})",
                {"day": day_name, "number": per.number, "shift": self.shifts[per.shift].name},
            )
        return Msg("{day}, period {number}", {"day": day_name, "number": per.number})
