"""Job messages through Dramatiq on Redis (SABAQ_REDIS_URL), so workers on other machines take
jobs as soon as they are queued, each machine only the kinds it is set up for.

The job table stays the source of truth for state, progress, results and idempotency; a message
only says "a job of this queue waits". So:

- a job is a row first: `enqueue` notes it in the session and the message goes out after the
  transaction commits (`web.broker.dispatch`); a rolled-back job is never announced, and a
  message that cannot be sent (Redis away) leaves the row queued;
- a sweeper in every worker process re-sends messages for rows queued longer than a minute
  (Redis was away, a message was lost, or `requeue_stale` put a dead worker's job back);
- an actor claims with the same conditional UPDATE as the polling worker: the highest priority
  (then oldest) queued job of its queue's kinds. A redelivered or re-sent message thus never runs
  a job twice (the row is no longer queued; the message finds nothing and ends), and the judge's
  priorities (olympiad runs first) hold although Redis lists are first-in, first-out.

Queues per kind (`KIND_QUEUES`): "solve", "judge", "notices" (digests, reminders, e-mail, the
schedule) and "default" (backups, LTI grades, pings). `sabaq worker --queues judge,solve` takes
only those. Without SABAQ_REDIS_URL nothing here runs: workers poll the table as before.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable, Sequence
from typing import Any

log = logging.getLogger(__name__)

SOLVE, JUDGE, NOTICES, DEFAULT = "solve", "judge", "notices", "default"
QUEUES = (SOLVE, JUDGE, NOTICES, DEFAULT)
KIND_QUEUES = {
    "solve": SOLVE,
    "judge": JUDGE,
    "notice_digest": NOTICES,
    "notice_reminder": NOTICES,
    "family_digest": NOTICES,
    "retention": NOTICES,
}
AWAY_S = 5.0  # after a failed Redis call, further calls are skipped this long (rows wait)
TIMEOUT_S = 2.0  # connect and read timeout: a request must not hang on an unreachable Redis


def queue_of(kind: str) -> str:
    """The queue a job kind's messages go to."""
    return KIND_QUEUES.get(kind, DEFAULT)


def parse_queues(text: str) -> tuple[str, ...]:
    """`--queues judge,solve` as queue names ("" or "all": every queue). A colon separates
    them too, since systemd unit names cannot hold a comma (`sabaq-worker@judge:solve`).

    Raises:
        ValueError: an unknown queue name.
    """
    parts = text.replace(":", ",").split(",")
    names = tuple(dict.fromkeys(n.strip() for n in parts if n.strip()))
    if not names or names == ("all",):
        return QUEUES
    unknown = [n for n in names if n not in QUEUES]
    if unknown:
        raise ValueError(f"unknown queue {', '.join(unknown)}; queues: {', '.join(QUEUES)}")
    return names


def kinds_of(queues: Sequence[str], kinds: Iterable[str]) -> list[str]:
    """The job kinds (of `kinds`) whose messages go to one of `queues`."""
    return [kind for kind in kinds if queue_of(kind) in queues]


_lock = threading.Lock()
_clients: dict[str, Any] = {}
_away_until: dict[str, float] = {}


def client(url: str) -> Any:
    """A Redis client of this process for `url`, or None while Redis is marked away."""
    with _lock:
        if _away_until.get(url, 0.0) > time.monotonic():
            return None
        found = _clients.get(url)
        if found is None:
            import redis

            found = redis.Redis.from_url(
                url, socket_connect_timeout=TIMEOUT_S, socket_timeout=TIMEOUT_S,
                health_check_interval=30,
            )  # fmt: skip
            _clients[url] = found
        return found


def mark_away(url: str, error: BaseException) -> None:
    """Skip Redis calls for a few seconds after one failed (the rows wait for the sweeper)."""
    with _lock:
        first = _away_until.get(url, 0.0) <= time.monotonic()
        _away_until[url] = time.monotonic() + AWAY_S
    if first:
        log.warning("Redis at %s is not reachable (%s); jobs wait in the store", _safe(url), error)


def mark_back(url: str) -> None:
    """Forget that Redis was away (tests; a sweeper that reached it)."""
    with _lock:
        _away_until.pop(url, None)


def _safe(url: str) -> str:
    """The URL without its password, for logs."""
    head, at, tail = url.rpartition("@")
    return f"{head.split(':')[0]}:…@{tail}" if at else url
