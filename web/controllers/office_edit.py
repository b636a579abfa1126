"""Editing a version by hand: the grid, cell colours and drop checks as JSON, apply, lock,
and re-generating the rest around the locked lessons.

With JavaScript a lesson is dragged (or moved with the keyboard) and the JSON endpoints colour
the cells and check the drop; without it the same grid works through links (`pick`, then a
cell) and the same check is shown on the page. Either way the move is made by a POST.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery, JSONBody
from litestar.response import Redirect, Template

from models.db import session_scope
from models.errors import StoreError
from models.i18n import N_, message
from web.controllers.auth import Form
from web.controllers.office_common import OFFICE, office_viewer, or_404, refused, say
from web.pages import flash, go, page, tr
from web.services.office import start_generation
from web.services.office_edit import (
    MoveReport,
    apply_drop,
    cell_colours,
    check_drop,
    edit_grid,
    toggle_lock,
)


def _edit_path(number: int, kind: str, code: str) -> str:
    return f"/office/versions/{number}/edit/{quote(kind)}/{quote(code, safe='')}"


def _whole(data: dict[str, Any], key: str) -> int:
    value = data.get(key)
    try:
        if isinstance(value, bool):
            raise ValueError
        return int(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        text = N_("The request lacks a whole number for {field}.")
        raise StoreError("bad_request", [message(text, field=key)]) from None


def _drop(data: dict[str, Any]) -> dict[str, Any]:
    """The grid and the drop a form or JSON body names (every value checked)."""
    kind, code = data.get("kind"), data.get("code")
    if not isinstance(kind, str) or not isinstance(code, str):
        text = N_("The request lacks a whole number for {field}.")
        raise StoreError("bad_request", [message(text, field="kind/code")])
    ints = {key: _whole(data, key) for key in ("lesson", "day", "period")}
    return {"kind": kind, "code": code, **ints}


def report_json(request: Request[Any, Any, Any], report: MoveReport) -> dict[str, Any]:
    """A checked drop as the page's script shows it: sentences in the reader's language."""
    check = report.check

    def lines(items: Any) -> list[dict[str, Any]]:
        return [{"text": say(request, v.message), "hard": v.hard, "cost": v.cost} for v in items]

    return {
        "allowed": check.allowed, "swap": report.swap,
        "added": lines(check.added), "removed": lines(check.removed),
        "cost_before": check.cost_before, "cost_after": check.cost_after,
        "moves": [{"lesson": p.lesson, "day": p.day, "period": p.period}
                  for p in check.placements],
    }  # fmt: skip


@get("/office/versions/{number:int}/edit/{kind:str}/{code:str}", opt=OFFICE,
     sync_to_thread=False)  # fmt: skip
def edit_page(
    request: Request[Any, Any, Any],
    number: FromPath[int],
    kind: FromPath[str],
    code: FromPath[str],
    pick: FromQuery[int | None] = None,
    day: FromQuery[int | None] = None,
    period: FromQuery[int | None] = None,
) -> Template:
    """A class's or teacher's week of a version, with lessons to move, lock and unlock."""
    _, school_id = office_viewer(request)
    colours: dict[Any, Any] = {}
    checked, errors = None, []
    with or_404(), session_scope() as db:
        grid = edit_grid(db, school_id=school_id, number=number, kind=kind, code=code)
    try:
        with session_scope() as db:
            if pick is not None and day is not None and period is not None:
                checked = check_drop(db, school_id=school_id, number=number, kind=kind,
                                     code=code, lesson=pick, day=day, period=period)  # fmt: skip
            elif pick is not None:
                colours = cell_colours(db, school_id=school_id, number=number, kind=kind,
                                       code=code, lesson=pick)  # fmt: skip
    except StoreError as exc:  # a locked lesson, or a cell no lesson can go to
        errors = [tr(request, m) for m in exc.messages]
    return page(
        request, "office/edit.html", grid=grid, number=number, kind=kind, code=code,
        pick=pick, colours={f"{d}-{p}": str(s) for (d, p), s in colours.items()},
        checked=report_json(request, checked) if checked else None,
        target={"day": day, "period": period}, errors=errors, here=_edit_path(number, kind, code),
    )  # fmt: skip


@get("/api/office/versions/{number:int}/cells", opt=OFFICE, sync_to_thread=False)
def cells(
    request: Request[Any, Any, Any],
    number: FromPath[int],
    kind: FromQuery[str],
    code: FromQuery[str],
    lesson: FromQuery[int],
) -> Response[Any]:
    """JSON: for each cell of the grid, what dropping the lesson there does (ok, cost, hard)."""
    _, school_id = office_viewer(request)
    try:
        with or_404(), session_scope() as db:
            found = cell_colours(db, school_id=school_id, number=number, kind=kind, code=code,
                                 lesson=lesson)  # fmt: skip
    except StoreError as exc:
        return Response({"error": [tr(request, m) for m in exc.messages]}, status_code=400)
    out = [{"day": d, "period": p, "status": str(s)} for (d, p), s in sorted(found.items())]
    return Response({"cells": out})


@post("/api/office/versions/{number:int}/check", opt=OFFICE, sync_to_thread=False)
def check(
    request: Request[Any, Any, Any], number: FromPath[int], data: JSONBody[dict[str, Any]]
) -> Response[Any]:
    """JSON: what a drop breaks and mends, before it is made (nothing is saved)."""
    _, school_id = office_viewer(request)
    try:
        with or_404(), session_scope() as db:
            report = check_drop(db, school_id=school_id, number=number, **_drop(data))
    except StoreError as exc:
        return Response({"error": [tr(request, m) for m in exc.messages]}, status_code=400)
    return Response(report_json(request, report), status_code=200)


@post("/office/versions/{number:int}/apply", opt=OFFICE, sync_to_thread=False)
def apply(
    request: Request[Any, Any, Any], number: FromPath[int], data: Form
) -> Redirect | Template:
    """Make the move: the moved timetable is saved as a new version (this one is kept)."""
    viewer, school_id = office_viewer(request)
    try:
        drop = _drop(dict(data))
        with session_scope() as db:
            new = apply_drop(db, school_id=school_id, number=number, actor=viewer.login, **drop)
    except StoreError as exc:
        return refused(request, "office/refused.html", exc, back=f"/office/versions/{number}")
    flash(request, tr(request, "The move is saved as version %(n)s.") % {"n": new}, "ok")
    return go(_edit_path(new, drop["kind"], drop["code"]))


@post("/office/versions/{number:int}/lock", opt=OFFICE, sync_to_thread=False)
def lock(request: Request[Any, Any, Any], number: FromPath[int], data: Form) -> Redirect | Template:
    """Lock a lesson where it is for the next generation, or unlock it."""
    viewer, school_id = office_viewer(request)
    back = f"/office/versions/{number}"
    try:
        lesson = _whole(dict(data), "lesson")
        with session_scope() as db:
            now = toggle_lock(db, school_id=school_id, number=number, lesson=lesson,
                              actor=viewer.login)  # fmt: skip
    except StoreError as exc:
        return refused(request, "office/refused.html", exc, back=back)
    flash(request, tr(request, "Lesson locked.") if now else tr(request, "Lesson unlocked."), "ok")
    kind, code = data.get("kind"), data.get("code")
    return go(_edit_path(number, kind, code) if kind and code else back)


@post("/office/versions/{number:int}/regenerate", opt=OFFICE, sync_to_thread=False)
def regenerate(
    request: Request[Any, Any, Any], number: FromPath[int], data: Form
) -> Redirect | Template:
    """Generate again from this version: locked lessons stay, the others start where they are."""
    viewer, school_id = office_viewer(request)
    try:
        with session_scope() as db:
            job = start_generation(
                db, school_id=school_id, time_limit=data.get("time_limit", ""),
                seed=data.get("seed", ""), created_by=viewer.id, base_version=number,
            )  # fmt: skip
            job_id = job.id
    except StoreError as exc:
        return refused(request, "office/refused.html", exc, back=f"/office/versions/{number}")
    return go(f"/office/jobs/{job_id}")


ROUTES = [edit_page, cells, check, apply, lock, regenerate]
