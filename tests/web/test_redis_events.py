"""Live events through a real Redis: two web processes' event loops (each with its own
subscriber) both see a job's progress and its end, published by the worker that runs it; the
streams' fallback re-read is set to ten minutes, so only the events can bring them."""

from __future__ import annotations

import asyncio
import json
import queue
import threading
from collections.abc import Iterator
from typing import Any

import pytest

from lms.contests.live import PUBLIC, Hub, hub
from models.db import session_scope
from models.job_queue import claim_next, enqueue
from tests.web.jobs_support import wait_until
from tests.web.redis_support import redis_mode, school, store
from web import events
from web.controllers import contests_live, office_jobs
from web.jobs.context import JobContext
from web.jobs.runner import run_job

__all__ = ["redis_mode", "store"]  # the fixtures


class Stream:
    """One web process's view of a job's event stream: its own event loop in a thread."""

    def __init__(self, school_id: int, job_id: int) -> None:
        self.school_id, self.job_id = school_id, job_id
        self.frames: queue.Queue[tuple[str, dict[str, Any]]] = queue.Queue()
        self.ready = threading.Event()  # subscribed to Redis, first frame sent
        self.thread = threading.Thread(target=asyncio.run, args=(self._read(),), daemon=True)
        self.thread.start()

    async def _read(self) -> None:
        frames = office_jobs._events(self.school_id, self.job_id)
        async for frame in frames:
            if frame.event:
                self.frames.put((frame.event, json.loads(str(frame.data))))
            if not self.ready.is_set():
                await asyncio.wait_for(events.bus().subscribed.wait(), 30)
                self.ready.set()

    def until_end(self, timeout: float = 60.0) -> list[tuple[str, dict[str, Any]]]:
        seen = []
        while not seen or seen[-1][0] != "end":
            seen.append(self.frames.get(timeout=timeout))
        return seen


@pytest.fixture
def slow_fallback(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(events, "REDIS_POLL_S", 600.0)
    monkeypatch.setattr(office_jobs, "KEEP_ALIVE_S", 600.0)  # it wakes the stream too
    yield


def test_two_web_processes_see_a_jobs_progress_and_end(
    store: str, redis_mode: str, slow_fallback: None
) -> None:
    school_id = school(store)
    with session_scope(store) as session:
        job = enqueue(session, kind="solve", school_id=school_id, params={"time_limit": 5})
    with session_scope(store) as session:
        claimed = claim_next(session, worker="w1", kinds=["solve"])
    assert claimed is not None and claimed.id is not None
    streams = [Stream(school_id, claimed.id) for _ in range(2)]
    assert all(s.ready.wait(30) for s in streams)
    assert all(s.frames.get(timeout=5)[1]["status"] == "running" for s in streams)

    step = threading.Event()

    def handler(ctx: JobContext) -> dict[str, Any]:
        ctx.report({"phase": "search", "elapsed": 1.0, "best": 42})
        step.wait(120)  # until both web processes showed the progress
        return {"version": 7}

    worker = threading.Thread(target=run_job, args=(claimed, handler),
                              kwargs={"worker": "w1", "url": store, "tick_s": 0.05})  # fmt: skip
    worker.start()
    try:
        progress = [s.frames.get(timeout=30) for s in streams]  # while the job still runs
    finally:
        step.set()
        worker.join(60)
    ends = [s.until_end() for s in streams]
    assert all(p[1]["best"] == 42 and p[1]["phase"] == "search" for p in progress)
    for seen in ends:
        assert seen[-1][0] == "end" and seen[-1][1]["version"] == 7
    assert job.id == claimed.id


def test_a_published_event_reaches_every_loop_once_subscribed(redis_mode: str) -> None:
    got: list[queue.Queue[str]] = [queue.Queue(), queue.Queue()]
    ready = [threading.Event(), threading.Event()]
    done = threading.Event()

    async def listen(n: int) -> None:
        with events.listening("jobs:judge", got[n].put):
            await asyncio.wait_for(events.bus().subscribed.wait(), 30)
            ready[n].set()
            await asyncio.to_thread(done.wait, 60)

    threads = [threading.Thread(target=asyncio.run, args=(listen(n),)) for n in range(2)]
    for thread in threads:
        thread.start()
    assert all(r.wait(30) for r in ready)
    events.publish("jobs:judge", "17")  # as the worker that judged run 17 does
    events.publish("jobs:solve", "18")  # another topic: nobody here follows it
    assert [q.get(timeout=30) for q in got] == ["17", "17"]
    done.set()
    for thread in threads:
        thread.join(60)
    assert all(q.empty() for q in got)


def test_without_redis_events_stay_in_the_process() -> None:
    assert events.poll_s() == events.LOCAL_POLL_S  # the streams re-read the store as before
    got: queue.Queue[str] = queue.Queue()

    async def listen() -> None:
        with events.listening("job:5", got.put):
            await asyncio.to_thread(events.publish, "job:5", "moved")  # from another thread
            await asyncio.to_thread(wait_until, lambda: not got.empty(), 10)

    asyncio.run(listen())
    assert got.get_nowait() == "moved"


def test_a_verdict_anywhere_wakes_the_board_of_every_web_process(
    redis_mode: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Boards whose own poll is ten minutes away: only the judge job's event can refresh them."""
    monkeypatch.setattr(contests_live, "KEEP_ALIVE_S", 600.0)
    verdicts = [0]

    def marker(contest_id: int) -> int:
        return verdicts[0]

    def compute(contest_id: int, view: str) -> str:
        return json.dumps({"contest": contest_id, "verdicts": verdicts[0]})

    boards: list[queue.Queue[bytes]] = [queue.Queue(), queue.Queue()]
    ready = [threading.Event(), threading.Event()]

    async def board(n: int) -> None:
        hub(lambda: Hub(marker, compute, interval=600.0))  # this loop's hub: no polling
        frames = contests_live._frames(5, PUBLIC)
        await anext(frames)  # the retry line
        boards[n].put(await anext(frames))  # the board as it is
        await asyncio.wait_for(events.bus().subscribed.wait(), 30)
        ready[n].set()
        boards[n].put(await asyncio.wait_for(anext(frames), 60))
        await frames.aclose()

    threads = [threading.Thread(target=asyncio.run, args=(board(n),)) for n in range(2)]
    for thread in threads:
        thread.start()
    assert all(r.wait(30) for r in ready)
    assert all(b'"verdicts": 0' in b.get(timeout=5) for b in boards)
    verdicts[0] = 1  # a worker recorded a verdict, then its job ended:
    events.publish("jobs:judge", "71")
    assert all(b'"verdicts": 1' in b.get(timeout=60) for b in boards)
    for thread in threads:
        thread.join(60)
