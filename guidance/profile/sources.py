"""What the profile reads from the journal and the courses, as plain data.

guidance may not import journal or lms (DESIGN.md): the web layer, which may, reads their
services and hands the profile these values through a `Sources` object.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol


@dataclass(frozen=True, slots=True)
class SubjectMark:
    """One subject in the current term: the term mark (if computed), its percent, how many
    grades were given."""

    subject: str
    mark: str = ""
    percent: float | None = None
    grades: int = 0


@dataclass(frozen=True, slots=True)
class Academics:
    """Grades and attendance of the current term."""

    term: str
    subjects: tuple[SubjectMark, ...] = ()
    lessons: int = 0
    missed: int = 0
    late: int = 0
    attended_percent: float | None = None

    @property
    def has_grades(self) -> bool:
        """Any grade or term mark at all."""
        return any(s.grades or s.mark for s in self.subjects)


@dataclass(frozen=True, slots=True)
class CourseLine:
    title: str
    passed: int
    total: int

    @property
    def percent(self) -> int:
        """Steps passed out of all, in whole percent."""
        return round(100 * self.passed / self.total) if self.total else 0


@dataclass(frozen=True, slots=True)
class CourseActivity:
    """The courses open to the student with their progress, and the student's points."""

    courses: tuple[CourseLine, ...] = ()
    points: int = 0


@dataclass(frozen=True, slots=True)
class Outside:
    """Everything the profile takes from other modules for one student."""

    academics: Academics | None = None
    courses: CourseActivity = field(default_factory=CourseActivity)


class Sources(Protocol):
    """Reads the journal's and the courses' data of one student (the web layer's adapter)."""

    def outside(self, *, school_id: int, student_id: int) -> Outside: ...


class NoSources:
    """No journal or course data (a profile without them, e.g. in tests of other parts)."""

    def outside(self, *, school_id: int, student_id: int) -> Outside:
        """Nothing from outside guidance."""
        return Outside()
