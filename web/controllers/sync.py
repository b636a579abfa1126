"""Offline-first registers over HTTP: what a phone keeps for the day, the sync of its queue, and
the page where a teacher decides the conflicts and reads the refusals it brought back.

The phone's script (static/js/offline*.js) and service worker call the JSON routes with the CSRF
header like every other script; every route acts as the signed-in viewer in their own school.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from journal.offline import (
    BadOperation,
    Context,
    count_open,
    dismiss,
    keep_mine,
    keep_theirs,
    offline_days,
    open_items,
    parse_batch,
    sync_operations,
)
from journal.offline.operations import messages_from_json
from journal.offline.pages import OfflineDay
from models.base import utcnow
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.i18n import N_
from web.auth import SCHOOL_ROLES
from web.controllers.grades_common import book_url, texts
from web.controllers.register_common import (
    KEEPERS,
    STATUS_LABELS,
    labels,
    register_url,
    school_today,
    who,
)
from web.pages import flash, go, page, tr
from web.scheduler import schedule_settings

Req = Request[Any, Any, Any]
CONFLICTS = "/offline/conflicts"
CHUNK = 10  # operations per transaction: ~0.1 s of SQLite's write lock on this machine


def _context(request: Req) -> Context:
    _, school_id, actor = who(request)
    zone = schedule_settings().timezone
    return Context(school_id, actor, school_today(), zone, utcnow(), texts)


def _pages(days: list[OfflineDay], today: date) -> list[str]:
    """The pages a phone keeps: the day lists, each lesson's register, their gradebooks."""
    pages = ["/registers"] + [f"/registers?day={d.day.isoformat()}" for d in days if d.day != today]
    for d in days:
        for x in d.lessons:
            pages.append(register_url(x.line.day, x.line.lesson_id, x.line.unit))
            pages += [book_url(c, s, None) for c, s in x.gradebooks]
    return list(dict.fromkeys(pages))


@get("/api/offline", opt={"roles": SCHOOL_ROLES}, sync_to_thread=False)
def offline_data(request: Req) -> Response[Any]:
    """What the phone keeps for a day without a connection: the viewer's lessons of today and
    the next school day, the pages to keep, and how many synced changes wait for a decision."""
    viewer, school_id, actor = who(request)
    today = school_today()
    with read_scope() as db:
        days = offline_days(db, school_id=school_id, actor=actor, today=today)
        waiting = count_open(db, school_id=school_id, user_id=viewer.id)
    lessons = [
        {"day": x.line.day.isoformat(), "lesson_id": x.line.lesson_id, "unit": x.line.unit,
         "period": x.line.period, "starts_at": x.line.starts_at, "ends_at": x.line.ends_at,
         "subject": x.line.subject, "audience": x.line.audience, "room": x.line.room,
         "taken": x.line.taken, "url": register_url(x.line.day, x.line.lesson_id, x.line.unit),
         "gradebooks": [book_url(c, s, None) for c, s in x.gradebooks]}
        for d in days for x in d.lessons
    ]  # fmt: skip
    pages = ["/offline", "/my/timetable", *(_pages(days, today) if days else [])]
    return Response({"user": viewer.id, "today": today.isoformat(), "lessons": lessons,
                     "pages": pages, "open": waiting})  # fmt: skip


@post("/api/sync", opt=KEEPERS, status_code=200, sync_to_thread=False)
def sync(request: Req, data: Annotated[dict[str, Any], Body()]) -> Response[Any]:
    """A phone's queue, in order: {user, ops: [...]} -> one result per operation and the number
    of changes waiting for a decision. A replayed operation gets its first answer again."""
    viewer = who(request)[0]
    if data.get("user") != viewer.id:  # queued by another account on a shared phone
        text = tr(request, N_("These changes were entered by another account."))
        return Response({"error": [text], "code": "other_user"}, status_code=409)
    ctx = _context(request)
    try:
        operations = parse_batch(data.get("ops"), ctx.now)
    except BadOperation as exc:
        errors = [tr(request, m) for m in exc.messages]
        return Response({"error": errors, "code": exc.code}, status_code=400)
    results = []
    for start in range(0, len(operations), CHUNK):  # short transactions: others write between
        with session_scope() as db:
            results += sync_operations(db, ctx, operations[start : start + CHUNK])
    with read_scope() as db:
        waiting = count_open(db, school_id=ctx.school_id, user_id=viewer.id)
    answer = [
        {"id": r.client_id, "status": r.status, "replayed": r.replayed,
         "operation": r.operation_id, **{k: v for k, v in r.outcome.items() if k != "why"},
         **({"messages": [tr(request, m) for m in messages_from_json(r.outcome.get("messages"))]}
            if r.status == "refused" else {})}
        for r in results
    ]  # fmt: skip
    return Response({"results": answer, "open": waiting})


@get(CONFLICTS, opt=KEEPERS, sync_to_thread=False)
def conflicts(request: Req) -> Template:
    """The changes from the phone that wait for the teacher: conflicts with both values, who
    changed the server's and when; refusals with why."""
    viewer, school_id, _ = who(request)
    zone = schedule_settings().timezone
    with read_scope() as db:
        items = open_items(db, school_id=school_id, user_id=viewer.id)
    return page(request, "offline/conflicts.html", items=items,
                statuses=labels(request, STATUS_LABELS),
                local=lambda at: at.astimezone(zone) if isinstance(at, datetime) else at,
                )  # fmt: skip


def _decide(request: Req, operation_id: int, action: str) -> Redirect:
    ctx = _context(request)
    done = {
        "mine": N_("Your value is saved."), "theirs": N_("The value on the server is kept."),
        "dismiss": N_("Removed from the list."),
    }  # fmt: skip
    status = "applied"
    try:
        with session_scope() as db:
            if action == "mine":
                status = keep_mine(db, ctx, operation_id=operation_id)
            else:
                (keep_theirs if action == "theirs" else dismiss)(db, ctx, operation_id=operation_id)
    except StoreError as exc:
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(CONFLICTS)
    if status == "conflict":
        flash(request, tr(request, N_("The value on the server changed again: look again.")),
              "warn")  # fmt: skip
    elif status == "refused":
        flash(request, tr(request, N_("Your value cannot be saved any more: see why.")), "error")
    else:
        flash(request, tr(request, done[action]), "ok")
    return go(CONFLICTS)


@post(CONFLICTS + "/{operation_id:int}/{action:str}", opt=KEEPERS, sync_to_thread=False)
def decide(request: Req, operation_id: FromPath[int], action: FromPath[str]) -> Redirect:
    """Keep mine, keep theirs (a conflict) or dismiss (a refusal)."""
    if action not in ("mine", "theirs", "dismiss"):
        return go(CONFLICTS)
    return _decide(request, operation_id, action)


@get("/offline", opt={"roles": SCHOOL_ROLES}, sync_to_thread=False)
def offline_page(request: Req) -> Template:
    """Shown by the phone when a page was not kept for offline use (it keeps this one)."""
    return page(request, "offline/offline.html")


ROUTES = [offline_data, sync, conflicts, decide, offline_page]
