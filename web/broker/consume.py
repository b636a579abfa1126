"""Taking job messages: a Dramatiq worker in a `sabaq worker` process, one actor per queue that
claims a job from the table and runs it as the polling worker would (web.jobs.runner)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING

from models.db import session_scope
from models.job_queue import claim_next, requeue_stale
from models.notices import expire_stale_sending
from web.broker import NOTICES, TIMEOUT_S, kinds_of
from web.broker.dispatch import ACTOR, RESEND_AFTER, resend_waiting, send
from web.jobs.context import SHUTDOWN, Handler
from web.jobs.runner import run_job

if TYPE_CHECKING:
    from web.jobs.loop import Waitable

log = logging.getLogger(__name__)

SWEEP_S = RESEND_AFTER.total_seconds()  # how often waiting rows and dead workers' jobs are seen
STOP_S = 60.0  # a stopping worker waits this long for its jobs to go back to the queue
POLL_MS = 250  # the longest idle wait between an idle consumer's looks at its Redis queue


class Consumers:
    """A Dramatiq worker over Redis in this process: a thread per queue, each running at most
    one job at a time (a solve and a judge run may go side by side)."""

    def __init__(
        self,
        *,
        redis: str,
        name: str,
        queues: Sequence[str],
        handlers: Mapping[str, Handler],
        url: str | None = None,
        shutdown: threading.Event | None = None,
    ) -> None:
        import redis as redis_lib
        from dramatiq import Worker
        from dramatiq.brokers.redis import RedisBroker

        self.name, self.url, self.handlers = name, url, handlers
        self.queues = tuple(queues)
        self.shutdown = shutdown or threading.Event()  # running jobs go back to the queue
        self.ran = 0  # jobs run (tests)
        self.swept = threading.Event()  # the first sweep is done (tests)
        connection = redis_lib.Redis.from_url(redis, socket_connect_timeout=TIMEOUT_S)
        self.broker = RedisBroker(client=connection, middleware=[])  # type: ignore[no-untyped-call]
        for queue in self.queues:
            self._declare(queue)
        # an idle consumer asks Redis for messages every quarter second at most (Dramatiq's
        # default second would be most of a judge verdict's budget); Redis, not the store
        self.worker = Worker(self.broker, queues=set(self.queues), worker_threads=len(self.queues),
                             worker_timeout=POLL_MS)  # fmt: skip
        self.worker.queue_prefetch = 1  # a busy process holds no message another could take

    def _declare(self, queue: str) -> None:
        import dramatiq

        def take(job_id: int) -> None:
            self.take(queue, job_id)

        declare = dramatiq.actor(broker=self.broker, actor_name=ACTOR.format(queue=queue),
                                 queue_name=queue)  # fmt: skip
        declare(take)

    def take(self, queue: str, job_id: int) -> str:
        """One message of `queue`: claim the queue's next job (not necessarily `job_id`: the
        priorities decide) and run it. Returns the outcome, "" when nothing was queued."""
        kinds = kinds_of((queue,), self.handlers)
        worker = self.name  # as the polling worker's: the claim, progress and outcome use it
        with session_scope(self.url) as session:
            job = claim_next(session, worker=worker, kinds=kinds)
        if job is None or job.id is None:
            log.debug("%s: message for job %s found nothing queued", worker, job_id)
            return ""
        log.info("%s runs job %s (%s)", worker, job.id, job.kind)
        outcome = run_job(job, self.handlers[job.kind], worker=worker, url=self.url,
                          shutdown=self.shutdown)  # fmt: skip
        self.ran += 1
        if outcome == SHUTDOWN:  # back in the queue: another worker needs a message for it
            send([(job.id, job.kind)])
        log.info("%s: job %s %s", worker, job.id, outcome)
        return outcome

    def sweep(self, older_than: timedelta = RESEND_AFTER) -> None:
        """Dead workers' jobs back in the queue, stuck e-mails freed, rows that waited longer
        than `older_than` (a requeued job always has) announced again."""
        with session_scope(self.url) as session:
            requeued = requeue_stale(session)
            expired = expire_stale_sending(session) if NOTICES in self.queues else 0
        if requeued or expired:
            log.warning("%s took back jobs %s and %s stuck e-mails", self.name, requeued, expired)
        resend_waiting(self.url, older_than=timedelta(0) if requeued else older_than)

    def run(self, stop: Waitable, sweep_s: float = SWEEP_S) -> None:
        """Take messages until `stop` is set; then running jobs go back to the queue."""
        self.worker.start()
        log.info("worker %s takes messages of %s", self.name, ", ".join(self.queues))
        older_than = timedelta(0)  # a starting worker announces every waiting job once
        try:
            while True:
                try:
                    self.sweep(older_than)
                    older_than = RESEND_AFTER
                except Exception:  # the store or Redis away: the next sweep tries again
                    log.exception("worker %s: sweep failed", self.name)
                self.swept.set()
                if stop.wait(sweep_s):
                    break
        finally:
            self.shutdown.set()
            self.worker.stop(timeout=int(STOP_S * 1000))
            self.broker.close()
