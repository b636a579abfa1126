"""Term and year grades in the store: recomputed from the grades in bulk, overrides kept.

One query reads every live grade of the scope (a student, a class or the school) in the term,
the pure `journal.assessment` computes each (student, subject), and only rows whose percent,
mark or explanation changed are written, with executemany statements. A row's override
(`override_mark`, its reason and author) is never touched by a recomputation.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from typing import Any

from sqlalchemy import insert, update
from sqlalchemy import select as select_columns  # sqlmodel's select types up to 4 columns
from sqlmodel import Session, col, select

from journal.assessment import (
    CRITERIA,
    GradeInput,
    Result,
    RuleSet,
    TermMark,
    term_grade,
    year_grade,
)
from journal.assessment.numbers import exact, quantize
from journal.errors import TermClosed
from journal.grades_rules import active_rules
from journal.grades_terms import (
    is_term_closed,
    refuse_closed,
    school_term,
    school_year,
    year_period,
    year_terms,
)
from models.base import utcnow
from models.classes import SchoolClass
from models.curriculum import Subject
from models.i18n import N_, message
from models.journal import Assessment, FinalGrade, Grade
from models.people import Student
from models.school import Term

Key = tuple[int, int]  # (student id, subject id)


@dataclass(frozen=True, slots=True)
class Scope:
    """Whose final grades: the school's, a class's (students now in it) or one student's."""

    school_id: int
    class_id: int | None = None
    student_id: int | None = None
    subject_id: int | None = None

    def students(self, query: Any, column: Any) -> Any:
        if self.student_id is not None:
            query = query.where(column == self.student_id)
        if self.class_id is not None:
            members = select(Student.id).where(
                Student.school_id == self.school_id, Student.class_id == self.class_id
            )
            query = query.where(col(column).in_(members))
        return query


def recompute_term_grades(
    session: Session,
    *,
    school_id: int,
    term_id: int,
    class_id: int | None = None,
    student_id: int | None = None,
    subject_id: int | None = None,
    rules: RuleSet | None = None,
) -> int:
    """Recomputes the term grades of a school, a class or a student (optionally one subject).

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        term_id: the term (of this school).
        class_id: only the students now in this class.
        student_id: only this student.
        subject_id: only this subject.
        rules: the rule set to use (default: the school's active one).

    Returns:
        How many (student, subject) term grades were computed.

    Raises:
        JournalNotFound: no such term in this school.
        TermClosed: the term is closed (its grades stay as they were closed).
    """
    term = school_term(session, school_id=school_id, term_id=term_id)
    refuse_closed(session, school_id=school_id, term_name=term.name)
    rules = rules or active_rules(session, school_id=school_id)
    scope = Scope(school_id, class_id, student_id, subject_id)
    inputs = _term_inputs(session, scope, term)
    existing = _existing(session, scope, term.name)
    schemes = _Schemes(session, rules, scope)
    results = {
        key: term_grade(rules, inputs.get(key, ()), scheme=schemes.of(key), term=term.name)
        for key in inputs.keys() | existing.keys()
    }
    _write(session, school_id, term.name, results, existing)
    return len(results)


def recompute_year_grades(
    session: Session,
    *,
    school_id: int,
    academic_year_id: int,
    class_id: int | None = None,
    student_id: int | None = None,
    subject_id: int | None = None,
    rules: RuleSet | None = None,
) -> int:
    """Recomputes year grades from the term grades in force (an override counts as the mark).

    Args: as recompute_term_grades, with the academic year instead of a term.

    Returns:
        How many (student, subject) year grades were computed.

    Raises:
        JournalNotFound: no such academic year in this school.
        TermClosed: every term of the year is closed.
    """
    year = school_year(session, school_id=school_id, academic_year_id=academic_year_id)
    terms = year_terms(session, school_id=school_id, academic_year_id=academic_year_id)
    if terms and all(is_term_closed(session, school_id=school_id, term_name=t.name) for t in terms):
        what = N_("{year} is closed: every term of it is closed.")
        raise TermClosed("year_closed", [message(what, year=year.name)])
    rules = rules or active_rules(session, school_id=school_id)
    scope = Scope(school_id, class_id, student_id, subject_id)
    period = year_period(year)
    marks = _term_marks(session, scope, [t.name for t in terms], rules)
    existing = _existing(session, scope, period)
    schemes = _Schemes(session, rules, scope)
    results = {
        key: year_grade(rules, marks.get(key, ()), scheme=schemes.of(key), year=year.name)
        for key in marks.keys() | existing.keys()
    }
    _write(session, school_id, period, results, existing)
    return len(results)


def refresh_student(
    session: Session, *, school_id: int, student_id: int, subject_id: int, term: Term | None
) -> None:
    """Recomputes one student's term and year grade in a subject after a grade changed."""
    if term is None or term.id is None:
        return
    recompute_term_grades(
        session, school_id=school_id, term_id=term.id, student_id=student_id, subject_id=subject_id
    )
    recompute_year_grades(
        session,
        school_id=school_id,
        academic_year_id=term.academic_year_id,
        student_id=student_id,
        subject_id=subject_id,
    )


_exact = lru_cache(maxsize=4096)(exact)  # grades repeat a few values thousands of times


def _term_inputs(session: Session, scope: Scope, term: Term) -> dict[Key, list[GradeInput]]:
    query = (
        select_columns(
            col(Grade.student_id),
            col(Assessment.subject_id),
            col(Assessment.kind),
            col(Grade.value),
            col(Assessment.max_points),
        )
        .join(Assessment, col(Assessment.id) == Grade.assessment_id)
        .where(
            # the assessment's school scopes its grades; a second filter on grade.school_id
            # led PostgreSQL (before statistics) to AND it with the assessment index: 6 s
            col(Assessment.school_id) == scope.school_id,
            col(Grade.deleted_at).is_(None),
            col(Assessment.deleted_at).is_(None),
            col(Assessment.day) >= term.starts_on,
            col(Assessment.day) <= term.ends_on,
        )
        .order_by(col(Assessment.day), col(Assessment.id))
    )
    if scope.subject_id is not None:
        query = query.where(col(Assessment.subject_id) == scope.subject_id)
    query = scope.students(query, Grade.student_id)
    grouped: dict[Key, list[GradeInput]] = defaultdict(list)
    for student, subject, kind, value, maximum in session.execute(query).all():
        grouped[(student, subject)].append(GradeInput(kind, _exact(value), _exact(maximum)))
    return grouped


def _term_marks(
    session: Session, scope: Scope, names: list[str], rules: RuleSet
) -> dict[Key, list[TermMark]]:
    # criteria scores are FinalGrade.percent; reading it spares parsing 40,000 JSON explanations
    from_percent = rules.system == CRITERIA
    query = select_columns(
        col(FinalGrade.student_id),
        col(FinalGrade.subject_id),
        col(FinalGrade.period),
        col(FinalGrade.mark),
        col(FinalGrade.override_mark),
        col(FinalGrade.percent) if from_percent else col(FinalGrade.explanation),
    )
    query = query.where(
        col(FinalGrade.school_id) == scope.school_id, col(FinalGrade.period).in_(names)
    )
    if scope.subject_id is not None:
        query = query.where(col(FinalGrade.subject_id) == scope.subject_id)
    query = scope.students(query, FinalGrade.student_id)
    order = {name: i for i, name in enumerate(names)}
    grouped: dict[Key, list[tuple[int, TermMark]]] = defaultdict(list)
    for student, subject, period, mark, override, source in session.execute(query).all():
        if from_percent:
            score = None if source is None else quantize(_exact(source), rules.rounding.places)
        else:
            text = (source or {}).get("score")
            score = Decimal(text) if text else None
        term_mark = TermMark(period, override or mark, score)
        grouped[(student, subject)].append((order[period], term_mark))
    return {key: [m for _, m in sorted(rows, key=lambda r: r[0])] for key, rows in grouped.items()}


@dataclass(frozen=True, slots=True)
class _Row:
    id: int
    percent: float | None
    mark: str
    explanation: dict[str, Any]


def _existing(session: Session, scope: Scope, period: str) -> dict[Key, _Row]:
    query = select_columns(
        col(FinalGrade.id),
        col(FinalGrade.student_id),
        col(FinalGrade.subject_id),
        col(FinalGrade.percent),
        col(FinalGrade.mark),
        col(FinalGrade.explanation),
    )
    query = query.where(
        col(FinalGrade.school_id) == scope.school_id, col(FinalGrade.period) == period
    )
    if scope.subject_id is not None:
        query = query.where(col(FinalGrade.subject_id) == scope.subject_id)
    query = scope.students(query, FinalGrade.student_id)
    return {
        (student, subject): _Row(row_id, percent, mark, explanation or {})
        for row_id, student, subject, percent, mark, explanation in session.execute(query).all()
    }


class _Schemes:
    """The grading scheme of each (student, subject): by the student's grade level and subject."""

    def __init__(self, session: Session, rules: RuleSet, scope: Scope) -> None:
        self.rules = rules
        levels = select(Student.id, SchoolClass.grade).join(
            SchoolClass, col(SchoolClass.id) == Student.class_id
        )
        levels = scope.students(levels.where(Student.school_id == scope.school_id), Student.id)
        self.levels: dict[int, int] = dict(session.exec(levels).all())
        codes = select(Subject.id, Subject.code).where(Subject.school_id == scope.school_id)
        self.codes: dict[int, str] = dict(session.exec(codes).all())  # type: ignore[arg-type]

    def of(self, key: Key) -> str:
        student, subject = key
        return self.rules.scheme_for(self.levels.get(student, 0), self.codes.get(subject, ""))


def percent_of(result: Result) -> float | None:
    """What FinalGrade.percent holds: the percent of the criteria system, else None."""
    if result.score is None or result.explanation.get("system") != CRITERIA:
        return None
    return float(result.score)


def _write(
    session: Session,
    school_id: int,
    period: str,
    results: dict[Key, Result],
    existing: dict[Key, _Row],
) -> None:
    now = utcnow()
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    for (student, subject), result in results.items():
        values = {
            "percent": percent_of(result),
            "mark": result.mark,
            "explanation": result.explanation,
        }
        row = existing.get((student, subject))
        if row is None:
            inserts.append(
                {
                    "school_id": school_id,
                    "student_id": student,
                    "subject_id": subject,
                    "period": period,
                    "computed_at": now,
                    **values,
                }
            )
        elif (row.percent, row.mark, row.explanation) != tuple(values.values()):
            updates.append({"id": row.id, "computed_at": now, **values})
    if inserts:
        session.execute(insert(FinalGrade), inserts)
    if updates:
        session.execute(update(FinalGrade), updates)
        _expire(session, (u["id"] for u in updates))


def _expire(session: Session, ids: Iterable[int]) -> None:
    """Rows loaded in this session before a bulk update would show the old values otherwise."""
    wanted = set(ids)
    for obj in list(session.identity_map.values()):
        if isinstance(obj, FinalGrade) and obj.id in wanted:
            session.expire(obj)
