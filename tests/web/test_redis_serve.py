"""Redis mode end to end over real processes: two `sabaq serve` on one store and one Redis; a
generation asked of the first is announced by that web process after its commit, taken from its
Dramatiq message by a worker, and its progress and end reach the event streams of both."""

from __future__ import annotations

import json
import os
import queue
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from bench import web_server
from models.db import dispose_engines
from models.settings import get_settings
from tests.web.conftest import build_demo_store
from tests.web.redis_support import Running, redis_for_tests, use_redis
from web.broker import SOLVE
from web.jobs.context import JobContext
from web.settings import get_web_settings, redis_url

pytestmark = pytest.mark.slow


@pytest.fixture
def demo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Path]]:
    for name in ("DATABASE_URL", "SABAQ_DATA_DIR"):  # restored after the test
        monkeypatch.setenv(name, os.environ.get(name, ""))
    store = build_demo_store(tmp_path)
    yield store.url, tmp_path
    dispose_engines()
    get_settings.cache_clear()
    get_web_settings.cache_clear()
    redis_url.cache_clear()


def _follow(client: httpx.Client, path: str, out: queue.Queue[tuple[str, dict[str, Any]]]) -> None:
    with client.stream("GET", path, timeout=120) as response:
        event = ""
        for line in response.iter_lines():
            if line.startswith("event:"):
                event = line[6:].strip()
            elif line.startswith("data:"):
                out.put((event, json.loads(line[5:])))
                if event == "end":
                    return


def test_two_web_processes_follow_a_job_run_from_its_message(
    demo: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    url, data_dir = demo
    redis = redis_for_tests()
    use_redis(monkeypatch, redis)  # the servers inherit it
    shown = threading.Event()

    def solve(ctx: JobContext) -> dict[str, Any]:  # a stand-in: no CPU for a real solve
        ctx.report({"phase": "search", "elapsed": 1.0, "best": 42})
        shown.wait(60)  # until both web processes showed the progress
        return {}

    with (
        web_server.serve(url, data_dir) as first,
        web_server.serve(url, data_dir) as second,
        Running(redis, url, {"solve": solve}, (SOLVE,)) as consumers,
    ):
        one = httpx.Client(base_url=first.url)
        one.get("/login")
        login = {"login": "timetable", "password": "sabaq-demo",
                 "_csrf_token": one.cookies.get("sabaq_csrf") or ""}  # fmt: skip
        assert one.post("/login", data=login).status_code == 303
        form = {"time_limit": "5", "seed": "0", "_csrf_token": one.cookies.get("sabaq_csrf") or ""}
        job_page = one.post("/office/generate", data=form).headers["location"]
        two = httpx.Client(base_url=second.url, cookies=one.cookies)  # one secret key: one login
        streams: list[queue.Queue[tuple[str, dict[str, Any]]]] = [queue.Queue(), queue.Queue()]
        readers = [
            threading.Thread(target=_follow, args=(c, f"{job_page}/events", q), daemon=True)
            for c, q in zip((one, two), streams, strict=True)
        ]
        for reader in readers:
            reader.start()
        try:
            seen: list[list[tuple[str, dict[str, Any]]]] = [[], []]
            for n, stream in enumerate(streams):
                while not seen[n] or seen[n][-1][1].get("best") != 42:
                    seen[n].append(stream.get(timeout=60))
        finally:
            shown.set()
        for n, stream in enumerate(streams):
            while seen[n][-1][0] != "end":
                seen[n].append(stream.get(timeout=60))
    assert consumers.ran == 1  # the worker took it from the message of the first web process
    for events in seen:
        assert events[-1][0] == "end" and events[-1][1]["status"] == "done"
        assert any(e[1]["phase"] == "search" and e[1]["best"] == 42 for e in events)
