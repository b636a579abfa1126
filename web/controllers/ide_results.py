"""A submission's result: as a page, as JSON, and live over server-sent events while judged.

Students see their own submissions; teachers of the school see any. Hidden tests show only
their verdict and time (lms.practice.feedback decides what is shown).
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath
from litestar.response import ServerSentEvent, Template
from litestar.response.sse import ServerSentEventMessage

from lms.judge import TaskInvalid
from lms.practice.feedback import SubmissionView, submission_view
from lms.practice.folders import load_version
from lms.practice.submissions import get_submission
from models.db import read_scope
from models.errors import NotFound
from models.judge import JudgeTask, Submission
from web.auth import Viewer
from web.controllers.office_common import or_404
from web.controllers.tasks_common import (
    LANGUAGE_NAMES,
    SOLVERS,
    STATE_NAMES,
    VERDICT_NAMES,
    is_staff,
    scope,
    title_of,
)
from web.pages import page, request_locale, tr

POLL_S = 0.2  # how often the stream looks at the submission while it is judged
KEEP_ALIVE_S = 15.0
STREAM_S = 300.0  # then the browser reconnects (EventSource does)
TEST_TEXTS = ("input", "expected", "got")


def read_view(
    viewer: Viewer, school_id: int | None, submission_id: int
) -> tuple[Submission, SubmissionView, JudgeTask | None]:
    """The submission as this viewer may see it (NotFound for anyone else)."""
    staff = is_staff(viewer)
    with read_scope() as db:
        row, job = get_submission(
            db,
            submission_id=submission_id,
            school_id=school_id,
            user_id=None if staff else viewer.id,
        )
        task_row = db.get(JudgeTask, row.task_id)
    try:
        task = load_version(row.task_id, row.task_version)
    except TaskInvalid:
        task = None
    return row, submission_view(row, job, staff=staff, task=task), task_row


def view_json(request: Request[Any, Any, Any], view: SubmissionView) -> dict[str, Any]:
    """The view with every sentence and verdict name in the reader's language."""

    def say(sentence: Any) -> str:
        return tr(request, sentence) if sentence is not None else ""

    def verdict(code: str) -> str:
        return tr(request, VERDICT_NAMES[code]) if code in VERDICT_NAMES else code

    tests = []
    for t in view.tests:
        entry = {k: v for k, v in t.items() if k != "message"}
        entry.update(verdict_text=verdict(t["verdict"]), message=say(t.get("message")))
        tests.append(entry)
    return {
        "id": view.id,
        "state": view.state,
        "state_text": tr(request, STATE_NAMES[view.state]),
        "finished": view.finished,
        "purpose": view.purpose,
        "language": view.language,
        "verdict": view.verdict,
        "verdict_text": verdict(view.verdict),
        "score": view.score,
        "done": view.done,
        "total": view.total,
        "sentence": say(view.sentence),
        "detail": say(view.detail),
        "compile_message": view.compile_message,
        "output": view.output,
        "stderr": view.stderr,
        "truncated": view.truncated,
        "time": view.extra.get("time"),
        "tests": tests,
    }


@get("/submissions/{submission_id:int}", opt=SOLVERS, sync_to_thread=False)
def submission_page(request: Request[Any, Any, Any], submission_id: FromPath[int]) -> Template:
    """One submission: its code and result (reloading itself until judged, without a script)."""
    viewer, school_id = scope(request)
    with or_404():
        row, view, task_row = read_view(viewer, school_id, submission_id)
    title = title_of(task_row.title, request_locale(request)) if task_row else ""
    return page(
        request,
        "ide/submission.html",
        row=row,
        view=view_json(request, view),
        title=title,
        prog_langs=LANGUAGE_NAMES,
    )


@get("/submissions/{submission_id:int}/state", opt=SOLVERS, sync_to_thread=False)
def submission_state(
    request: Request[Any, Any, Any], submission_id: FromPath[int]
) -> Response[Any]:
    """JSON: the submission's state, verdict, helpful sentence and the tests shown."""
    viewer, school_id = scope(request)
    with or_404():
        _, view, _ = read_view(viewer, school_id, submission_id)
    return Response(view_json(request, view))


async def _events(
    request: Request[Any, Any, Any], viewer: Viewer, school_id: int | None, submission_id: int
) -> AsyncIterator[ServerSentEventMessage]:
    """A "progress" event whenever the view changes, then "end" once it has its verdict."""
    last, quiet_since, started = "", time.monotonic(), time.monotonic()
    while time.monotonic() - started < STREAM_S:
        try:
            _, view, _ = read_view(viewer, school_id, submission_id)
        except NotFound:
            return
        payload = json.dumps(view_json(request, view), ensure_ascii=False)
        if view.finished:
            yield ServerSentEventMessage(data=payload, event="end")
            return
        if payload != last:
            last, quiet_since = payload, time.monotonic()
            yield ServerSentEventMessage(data=payload, event="progress")
        elif time.monotonic() - quiet_since > KEEP_ALIVE_S:
            quiet_since = time.monotonic()
            yield ServerSentEventMessage(comment="waiting")
        await asyncio.sleep(POLL_S)


@get("/submissions/{submission_id:int}/events", opt=SOLVERS, sync_to_thread=False)
def submission_events(
    request: Request[Any, Any, Any], submission_id: FromPath[int]
) -> ServerSentEvent:
    """Server-sent events: each test's result as it arrives, then the verdict."""
    viewer, school_id = scope(request)
    with or_404():
        read_view(viewer, school_id, submission_id)
    return ServerSentEvent(_events(request, viewer, school_id, submission_id), retry_duration=1000)


ROUTES = [submission_page, submission_state, submission_events]
