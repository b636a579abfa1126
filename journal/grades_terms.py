"""Terms as grades see them: the term of a date, the period keys, and whether a term is locked.

A term is closed while it has a TermClosure row without `reopened_at`; its grades, assessments
and final grades are then refused with a sentence. TermClosure.term and FinalGrade.period hold
the term's name (unique within a school: the store keys terms by name); a year's period is
"year:<academic year name>".
"""

from __future__ import annotations

from datetime import date

from sqlmodel import Session, col, select

from journal.errors import JournalNotFound, TermClosed
from journal.frame import school_frame
from models.i18n import N_, message
from models.journal import TermClosure
from models.school import AcademicYear, Term

YEAR_PREFIX = "year:"


def year_period(year: AcademicYear) -> str:
    """FinalGrade.period of a year grade: "year:2026-2027"."""
    return f"{YEAR_PREFIX}{year.name}"


def term_for_day(session: Session, *, school_id: int, day: date) -> Term | None:
    """The school's (live) term that contains `day`, or None in a holiday between terms.

    Args:
        session: an open session.
        school_id: the school.
        day: the date.

    Returns:
        The term, or None.
    """
    return school_frame(session, school_id=school_id).calendar.term_of(day)


def school_term(session: Session, *, school_id: int, term_id: int) -> Term:
    """A live term of this school.

    Raises:
        JournalNotFound: no such term in this school.
    """
    term = session.get(Term, term_id)
    if term is None or term.school_id != school_id or term.deleted_at is not None:
        raise JournalNotFound("term_not_found", [message(N_("There is no such term."))])
    return term


def school_year(session: Session, *, school_id: int, academic_year_id: int) -> AcademicYear:
    """A live academic year of this school.

    Raises:
        JournalNotFound: no such year in this school.
    """
    year = session.get(AcademicYear, academic_year_id)
    if year is None or year.school_id != school_id or year.deleted_at is not None:
        raise JournalNotFound("year_not_found", [message(N_("There is no such academic year."))])
    return year


def year_terms(session: Session, *, school_id: int, academic_year_id: int) -> list[Term]:
    """The live terms of an academic year, in calendar order."""
    query = select(Term).where(
        Term.school_id == school_id,
        Term.academic_year_id == academic_year_id,
        col(Term.deleted_at).is_(None),
    )
    return list(session.exec(query.order_by(col(Term.starts_on))).all())


def open_closure(session: Session, *, school_id: int, term_name: str) -> TermClosure | None:
    """The closure that locks the term now, or None when the term is open."""
    query = select(TermClosure).where(
        TermClosure.school_id == school_id,
        TermClosure.term == term_name,
        col(TermClosure.reopened_at).is_(None),
    )
    return session.exec(query.order_by(col(TermClosure.id).desc())).first()


def is_term_closed(session: Session, *, school_id: int, term_name: str) -> bool:
    """Whether the term's grades are locked."""
    return open_closure(session, school_id=school_id, term_name=term_name) is not None


def ensure_term_open(session: Session, *, school_id: int, day: date) -> Term | None:
    """The term of `day` (None between terms), refusing when that term is closed.

    Args:
        session: an open session.
        school_id: the school.
        day: the date of the lesson, assessment or grade.

    Returns:
        The term, or None when the date is in no term.

    Raises:
        TermClosed: the term is closed.
    """
    term = term_for_day(session, school_id=school_id, day=day)
    if term is not None:
        refuse_closed(session, school_id=school_id, term_name=term.name)
    return term


def refuse_closed(session: Session, *, school_id: int, term_name: str) -> None:
    """Raises TermClosed when the term is closed.

    Raises:
        TermClosed: with the sentence a teacher sees.
    """
    if is_term_closed(session, school_id=school_id, term_name=term_name):
        raise TermClosed(
            "term_closed",
            [
                message(
                    N_(
                        "{term} is closed: its grades are locked until the school admin reopens it."
                    ),
                    term=term_name,
                )
            ],
        )
