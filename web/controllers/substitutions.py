"""The deputy's day board: plan the day, change or lock a cover, re-plan the rest, publish."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import anyio
from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template

from models.accounts import SCHOOL_ADMIN, TIMETABLER
from models.db import session_scope
from models.errors import NotFound, StoreError
from models.substitutions import Cover, CoverPlan
from substitutions.build import CoverBuildError
from substitutions.publish import publish_day
from substitutions.services import (
    change_cover,
    cover_candidates,
    day_board,
    lock_cover,
    plan_day,
    replan_day,
)
from web.auth import require_school, require_viewer
from web.controllers.auth import Form
from web.pages import flash, go, page, tr
from web.services.substitutions_web import (
    DEPUTY_ACTIONS,
    board,
    int_or_none,
    parse_day,
    tomorrow,
    translate_for,
)

DEPUTY = {"roles": (SCHOOL_ADMIN, TIMETABLER)}
# What a refused request raises: store errors, and a stored absence naming something the
# published timetable's data lacks (read with every day)
REFUSED = (StoreError, CoverBuildError)


def board_url(day: date | None) -> str:
    """The day board of a date (tomorrow's without one)."""
    return "/substitutions" if day is None else f"/substitutions?date={day.isoformat()}"


def refuse(request: Request[Any, Any, Any], exc: Exception, back: str) -> Redirect:
    """Every sentence of a refused request as an error notice on the page it came from."""
    messages = exc.problems if isinstance(exc, CoverBuildError) else getattr(exc, "messages", ())
    for m in messages:
        flash(request, tr(request, m), "error")
    return go(back)


def _posted_day(request: Request[Any, Any, Any], data: dict[str, str]) -> date | None:
    day = parse_day(data.get("date"))
    if day is None:
        flash(request, tr(request, "Choose the day first."), "error")
    return day


@get("/substitutions", opt=DEPUTY, sync_to_thread=False)
def day_page(request: Request[Any, Any, Any]) -> Template:
    """The day's absences, its covers with their reasons, and what the deputy may do next."""
    day = parse_day(request.query_params.get("date")) or tomorrow()
    school_id = require_school(require_viewer(request))
    try:
        with session_scope() as db:
            view = board(db, school_id=school_id, day=day)
    except NotFound as exc:
        missing = [tr(request, m) for m in exc.messages]
        return page(request, "substitutions/board.html", view=None, missing=missing, day=day)
    return page(
        request, "substitutions/board.html", view=view, missing=[], day=day,
        previous=day - timedelta(days=1), following=day + timedelta(days=1),
    )  # fmt: skip


def _solve(school_id: int, day: date, again: bool) -> tuple[bool, int, int, list[Any]]:
    """Plans (or re-plans) in a worker thread: (complete, covered, uncovered, messages)."""
    with session_scope() as db:
        run = replan_day if again else plan_day
        plan = run(db, school_id=school_id, day=day)
    complete = plan.solve_status in ("optimal", "feasible")
    return complete, plan.covered, plan.uncovered, list(plan.messages)


async def _plan(request: Request[Any, Any, Any], data: dict[str, str], again: bool) -> Redirect:
    day = _posted_day(request, data)
    if day is None:
        return go(board_url(None))
    school_id = require_school(require_viewer(request))
    try:  # the engine runs off the event loop; it is bounded by its time limit (2 s)
        done, covered, uncovered, messages = await anyio.to_thread.run_sync(
            _solve, school_id, day, again
        )
    except REFUSED as exc:
        return refuse(request, exc, board_url(day))
    if not done:
        flash(request, tr(request, "The engine found no plan; nothing was changed."), "error")
        for m in messages:
            flash(request, tr(request, m), "error")
    elif uncovered:
        text = tr(request, "Planned: %(c)s lessons covered, %(u)s without a cover (cancelled).")
        flash(request, text % {"c": covered, "u": uncovered}, "warn")
    else:
        text = tr(request, "Planned: every affected lesson is covered (%(c)s).")
        flash(request, text % {"c": covered}, "ok")
    return go(board_url(day))


@post("/substitutions/plan", opt=DEPUTY)
async def plan(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Plans the whole day anew around the locked covers."""
    return await _plan(request, data, again=False)


@post("/substitutions/replan", opt=DEPUTY)
async def replan(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Re-plans the covers not locked, changing as few as the new situation needs."""
    return await _plan(request, data, again=True)


@post("/substitutions/publish", opt=DEPUTY, sync_to_thread=False)
def publish(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Publishes the day's plan: notices to everyone a change concerns, in their language."""
    day = _posted_day(request, data)
    if day is None:
        return go(board_url(None))
    viewer = require_viewer(request)
    try:
        with session_scope() as db:
            result = publish_day(
                db, school_id=require_school(viewer), day=day, actor_id=viewer.id,
                actor=viewer.login, translate_for=translate_for,
            )  # fmt: skip
    except REFUSED as exc:
        return refuse(request, exc, board_url(day))
    if result.notices == 0 and result.changed_covers == 0:
        flash(request, tr(request, "Nothing changed since the last publication."), "ok")
    else:
        text = tr(request, "Published as revision %(r)s: %(n)s notices (%(c)s corrections).")
        flash(request, text % {"r": result.revision, "n": result.notices,
                               "c": result.corrections}, "ok")  # fmt: skip
    return go(board_url(day))


@get("/substitutions/covers/{cover_id:int}", opt=DEPUTY, sync_to_thread=False)
def cover_page(request: Request[Any, Any, Any], cover_id: FromPath[int]) -> Template | Redirect:
    """Every other answer for one lesson, ranked, each with its sentence and any clash."""
    school_id = require_school(require_viewer(request))
    try:
        with session_scope() as db:
            options = cover_candidates(db, school_id=school_id, cover_id=cover_id)
            day, cover = _cover_of(db, school_id, cover_id)
    except REFUSED as exc:
        return refuse(request, exc, board_url(None))
    return page(
        request, "substitutions/cover.html", cover=cover, options=options, day=day,
        actions=DEPUTY_ACTIONS,
    )  # fmt: skip


def _cover_of(db: Any, school_id: int, cover_id: int) -> tuple[date, Any]:
    """The day of a cover and its view on the board."""
    row = db.get(Cover, cover_id)
    plan = db.get(CoverPlan, row.plan_id) if row is not None else None
    assert plan is not None and plan.school_id == school_id  # cover_candidates checked it
    view = day_board(db, school_id=school_id, day=plan.day)
    return plan.day, next((c for c in view.covers if c.id == cover_id), None)


def _after_change(
    request: Request[Any, Any, Any], cover_id: int, act: Callable[[Any, int], date]
) -> Redirect:
    school_id = require_school(require_viewer(request))
    try:
        with session_scope() as db:
            day = act(db, school_id)
    except REFUSED as exc:
        return refuse(request, exc, f"/substitutions/covers/{cover_id}")
    return go(board_url(day))


@post("/substitutions/covers/{cover_id:int}", opt=DEPUTY, sync_to_thread=False)
def change(request: Request[Any, Any, Any], cover_id: FromPath[int], data: Form) -> Redirect:
    """The deputy's choice for one lesson: checked against the rest of the day, then locked."""

    def act(db: Any, school_id: int) -> date:
        plan = change_cover(
            db, school_id=school_id, cover_id=cover_id, action=data.get("action", ""),
            substitute_id=int_or_none(data.get("substitute_id")),
            room_id=int_or_none(data.get("room_id")), to_period=int_or_none(data.get("to_period")),
            partner_id=int_or_none(data.get("partner_id")),
        )  # fmt: skip
        flash(request, tr(request, "Changed and locked; publish to tell everyone."), "ok")
        return plan.day

    return _after_change(request, cover_id, act)


@post("/substitutions/covers/{cover_id:int}/lock", opt=DEPUTY, sync_to_thread=False)
def lock(request: Request[Any, Any, Any], cover_id: FromPath[int], data: Form) -> Redirect:
    """Accepts a proposal as it is (re-planning keeps it), or releases it."""

    def act(db: Any, school_id: int) -> date:
        row = lock_cover(db, school_id=school_id, cover_id=cover_id,
                         locked=data.get("locked", "1") != "0")  # fmt: skip
        plan = db.get(CoverPlan, row.plan_id)
        return plan.day if plan is not None else tomorrow()

    return _after_change(request, cover_id, act)


ROUTES = [day_page, plan, replan, publish, cover_page, change, lock]
