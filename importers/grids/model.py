"""The timetable grid model: rows, cells, lessons and marks that web, Excel and PDF all draw."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Literal

from models.i18n import N_

Kind = Literal["class", "teacher", "room", "building"]
KINDS: tuple[Kind, ...] = ("class", "teacher", "room", "building")

# The week's day names as msgids: grids carry the English name, renderers translate it.
DAY_LABELS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)

# Kazakh Cyrillic order; the Russian alphabet is the same order without the Kazakh letters.
_CYRILLIC = {ch: i for i, ch in enumerate("аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя")}
_PARTS = re.compile(r"(\d+)")


NaturalKey = tuple[tuple[int, int, tuple[tuple[int, int], ...]], ...]


def natural_key(text: str) -> NaturalKey:
    """Sort key: numbers by value (9B before 10A), letters in Kazakh/Russian alphabet order.

    "1А, 1Ә, 1Б" keep the order of the Kazakh alphabet (code points would put Ә after Б);
    Latin letters come before Cyrillic ones.
    """
    key: list[tuple[int, int, tuple[tuple[int, int], ...]]] = []
    for i, part in enumerate(_PARTS.split(text.strip())):
        if i % 2:
            key.append((0, int(part), ()))
        elif part:
            key.append((1, 0, tuple(_letter(ch) for ch in part.casefold())))
    return tuple(key)


def _letter(ch: str) -> tuple[int, int]:
    if ch in _CYRILLIC:
        return (1, _CYRILLIC[ch])
    return (0, ord(ch)) if ord(ch) < 0x400 else (2, ord(ch))


@dataclass(frozen=True, slots=True)
class Row:
    """One row of a week or day grid: a period of one shift's bell schedule."""

    shift: str  # the shift's code ("1", "2")
    period: int  # 1-based number within the shift
    start: str  # "08:00"
    end: str  # "08:45"
    period_id: int  # the solver's period id, for renderers that need the problem


@dataclass(frozen=True, slots=True)
class Travel:
    """The owner arrives at this lesson from another building."""

    origin: str  # building code of the previous lesson
    target: str  # building code of this lesson
    minutes: int  # travel time between them (the school's travel table)
    gap: int  # minutes between the end of the previous lesson and the start of this one

    @property
    def too_short(self) -> bool:
        """True when the break is shorter than the walk."""
        return self.gap < self.minutes


@dataclass(frozen=True, slots=True)
class Entry:
    """One lesson in one cell, with everything a view may show of it."""

    index: int  # the placement's position in the timetable: a double's two cells share it
    key: str  # the lesson requirement's key ("7A-MATH"), or its label for foreign inputs
    unit: int  # which unit of the requirement
    subject: str  # subject name
    subject_code: str
    classes: tuple[str, ...]  # codes of every class that attends, whole or in part
    groups: tuple[str, ...]  # subgroup names, in the lesson's order
    audience: str  # "7A" / "7A·kz + 7B·kz"
    teachers: tuple[str, ...]  # names
    teacher_codes: tuple[str, ...]
    room: str | None  # room code
    room_name: str | None
    building: str | None  # building code of the room
    building_name: str | None
    day: int
    shift: str
    period: int  # the period number of this cell
    part: int  # 0 = the lesson's first period, 1 = the second period of a double
    length: int  # 1 or 2 periods
    travel: Travel | None = None  # set on the first period when the owner changes building

    @property
    def where(self) -> str:
        """'204 (MAIN)', or '' without a room."""
        return "" if self.room is None else f"{self.room} ({self.building})"


Cell = tuple[Entry, ...]


def entry_lines(entry: Entry, view: str) -> list[str]:
    """The lines a cell shows for one lesson, seen from a class, teacher, room, building or
    master view: what the owner already knows is left out (a class sheet does not repeat the
    class)."""
    groups = ", ".join(dict.fromkeys(entry.groups))
    subject = entry.subject + (f" ({groups})" if groups else "")
    teachers = ", ".join(entry.teachers)
    lines = {
        "class": [subject, teachers, entry.where],
        "teacher": [f"{entry.audience} {entry.subject}", entry.where],
        "room": [f"{entry.audience} {entry.subject}", teachers],
        "building": [f"{entry.audience} {entry.subject}", entry.room or "", teachers],
        "master": [subject, entry.where],
    }[view]
    return [x for x in lines if x]


@dataclass(frozen=True, slots=True)
class Owner:
    """A class, teacher, room or building that has a timetable."""

    kind: Kind
    code: str
    name: str  # the class code, the teacher's name, the room's or building's name


@dataclass(frozen=True)
class WeekGrid:
    """Rows of periods by columns of days, for one class, teacher, room or building."""

    owner: Owner
    days: tuple[str, ...]  # English day names (msgids), index = day
    rows: tuple[Row, ...]
    cells: tuple[tuple[Cell, ...], ...]  # [row][day]

    def entries(self) -> Iterator[Entry]:
        """Every entry of the grid, row by row, day by day."""
        for row in self.cells:
            for cell in row:
                yield from cell

    @property
    def buildings(self) -> tuple[str, ...]:
        """Codes of the buildings the grid's lessons use, in order of first use."""
        return tuple(dict.fromkeys(e.building for e in self.entries() if e.building))


@dataclass(frozen=True, slots=True)
class ChartRow:
    """One row of a wall chart: a class (master grid) or a room (building chart)."""

    code: str
    name: str
    shift: str  # the class's shift; "" for rooms


@dataclass(frozen=True)
class Chart:
    """A wall chart: classes (or rooms) by day x period number of each row's own shift."""

    title: str  # "" for the master grid, the building's name for a building chart
    days: tuple[str, ...]
    periods: tuple[int, ...]  # period numbers, 1..the longest shift
    rows: tuple[ChartRow, ...]
    cells: tuple[tuple[Cell, ...], ...]  # [row][day * len(periods) + period index]

    def cell(self, row: int, day: int, period: int) -> Cell:
        """The cell of row `row` on `day` at period number `period`."""
        return self.cells[row][day * len(self.periods) + self.periods.index(period)]


@dataclass(frozen=True, slots=True)
class SchoolDate:
    """A date on which lessons take place, with the timetable day it follows."""

    date: date
    day: int  # 0 = Monday
    term: str


@dataclass(frozen=True)
class DayView:
    """One owner's lessons on one calendar date (none on holidays and outside terms)."""

    owner: Owner
    date: date
    day: int | None  # the timetable day the date follows, None when no lessons take place
    term: str | None  # the term the date falls in
    holiday: str | None  # the holiday's name when the date is one
    rows: tuple[Row, ...]
    cells: tuple[Cell, ...]  # per row; all empty when `day` is None
