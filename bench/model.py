"""The generator's working data: classes, courses, units and the planted grid, by clock time."""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.catalogue import BELLS, minutes, travel


@dataclass
class ClassPlan:
    code: str
    grade: int
    shift: str
    building: str  # home building
    size: int
    medium: str  # "kk" or "ru"
    day_lengths: list[int]  # periods per day, each day runs from period 1 without gaps
    divisions: dict[str, tuple[int, int]] = field(default_factory=dict)  # division -> sizes
    home_room: str | None = None
    grid: list[list[Unit | None]] = field(default_factory=list)  # [day][period index]

    def __post_init__(self) -> None:
        self.grid = [[None] * n for n in self.day_lengths]


@dataclass
class Course:
    """One weekly requirement (a future `LessonReq`) and where its units were planted."""

    key: str
    subject: str
    audience: tuple[tuple[str, str | None], ...]  # (class code, subgroup code or None)
    hours: int
    doubles: int
    kind: str
    building: str
    size: int
    shift: str
    teacher: str | None = None
    placed: list[tuple[int, int, int]] = field(default_factory=list)  # (day, index, length)
    rooms: list[str] = field(default_factory=list)  # room per placed unit

    def lengths(self) -> list[int]:
        """Unit lengths, doubles first (the order `solver.store` numbers units in)."""
        return [2] * self.doubles + [1] * (self.hours - 2 * self.doubles)


@dataclass
class Unit:
    """Something that fills class slots: one course, or parallel courses (split or joined)."""

    courses: list[Course]
    classes: list[ClassPlan]
    length: int
    subject: str
    kind: str
    building: str


def interval(shift: str, index: int, length: int) -> tuple[int, int]:
    """Clock minutes [start, end) of `length` periods from 0-based period `index` of `shift`."""
    bells = BELLS[shift]
    return minutes(bells[index][0]), minutes(bells[index + length - 1][1])


@dataclass(frozen=True, slots=True)
class Busy:
    """A planted stretch of time somebody or something is taken on one day."""

    day: int
    start: int
    end: int
    building: str

    def clashes(self, other: Busy) -> bool:
        """True when both cannot belong to one person: overlap or too little time to walk."""
        if self.day != other.day:
            return False
        if self.start < other.end and other.start < self.end:
            return True
        gap = other.start - self.end if self.end <= other.start else self.start - other.end
        return gap < travel(self.building, other.building)


def course_busy(course: Course) -> list[Busy]:
    """Every stretch of time the course's planted units take."""
    out = []
    for day, index, length in course.placed:
        start, end = interval(course.shift, index, length)
        out.append(Busy(day, start, end, course.building))
    return out
