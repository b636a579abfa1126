"""Shared glue of the grade pages: who may grade, the school's terms, texts for notices."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from litestar import Request
from litestar.response import Redirect
from sqlmodel import Session

from journal.assessment.numbers import exact, plain
from journal.calendar import school_calendar
from journal.grades_terms import term_for_day
from models.accounts import SCHOOL_ADMIN, TEACHER
from models.errors import StoreError
from models.school import Term
from web.auth import Viewer
from web.i18n import translator
from web.pages import flash, go, tr

GRADERS = {"roles": (SCHOOL_ADMIN, TEACHER)}
ADMIN = {"roles": (SCHOOL_ADMIN,)}


def texts(language: str) -> Callable[[str], str]:
    """A reader's language -> its gettext, for the journal's notices."""
    return translator(language).gettext


def grader_teacher(viewer: Viewer) -> int | None:
    """The teacher whose gradebooks a viewer keeps; None for the school admin (every one).

    A teacher account not linked to a teacher keeps none: -1 matches no lesson.
    """
    if viewer.role == SCHOOL_ADMIN:
        return None
    return viewer.teacher_id if viewer.teacher_id is not None else -1


def school_terms(session: Session, school_id: int) -> list[Term]:
    """The school's live terms in calendar order (as of the data version the session sees)."""
    return list(school_calendar(session, school_id=school_id).terms)


def chosen_term(session: Session, school_id: int, term_id: int | None, today: date) -> Term | None:
    """The term asked for, else today's, else the last one begun, else the first."""
    terms = school_terms(session, school_id)
    if term_id is not None:
        found = next((t for t in terms if t.id == term_id), None)
        if found is not None:
            return found
    current = term_for_day(session, school_id=school_id, day=today)
    if current is not None:
        return current
    begun = [t for t in terms if t.starts_on <= today]
    return begun[-1] if begun else (terms[0] if terms else None)


def shown(value: float | None) -> str:
    """A grade value as typed ("7", "38.5"), "" for none."""
    return "" if value is None else plain(exact(value))


def as_int(value: str | None) -> int | None:
    """A form or query field as an id, None when empty or not a number."""
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def as_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def refused(request: Request[Any, Any, Any], exc: StoreError, back: str) -> Redirect:
    """A refused change: every sentence flashed, back to the page."""
    for m in exc.messages:
        flash(request, tr(request, m), "error")
    return go(back)


def book_url(class_id: int, subject_id: int, term_id: int | None) -> str:
    term = f"&term_id={term_id}" if term_id else ""
    return f"/grades/book?class_id={class_id}&subject_id={subject_id}{term}"
