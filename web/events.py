"""Live-page events: "job 7 moved", "a verdict came", fanned out to the server-sent event streams
of every web process.

With SABAQ_REDIS_URL, `publish` (from any process: a worker writing progress, a web process
queueing a run) is a Redis PUBLISH on `sabaq:events:<topic>`, and each web process keeps one
subscriber per event loop (a pattern subscription to every topic) that wakes the streams of this
process following the topic: one Redis connection per process, however many viewers. Without
Redis, `publish` reaches the streams of its own process only, and the streams keep re-reading
the store every half second, as they always did.

An event only says "look again": the store stays what pages show, so an event lost while Redis
reconnects costs one fallback interval (`poll_s`), never a wrong page.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import weakref
from collections.abc import AsyncIterator, Callable, Iterator

from web.broker import client, mark_away
from web.settings import redis_url

log = logging.getLogger(__name__)

PREFIX = "sabaq:events:"
LOCAL_POLL_S = 0.5  # without Redis a stream re-reads the store this often (as before)
REDIS_POLL_S = 5.0  # with Redis events wake it at once; this re-read only covers lost events
RECONNECT_S = 1.0
HEALTH_S = 30.0  # the subscriber's longest wait for a message before it checks the connection

Callback = Callable[[str], None]


def poll_s() -> float:
    """How often a stream re-reads the store when no event woke it."""
    return REDIS_POLL_S if redis_url() else LOCAL_POLL_S


def publish(topic: str, data: str = "") -> None:
    """Tell every stream following `topic` to look again (from any thread or process).

    Never raises: a live page falls back to re-reading the store.
    """
    url = redis_url()
    if not url:
        for bus in list(_buses.values()):
            bus.deliver_threadsafe(topic, data)
        return
    redis_client = client(url)
    if redis_client is None:
        return
    try:
        redis_client.publish(PREFIX + topic, data)
    except Exception as exc:  # Redis away: the streams' fallback re-read covers it
        mark_away(url, exc)


class Bus:
    """The listeners of one event loop (one per web process) and its Redis subscriber."""

    def __init__(self, loop: asyncio.AbstractEventLoop, url: str) -> None:
        self.loop, self.url = loop, url
        self.listeners: dict[str, set[Callback]] = {}
        self.subscribed = asyncio.Event()  # the Redis subscription is in place
        self.task: asyncio.Task[None] | None = None
        self.delivered = 0  # events handed to listeners (tests)

    def subscribe(self, topic: str, callback: Callback) -> Callable[[], None]:
        """Call `callback(data)` on this loop for each event of `topic`; returns the undo."""
        self.listeners.setdefault(topic, set()).add(callback)
        if self.url and (self.task is None or self.task.done()):
            self.task = self.loop.create_task(self._follow_redis())

        def unsubscribe() -> None:
            found = self.listeners.get(topic)
            if found is not None:
                found.discard(callback)
                if not found:
                    del self.listeners[topic]

        return unsubscribe

    def deliver(self, topic: str, data: str) -> None:
        for callback in list(self.listeners.get(topic, ())):
            self.delivered += 1
            try:
                callback(data)
            except Exception:  # one broken listener must not keep the event from the others
                log.exception("event listener of %s failed", topic)

    def deliver_threadsafe(self, topic: str, data: str) -> None:
        if not self.loop.is_closed():
            with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
                self.loop.call_soon_threadsafe(self.deliver, topic, data)

    async def _follow_redis(self) -> None:
        from redis.asyncio import Redis

        while True:
            # a PING every half minute of silence finds a connection that died without a word
            connection = Redis.from_url(
                self.url, decode_responses=True, health_check_interval=HEALTH_S
            )
            try:
                async with connection.pubsub() as pubsub:
                    await pubsub.psubscribe(PREFIX + "*")
                    self.subscribed.set()
                    while True:
                        item = await pubsub.get_message(ignore_subscribe_messages=True,
                                                        timeout=HEALTH_S)  # fmt: skip
                        if item is not None and item.get("type") == "pmessage":
                            self.deliver(str(item["channel"])[len(PREFIX) :], str(item["data"]))
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # Redis away: the streams re-read the store meanwhile
                log.warning("live events: Redis subscription lost (%s); retrying", exc)
            finally:
                self.subscribed.clear()
                with contextlib.suppress(Exception):
                    await connection.aclose()
            await asyncio.sleep(RECONNECT_S)


_lock = threading.Lock()
_buses: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Bus] = weakref.WeakKeyDictionary()


def bus() -> Bus:
    """The bus of the running event loop (made on first use)."""
    loop = asyncio.get_running_loop()
    with _lock:
        found = _buses.get(loop)
        if found is None or found.url != redis_url():
            found = Bus(loop, redis_url())
            _buses[loop] = found
    return found


class Follower:
    """One stream's view of a topic: `wait` returns early when an event came."""

    def __init__(self) -> None:
        self.event = asyncio.Event()

    def poke(self, _data: str = "") -> None:
        self.event.set()

    async def wait(self, timeout: float) -> bool:
        """Wait for an event (True) or `timeout` seconds (False); either way, look again."""
        try:
            await asyncio.wait_for(self.event.wait(), timeout)
        except TimeoutError:
            return False
        finally:
            self.event.clear()
        return True


@contextlib.asynccontextmanager
async def follow(topic: str) -> AsyncIterator[Follower]:
    """Follow `topic` while the block runs (a server-sent event stream's lifetime)."""
    follower = Follower()
    with listening(topic, follower.poke):
        yield follower


@contextlib.contextmanager
def listening(topic: str, callback: Callback) -> Iterator[None]:
    """Call `callback(data)` for each event of `topic` while the block runs (on this loop)."""
    unsubscribe = bus().subscribe(topic, callback)
    try:
        yield
    finally:
        unsubscribe()
