"""A teacher's override of a final grade, and closing or reopening a term (audited)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from journal.assessment import RuleSet
from journal.errors import JournalError, JournalNotFound
from journal.grades_final import recompute_term_grades, recompute_year_grades
from journal.grades_rules import active_rules
from journal.grades_terms import (
    YEAR_PREFIX,
    open_closure,
    refuse_closed,
    school_term,
)
from models.audit import record_audit
from models.base import utcnow
from models.classes import SchoolClass
from models.curriculum import Subject
from models.i18n import N_, message
from models.journal import FinalGrade, TermClosure
from models.people import Student
from models.school import Term

__all__ = ["close_term", "override_final_grade", "reopen_term"]


def _reason(reason: str) -> str:
    text = reason.strip()
    if not text:
        raise JournalError("reason_required", [message(N_("Say why: a reason is required."))])
    return text


def override_final_grade(
    session: Session,
    *,
    school_id: int,
    final_grade_id: int,
    mark: str,
    reason: str,
    actor: str,
    user_id: int | None = None,
) -> FinalGrade:
    """Sets (or, with mark "", removes) a teacher's mark over a computed term or year grade.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        final_grade_id: the computed grade (of this school).
        mark: one of the marks the student's scheme allows ("5", "pass", "high"...), or "".
        reason: why (required; kept on the row and in the audit log).
        actor: who overrides (a login), for the audit log.
        user_id: the account overriding.

    Returns:
        The row; a term override also recomputes the student's year grade in the subject.

    Raises:
        JournalNotFound: no such final grade in this school.
        JournalError: no reason, or a mark the scheme does not have.
        TermClosed: the term is closed.
    """
    row = session.get(FinalGrade, final_grade_id)
    if row is None or row.school_id != school_id:
        what = N_("There is no such term or year grade.")
        raise JournalNotFound("final_grade_not_found", [message(what)])
    why = _reason(reason)
    term = _period_term(session, school_id, row.period)
    if term is not None:
        refuse_closed(session, school_id=school_id, term_name=term.name)
    rules = active_rules(session, school_id=school_id)
    allowed = rules.allowed_marks(_scheme(session, rules, row))
    mark = mark.strip()
    if mark and mark not in allowed:
        what = N_("The mark must be one of {marks}.")
        raise JournalError("invalid_mark", [message(what, marks=", ".join(allowed))])
    old = row.override_mark
    row.override_mark, row.override_reason = mark, why if mark else ""
    row.overridden_by = user_id if mark else None
    session.add(row)
    session.flush()
    record_audit(
        session,
        school_id=school_id,
        actor=actor,
        action="override_final_grade",
        entity=f"final_grade:{row.id}",
        details={
            "student_id": row.student_id,
            "subject_id": row.subject_id,
            "period": row.period,
            "computed": row.mark,
            "old": old or None,
            "new": mark or None,
            "reason": why,
            "user_id": user_id,
        },
    )
    if term is not None:
        recompute_year_grades(
            session,
            school_id=school_id,
            academic_year_id=term.academic_year_id,
            student_id=row.student_id,
            subject_id=row.subject_id,
        )
    return row


def _period_term(session: Session, school_id: int, period: str) -> Term | None:
    """The term a term period names; None for a year period."""
    if period.startswith(YEAR_PREFIX):
        return None
    query = select(Term).where(
        Term.school_id == school_id, Term.name == period, col(Term.deleted_at).is_(None)
    )
    return session.exec(query).first()


def _scheme(session: Session, rules: RuleSet, row: FinalGrade) -> str:
    scheme = row.explanation.get("scheme") if row.explanation else None
    if isinstance(scheme, str):
        return scheme
    student = session.get(Student, row.student_id)
    klass = session.get(SchoolClass, student.class_id) if student else None
    subject = session.get(Subject, row.subject_id)
    return rules.scheme_for(klass.grade if klass else 0, subject.code if subject else "")


def close_term(
    session: Session, *, school_id: int, term_id: int, actor: str, user_id: int | None = None
) -> TermClosure:
    """Recomputes the school's term (and year) grades, then locks the term.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        term_id: the term (of this school).
        actor: who closes it (a login), for the audit log.
        user_id: the account closing it.

    Returns:
        The closure row.

    Raises:
        JournalNotFound: no such term in this school.
        JournalError: the term is already closed.
    """
    term = school_term(session, school_id=school_id, term_id=term_id)
    if open_closure(session, school_id=school_id, term_name=term.name) is not None:
        what = N_("{term} is already closed.")
        raise JournalError("term_already_closed", [message(what, term=term.name)])
    count = recompute_term_grades(session, school_id=school_id, term_id=term_id)
    recompute_year_grades(session, school_id=school_id, academic_year_id=term.academic_year_id)
    closure = TermClosure(school_id=school_id, term=term.name, closed_by=user_id)
    session.add(closure)
    session.flush()
    record_audit(
        session,
        school_id=school_id,
        actor=actor,
        action="close_term",
        entity=f"term:{term.id}",
        details={"term": term.name, "final_grades": count, "user_id": user_id},
    )
    return closure


def reopen_term(
    session: Session,
    *,
    school_id: int,
    term_id: int,
    reason: str,
    actor: str,
    user_id: int | None = None,
) -> TermClosure:
    """Unlocks a closed term (the closure row keeps when it was reopened).

    Raises:
        JournalNotFound: no such term in this school.
        JournalError: the term is not closed, or no reason was given.
    """
    term = school_term(session, school_id=school_id, term_id=term_id)
    why = _reason(reason)
    closure = open_closure(session, school_id=school_id, term_name=term.name)
    if closure is None:
        what = N_("{term} is not closed.")
        raise JournalError("term_not_closed", [message(what, term=term.name)])
    closure.reopened_at = utcnow()
    session.add(closure)
    session.flush()
    record_audit(
        session,
        school_id=school_id,
        actor=actor,
        action="reopen_term",
        entity=f"term:{term.id}",
        details={"term": term.name, "closure_id": closure.id, "reason": why, "user_id": user_id},
    )
    return closure
