"""A worker's loop: claim one job at a time and run it; deliver e-mail from a thread beside it."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy.exc import SQLAlchemyError

from models.db import session_scope
from models.job_queue import claim_next, has_queued, requeue_stale
from models.notices import expire_stale_sending
from web.jobs.context import Handler
from web.jobs.delivery import deliver_emails
from web.jobs.runner import StopSignal, run_job

log = logging.getLogger(__name__)

HOUSEKEEPING_S = 60.0  # how often a worker looks for jobs and e-mails left by dead workers


class Waitable(StopSignal, Protocol):
    """A stop signal the loop can also sleep on: threading.Event or multiprocessing.Event."""

    def wait(self, timeout: float | None = None) -> bool: ...


@dataclass
class Worker:
    """One worker's loop state; `run_once` is a single round, `run` loops until stopped."""

    name: str
    url: str | None
    handlers: Mapping[str, Handler]
    mail_batch: int = 10
    mail: bool = True  # deliver e-mail from a thread beside the jobs (workers of "notices")
    _last_housekeeping: float | None = None

    def run_once(self, stop: StopSignal | None = None) -> bool:
        """Run at most one job; True when there was one."""
        self._housekeeping()
        kinds = list(self.handlers)
        with session_scope(self.url) as session:  # a read first: idle, take no write lock
            if not has_queued(session, kinds=kinds):
                return False
        with session_scope(self.url) as session:
            job = claim_next(session, worker=self.name, kinds=kinds)
        if job is None:
            return False
        log.info("%s runs job %s (%s)", self.name, job.id, job.kind)
        outcome = run_job(job, self.handlers[job.kind], worker=self.name, url=self.url,
                          shutdown=stop)  # fmt: skip
        log.info("%s: job %s %s", self.name, job.id, outcome)
        return True

    def _housekeeping(self) -> None:
        now = time.monotonic()
        if self._last_housekeeping is not None and now - self._last_housekeeping < HOUSEKEEPING_S:
            return
        self._last_housekeeping = now
        with session_scope(self.url) as session:
            requeued = requeue_stale(session)
            expired = expire_stale_sending(session)
        if requeued or expired:
            log.warning("%s took back jobs %s and %s stuck e-mails", self.name, requeued, expired)

    def deliver_once(self) -> int:
        """Send the e-mail notices that are due; returns how many were sent."""
        return deliver_emails(url=self.url, limit=self.mail_batch)

    def run(
        self, stop: Waitable, poll_s: float, jobs: Callable[[Waitable], None] | None = None
    ) -> None:
        """Loop until `stop` is set; a failing round is logged and the loop goes on.

        E-mail goes out from a thread of its own, so a long solve does not hold up a
        password reset. `jobs` takes the place of the polling loop (web.broker.consume's
        Dramatiq consumers, with Redis) and returns once `stop` is set.
        """
        log.info("worker %s started", self.name)
        mail = threading.Thread(
            target=self._loop, args=(self.deliver_once, stop, poll_s), daemon=True,
            name=f"{self.name}-mail",
        )  # fmt: skip
        if self.mail:
            mail.start()
        if jobs is None:
            self._loop(lambda: self.run_once(stop), stop, poll_s)
        else:
            jobs(stop)
        if self.mail:
            mail.join()
        log.info("worker %s stopped", self.name)

    def _loop(self, step: Callable[[], object], stop: Waitable, poll_s: float) -> None:
        while not stop.is_set():
            try:
                busy = bool(step())
            except SQLAlchemyError:  # the store is busy or briefly away: try again later
                log.exception("worker %s: store error", self.name)
                busy = False
            except Exception:  # a bug must not end e-mail delivery or the job loop for good
                log.exception("worker %s: unexpected error", self.name)
                busy = False
            if not busy:
                stop.wait(poll_s)
