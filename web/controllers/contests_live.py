"""Live olympiad pages: the standings, the public projector board, the organiser's monitoring,
each drawn on the server and then kept current over server-sent events.

Every stream follows the process's board hub (lms.contests.live): the standings are computed
once per change per view in this process and the same text goes to every viewer, so 200 open
boards cost what one does. With Redis (SABAQ_REDIS_URL) a judge job's end, published by whichever
worker ran it, wakes the hub of every web process at once instead of at its next poll.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from typing import Any

from litestar import Request, get
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.params import FromPath
from litestar.response import Stream, Template
from sqlmodel import Session

from lms.contests import (
    Actor,
    board_dict,
    get_contest,
    is_organiser,
    load_standings,
    monitoring,
    monitoring_dict,
    participant_of,
    school_registered,
)
from lms.contests.live import FULL, MONITOR, PUBLIC, hub
from models.accounts import STUDENT
from models.contests import Contest
from models.db import read_scope
from web import events
from web.auth import PUBLIC as ANYONE
from web.auth import load_viewer
from web.controllers.contests_common import CONTESTS, ORGANISERS, acting, actor_of
from web.controllers.office_common import or_404
from web.pages import page

KEEP_ALIVE_S = 15.0  # a comment this often keeps proxies from closing a quiet stream
STREAM_S = 600.0  # then the stream ends and EventSource reconnects by itself
RETRY_MS = 1000


def standings_view(db: Session, actor: Actor | None, contest: Contest) -> str | None:
    """Which board a reader sees: the organiser everything, participants and the staff of the
    schools taking part the public (frozen) board, anyone the public board if it is public."""
    if actor is not None and is_organiser(actor, contest):
        return FULL
    if actor is not None and (
        participant_of(db, contest.id or 0, actor.user_id) is not None
        or (actor.role != STUDENT and school_registered(db, contest.id or 0, actor.school_id))
    ):
        return PUBLIC
    return PUBLIC if contest.public_board else None


async def _frames(contest_id: int, view: str) -> AsyncIterator[bytes]:
    """The view's events as the hub encoded them once for all viewers of this process."""
    started = time.monotonic()
    yield f"retry: {RETRY_MS}\n\n".encode()
    async with hub().watch(contest_id, view) as watcher:
        # a verdict (or a queued run) anywhere wakes the board's poller at once (web.events:
        # through Redis from every worker and web process); its marker says whether it moved
        with events.listening("jobs:judge", lambda _: watcher.feed.poke.set()):
            while time.monotonic() - started < STREAM_S:
                frame = await watcher.next_frame(KEEP_ALIVE_S)
                yield frame if frame is not None else b": waiting\n\n"


def _events(contest_id: int, view: str) -> Stream:
    """A server-sent event stream of pre-encoded frames (Litestar's ServerSentEvent would encode
    the same 40 kB again for every viewer)."""
    return Stream(_frames(contest_id, view), media_type="text/event-stream",
                  headers={"cache-control": "no-cache", "x-accel-buffering": "no"})  # fmt: skip


def _board_data(db: Session, contest_id: int, view: str) -> Any:
    """A view as first drawn; ties are listed as the live events list them (one order for
    every reader, since the hub computes a view once for all)."""
    if view == MONITOR:
        return monitoring_dict(monitoring(db, contest_id))
    return board_dict(load_standings(db, contest_id, reveal=view == FULL))


@get("/contests/{contest_id:int}/standings", opt=CONTESTS, sync_to_thread=False)
def standings_page(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Template:
    """The standings inside the app: the participant's own row marked, live."""
    actor = acting(request)
    with or_404(), read_scope() as db:
        contest = get_contest(db, contest_id)
        view = standings_view(db, actor, contest)
        if view is None:
            raise NotFoundException()
        board = _board_data(db, contest_id, view)
        me = participant_of(db, contest_id, actor.user_id)
    events = f"/contests/{contest_id}/standings/events"
    return page(request, "contests/standings.html", contest=contest, board=board, view=view,
                me=me.id if me else 0, events=events)  # fmt: skip


@get("/contests/{contest_id:int}/standings/events", opt=CONTESTS, sync_to_thread=False)
def standings_events(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Stream:
    """Server-sent events: the standings' JSON whenever they change."""
    actor = acting(request)
    with or_404(), read_scope() as db:
        view = standings_view(db, actor, get_contest(db, contest_id))
    if view is None:
        raise NotFoundException()
    return _events(contest_id, view)


def _projector_access(request: Request[Any, Any, Any], contest_id: int) -> Contest:
    """The projector shows the public board: to anyone when it is public, else to readers of
    the standings (login first)."""
    viewer = load_viewer(request)
    actor = actor_of(viewer) if viewer is not None else None
    with or_404(), read_scope() as db:
        contest = get_contest(db, contest_id)
        if contest.public_board:
            return contest
        if actor is None:
            raise NotAuthorizedException()
        if standings_view(db, actor, contest) is None:
            raise NotFoundException()
    return contest


@get("/contests/{contest_id:int}/board", opt={"roles": ANYONE}, sync_to_thread=False)
def board_page(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Template:
    """The projector view: large type, scrolling by itself, names and schools only; always the
    public board (frozen during the freeze), even when an organiser opens it."""
    contest = _projector_access(request, contest_id)
    with read_scope() as db:
        board = _board_data(db, contest_id, PUBLIC)
    return page(request, "contests/board.html", contest=contest, board=board, me=0,
                events=f"/contests/{contest_id}/board/events")  # fmt: skip


@get("/contests/{contest_id:int}/board/events", opt={"roles": ANYONE}, sync_to_thread=False)
def board_events(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Stream:
    """Server-sent events of the projector board."""
    _projector_access(request, contest_id)
    return _events(contest_id, PUBLIC)


@get("/contests/{contest_id:int}/board.json", opt={"roles": ANYONE}, sync_to_thread=False)
def board_json(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> dict[str, Any]:
    """The public board as JSON (for scripts and displays without EventSource)."""
    _projector_access(request, contest_id)
    with read_scope() as db:
        data: dict[str, Any] = _board_data(db, contest_id, PUBLIC)
    return data


def _organised(request: Request[Any, Any, Any], contest_id: int) -> Contest:
    actor = acting(request)
    with or_404(), read_scope() as db:
        contest = get_contest(db, contest_id)
    if not is_organiser(actor, contest):
        raise NotFoundException()
    return contest


@get("/contests/{contest_id:int}/monitor", opt=ORGANISERS, sync_to_thread=False)
def monitor_page(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Template:
    """Monitoring: tasks solved by school, time per task, attempts by verdict, the live feed."""
    contest = _organised(request, contest_id)
    with read_scope() as db:
        data = _board_data(db, contest_id, MONITOR)
    return page(request, "contests/monitor.html", contest=contest, data=data,
                events=f"/contests/{contest_id}/monitor/events")  # fmt: skip


@get("/contests/{contest_id:int}/monitor/events", opt=ORGANISERS, sync_to_thread=False)
def monitor_events(request: Request[Any, Any, Any], contest_id: FromPath[int]) -> Stream:
    """Server-sent events of the monitoring numbers and feed."""
    _organised(request, contest_id)
    return _events(contest_id, MONITOR)


ROUTES = [standings_page, standings_events, board_page, board_events, board_json, monitor_page,
          monitor_events]  # fmt: skip
