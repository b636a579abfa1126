"""The specialists' yearly programme (/guidance/programme): our template copied into the school
year, edited, ticked off; each specialist edits their own track, the school admin reads."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from guidance.work.consult_slots import TRACK_OF_ROLE
from guidance.work.errors import WorkNotFound
from guidance.work.library import TRACK_LABELS
from guidance.work.programme import (
    GRADES,
    SCHOOL_MONTHS,
    add_item,
    completion,
    copy_template,
    copy_year,
    edit_item,
    remove_item,
    school_item,
    school_year,
    set_done,
    year_items,
)
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.guidance_work import TRACKS
from models.school import School
from web.controllers.auth import Form
from web.controllers.grades_common import as_int
from web.controllers.guidance_work_common import (
    SPECIALISTS,
    STAFF,
    checked,
    not_found,
    refused,
    school_today,
    who,
)
from web.i18n import translator
from web.pages import flash, go, page, tr


def _url(year: int, grade: int | None = None, track: str | None = None) -> str:
    query = [f"year={year}", f"grade={grade}" if grade else "", f"track={track}" if track else ""]
    return "/guidance/programme?" + "&".join(q for q in query if q)


@get("/guidance/programme", opt=STAFF, sync_to_thread=False)
def programme_home(
    request: Request[Any, Any, Any], year: FromQuery[int | None] = None,
    grade: FromQuery[int | None] = None, track: FromQuery[str | None] = None,
) -> Template:  # fmt: skip
    """A school year's programme by month, its completion, and the forms to change it."""
    viewer, school_id = who(request)
    today = school_today()
    shown = year or school_year(today)
    wanted_track = track if track in TRACKS else None
    with read_scope() as db:
        items = year_items(db, school_id=school_id, year=shown, grade=grade, track=wanted_track)
        lines = completion(db, school_id=school_id, year=shown, today=today)
        previous = bool(year_items(db, school_id=school_id, year=shown - 1))
    months = [(m, [i for i in items if i.month == m]) for m in SCHOOL_MONTHS]
    return page(
        request, "guidance/work/programme.html", year=shown, grade=grade, track=wanted_track,
        months=[(m, its) for m, its in months if its], lines=lines, grades=GRADES,
        tracks=TRACK_LABELS, mine=TRACK_OF_ROLE.get(viewer.role), empty=not items,
        previous=previous, url=_url, school_months=SCHOOL_MONTHS,
    )  # fmt: skip


def _own(request: Request[Any, Any, Any], item_track: str) -> bool:
    viewer, _ = who(request)
    return TRACK_OF_ROLE.get(viewer.role) == item_track


@post("/guidance/programme/copy", opt=SPECIALISTS, sync_to_thread=False)
def programme_copy(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Copies our template (in the school's language) or last year's programme into the year."""
    _, school_id = who(request)
    year = as_int(data.get("year")) or school_year(school_today())
    try:
        with session_scope() as db:
            if data.get("from") == "previous":
                added = copy_year(db, school_id=school_id, from_year=year - 1, to_year=year)
            else:
                school = db.get(School, school_id)
                language = school.language if school else "ru"
                added = copy_template(db, school_id=school_id, year=year,
                                      translate=translator(language).gettext)  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, _url(year))
    flash(request, tr(request, "%(n)s events added to the programme.") % {"n": added}, "ok")
    return go(_url(year))


def _fields(data: dict[str, str]) -> dict[str, Any]:
    return {"grade": as_int(data.get("grade")) or 0, "track": data.get("track", ""),
            "month": as_int(data.get("month")) or 0, "title": data.get("title", ""),
            "description": data.get("description", "")}  # fmt: skip


@post("/guidance/programme/add", opt=SPECIALISTS, sync_to_thread=False)
def programme_add(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Adds an event of the specialist's own track."""
    _, school_id = who(request)
    year = as_int(data.get("year")) or school_year(school_today())
    fields = _fields(data)
    if not _own(request, fields["track"]):
        flash(request, tr(request, "You plan the events of your own service."), "error")
        return go(_url(year))
    try:
        with session_scope() as db:
            add_item(db, school_id=school_id, year=year, **fields)
    except StoreError as exc:
        return refused(request, exc, _url(year))
    flash(request, tr(request, "The event is added."), "ok")
    return go(_url(year, fields["grade"]))


@post("/guidance/programme/{item_id:int}", opt=SPECIALISTS, sync_to_thread=False)
def programme_change(
    request: Request[Any, Any, Any], item_id: FromPath[int], data: Form
) -> Redirect:
    """Marks an event done or not, edits it or removes it (own track only)."""
    viewer, school_id = who(request)
    action = data.get("action", "")
    try:
        with session_scope() as db:
            item = school_item(db, school_id=school_id, item_id=item_id)
            back = _url(item.year, as_int(data.get("back_grade")))
            if not _own(request, item.track):
                flash(request, tr(request, "You plan the events of your own service."), "error")
                return go(back)
            if action == "done":
                set_done(db, school_id=school_id, item_id=item_id, done=checked(data, "done"),
                         user_id=viewer.id)  # fmt: skip
            elif action == "remove":
                remove_item(db, school_id=school_id, item_id=item_id)
            else:
                edit_item(db, school_id=school_id, item_id=item_id,
                          **{**_fields(data), "track": item.track})  # fmt: skip
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    except StoreError as exc:
        return refused(request, exc, "/guidance/programme")
    flash(request, tr(request, "The programme is saved."), "ok")
    return go(back)


ROUTES = [programme_home, programme_copy, programme_add, programme_change]
