"""Editing the school's data in forms through the web app, on the demo school.

    python -m bench.data_edit [--saves 10]

Builds a fresh SQLite store (the demo school: 66 teachers, 27 classes, 410 lesson
requirements, 700 students and 700 parents), starts the app in this process with Litestar's
TestClient, logs in as the timetable staff and times each HTTP request end to end: the pages,
a teacher saved as a new data version, and a refused save. Then the parts of a save, called
directly: reading the snapshot, the import checks, storing the version, the data checks.
"""

from __future__ import annotations

import argparse
import dataclasses
import platform
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from litestar.testing import TestClient

from bench.web_move import _line, _login, _ms, _store

FORM = {"content-type": "application/x-www-form-urlencoded"}


def _teacher_form(client: TestClient[Any], token: str, per_day: int) -> str:
    from models.db import session_scope
    from web.services.data_edit import form_for, load
    from web.services.data_edit_teachers import TEACHERS

    with session_scope() as db:
        data = load(db, school_id=1)
        values = form_for(data, TEACHERS, "T001")
    pairs = [("_csrf_token", token), ("_form", "teachers")]
    for name, value in values.items():
        pairs += [(name, v) for v in (value if isinstance(value, list) else [value])]
    return urlencode([(k, v) for k, v in pairs if k != "max_per_day"] + [("max_per_day", per_day)])


def _post(client: TestClient[Any], body: str) -> tuple[float, Any]:
    start = time.perf_counter()
    answer = client.post("/data/teachers/edit?code=T001", content=body, headers=FORM,
                         follow_redirects=False)  # fmt: skip
    return (time.perf_counter() - start) * 1000, answer


def _get(client: TestClient[Any], url: str, runs: int) -> list[float]:
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        out.append((time.perf_counter() - start) * 1000)
    return out


def _requests(client: TestClient[Any], token: str, saves: int) -> list[str]:
    rows = [_line("GET /data (data checks not yet cached)", _get(client, "/data", 1))]
    for name, url in (
        ("GET /data (cached)", "/data"),
        ("GET /data/teachers", "/data/teachers"),
        ("GET /data/teachers?q=", "/data/teachers?q=%D0%BC%D0%B0"),
        ("GET teacher form (grid 6 days x 13 periods)", "/data/teachers/edit?code=T001"),
        ("GET lesson load of a class", "/data/lessons?class=7%D0%90"),
        ("GET lesson form", "/data/lessons/edit?code=7%D0%90-ALG"),
    ):
        rows.append(_line(name, _get(client, url, 5)))
    saved, refused = [], []
    for i in range(saves):
        ms, answer = _post(client, _teacher_form(client, token, 3 + i % 2))
        assert answer.status_code == 303, answer.text[:500]
        saved.append(ms)
        ms, answer = _post(client, _teacher_form(client, token, 99))
        assert answer.status_code == 400
        refused.append(ms)
    rows.append(_line("POST teacher saved as a new data version", saved))
    rows.append(_line("POST teacher refused (max per day 99), nothing written", refused))
    return rows


def _one_save(school_code: str, per_day: int, timed: dict[str, list[float]]) -> None:
    """The parts of one save, each timed on its own, as `data_edit.store_edit` runs them."""
    from models.changes import diff_snapshots
    from models.db import session_scope
    from models.school_data import apply_snapshot, read_snapshot
    from models.snapshot_check import check_snapshot
    from solver.checks import check_problem
    from solver.store import problem_from_snapshot

    def step(name: str, call: Callable[[], Any]) -> Any:
        ms, out = _ms(call)
        timed.setdefault(name, []).append(ms)
        return out

    with session_scope() as db:
        snap = step("read_snapshot (live rows)", lambda: read_snapshot(db, school_code=school_code))
        t = dataclasses.replace(snap.teachers[1], max_per_day=per_day)
        edited = dataclasses.replace(snap, teachers=(snap.teachers[0], t, *snap.teachers[2:]))
        step("check_snapshot", lambda: check_snapshot(edited))
        problem = step("problem_from_snapshot", lambda: problem_from_snapshot(edited))
        step("diff_snapshots (apply_snapshot runs one)", lambda: diff_snapshots(snap, edited))
        step("check_problem (data checks)", lambda: check_problem(problem))
        step("apply_snapshot (new data version)",
             lambda: apply_snapshot(db, edited, source="bench"))  # fmt: skip


def _parts(school_code: str, runs: int) -> list[str]:
    timed: dict[str, list[float]] = {}
    for i in range(runs):
        _one_save(school_code, 3 + i % 2, timed)
    return [_line(name, times) for name, times in timed.items()]


def main() -> None:
    """Print markdown tables: median and p95 milliseconds per request and per part of a save."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sabaq-bench-") as folder:
        url, school_code = _store(Path(folder))
        from web.app import create_app

        with TestClient(create_app()) as client:
            token = _login(client)
            start = time.perf_counter()
            rows = _requests(client, token, args.saves)
            parts = _parts(school_code, args.saves)
            total = time.perf_counter() - start
    print(f"python {platform.python_version()}, {platform.machine()}, store {url.split(':')[0]}")
    print("\n| request | runs | median ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|")
    print("\n".join(rows))
    print("\n| part of a save | runs | median ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|")
    print("\n".join(parts))
    print(f"\n{total:.1f} s in all")


if __name__ == "__main__":
    main()
