"""Generating a timetable: the form that queues a solve job, its live progress, and cancel."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, ServerSentEvent, Template
from litestar.response.sse import ServerSentEventMessage

from models.db import session_scope
from models.errors import NotFound, StoreError
from web import events
from web.broker import dispatch
from web.controllers.auth import Form
from web.controllers.office_common import OFFICE, office_viewer, or_404, refused
from web.pages import flash, go, page, tr
from web.services.office import cancel_job, read_job, recent_jobs, start_generation

# Jobs queued by this web process (solves, judge runs, LTI grades) are announced to the job
# queue once their transaction commits, when SABAQ_REDIS_URL is set (web.broker).
dispatch.install()

KEEP_ALIVE_S = 15.0  # a comment line this often keeps proxies from closing a quiet stream
STREAM_S = 600.0  # after this the stream ends and the browser reconnects (EventSource does)


def _generate_page(request: Request[Any, Any, Any], school_id: int, **context: Any) -> Template:
    with session_scope() as db:
        jobs = recent_jobs(db, school_id=school_id)
    context.setdefault("errors", [])
    context.setdefault("form", {"time_limit": "60", "seed": "0"})
    return page(request, "office/generate.html", jobs=jobs, **context)


@get("/office/generate", opt=OFFICE, sync_to_thread=False)
def generate_form(request: Request[Any, Any, Any]) -> Template:
    _, school_id = office_viewer(request)
    return _generate_page(request, school_id)


@post("/office/generate", opt=OFFICE, sync_to_thread=False)
def generate(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """Queue a solve of the school's current data; the worker runs it, the page follows it."""
    viewer, school_id = office_viewer(request)
    try:
        with session_scope() as db:
            job = start_generation(
                db, school_id=school_id, time_limit=data.get("time_limit", ""),
                seed=data.get("seed", ""), created_by=viewer.id,
            )  # fmt: skip
            job_id = job.id
    except StoreError as exc:
        with session_scope() as db:
            jobs = recent_jobs(db, school_id=school_id)
        return refused(request, "office/generate.html", exc, form=data, jobs=jobs)
    return go(f"/office/jobs/{job_id}")


@get("/office/jobs/{job_id:int}", opt=OFFICE, sync_to_thread=False)
def job_page(request: Request[Any, Any, Any], job_id: FromPath[int]) -> Template:
    """A generation's progress (live with JavaScript, a reload link without) and its outcome."""
    _, school_id = office_viewer(request)
    with or_404(), session_scope() as db:
        job = read_job(db, school_id=school_id, job_id=job_id)
    return page(request, "office/job.html", job=job)


async def _events(school_id: int, job_id: int) -> AsyncIterator[ServerSentEventMessage]:
    """The job's progress whenever it changes, an "end" event when it has ended.

    The row is read again when its worker publishes a change (web.events: through Redis from
    any machine, at once) or after the fallback interval (half a second without Redis).
    """
    last, quiet_since, started = "", time.monotonic(), time.monotonic()
    wait_s = events.poll_s()
    async with events.follow(f"job:{job_id}") as changes:
        while time.monotonic() - started < STREAM_S:
            try:
                with session_scope() as db:
                    job = read_job(db, school_id=school_id, job_id=job_id)
            except NotFound:
                return
            payload = json.dumps(job.event())
            if payload != last:
                last, quiet_since = payload, time.monotonic()
                yield ServerSentEventMessage(data=payload, event="progress")
            elif time.monotonic() - quiet_since > KEEP_ALIVE_S:
                quiet_since = time.monotonic()
                yield ServerSentEventMessage(comment="waiting")
            if job.finished:
                yield ServerSentEventMessage(data=payload, event="end")
                return
            await changes.wait(min(wait_s, KEEP_ALIVE_S))


@get("/office/jobs/{job_id:int}/events", opt=OFFICE, sync_to_thread=False)
def job_events(request: Request[Any, Any, Any], job_id: FromPath[int]) -> ServerSentEvent:
    """Server-sent events: elapsed, best cost, bound and status, until the job ends."""
    _, school_id = office_viewer(request)
    with or_404(), session_scope() as db:
        read_job(db, school_id=school_id, job_id=job_id)
    return ServerSentEvent(_events(school_id, job_id), retry_duration=2000)


@post("/office/jobs/{job_id:int}/cancel", opt=OFFICE, sync_to_thread=False)
def cancel(request: Request[Any, Any, Any], job_id: FromPath[int]) -> Redirect:
    """Stop a generation: a queued one at once, a running one within half a second."""
    _, school_id = office_viewer(request)
    with or_404(), session_scope() as db:
        job = cancel_job(db, school_id=school_id, job_id=job_id)
    if job.finished:
        flash(request, tr(request, "Generation cancelled."), "info")
    else:
        flash(request, tr(request, "The worker is asked to stop."), "info")
    return go(f"/office/jobs/{job_id}")


ROUTES = [generate_form, generate, job_page, job_events, cancel]
