"""Rooms for a planted timetable: as many as its busiest moment needs, and a room per unit.

Rooms are handed out in order of start time, so each (kind, building) gets exactly as many rooms
as the most lessons of that kind running there at one moment (interval colouring). A whole
class in an ordinary room always sits in its home room, as `solver.store` requires; two classes
of different shifts share a home room when their lessons there never overlap in time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from bench.model import ClassPlan, Course, interval

CAPACITY = {"ordinary": 32, "computer": 16, "gym": 60, "music": 32}
KIND_NAMES = {
    "ordinary": ("Кабинет", "Кабинет"),
    "computer": ("Кабинет информатики", "Информатика кабинеті"),
    "lab_physics": ("Кабинет физики", "Физика кабинеті"),
    "lab_chemistry": ("Кабинет химии", "Химия кабинеті"),
    "lab_biology": ("Кабинет биологии", "Биология кабинеті"),
    "gym": ("Спортзал", "Спорт залы"),
    "workshop": ("Мастерская", "Шеберхана"),
    "music": ("Кабинет музыки", "Музыка кабинеті"),
}
PREFIX = {"MAIN": "M", "SENIOR": "S", "HALL": "H", "PRIMARY": "P"}


@dataclass
class RoomPlan:
    code: str
    name: str
    building: str
    capacity: int
    kind: str
    busy: dict[int, list[tuple[int, int]]] = field(default_factory=lambda: defaultdict(list))
    periods: int = 0  # planted periods held here
    shifts: set[str] = field(default_factory=set)

    def hold(self, course: Course, day: int, start: int, end: int, unit: int) -> None:
        """Book this room for one planted unit of `course`."""
        self.busy[day].append((start, end))
        self.periods += course.placed[unit][2]
        self.shifts.add(course.shift)
        course.rooms[unit] = self.code

    def free(self, day: int, start: int, end: int) -> bool:
        """True when nothing is held here at any moment of [start, end) on `day`."""
        return all(end <= s or e <= start for s, e in self.busy[day])


@dataclass
class RoomBook:
    """Every room of the school, created on demand, per (kind, building)."""

    language: str = "ru"
    rooms: list[RoomPlan] = field(default_factory=list)
    by_key: dict[tuple[str, str], list[RoomPlan]] = field(default_factory=lambda: defaultdict(list))

    def new(self, kind: str, building: str) -> RoomPlan:
        """A fresh room of `kind` in `building`, numbered within the building."""
        number = 1 + sum(1 for r in self.rooms if r.building == building)
        floor = 1 + (number - 1) // 12
        code = f"{PREFIX.get(building, building[:1])}-{floor}{(number - 1) % 12 + 1:02d}"
        label = KIND_NAMES.get(kind, (kind, kind))[0 if self.language == "ru" else 1]
        name = f"{label} {code}" if kind == "ordinary" else f"{label} ({code})"
        room = RoomPlan(code, name, building, CAPACITY.get(kind, 30), kind)
        self.rooms.append(room)
        self.by_key[(kind, building)].append(room)
        return room


def _stretches(course: Course) -> list[tuple[int, int, int, int]]:
    """(day, start, end, unit index) of each planted unit, in unit order."""
    out = []
    for i, (day, index, length) in enumerate(course.placed):
        start, end = interval(course.shift, index, length)
        out.append((day, start, end, i))
    return out


def assign_rooms(
    classes: list[ClassPlan], courses: list[Course], language: str, *, share: bool = True
) -> RoomBook:
    """Create the rooms and give every planted unit of every course its room."""
    book = RoomBook(language)
    for course in courses:
        course.rooms = [""] * len(course.placed)
    _home_rooms(classes, courses, book, share)
    rest = [c for c in courses if not _is_home(c)]
    jobs = [(s, c) for c in rest for s in _stretches(c)]
    jobs.sort(key=lambda j: (j[0][0], j[0][1], j[1].kind != "ordinary", j[1].key))
    homes = {c.code: c.home_room for c in classes}
    for (day, start, end, i), course in jobs:
        pool = book.by_key[(course.kind, course.building)]
        home = homes.get(course.audience[0][0])
        ordered = sorted(pool, key=lambda r: r.code != home)
        room = next((r for r in ordered if r.free(day, start, end)), None)
        if room is None:
            room = book.new(course.kind, course.building)
        room.hold(course, day, start, end, i)
    return book


def _is_home(course: Course) -> bool:
    return course.kind == "ordinary" and len(course.audience) == 1 and course.audience[0][1] is None


def _home_rooms(
    classes: list[ClassPlan], courses: list[Course], book: RoomBook, share: bool
) -> None:
    """Home rooms: a second-shift class moves into a first-shift class's room when they fit."""
    own: dict[str, list[Course]] = defaultdict(list)
    for course in courses:
        if _is_home(course):
            own[course.audience[0][0]].append(course)
    shared: set[str] = set()
    for cls in sorted(classes, key=lambda c: (c.shift, c.code)):
        stretches = [s for course in own[cls.code] for s in _stretches(course)]
        room = None
        if share and cls.shift != "1":
            for r in book.by_key[("ordinary", cls.building)]:
                if r.code not in shared and all(r.free(d, s, e) for d, s, e, _ in stretches):
                    room = r
                    shared.add(r.code)
                    break
        if room is None:
            room = book.new("ordinary", cls.building)
        cls.home_room = room.code
        for course in own[cls.code]:
            for day, start, end, i in _stretches(course):
                room.hold(course, day, start, end, i)
