"""Live boards: per process, one poller per watched contest computes each view once per change
and hands the same JSON text to every connected viewer.

Why polling the store: verdicts are written by judge workers in other processes (later maybe on
other machines), and each web process has its own viewers. A poller reads one cheap indexed
marker (runs sent, last verdict time, participants, phase) every `interval` seconds; only when it
moves are the standings computed, once per view (public, organiser's, monitoring), however many
viewers wait. 200 viewers thus cost one marker query per tick and one computation per verdict
per process, and a verdict shows within interval + computation time. No job code is involved,
so the judge stays unaware of boards, and a board restarted with its process loses nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import weakref
from collections.abc import AsyncIterator, Callable, Hashable
from dataclasses import dataclass, field

log = logging.getLogger(__name__)

PUBLIC, FULL, MONITOR = "public", "full", "monitor"  # the views a board can watch
VIEWS = (PUBLIC, FULL, MONITOR)
Marker = Callable[[int], Hashable]  # contest id -> what changes when its boards may
Compute = Callable[[int, str], str]  # (contest id, view) -> the view's JSON text


@dataclass
class _Feed:
    """One contest's poller and the latest text of each watched view."""

    contest_id: int
    watchers: dict[str, int] = field(default_factory=dict)  # view -> connected viewers
    text: dict[str, str] = field(default_factory=dict)
    frame: dict[str, bytes] = field(default_factory=dict)  # the text as one SSE event, encoded
    stamp: dict[str, int] = field(default_factory=dict)  # view -> version of its text
    fresh: set[str] = field(default_factory=set)  # views computed since the marker moved
    version: int = 0
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    poke: asyncio.Event = field(default_factory=asyncio.Event)
    task: asyncio.Task[None] | None = None
    computed: int = 0  # computations done (the benchmark and tests read it)

    def publish(self, view: str, text: str) -> None:
        if self.text.get(view) == text:
            return
        self.version += 1
        self.text[view], self.stamp[view] = text, self.version
        self.frame[view] = sse_frame(view, text)
        self.changed.set()
        self.changed = asyncio.Event()  # waiters hold the old one, which stays set


class Hub:
    """The boards of one event loop (one per web process)."""

    def __init__(
        self, marker: Marker, compute: Compute, *, interval: float = 0.25, linger: float = 10.0
    ) -> None:
        self.marker, self.compute = marker, compute
        self.interval, self.linger = interval, linger
        self.feeds: dict[int, _Feed] = {}

    def _feed(self, contest_id: int) -> _Feed:
        feed = self.feeds.get(contest_id)
        if feed is None or feed.task is None or feed.task.done():
            feed = feed or _Feed(contest_id)
            self.feeds[contest_id] = feed
            feed.task = asyncio.get_running_loop().create_task(self._poll(feed))
        return feed

    async def _refresh(self, feed: _Feed, last: object) -> object:
        marker = await asyncio.to_thread(self.marker, feed.contest_id)
        if marker != last:
            feed.fresh.clear()
        for view in [v for v, n in feed.watchers.items() if n > 0 and v not in feed.fresh]:
            text = await asyncio.to_thread(self.compute, feed.contest_id, view)
            feed.computed += 1
            feed.fresh.add(view)
            feed.publish(view, text)
        return marker

    async def _poll(self, feed: _Feed) -> None:
        last: object = None
        idle_since: float | None = None
        while True:
            if any(feed.watchers.values()):
                idle_since = None
            elif idle_since is None:
                idle_since = time.monotonic()
            elif time.monotonic() - idle_since > self.linger:
                self.feeds.pop(feed.contest_id, None)
                return
            try:
                last = await self._refresh(feed, last)
            except Exception:  # a store hiccup must not end the board: try again next tick
                log.exception("board of contest %s could not refresh", feed.contest_id)
            feed.poke.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(feed.poke.wait(), self.interval)

    @contextlib.asynccontextmanager
    async def watch(self, contest_id: int, view: str) -> AsyncIterator[Watcher]:
        """Follow a view of a contest's board while the block runs."""
        feed = self._feed(contest_id)
        feed.watchers[view] = feed.watchers.get(view, 0) + 1
        feed.poke.set()  # a new view is computed now, not at the next tick
        try:
            yield Watcher(feed, view)
        finally:
            feed.watchers[view] -= 1


def sse_frame(event: str, text: str) -> bytes:
    """One server-sent event, encoded once for every viewer (200 viewers of a 40 kB board
    would otherwise encode it 200 times). JSON text has no line breaks; others are split."""
    lines = "".join(f"data: {line}\n" for line in text.splitlines() or [""])
    return f"event: {event}\n{lines}\n".encode()


@dataclass
class Watcher:
    """One viewer: `next()` gives the view's text whenever it has changed since the last."""

    feed: _Feed
    view: str
    seen: int = 0

    async def next(self, timeout: float) -> str | None:
        """The view's newest text, or None when nothing changed within `timeout` seconds."""
        return self.feed.text[self.view] if await self._changed(timeout) else None

    async def next_frame(self, timeout: float) -> bytes | None:
        """The view's newest text as an encoded server-sent event (or None, as `next`)."""
        return self.feed.frame[self.view] if await self._changed(timeout) else None

    async def _changed(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while True:
            stamp = self.feed.stamp.get(self.view, 0)
            if stamp > self.seen:
                self.seen = stamp
                return True
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            try:
                await asyncio.wait_for(self.feed.changed.wait(), left)
            except TimeoutError:
                return False


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


def hub(factory: Callable[[], Hub] | None = None) -> Hub:
    """The hub of the running event loop (made by `factory`, default: over the store)."""
    loop = asyncio.get_running_loop()
    found = _hubs.get(loop)
    if found is None:
        found = (factory or store_hub)()
        _hubs[loop] = found
    return found


def store_marker(contest_id: int) -> Hashable:
    """The contest's change marker, read from the configured store."""
    from lms.contests.board import board_marker
    from models.db import read_scope

    with read_scope() as db:
        return board_marker(db, contest_id)


def store_view(contest_id: int, view: str) -> str:
    """A view of the contest's board as JSON text, computed from the configured store."""
    from lms.contests.board import board_dict, load_standings
    from lms.contests.monitoring import monitoring, monitoring_dict
    from models.db import read_scope

    with read_scope() as db:
        if view == MONITOR:
            data = monitoring_dict(monitoring(db, contest_id))
        else:
            data = board_dict(load_standings(db, contest_id, reveal=view == FULL))
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def store_hub() -> Hub:
    """A hub over the configured store."""
    return Hub(store_marker, store_view)
