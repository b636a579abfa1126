"""Reading grades: a student's term with explanations (for parents), a class's gradebook."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session, col, select

from journal.errors import JournalNotFound
from journal.grades_schemas import (
    FinalView,
    Gradebook,
    GradebookColumn,
    GradebookRow,
    GradeView,
    StudentGrades,
    SubjectGrades,
)
from journal.grades_terms import is_term_closed, school_term, school_year, year_period
from models.classes import SchoolClass
from models.curriculum import Subject
from models.i18n import N_, message
from models.journal import Assessment, FinalGrade, Grade
from models.people import Student
from models.school import Term

__all__ = ["class_gradebook", "student_grades"]


def _final(row: FinalGrade) -> FinalView:
    return FinalView(
        final_grade_id=row.id or 0,
        period=row.period,
        percent=row.percent,
        mark=row.mark,
        override_mark=row.override_mark,
        override_reason=row.override_reason,
        explanation=row.explanation or {},
    )


def _in_term(query: Any, term: Term) -> Any:
    return query.where(
        col(Assessment.deleted_at).is_(None),
        col(Assessment.day) >= term.starts_on,
        col(Assessment.day) <= term.ends_on,
    )


def student_grades(
    session: Session, *, school_id: int, student_id: int, term_id: int
) -> StudentGrades:
    """A student's grades in a term with the term and year grades and their explanations.

    The caller checks that the reader may see this student (a parent their own children).

    Args:
        session: an open session.
        school_id: the school.
        student_id: the student (of this school).
        term_id: the term (of this school).

    Returns:
        Subject by subject (by name): the grades in date order, the term and year grade.

    Raises:
        JournalNotFound: no such student or term in this school.
    """
    student = session.get(Student, student_id)
    if student is None or student.school_id != school_id or student.deleted_at is not None:
        what = N_("There is no such student in this school.")
        raise JournalNotFound("student_not_found", [message(what)])
    term = school_term(session, school_id=school_id, term_id=term_id)
    year = school_year(session, school_id=school_id, academic_year_id=term.academic_year_id)
    query = _in_term(
        select(Grade, Assessment)
        .join(Assessment, col(Assessment.id) == Grade.assessment_id)
        .where(
            Grade.school_id == school_id,
            Grade.student_id == student_id,
            col(Grade.deleted_at).is_(None),
        ),
        term,
    ).order_by(col(Assessment.day), col(Assessment.id))
    grades: dict[int, list[GradeView]] = {}
    for grade, assessment in session.exec(query).all():
        grades.setdefault(assessment.subject_id, []).append(_grade_view(grade, assessment))
    finals = session.exec(
        select(FinalGrade).where(
            FinalGrade.school_id == school_id,
            FinalGrade.student_id == student_id,
            col(FinalGrade.period).in_([term.name, year_period(year)]),
        )
    ).all()
    by_subject: dict[int, dict[str, FinalView]] = {}
    for row in finals:
        by_subject.setdefault(row.subject_id, {})[row.period] = _final(row)
    subjects = _subjects(session, school_id, grades.keys() | by_subject.keys())
    return StudentGrades(
        student_id=student_id,
        student_name=student.name,
        term_id=term_id,
        term_name=term.name,
        closed=is_term_closed(session, school_id=school_id, term_name=term.name),
        subjects=tuple(
            SubjectGrades(
                s.id or 0,
                s.code,
                s.name,
                tuple(grades.get(s.id or 0, ())),
                by_subject.get(s.id or 0, {}).get(term.name),
                by_subject.get(s.id or 0, {}).get(year_period(year)),
            )
            for s in subjects
        ),
    )


def _grade_view(grade: Grade, assessment: Assessment) -> GradeView:
    return GradeView(
        grade_id=grade.id or 0,
        assessment_id=assessment.id or 0,
        kind=assessment.kind,
        title=assessment.title,
        section=assessment.section,
        day=assessment.day,
        value=grade.value,
        max_points=assessment.max_points,
        comment=grade.comment,
    )


def _subjects(session: Session, school_id: int, ids: Any) -> list[Subject]:
    if not ids:
        return []
    rows = session.exec(
        select(Subject).where(Subject.school_id == school_id, col(Subject.id).in_(list(ids)))
    ).all()
    return sorted(rows, key=lambda s: (s.name.casefold(), s.code))


def class_gradebook(
    session: Session,
    *,
    school_id: int,
    class_id: int,
    subject_id: int,
    term_id: int,
    sort_key: Callable[[str], Any] = str.casefold,
) -> Gradebook:
    """A class's gradebook for a subject and term: students x assessments, and term grades.

    Args:
        session: an open session.
        school_id: the school.
        class_id: the class (of this school).
        subject_id: the subject (of this school).
        term_id: the term (of this school).
        sort_key: how student names sort (the reader's language).

    Returns:
        The columns in date order (subgroup ones included), the class's students by name.

    Raises:
        JournalNotFound: no such class, subject or term in this school.
    """
    klass = session.get(SchoolClass, class_id)
    subject = session.get(Subject, subject_id)
    if not (klass and subject and klass.school_id == school_id == subject.school_id):
        what = N_("There is no such class or subject in this school.")
        raise JournalNotFound("class_not_found", [message(what)])
    term = school_term(session, school_id=school_id, term_id=term_id)
    assessments = session.exec(
        _in_term(
            select(Assessment).where(
                Assessment.school_id == school_id,
                Assessment.class_id == class_id,
                Assessment.subject_id == subject_id,
            ),
            term,
        ).order_by(col(Assessment.day), col(Assessment.id))
    ).all()
    students = session.exec(
        select(Student).where(
            Student.school_id == school_id,
            Student.class_id == class_id,
            col(Student.deleted_at).is_(None),
        )
    ).all()
    values = _values(session, [a.id or 0 for a in assessments])
    finals = _term_finals(session, school_id, subject_id, term.name, [s.id or 0 for s in students])
    return Gradebook(
        class_id=class_id,
        subject_id=subject_id,
        term_id=term_id,
        term_name=term.name,
        closed=is_term_closed(session, school_id=school_id, term_name=term.name),
        columns=tuple(
            GradebookColumn(
                a.id or 0, a.kind, a.title, a.section, a.day, a.max_points, a.subgroup_id
            )
            for a in assessments
        ),
        rows=tuple(
            GradebookRow(s.id or 0, s.name, values.get(s.id or 0, {}), finals.get(s.id or 0))
            for s in sorted(students, key=lambda s: (sort_key(s.name), s.id or 0))
        ),
    )


def _values(session: Session, assessment_ids: list[int]) -> dict[int, dict[int, float]]:
    """student id -> assessment id -> value, for the live grades of these assessments."""
    values: dict[int, dict[int, float]] = {}
    if assessment_ids:
        query = select(Grade).where(
            col(Grade.assessment_id).in_(assessment_ids), col(Grade.deleted_at).is_(None)
        )
        for grade in session.exec(query).all():
            values.setdefault(grade.student_id, {})[grade.assessment_id] = grade.value
    return values


def _term_finals(
    session: Session, school_id: int, subject_id: int, period: str, student_ids: list[int]
) -> dict[int, FinalView]:
    query = select(FinalGrade).where(
        FinalGrade.school_id == school_id,
        FinalGrade.subject_id == subject_id,
        FinalGrade.period == period,
        col(FinalGrade.student_id).in_(student_ids),
    )
    return {row.student_id: _final(row) for row in session.exec(query).all()}
