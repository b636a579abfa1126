"""Sending job messages: after the transaction that queued the jobs commits, and again from
the sweeper for rows that waited too long (see web.broker)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import Session

from models.base import utcnow
from models.db import session_scope
from models.job_queue import TO_SEND, waiting_since
from web.broker import QUEUES, client, mark_away, queue_of
from web.settings import redis_url

log = logging.getLogger(__name__)

RESEND_AFTER = timedelta(seconds=60)  # a queued row older than this gets its message again
ACTOR = "sabaq_job_{queue}"  # the actor of each queue (web.broker.consume)

_installed = threading.Lock()
_brokers: dict[str, Any] = {}


def broker_for(url: str) -> Any:
    """This process's sending broker for a Redis URL, or None while Redis is marked away."""
    redis_client = client(url)
    if redis_client is None:
        return None
    found = _brokers.get(url)
    if found is None or found.client is not redis_client:
        from dramatiq.brokers.redis import RedisBroker

        found = RedisBroker(client=redis_client, middleware=[])  # type: ignore[no-untyped-call]
        for queue in QUEUES:
            found.declare_queue(queue)
        _brokers[url] = found
    return found


def send(jobs: Iterable[tuple[int, str]], url: str | None = None) -> int:
    """One message per job (id, kind) on its kind's queue; returns how many went out.

    A failure is logged and Redis marked away for a few seconds: the rows stay queued and the
    sweeper sends them later, so a caller never fails because Redis is down.
    """
    url = url if url is not None else redis_url()
    jobs = list(jobs)
    if not url or not jobs:
        return 0
    broker = broker_for(url)
    if broker is None:
        return 0
    from dramatiq import Message

    sent = 0
    try:
        for job_id, kind in jobs:
            queue = queue_of(kind)
            actor = ACTOR.format(queue=queue)
            message: Any = Message(queue, actor, (job_id,), {}, {})
            broker.enqueue(message)
            sent += 1
    except Exception as exc:  # redis.ConnectionError, TimeoutError, ...: the rows wait
        mark_away(url, exc)
    return sent


def _after_commit(session: Session) -> None:
    jobs = session.info.pop(TO_SEND, None)
    if jobs and redis_url():
        send(jobs)
        from web.events import publish

        for job_id, kind in jobs:  # live pages (a pending run on a board) need not wait
            publish(f"jobs:{kind}", str(job_id))


def _after_soft_rollback(session: Session, previous: Any) -> None:
    # never announce a job that was not stored; a savepoint's rollback (a key that was taken,
    # models.job_queue.insert_once) leaves the jobs queued before it in the transaction
    if not session.in_transaction():
        session.info.pop(TO_SEND, None)


def install() -> None:
    """Send job messages after every commit that queued jobs (idempotent; once per process)."""
    with _installed:
        if not event.contains(Session, "after_commit", _after_commit):
            event.listen(Session, "after_commit", _after_commit)
            event.listen(Session, "after_soft_rollback", _after_soft_rollback)


def resend_waiting(store_url: str | None = None, *, older_than: timedelta = RESEND_AFTER) -> int:
    """The sweeper: a message again for every job queued longer than `older_than`.

    Extra messages are harmless (an actor that finds nothing queued ends), so a job is never
    stuck without one. Returns how many messages went out.
    """
    if not redis_url():
        return 0
    with session_scope(store_url) as session:
        waiting = waiting_since(session, before=utcnow() - older_than)
    sent = send(waiting)
    if sent:
        log.info("sent %s job messages again for jobs that waited", sent)
    return sent
