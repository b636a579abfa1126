"""The live board hub: one computation per change per view, however many viewers wait."""

from __future__ import annotations

import asyncio
import json
import threading
from collections import Counter

from sqlmodel import Session

from lms.contests.live import FULL, MONITOR, PUBLIC, Hub, hub, sse_frame, store_hub
from models.judge import JUDGED, QUEUED
from tests.contests.conftest import World, city_contest, submit


class FakeStore:
    """A marker that moves when told, and views that say which marker they were computed at."""

    def __init__(self) -> None:
        self.value = 0
        self.computed: Counter[str] = Counter()
        self.lock = threading.Lock()

    def marker(self, contest_id: int) -> int:
        return self.value

    def compute(self, contest_id: int, view: str) -> str:
        with self.lock:
            self.computed[view] += 1
        return f"{view}:{contest_id}:{self.value}"


def test_two_hundred_viewers_share_one_computation_per_change() -> None:
    fake = FakeStore()

    async def scenario() -> list[list[str]]:
        board = Hub(fake.marker, fake.compute, interval=0.02, linger=0.05)
        seen: list[list[str]] = [[] for _ in range(200)]
        ready = asyncio.Event()
        joined = 0

        async def viewer(i: int) -> None:
            nonlocal joined
            async with board.watch(7, PUBLIC) as watcher:
                joined += 1
                if joined == 200:
                    ready.set()
                while len(seen[i]) < 3:
                    text = await watcher.next(5)
                    assert text is not None, "no update within 5 s"
                    seen[i].append(text)

        tasks = [asyncio.create_task(viewer(i)) for i in range(200)]
        await ready.wait()
        for value in (1, 2):
            while any(len(s) < value for s in seen):  # every viewer has the previous text
                await asyncio.sleep(0.01)
            fake.value = value
        await asyncio.gather(*tasks)
        await asyncio.sleep(0.2)  # the poller lingers, then stops
        assert board.feeds == {}
        return seen

    seen = asyncio.run(scenario())
    assert all(s == ["public:7:0", "public:7:1", "public:7:2"] for s in seen)
    assert fake.computed == {PUBLIC: 3}


def test_a_new_view_is_computed_at_once_and_unchanged_text_is_not_resent() -> None:
    fake = FakeStore()

    async def scenario() -> tuple[str | None, str | None, str | None]:
        board = Hub(fake.marker, fake.compute, interval=10)  # ticks never come by themselves
        async with board.watch(3, PUBLIC) as public:
            first = await public.next(2)
            async with board.watch(3, FULL) as full:
                organiser = await full.next(2)  # not 10 s later: the new view pokes the poller
            quiet = await public.next(0.1)
        return first, organiser, quiet

    first, organiser, quiet = asyncio.run(scenario())
    assert (first, organiser, quiet) == ("public:3:0", "full:3:0", None)


def test_each_event_loop_has_its_own_hub() -> None:
    async def one() -> Hub:
        return hub(lambda: Hub(FakeStore().marker, FakeStore().compute))

    assert asyncio.run(one()) is not asyncio.run(one())


def test_the_store_hub_sends_a_verdict_to_every_view(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    cid, student = contest.id or 0, world.students[1][1]
    run = submit(db, contest, student, world.tasks["divisors"], 12, "", status=QUEUED)

    async def scenario() -> dict[str, list[dict[str, object]]]:
        board = store_hub()
        board.interval = 0.05
        got: dict[str, list[dict[str, object]]] = {}
        async with (board.watch(cid, PUBLIC) as public, board.watch(cid, FULL) as full,
                    board.watch(cid, MONITOR) as monitor):  # fmt: skip
            for view, watcher in ((PUBLIC, public), (FULL, full), (MONITOR, monitor)):
                got[view] = [json.loads(await watcher.next(5) or "{}")]
            run.status, run.verdict, run.judged_at = JUDGED, "AC", run.created_at
            await asyncio.to_thread(_save, db, run)
            for view, watcher in ((PUBLIC, public), (FULL, full), (MONITOR, monitor)):
                got[view].append(json.loads(await watcher.next(5) or "{}"))
        return got

    got = asyncio.run(scenario())
    before, after = got[PUBLIC]
    mine = next(r for r in after["rows"] if r["name"] == "Тимур Ахметов")  # type: ignore[index]
    assert mine["solved"] == 1 and mine["cells"][1] == {"t": "+", "u": "12", "k": "first"}
    assert before["rows"][0]["solved"] == 0  # type: ignore[index]
    assert got[FULL][1]["rows"][0]["name"] == "Тимур Ахметов"  # type: ignore[index]
    assert got[MONITOR][1]["feed"][0]["verdict"] == "AC"  # type: ignore[index]


def _save(db: Session, row: object) -> None:
    db.add(row)
    db.commit()


def test_a_frame_is_one_server_sent_event() -> None:
    assert sse_frame("public", '{"a":1}') == b'event: public\ndata: {"a":1}\n\n'
    assert sse_frame("monitor", "one\ntwo") == b"event: monitor\ndata: one\ndata: two\n\n"
