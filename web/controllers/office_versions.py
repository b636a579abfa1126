"""Timetable versions: the list, one version's unmet conditions and costs, publish, compare."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from models.db import session_scope
from web.controllers.office_common import OFFICE, office_viewer, or_404
from web.pages import flash, go, page, tr
from web.services.office_edit import is_current
from web.services.office_versions import compare, publish, report, version_numbers, version_rows


@get("/office/versions", opt=OFFICE, sync_to_thread=False)
def versions(request: Request[Any, Any, Any]) -> Template:
    """Every timetable version: number, status, cost, when, from what, published or not."""
    _, school_id = office_viewer(request)
    with session_scope() as db:
        rows = version_rows(db, school_id=school_id)
    return page(request, "office/versions.html", rows=rows)


@get("/office/versions/{number:int}", opt=OFFICE, sync_to_thread=False)
def version(request: Request[Any, Any, Any], number: FromPath[int]) -> Template:
    """One version: every unmet condition and soft cost in words, with the grids involved."""
    _, school_id = office_viewer(request)
    with or_404(), session_scope() as db:
        found = report(db, school_id=school_id, number=number)
        rows = version_rows(db, school_id=school_id)
        current = is_current(db, found.state)
    tt = found.state.vd.timetable
    owners = {"class": tt.owners("class"), "teacher": tt.owners("teacher")}
    return page(
        request, "office/version.html", report=found, number=number, owners=owners,
        row=next((r for r in rows if r.number == number), None), current=current,
        published=next((r.number for r in rows if r.published), None),
    )  # fmt: skip


@post("/office/versions/{number:int}/publish", opt=OFFICE, sync_to_thread=False)
def publish_version(request: Request[Any, Any, Any], number: FromPath[int]) -> Redirect:
    """Make this version the school's timetable everyone sees (audited)."""
    viewer, school_id = office_viewer(request)
    with or_404(), session_scope() as db:
        publish(db, school_id=school_id, number=number, actor=viewer.login)
    flash(request, tr(request, "Version %(n)s is published.") % {"n": number}, "ok")
    return go("/office/versions")


@get("/office/compare", opt=OFFICE, sync_to_thread=False)
def compare_versions(
    request: Request[Any, Any, Any],
    old: FromQuery[int | None] = None,
    new: FromQuery[int | None] = None,
) -> Template:
    """What moved between two versions, and for whom."""
    _, school_id = office_viewer(request)
    with or_404(), session_scope() as db:
        numbers = version_numbers(db, school_id=school_id)
        if new is None and numbers:
            new = numbers[0]
        if old is None and len(numbers) > 1:
            old = next((n for n in numbers if n != new), None)
        result = None
        if old is not None and new is not None:
            result = compare(db, school_id=school_id, old=old, new=new)
    return page(request, "office/compare.html", numbers=numbers, old=old, new=new,
                result=result)  # fmt: skip


ROUTES = [versions, version, publish_version, compare_versions]
