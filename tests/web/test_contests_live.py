"""The board's server-sent events on a real `sabaq serve`: a sent run shows as pending, its
verdict as solved, on the connection that was already open."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from bench import web_server
from bench.scoreboard import Viewer, judge_run, seed_olympiad, send_run
from models.db import dispose_engines
from models.migrate import upgrade_database

pytestmark = pytest.mark.slow


async def _next_event(viewer: Viewer, after: int, timeout: float = 15.0) -> dict[str, object]:
    """The first event after the first `after` events (waiting at most `timeout` seconds)."""
    async with asyncio.timeout(timeout):
        while len(viewer.events) <= after:
            viewer.arrived.clear()
            await viewer.arrived.wait()
    return json.loads(viewer.events[after][1])  # type: ignore[no-any-return]


def _cell(board: dict[str, object], name: str, task: int) -> dict[str, str] | None:
    row = next(r for r in board["rows"] if r["name"] == name)  # type: ignore[attr-defined]
    return row["cells"][task]  # type: ignore[no-any-return]


def test_the_board_stream_delivers_a_verdict(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    upgrade_database(url)
    seeded = seed_olympiad(url, tmp_path, schools=3, per_school=2)
    name = seeded.students[3][2]
    with web_server.serve(url, tmp_path) as server:
        host, port = server.url.removeprefix("http://").split(":")

        async def scenario() -> list[dict[str, str]]:
            viewer = Viewer(host, int(port), f"/contests/{seeded.contest_id}/board/events")
            task = asyncio.create_task(viewer.run())
            try:
                first = await _next_event(viewer, 0)
                run = await asyncio.to_thread(send_run, url, seeded, 3, 1)
                pending = await _next_event(viewer, 1)
                await asyncio.to_thread(judge_run, url, run, "AC")
                judged = await _next_event(viewer, 2)
            finally:
                task.cancel()
            return [_cell(b, name, 1) for b in (first, pending, judged)]

        cells = asyncio.run(scenario())
    dispose_engines()
    assert cells[0] is None  # untouched
    assert cells[1] == {"t": "?1", "u": "", "k": "pending"}
    assert cells[2]["t"] == "+" and cells[2]["k"] == "first"
