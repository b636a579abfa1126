"""What the grade views return: plain frozen data, with each final grade's sentence."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from journal.assessment import explain, mark_text
from models.i18n import N_, Message, message


@dataclass(frozen=True, slots=True)
class FinalView:
    """A term or year grade: computed, and perhaps overridden by a teacher."""

    final_grade_id: int
    period: str
    percent: float | None
    mark: str  # computed ("" without grades)
    override_mark: str
    override_reason: str
    explanation: dict[str, Any] = field(repr=False)

    @property
    def effective_mark(self) -> str:
        """The mark in force: the teacher's when overridden."""
        return self.override_mark or self.mark

    @property
    def message(self) -> Message:
        """The computation in words, and the override with its reason when there is one."""
        computed = explain(self.explanation)
        if not self.override_mark:
            return computed
        what = N_("{computed}; set to {mark} by the teacher: {reason}")
        return message(
            what, computed=computed, mark=mark_text(self.override_mark), reason=self.override_reason
        )


@dataclass(frozen=True, slots=True)
class GradeView:
    """One grade with the assessment behind it."""

    grade_id: int
    assessment_id: int
    kind: str
    title: str
    section: str
    day: date
    value: float
    max_points: float
    comment: str


@dataclass(frozen=True, slots=True)
class SubjectGrades:
    subject_id: int
    subject_code: str
    subject_name: str
    grades: tuple[GradeView, ...]
    term: FinalView | None
    year: FinalView | None


@dataclass(frozen=True, slots=True)
class StudentGrades:
    """A student's grades in a term, subject by subject (what a parent sees)."""

    student_id: int
    student_name: str
    term_id: int
    term_name: str
    closed: bool
    subjects: tuple[SubjectGrades, ...]


@dataclass(frozen=True, slots=True)
class GradebookColumn:
    assessment_id: int
    kind: str
    title: str
    section: str
    day: date
    max_points: float
    subgroup_id: int | None


@dataclass(frozen=True, slots=True)
class GradebookRow:
    student_id: int
    student_name: str
    values: dict[int, float]  # assessment id -> value (absent: no grade)
    term: FinalView | None


@dataclass(frozen=True, slots=True)
class Gradebook:
    """A class's grades in a subject and term: students x assessments, with term grades."""

    class_id: int
    subject_id: int
    term_id: int
    term_name: str
    closed: bool
    columns: tuple[GradebookColumn, ...]
    rows: tuple[GradebookRow, ...]
