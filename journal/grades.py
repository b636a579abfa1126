"""Assessments and grades: create and remove an assessment, set and clear a student's grade.

Verb-named, keyword-only services on an open session (the caller commits); each takes the
school id and reads only that school's rows. Every change writes an audit row (who, old value,
new value, why); nothing is deleted (soft delete); a closed term refuses changes. A changed
grade recomputes that student's term and year grade in the subject at once, so parents see
a current explanation. Final grades, overrides and term closing live in `journal.grades_final`,
the reading views in `journal.grades_views`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from sqlmodel import Session, col, select

from journal.assessment.numbers import exact, plain
from journal.assessment.rules import RuleSet
from journal.errors import JournalError, JournalNotFound
from journal.grades_final import refresh_student
from journal.grades_rules import active_rules
from journal.grades_terms import ensure_term_open
from models.audit import record_audit
from models.base import utcnow
from models.classes import SchoolClass, Subgroup
from models.curriculum import Subject
from models.i18n import N_, Message, message
from models.journal import Assessment, Grade, LessonRecord
from models.people import Student, StudentSubgroup

__all__ = ["clear_grade", "create_assessment", "remove_assessment", "set_grade"]


_Row = TypeVar("_Row", SchoolClass, Subject, Subgroup, LessonRecord, Assessment, Student)

_NOT_FOUND: dict[str, str] = {
    "class_not_found": N_("There is no such class in this school."),
    "subject_not_found": N_("There is no such subject in this school."),
    "subgroup_not_found": N_("There is no such subgroup in this class."),
    "lesson_record_not_found": N_("There is no such lesson in this school's register."),
    "assessment_not_found": N_("There is no such assessment in this school."),
    "student_not_found": N_("There is no such student in this school."),
}


# Keys are 64-bit integers from 1: an id outside never reaches the database (the drivers would
# raise OverflowError or DataError instead of answering "not found").
LOWEST_ID, HIGHEST_ID = 1, 2**63 - 1


def _live(
    session: Session, table: type[_Row], row_id: int | None, school_id: int, code: str
) -> _Row:
    """A live row of this school; another school's row, or an id no row can have (out of the
    store's range), is "not found" too."""
    in_range = isinstance(row_id, int) and LOWEST_ID <= row_id <= HIGHEST_ID
    row = session.get(table, row_id) if in_range else None
    if row is None or row.school_id != school_id or getattr(row, "deleted_at", None) is not None:
        raise JournalNotFound(code, [message(_NOT_FOUND[code])])
    return row


def live_assessment(session: Session, *, school_id: int, assessment_id: int | None) -> Assessment:
    """An assessment of this school that is not deleted.

    Args:
        session: an open session.
        school_id: the school.
        assessment_id: the id as the caller gave it (any integer).

    Returns:
        The assessment.

    Raises:
        JournalNotFound: no such live assessment in this school (also for ids out of range).
    """
    return _live(session, Assessment, assessment_id, school_id, "assessment_not_found")


def create_assessment(
    session: Session,
    *,
    school_id: int,
    class_id: int,
    subject_id: int,
    kind: str,
    day: date,
    actor: str,
    max_points: float | None = None,
    title: str = "",
    section: str = "",
    subgroup_id: int | None = None,
    record_id: int | None = None,
    user_id: int | None = None,
) -> Assessment:
    """Adds an assessment (a ФО, СОР, СОЧ or mark column) of a class in a subject on a date.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        class_id, subject_id: the class and subject (of this school).
        kind: "fo", "sor", "soch" or "mark", as the rule set allows.
        day: the date; it must fall in an open term.
        actor: who adds it (a login), for the audit log.
        max_points: the maximum (required for СОР and СОЧ; ФО and marks take the rule set's).
        title, section: e.g. "СОР 2", "Quadratic equations".
        subgroup_id: a subgroup of the class, when only it is assessed.
        record_id: the lesson record it belongs to, if any.
        user_id: the account adding it.

    Returns:
        The new assessment.

    Raises:
        JournalNotFound: the class, subject, subgroup or lesson record is not in this school.
        JournalError: the kind, maximum or date is not allowed (every problem listed).
        TermClosed: the date's term is closed.
    """
    _live(session, SchoolClass, class_id, school_id, "class_not_found")
    _live(session, Subject, subject_id, school_id, "subject_not_found")
    if subgroup_id is not None:
        subgroup = _live(session, Subgroup, subgroup_id, school_id, "subgroup_not_found")
        if subgroup.class_id != class_id:
            raise JournalNotFound("subgroup_not_found", [message(_NOT_FOUND["subgroup_not_found"])])
    if record_id is not None:
        _live(session, LessonRecord, record_id, school_id, "lesson_record_not_found")
    rules = active_rules(session, school_id=school_id)
    maximum, problems = _check_assessment(rules, kind, max_points)
    if ensure_term_open(session, school_id=school_id, day=day) is None:
        problems.append(message(N_("{day} is not in any term of the school."), day=day.isoformat()))
    if problems:
        raise JournalError("invalid_assessment", problems)
    assessment = Assessment(
        school_id=school_id,
        class_id=class_id,
        subgroup_id=subgroup_id,
        subject_id=subject_id,
        kind=kind,
        day=day,
        title=title.strip(),
        section=section.strip(),
        max_points=float(maximum),
        record_id=record_id,
        created_by=user_id,
    )
    session.add(assessment)
    session.flush()
    _audit(
        session,
        assessment,
        actor,
        "create_assessment",
        user_id=user_id,
        new={
            "kind": kind,
            "day": day.isoformat(),
            "max_points": plain(maximum),
            "title": assessment.title,
            "section": assessment.section,
        },
    )
    return assessment


def _check_assessment(
    rules: RuleSet, kind: str, max_points: float | None
) -> tuple[Fraction, list[Message]]:
    problems: list[Message] = []
    if kind not in rules.kinds:
        what = N_("The school's rules ({rules}) allow these kinds of assessment: {kinds}.")
        problems.append(message(what, rules=rules.name, kinds=", ".join(rules.kinds)))
    fixed = rules.fixed_max(kind)
    if fixed is not None:
        if max_points is not None and exact(max_points) != fixed:
            what = N_("The maximum of this kind is fixed at {max} by the rules.")
            problems.append(message(what, max=plain(fixed)))
        return fixed, problems
    if max_points is None or not _is_number(max_points) or exact(max_points) <= 0:
        problems.append(message(N_("The maximum points must be a number above 0.")))
        return Fraction(1), problems
    return exact(max_points), problems


def _is_number(value: Any) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        return False
    try:
        return Decimal(str(value)).is_finite()
    except ArithmeticError:
        return False


def remove_assessment(
    session: Session,
    *,
    school_id: int,
    assessment_id: int,
    actor: str,
    reason: str = "",
    user_id: int | None = None,
) -> Assessment:
    """Marks an assessment deleted; its grades stop counting and the students are recomputed.

    Raises:
        JournalNotFound: no such assessment in this school.
        TermClosed: its term is closed.
    """
    assessment = _live(session, Assessment, assessment_id, school_id, "assessment_not_found")
    term = ensure_term_open(session, school_id=school_id, day=assessment.day)
    assessment.deleted_at = utcnow()
    session.add(assessment)
    session.flush()
    _audit(session, assessment, actor, "remove_assessment", user_id=user_id, reason=reason)
    students = select(Grade.student_id).where(
        Grade.assessment_id == assessment.id,
        col(Grade.deleted_at).is_(None),
    )
    for student_id in session.exec(students).all():
        refresh_student(
            session,
            school_id=school_id,
            student_id=student_id,
            subject_id=assessment.subject_id,
            term=term,
        )
    return assessment


def set_grade(
    session: Session,
    *,
    school_id: int,
    assessment_id: int,
    student_id: int,
    value: float | int | str | Decimal,
    actor: str,
    reason: str = "",
    comment: str | None = None,
    user_id: int | None = None,
) -> Grade:
    """Enters or changes a student's grade in an assessment.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        assessment_id: the assessment (of this school).
        student_id: a student of the assessment's class (and subgroup, if it has one).
        value: a mark (ФО out of 10, a 5-point mark) or points (СОР, СОЧ) up to the maximum;
            at most two decimals.
        actor: who enters it (a login), for the audit log.
        reason: why it changed (kept in the audit row).
        comment: a note beside the grade; None keeps the present one.
        user_id: the account entering it.

    Returns:
        The grade (a cleared one is brought back).

    Raises:
        JournalNotFound: no such assessment or student in this school.
        JournalError: the student is not assessed there, or the value is out of range.
        TermClosed: the assessment's term is closed.
    """
    assessment = _live(session, Assessment, assessment_id, school_id, "assessment_not_found")
    student = _live(session, Student, student_id, school_id, "student_not_found")
    _check_student(session, assessment, student)
    rules = active_rules(session, school_id=school_id)
    number = _check_value(rules, assessment, value)
    term = ensure_term_open(session, school_id=school_id, day=assessment.day)
    grade = session.exec(
        select(Grade).where(Grade.assessment_id == assessment.id, Grade.student_id == student_id)
    ).first()
    old = None if grade is None or grade.deleted_at is not None else plain(exact(grade.value))
    if grade is None:
        grade = Grade(
            school_id=school_id,
            assessment_id=assessment_id,
            student_id=student_id,
            value=float(number),
        )
    elif old == plain(number) and (comment is None or comment == grade.comment):
        return grade  # nothing changes, nothing to audit
    grade.value, grade.deleted_at = float(number), None
    grade.comment = grade.comment if comment is None else comment.strip()
    grade.updated_by, grade.updated_at = user_id, utcnow()
    session.add(grade)
    session.flush()
    action = "set_grade" if old is None else "change_grade"
    _audit_grade(session, grade, assessment, actor, action, old, plain(number), reason, user_id)
    refresh_student(
        session,
        school_id=school_id,
        student_id=student_id,
        subject_id=assessment.subject_id,
        term=term,
    )
    return grade


def clear_grade(
    session: Session,
    *,
    school_id: int,
    assessment_id: int,
    student_id: int,
    actor: str,
    reason: str = "",
    user_id: int | None = None,
) -> Grade | None:
    """Clears a student's grade (marked deleted, kept with its history).

    Returns:
        The cleared grade, or None when there was none.

    Raises:
        JournalNotFound: no such assessment in this school.
        TermClosed: the assessment's term is closed.
    """
    assessment = _live(session, Assessment, assessment_id, school_id, "assessment_not_found")
    term = ensure_term_open(session, school_id=school_id, day=assessment.day)
    if not LOWEST_ID <= student_id <= HIGHEST_ID:
        return None  # no student has such an id, so no grade either
    grade = session.exec(
        select(Grade).where(Grade.assessment_id == assessment.id, Grade.student_id == student_id)
    ).first()
    if grade is None or grade.deleted_at is not None:
        return None
    old = plain(exact(grade.value))
    grade.deleted_at, grade.updated_by, grade.updated_at = utcnow(), user_id, utcnow()
    session.add(grade)
    session.flush()
    _audit_grade(session, grade, assessment, actor, "clear_grade", old, None, reason, user_id)
    refresh_student(
        session,
        school_id=school_id,
        student_id=student_id,
        subject_id=assessment.subject_id,
        term=term,
    )
    return grade


def _check_student(session: Session, assessment: Assessment, student: Student) -> None:
    if student.class_id != assessment.class_id:
        what = N_("{student} is not in the class of this assessment.")
        raise JournalError("student_not_assessed", [message(what, student=student.name)])
    if assessment.subgroup_id is None:
        return
    member = session.exec(
        select(StudentSubgroup).where(
            StudentSubgroup.student_id == student.id,
            StudentSubgroup.subgroup_id == assessment.subgroup_id,
        )
    ).first()
    if member is None:
        what = N_("{student} is not in the subgroup of this assessment.")
        raise JournalError("student_not_assessed", [message(what, student=student.name)])


def _check_value(rules: RuleSet, assessment: Assessment, value: Any) -> Fraction:
    low, high, whole = rules.value_range(assessment.kind, exact(assessment.max_points))
    number = exact(value) if _is_number(value) else None
    if number is None or (number * 100).denominator != 1 or not low <= number <= high:
        what = N_("A grade here is a number from {low} to {high}, with at most two decimals.")
        raise JournalError("grade_out_of_range", [message(what, low=plain(low), high=plain(high))])
    if whole and number.denominator != 1:
        what = N_("A grade here is a whole number from {low} to {high}.")
        raise JournalError("grade_out_of_range", [message(what, low=plain(low), high=plain(high))])
    return number


def _audit(
    session: Session,
    assessment: Assessment,
    actor: str,
    action: str,
    *,
    user_id: int | None,
    reason: str = "",
    new: dict[str, Any] | None = None,
) -> None:
    record_audit(
        session,
        school_id=assessment.school_id,
        actor=actor,
        action=action,
        entity=f"assessment:{assessment.id}",
        details={
            "class_id": assessment.class_id,
            "subject_id": assessment.subject_id,
            "new": new,
            "reason": reason,
            "user_id": user_id,
        },
    )


def _audit_grade(
    session: Session,
    grade: Grade,
    assessment: Assessment,
    actor: str,
    action: str,
    old: str | None,
    new: str | None,
    reason: str,
    user_id: int | None,
) -> None:
    record_audit(
        session,
        school_id=grade.school_id,
        actor=actor,
        action=action,
        entity=f"grade:{grade.id}",
        details={
            "assessment_id": assessment.id,
            "student_id": grade.student_id,
            "subject_id": assessment.subject_id,
            "kind": assessment.kind,
            "day": assessment.day.isoformat(),
            "old": old,
            "new": new,
            "reason": reason.strip(),
            "user_id": user_id,
        },
    )
