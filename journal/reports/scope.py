"""What a report covers: its period (a term, the year or two dates) and the classes a reader sees.

Teachers see the class they lead (`SchoolClass.class_teacher_id`, the class teacher) and the
classes they teach some lesson of; the school admin sees every class of the school. Every query
filters by the school.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import Session, col, select

from journal.errors import JournalNotFound
from journal.grades_terms import term_for_day, year_period
from journal.teaching import teaching_pairs
from models.classes import SchoolClass
from models.i18n import N_, message
from models.people import Teacher
from models.school import AcademicYear, Term

TERM, YEAR, DATES = "term", "year", "dates"


@dataclass(frozen=True, slots=True)
class Period:
    """The days a report covers and, for a term or a year, the key of its final grades."""

    kind: str  # TERM, YEAR or DATES
    start: date
    end: date  # inclusive
    name: str  # the term's or year's name; "" for dates
    key: str  # FinalGrade.period: the term's name, "year:<name>"; "" for dates
    ref: int | None = None  # the term's or year's id

    @property
    def token(self) -> str:
        """How a page names the period in its query: "term:3", "year:1" or "dates"."""
        return f"{self.kind}:{self.ref}" if self.ref is not None else DATES


@dataclass(frozen=True, slots=True)
class ClassRef:
    """A class as reports list it."""

    id: int
    code: str
    grade: int
    class_teacher: str = ""  # their name ("" when the class has none)
    mine: bool = False  # the reader is its class teacher


def term_period(term: Term) -> Period:
    """A term as a report period."""
    return Period(TERM, term.starts_on, term.ends_on, term.name, term.name, term.id)


def year_as_period(year: AcademicYear) -> Period:
    """An academic year as a report period (its year grades are the key)."""
    return Period(YEAR, year.starts_on, year.ends_on, year.name, year_period(year), year.id)


def dates_period(start: date, end: date) -> Period:
    """Two dates as a period (swapped when given backwards); no final grades belong to it."""
    low, high = (start, end) if start <= end else (end, start)
    return Period(DATES, low, high, "", "")


def period_choices(session: Session, *, school_id: int) -> list[Period]:
    """Each live academic year followed by its terms, in calendar order."""
    years = session.exec(
        select(AcademicYear)
        .where(AcademicYear.school_id == school_id, col(AcademicYear.deleted_at).is_(None))
        .order_by(col(AcademicYear.starts_on))
    ).all()
    terms = session.exec(
        select(Term)
        .where(Term.school_id == school_id, col(Term.deleted_at).is_(None))
        .order_by(col(Term.starts_on))
    ).all()
    out: list[Period] = []
    for year in years:
        out.append(year_as_period(year))
        out += [term_period(t) for t in terms if t.academic_year_id == year.id]
    return out


def resolve_period(
    session: Session,
    *,
    school_id: int,
    token: str | None,
    today: date,
    start: date | None = None,
    end: date | None = None,
) -> Period:
    """The period a page asked for, or the sensible default.

    Args:
        session: an open session.
        school_id: the school.
        token: "term:<id>", "year:<id>", "dates" (then `start` and `end`), or None.
        today: the school's date now.
        start: the first day, for "dates".
        end: the last day, for "dates".

    Returns:
        The period asked for when it is this school's; else today's term, else the last term
        begun, else the first term; the dates of today's week when the school has no term.
    """
    choices = period_choices(session, school_id=school_id)
    if token == DATES and start is not None and end is not None:
        return dates_period(start, end)
    found = next((p for p in choices if p.token == token), None)
    if found is not None:
        return found
    current = term_for_day(session, school_id=school_id, day=today)
    if current is not None:
        return term_period(current)
    terms = [p for p in choices if p.kind == TERM]
    begun = [p for p in terms if p.start <= today]
    if begun or terms:
        return begun[-1] if begun else terms[0]
    return dates_period(start or today, end or today)


def year_of(session: Session, *, school_id: int, period: Period) -> AcademicYear | None:
    """The academic year a term or year period belongs to (None for dates)."""
    if period.ref is None:
        return None
    if period.kind == YEAR:
        year = session.get(AcademicYear, period.ref)
    else:
        term = session.get(Term, period.ref)
        year = session.get(AcademicYear, term.academic_year_id) if term else None
    return year if year is not None and year.school_id == school_id else None


def visible_classes(
    session: Session,
    *,
    school_id: int,
    teacher_id: int | None,
    sort_key: Callable[[str], Any] = str.casefold,
) -> list[ClassRef]:
    """The classes a reader may see reports of: all (teacher_id None: the admin), or the class
    the teacher leads and those they teach some lesson of.

    Args:
        session: an open session.
        school_id: the school.
        teacher_id: the teacher, or None for the school admin.
        sort_key: how class codes sort (the reader's language).

    Returns:
        The live classes by grade, then code, each with its class teacher's name and whether
        the reader is that class teacher.
    """
    query = select(SchoolClass).where(
        SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None)
    )
    if teacher_id is not None:
        pairs = teaching_pairs(session, school_id=school_id, teacher_id=teacher_id)
        taught = sorted({p.class_id for p in pairs})
        query = query.where(
            or_(col(SchoolClass.id).in_(taught), col(SchoolClass.class_teacher_id) == teacher_id)
        )
    rows = session.exec(query).all()
    names = _teacher_names(session, school_id, {c.class_teacher_id for c in rows})
    refs = [
        ClassRef(c.id or 0, c.code, c.grade, names.get(c.class_teacher_id or 0, ""),
                 teacher_id is not None and c.class_teacher_id == teacher_id)
        for c in rows
    ]  # fmt: skip
    return sorted(refs, key=lambda c: (c.grade, sort_key(c.code)))


def _teacher_names(session: Session, school_id: int, ids: set[int | None]) -> dict[int, str]:
    """The live teachers' names by id (a class teacher who left is named by no one)."""
    wanted = sorted(i for i in ids if i is not None)
    if not wanted:
        return {}
    query = select(Teacher.id, Teacher.name).where(
        Teacher.school_id == school_id, col(Teacher.id).in_(wanted),
        col(Teacher.deleted_at).is_(None),
    )  # fmt: skip
    return {tid: name for tid, name in session.exec(query).all() if tid is not None}


def visible_class(
    session: Session, *, school_id: int, teacher_id: int | None, class_id: int
) -> ClassRef:
    """One class the reader may see.

    Raises:
        JournalNotFound: no such class in this school, or the teacher neither leads it nor
            teaches a lesson of it (someone else's class is "not found" too).
    """
    for ref in visible_classes(session, school_id=school_id, teacher_id=teacher_id):
        if ref.id == class_id:
            return ref
    what = N_("There is no such class among the classes you may see.")
    raise JournalNotFound("class_not_visible", [message(what)])
