"""The family's journal (/journal): a parent's children or a student's own day, grades with the
explanation of term grades, remarks, and a parent's absence notes. Phone-first pages."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template

from journal.assessment import kind_label
from journal.errors import JournalNotFound
from journal.family import (
    children_of,
    family_day,
    list_absence_notes,
    reachable_student,
    recent_remarks,
    send_absence_note,
)
from journal.grades_views import student_grades
from models.accounts import PARENT, STUDENT
from models.db import read_scope, session_scope
from models.errors import StoreError
from web.auth import require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.grades_common import (
    as_date,
    as_int,
    chosen_term,
    refused,
    school_terms,
    shown,
)
from web.i18n import sort_key
from web.pages import flash, go, page, request_locale, tr

FAMILY = {"roles": (PARENT, STUDENT)}
REMARK_DAYS = 30  # the remarks of the last month are listed under the day


def journal_url(child: int | None, day: date | None = None, term: int | None = None) -> str:
    query = [f"child={child}" if child else "", f"day={day.isoformat()}" if day else "",
             f"term={term}" if term else ""]  # fmt: skip
    joined = "&".join(q for q in query if q)
    return f"/journal?{joined}" if joined else "/journal"


@get("/journal", opt=FAMILY, sync_to_thread=False)
def journal(
    request: Request[Any, Any, Any],
    child: FromQuery[int | None] = None,
    day: FromQuery[str] = "",
    term: FromQuery[int | None] = None,
) -> Template:
    """One child's day, grades of a term, remarks and notes; a parent picks among children."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    shown_day = as_date(day) or date.today()
    with read_scope() as db:
        children = children_of(
            db, school_id=school_id, parent_id=viewer.parent_id, student_id=viewer.student_id,
            sort_key=sort_key(request_locale(request)),
        )  # fmt: skip
        if not children:
            return page(request, "family/none.html")
        try:
            pick = reachable_student(db, school_id=school_id, parent_id=viewer.parent_id,
                                     student_id=viewer.student_id, wanted=child,
                                     children=children)  # fmt: skip
        except JournalNotFound as exc:
            raise NotFoundException() from exc
        context = _reads(db, school_id, pick.id, shown_day, term)
    return page(
        request, "family/journal.html", children=children, child=pick, **context,
        prev_day=shown_day - timedelta(days=1), next_day=shown_day + timedelta(days=1),
        today=date.today(), shown=shown, kind_label=kind_label, journal_url=journal_url,
    )  # fmt: skip


def _reads(
    db: Any, school_id: int, student_id: int, day: date, term_id: int | None
) -> dict[str, Any]:
    """The day, the term's grades, recent remarks and notes of one student."""
    chosen = chosen_term(db, school_id, term_id, day)
    grades = (
        student_grades(db, school_id=school_id, student_id=student_id, term_id=chosen.id or 0)
        if chosen is not None
        else None
    )
    start = day - timedelta(days=REMARK_DAYS)
    return {
        "day": family_day(db, school_id=school_id, student_id=student_id, day=day),
        "grades": grades,
        "term": chosen,
        "terms": school_terms(db, school_id),
        "remarks": recent_remarks(
            db, school_id=school_id, student_id=student_id, start=start, end=day
        ),
        "notes": list_absence_notes(db, school_id=school_id, student_id=student_id),
    }


@post("/journal/notes", opt={"roles": (PARENT,)}, sync_to_thread=False)
def send_note(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """A parent's absence note: the register pre-marks the child excused on those days."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    child = as_int(data.get("child"))
    back = journal_url(child)
    starts = as_date(data.get("starts_on"))
    ends = as_date(data.get("ends_on")) or starts
    try:
        if viewer.parent_id is None or child is None:
            raise JournalNotFound("student_not_found", [])
        if starts is None or ends is None:
            flash(request, tr(request, "Give the first day away."), "error")
            return go(back)
        with session_scope() as db:
            send_absence_note(
                db, school_id=school_id, parent_id=viewer.parent_id, student_id=child,
                starts_on=starts, ends_on=ends, reason=data.get("reason", ""),
                today=date.today(), actor=viewer.login,
            )  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, back)
    flash(request, tr(request, "Note sent: the school sees it in the register."), "ok")
    return go(back)


ROUTES = [journal, send_note]
