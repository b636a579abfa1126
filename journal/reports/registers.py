"""Registers read for export: one lesson's register, and a class's subject over a term.

Reading only: nothing is created (the register page creates a record on first open; an export of
a register never opened shows its students with no marks). The term register has a column per
lesson held (its register opened) and per assessment day without one, in date order; a cell holds
the attendance mark and the grades of that day; the term mark closes the row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from journal.assessment.numbers import plain
from journal.errors import JournalNotFound
from journal.grades_terms import school_term
from journal.register_access import Actor, audience_students, lesson_labels, reach
from journal.register_marks import rows_of, state
from models.classes import SchoolClass
from models.curriculum import Subject
from models.i18n import N_, message
from models.journal import FORMATIVE, MARK, Assessment, Attendance, FinalGrade, Grade, LessonRecord
from models.lessons import LessonAudience, LessonRequirement
from models.people import Student


@dataclass(frozen=True, slots=True)
class GradeCell:
    """A grade as a register shows it: its kind, value and maximum."""

    assessment_id: int
    kind: str
    value: float
    max_points: float

    @property
    def bare(self) -> bool:
        """A mark shown alone ("7"); points are shown with their maximum ("18/20")."""
        return self.kind in (FORMATIVE, MARK)

    @property
    def shown(self) -> str:
        """ "7" or "18/20"."""
        value = plain(self.value)
        return value if self.bare else f"{value}/{plain(self.max_points)}"


@dataclass(frozen=True, slots=True)
class LessonSheet:
    """One lesson's register as exported."""

    day: date
    period: int
    subject: str
    audience: str
    topic: str
    homework: str
    taken: bool
    assessments: tuple[tuple[int, str, str, float], ...]  # (id, kind, title, max points)
    students: tuple[tuple[int, str, dict[str, Any], dict[int, GradeCell]], ...]


def lesson_sheet(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    day: date,
    lesson_id: int,
    unit: int,
    sort_key: Callable[[str], Any] = str.casefold,
) -> LessonSheet:
    """One lesson's register: its students, their marks, and the grades of that day.

    Raises:
        JournalNotFound: the lesson is not held that day and has no record.
        NotYourLesson: the actor neither keeps it nor is the school admin.
    """
    found = reach(
        session, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id, unit=unit
    )
    label = lesson_labels(session, school_id, [lesson_id])[lesson_id]
    students = sorted(
        audience_students(session, school_id, label.parts), key=lambda s: (sort_key(s.name), s.id)
    )
    record = found.record
    rows = rows_of(session, school_id, record.id) if record and record.id else {}
    lesson = session.get(LessonRequirement, lesson_id)
    classes = sorted({c for c, _ in label.parts})
    assessments = session.exec(
        select(Assessment).where(
            Assessment.school_id == school_id, col(Assessment.class_id).in_(classes),
            Assessment.subject_id == (lesson.subject_id if lesson else 0), Assessment.day == day,
            col(Assessment.deleted_at).is_(None),
        ).order_by(col(Assessment.id))
    ).all()  # fmt: skip
    grades = _grades(session, assessments)
    period = found.held.period if found.held else record.period if record else 0
    return LessonSheet(
        day, period, label.subject, label.audience, record.topic if record else "",
        record.homework if record else "", bool(record and record.attendance_taken_at),
        tuple((a.id or 0, a.kind, a.title, a.max_points) for a in assessments),
        tuple((s.id or 0, s.name, state(rows.get(s.id or 0)), grades.get(s.id or 0, {}))
              for s in students),
    )  # fmt: skip


def _grades(session: Session, assessments: Any) -> dict[int, dict[int, GradeCell]]:
    """Student -> assessment id -> the live grade."""
    by_id = {a.id: a for a in assessments}
    out: dict[int, dict[int, GradeCell]] = defaultdict(dict)
    if by_id:
        for g in session.exec(
            select(Grade).where(
                col(Grade.assessment_id).in_(list(by_id)), col(Grade.deleted_at).is_(None)
            )
        ):
            a = by_id[g.assessment_id]
            out[g.student_id][g.assessment_id] = GradeCell(a.id, a.kind, g.value, a.max_points)
    return out


@dataclass(frozen=True, slots=True)
class Column:
    """A date of the term register: a lesson held (its record), or an assessment without one."""

    day: date
    period: int
    record_id: int | None
    assessment_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class TermRow:
    """A student's line of the term register."""

    student_id: int
    name: str
    marks: dict[int, str]  # column index -> attendance status (absent, late, excused)
    minutes: dict[int, int]  # column index -> late minutes
    grades: dict[int, list[GradeCell]]  # column index -> grades of that column's assessments
    term_mark: str
    term_percent: float | None


@dataclass(frozen=True, slots=True)
class TermRegister:
    """A class's register of one subject over a term."""

    class_code: str
    subject: str
    term: str
    columns: tuple[Column, ...]
    rows: tuple[TermRow, ...]
    kinds: dict[int, str] = field(default_factory=dict)  # assessment id -> kind


def term_register(
    session: Session,
    *,
    school_id: int,
    class_id: int,
    subject_id: int,
    term_id: int,
    sort_key: Callable[[str], Any] = str.casefold,
) -> TermRegister:
    """A class's register of a subject over a term: dates as columns, marks and grades in cells.

    Args:
        session: an open session.
        school_id: the school.
        class_id: the class (of this school).
        subject_id: the subject (of this school).
        term_id: the term (of this school).
        sort_key: how names sort.

    Returns:
        The register; students by name (those of the class now).

    Raises:
        JournalNotFound: no such class, subject or term in this school.
    """
    klass, subject = session.get(SchoolClass, class_id), session.get(Subject, subject_id)
    if not (klass and subject and klass.school_id == school_id == subject.school_id):
        what = N_("There is no such class or subject in this school.")
        raise JournalNotFound("class_not_found", [message(what)])
    term = school_term(session, school_id=school_id, term_id=term_id)
    records = _records(session, school_id, class_id, subject_id, term.starts_on, term.ends_on)
    assessments = session.exec(
        select(Assessment).where(
            Assessment.school_id == school_id, Assessment.class_id == class_id,
            Assessment.subject_id == subject_id, col(Assessment.deleted_at).is_(None),
            col(Assessment.day) >= term.starts_on, col(Assessment.day) <= term.ends_on,
        ).order_by(col(Assessment.day), col(Assessment.id))
    ).all()  # fmt: skip
    columns = _columns(records, assessments)
    students = session.exec(
        select(Student).where(
            Student.school_id == school_id, Student.class_id == class_id,
            col(Student.deleted_at).is_(None),
        )
    ).all()  # fmt: skip
    rows = _rows(session, school_id, term.name, subject_id, columns, students, assessments)
    return TermRegister(
        klass.code, subject.name, term.name, tuple(columns),
        tuple(sorted(rows, key=lambda r: (sort_key(r.name), r.student_id))),
        {a.id or 0: a.kind for a in assessments},
    )  # fmt: skip


def _records(
    session: Session, school_id: int, class_id: int, subject_id: int, start: date, end: date
) -> list[LessonRecord]:
    lessons = select(LessonAudience.lesson_id).join(
        LessonRequirement, col(LessonRequirement.id) == col(LessonAudience.lesson_id)
    ).where(
        LessonAudience.school_id == school_id, LessonAudience.class_id == class_id,
        LessonRequirement.subject_id == subject_id,
    )  # fmt: skip
    return list(
        session.exec(
            select(LessonRecord).where(
                LessonRecord.school_id == school_id, col(LessonRecord.lesson_id).in_(lessons),
                col(LessonRecord.day) >= start, col(LessonRecord.day) <= end,
                col(LessonRecord.deleted_at).is_(None),
            ).order_by(col(LessonRecord.day), col(LessonRecord.period), col(LessonRecord.id))
        ).all()
    )  # fmt: skip


def _columns(records: list[LessonRecord], assessments: Any) -> list[Column]:
    """A column per record; a day's assessments go to its first record, else to their own."""
    first: dict[date, int] = {}
    for i, r in enumerate(records):
        first.setdefault(r.day, i)
    extra: dict[int, list[int]] = defaultdict(list)
    alone: dict[date, list[int]] = defaultdict(list)
    for a in assessments:
        if a.day in first:
            extra[first[a.day]].append(a.id or 0)
        else:
            alone[a.day].append(a.id or 0)
    columns = [
        Column(r.day, r.period, r.id, tuple(extra.get(i, []))) for i, r in enumerate(records)
    ]
    columns += [Column(day, 0, None, tuple(ids)) for day, ids in alone.items()]
    return sorted(columns, key=lambda c: (c.day, c.period, c.record_id or 0))


def _rows(
    session: Session,
    school_id: int,
    term_name: str,
    subject_id: int,
    columns: list[Column],
    students: Any,
    assessments: Any,
) -> list[TermRow]:
    at = {c.record_id: i for i, c in enumerate(columns) if c.record_id is not None}
    where = {a: i for i, c in enumerate(columns) for a in c.assessment_ids}
    marks: dict[int, dict[int, str]] = defaultdict(dict)
    minutes: dict[int, dict[int, int]] = defaultdict(dict)
    if at:
        for row in session.exec(
            select(Attendance).where(
                col(Attendance.record_id).in_(list(at)), col(Attendance.deleted_at).is_(None)
            )
        ):
            marks[row.student_id][at[row.record_id]] = row.status
            if row.late_minutes:
                minutes[row.student_id][at[row.record_id]] = row.late_minutes
    grades: dict[int, dict[int, list[GradeCell]]] = defaultdict(lambda: defaultdict(list))
    for sid, by in _grades(session, assessments).items():
        for aid, cell in by.items():
            grades[sid][where[aid]].append(cell)
    finals = {
        f.student_id: f
        for f in session.exec(
            select(FinalGrade).where(
                FinalGrade.school_id == school_id, FinalGrade.subject_id == subject_id,
                FinalGrade.period == term_name,
                col(FinalGrade.student_id).in_([s.id for s in students]),
            )
        )
    }  # fmt: skip
    out = []
    for s in students:
        sid, final = s.id or 0, finals.get(s.id or 0)
        mark = (final.override_mark or final.mark) if final else ""
        percent = final.percent if final else None
        own = dict(grades.get(sid, {}))
        out.append(TermRow(sid, s.name, marks[sid], minutes[sid], own, mark, percent))
    return out
