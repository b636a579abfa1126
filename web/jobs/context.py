"""What a job handler gets: its job's data, progress reporting and the cancel signal."""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from models.job_queue import finish

CANCEL = "cancel"  # someone asked to stop the job
SHUTDOWN = "shutdown"  # the worker is stopping; the job goes back to the queue
LOST = "lost"  # the job is no longer this worker's (requeued as stale, or finished elsewhere)


class JobCancelled(Exception):
    """Raised by a handler that stopped because `ctx.cancelled()` became true."""


class JobLost(Exception):
    """The job is no longer this worker's: its outcome must not be written."""


@dataclass
class JobContext:
    """One running job as its handler sees it; `report` and `cancelled` are thread-safe."""

    job_id: int
    school_id: int | None
    kind: str
    params: dict[str, Any]
    created_by: int | None
    worker: str
    url: str | None = None  # the store; None = the configured one
    stop: threading.Event = field(default_factory=threading.Event)
    reason: str = ""  # why `stop` is set: CANCEL, SHUTDOWN or LOST
    completed: bool = False  # the handler wrote the job's outcome itself (`complete`)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _pending: dict[str, Any] | None = field(default=None, repr=False)
    _last: dict[str, Any] = field(default_factory=dict, repr=False)

    def report(self, progress: Mapping[str, Any]) -> None:
        """Publish progress (JSON values); written to the store within a fraction of a second.

        Cheap enough to call from a solver callback: only the latest value is kept and a
        background thread of the worker writes it.
        """
        with self._lock:
            self._pending = dict(progress)
            self._last = self._pending

    def update(self, **values: Any) -> None:
        """Change some progress values and keep the rest (e.g. a new phase after solving)."""
        with self._lock:
            merged = {**self._last, **values}
        self.report(merged)

    def take_progress(self, *, heartbeat: bool) -> dict[str, Any] | None:
        """The progress to write now: the newest unwritten one, or with `heartbeat` the last."""
        with self._lock:
            pending, self._pending = self._pending, None
            if pending is None and heartbeat:
                return dict(self._last)
            return pending

    def cancelled(self) -> bool:
        """True once the job should stop (cancel requested, worker stopping, or job lost)."""
        return self.stop.is_set()

    def raise_if_cancelled(self) -> None:
        """Raise JobCancelled when the job should stop."""
        if self.stop.is_set():
            raise JobCancelled(self.reason or CANCEL)

    def halt(self, reason: str) -> None:
        """Ask the handler to stop; the first reason given wins."""
        with self._lock:
            if not self.reason:
                self.reason = reason
        self.stop.set()

    def complete(self, session: Session, result: Mapping[str, Any]) -> None:
        """Mark the job done inside the handler's own transaction, so what the handler wrote
        and the job's outcome commit together (or not at all): nothing is recorded twice.

        Raises:
            JobLost: the job is no longer this worker's; the caller's transaction rolls back.
        """
        last = self.take_progress(heartbeat=True)
        if not finish(
            session, job_id=self.job_id, result=result, worker=self.worker, progress=last
        ):
            self.halt(LOST)
            raise JobLost(self.job_id)
        self.completed = True


Handler = Callable[[JobContext], Mapping[str, Any]]
