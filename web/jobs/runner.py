"""Run one claimed job: its handler in this thread, a watcher thread for progress and cancel."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Mapping
from typing import Any, Protocol

from sqlalchemy.exc import SQLAlchemyError

from models.db import session_scope
from models.i18n import N_, message
from models.job_queue import (
    fail,
    finish,
    is_cancel_requested,
    mark_cancelled,
    messages_json,
    release,
    report_progress,
)
from models.jobs import Job
from web.events import publish
from web.jobs.context import CANCEL, LOST, SHUTDOWN, Handler, JobCancelled, JobContext, JobLost

log = logging.getLogger(__name__)

TICK_S = 0.5  # progress is written and cancel requests are seen within this time
HEARTBEAT_S = 15.0  # a silent handler's job still shows its worker alive this often
DONE = "done"
FAILED = "failed"


class StopSignal(Protocol):
    """threading.Event or multiprocessing.Event: set when the worker should stop."""

    def is_set(self) -> bool: ...


class _Watcher(threading.Thread):
    """Writes the handler's progress (and heartbeats) and turns cancel requests, a stopping
    worker or a lost job into `ctx.halt(...)`."""

    def __init__(self, ctx: JobContext, shutdown: StopSignal, tick_s: float) -> None:
        super().__init__(name=f"job-{ctx.job_id}-watch", daemon=True)
        self.ctx, self.shutdown, self.tick_s = ctx, shutdown, tick_s
        self.done = threading.Event()

    def run(self) -> None:
        last_beat = time.monotonic()
        while not self.done.wait(self.tick_s):
            if self.shutdown.is_set():
                self.ctx.halt(SHUTDOWN)
            beat = time.monotonic() - last_beat >= HEARTBEAT_S
            try:
                self._tick(self.ctx.take_progress(heartbeat=beat))
            except SQLAlchemyError:  # a busy store now and then; the next tick tries again
                log.warning("job %s: progress not written", self.ctx.job_id, exc_info=True)
                continue
            if beat:
                last_beat = time.monotonic()

    def _tick(self, progress: dict[str, Any] | None) -> None:
        ctx = self.ctx
        with session_scope(ctx.url) as session:
            if progress is not None and not report_progress(
                session, job_id=ctx.job_id, progress=progress, worker=ctx.worker
            ):
                ctx.halt(LOST)
            if is_cancel_requested(session, job_id=ctx.job_id):
                ctx.halt(CANCEL)
        if progress is not None:
            publish(f"job:{ctx.job_id}")  # after the commit: the streams read the new row

    def close(self) -> None:
        self.done.set()
        self.join()


def context_for(job: Job, *, worker: str, url: str | None) -> JobContext:
    """The handler's view of a claimed job."""
    assert job.id is not None
    return JobContext(
        job_id=job.id, school_id=job.school_id, kind=job.kind, params=dict(job.params),
        created_by=job.created_by, worker=worker, url=url,
    )  # fmt: skip


def run_job(
    job: Job,
    handler: Handler,
    *,
    worker: str,
    url: str | None = None,
    shutdown: StopSignal | None = None,
    tick_s: float = TICK_S,
) -> str:
    """Run a claimed job's handler and record how it ended.

    A handler that raises fails the job with the error text; one that stops on a cancel
    request ends it cancelled; one stopped by a worker shutdown puts it back in the queue.

    Returns:
        What happened: "done", "failed", "cancel", "shutdown" or "lost".
    """
    ctx = context_for(job, worker=worker, url=url)
    watcher = _Watcher(ctx, shutdown or threading.Event(), tick_s)
    watcher.start()
    error: Exception | None = None
    result: Mapping[str, Any] | None = None  # None: the handler stopped early
    try:
        result = handler(ctx)
    except (JobCancelled, JobLost):
        pass
    except Exception as exc:
        log.exception("job %s (%s) failed", ctx.job_id, ctx.kind)
        error = exc
    finally:
        watcher.close()
    outcome = _record(ctx, result, error)
    publish(f"job:{ctx.job_id}", outcome)  # live pages (web.events): the job has ended
    publish(f"jobs:{ctx.kind}", str(ctx.job_id))  # e.g. a verdict for the olympiad boards
    return outcome


def _outcome(ctx: JobContext, result: Mapping[str, Any] | None, error: Exception | None) -> str:
    if error is not None:
        return FAILED
    if result is not None:
        return DONE  # even when a stop came late: the work is finished
    return ctx.reason or CANCEL


def _record(ctx: JobContext, result: Mapping[str, Any] | None, error: Exception | None) -> str:
    """Write the job's outcome (unless the handler did, or the job is no longer ours)."""
    outcome = _outcome(ctx, result, error)
    if outcome == DONE and ctx.completed:
        return outcome
    if outcome == LOST:
        log.warning("job %s is no longer this worker's; its outcome is dropped", ctx.job_id)
        return outcome
    job_id, worker = ctx.job_id, ctx.worker
    with session_scope(ctx.url) as session:
        if error is not None:
            text, details = _error_text(error), _error_result(error)
            written = fail(session, job_id=job_id, worker=worker, error=text, result=details)
        elif outcome == SHUTDOWN:
            written = release(session, job_id=job_id, worker=worker)
        elif outcome == CANCEL:
            written = mark_cancelled(session, job_id=job_id, worker=worker)
        else:
            last = ctx.take_progress(heartbeat=True)
            written = finish(
                session, job_id=job_id, worker=worker, result=result or {}, progress=last
            )
    if not written:
        log.warning("job %s was no longer running here; %s not recorded", job_id, outcome)
        return LOST
    return outcome


def _sentences(error: Exception) -> list[Any]:
    """The translatable sentences a domain error carries (StoreError, ProblemBuildError)."""
    found = getattr(error, "messages", None) or getattr(error, "problems", None) or []
    return [m for m in found if hasattr(m, "template") and hasattr(m, "params")]


def _error_text(error: Exception) -> str:
    sentences = _sentences(error)
    if sentences:
        return " ".join(str(m) for m in sentences)
    return str(error) or type(error).__name__


def _error_result(error: Exception) -> dict[str, Any]:
    sentences = _sentences(error) or [
        message(N_("The job stopped with an error: {error}"), error=_error_text(error))
    ]
    return {"messages": messages_json(sentences)}
