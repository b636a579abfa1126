"""A hand move through the web app on the demo school: colour the grid, check the drop, apply.

    python -m bench.web_move [--moves 200] [--seed 5]

Builds a fresh SQLite store in a temporary folder (the demo school and its planted timetable,
the demo logins), starts the app in this process with Litestar's TestClient, logs in as the
timetable staff and times, per HTTP request, end to end (routing, CSRF, session, store reads,
the move check, JSON):

- the first drop check of a version in a fresh process ("cold": the version is read from the
  store, its problem built, the timetable validated once);
- `GET /api/office/versions/N/cells` (the colours while dragging, swaps judged too);
- `POST /api/office/versions/N/check` for a random move and for a drop on another lesson of
  the class (a swap), "warm" (the version is cached in the process);
- `POST /office/versions/N/apply` (the move saved as a new version) and the edit page after it.

Issue 4's target: a drag-and-drop move validated and shown in < 200 ms.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from examples.demo_school import demo_planted


def _store(folder: Path) -> tuple[str, str]:
    """The demo school and its planted timetable in a new store; returns (url, school code)."""
    os.environ["DATABASE_URL"] = url = f"sqlite:///{folder / 'bench.db'}"
    os.environ["SABAQ_DATA_DIR"] = str(folder)
    from models.db import session_scope
    from models.migrate import upgrade_database
    from models.school_data import apply_snapshot
    from models.timetables import publish_timetable, save_timetable
    from web.demo_accounts import create_demo_accounts

    upgrade_database(url)
    snapshot, placed = demo_planted()
    with session_scope() as db:
        apply_snapshot(db, snapshot, source="bench")
        version = save_timetable(
            db, school_code=snapshot.school.code, placements=placed, status="feasible",
            objective=None, source="planted", meta={},
        )  # fmt: skip
        publish_timetable(db, school_code=snapshot.school.code, version=version.number)
        create_demo_accounts(db, school_code=snapshot.school.code)
    return url, snapshot.school.code


def _login(client: TestClient[Any]) -> str:
    from web.demo_accounts import DEMO_PASSWORD

    client.get("/login")
    token = client.cookies.get("sabaq_csrf") or ""
    answer = client.post("/login", data={"login": "timetable", "password": DEMO_PASSWORD,
                                         "_csrf_token": token}, follow_redirects=False)  # fmt: skip
    assert answer.status_code == 303, answer.text[:300]
    return token


def _ms(call: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    out = call()
    return (time.perf_counter() - start) * 1000, out


def _line(name: str, times: list[float]) -> str:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return (f"| {name} | {len(times)} | {statistics.median(times):.1f} | {p95:.1f} | "
            f"{ordered[-1]:.1f} |")  # fmt: skip


class _Drops:
    """Random drops on the demo school's class grids: (class code, lesson, day, period)."""

    def __init__(self, school_code: str, seed: int) -> None:
        from importers.grids import Timetable
        from models.db import session_scope
        from models.school_data import read_snapshot
        from models.timetables import load_timetable

        # built apart from the app's caches (same ids), so the app's first check stays cold
        with session_scope() as db:
            snapshot = read_snapshot(db, school_code=school_code, version=1)
            placed = load_timetable(db, school_code=school_code, version=1)
        self.tt = Timetable.from_snapshot(snapshot, placed)
        self.rng = random.Random(seed)

    def move(self) -> dict[str, Any]:
        problem, placements = self.tt.problem, self.tt.placements
        p = self.rng.choice(placements)
        lesson = problem.lessons[p.lesson]
        owner = problem.classes[problem.audience_classes(lesson)[0]].code
        start = self.rng.choice(problem.starts(lesson))
        day = self.rng.randrange(len(problem.days))
        return {"kind": "class", "code": owner, "lesson": p.lesson, "day": day, "period": start}

    def swap(self) -> dict[str, Any]:
        problem, placements = self.tt.problem, self.tt.placements
        a = self.rng.choice(placements)
        klass = problem.audience_classes(problem.lessons[a.lesson])[0]
        mates = [
            q
            for q in placements
            if (q.day, q.period) != (a.day, a.period)
            and klass in problem.audience_classes(problem.lessons[q.lesson])
        ]
        b = self.rng.choice(mates)
        code = problem.classes[klass].code
        return {"kind": "class", "code": code, "lesson": a.lesson, "day": b.day, "period": b.period}


def run(moves: int, seed: int) -> list[str]:
    """Time every step over `moves` random drops; returns markdown table rows."""
    from web.app import create_app

    with tempfile.TemporaryDirectory(prefix="sabaq-bench-") as folder:
        _, code = _store(Path(folder))
        with TestClient(create_app()) as client:
            token = _login(client)
            headers = {"x-csrftoken": token}
            check = "/api/office/versions/1/check"
            drops = _Drops(code, seed)
            opening = drops.move()
            grid = f"/office/versions/1/edit/class/{opening['code']}"
            cold_ms, first = _ms(lambda: client.get(grid))
            assert first.status_code == 200, first.text[:300]
            first_ms, first = _ms(lambda: client.post(check, json=opening, headers=headers))
            assert first.status_code == 200, first.text
            times: dict[str, list[float]] = {"cells": [], "move": [], "swap": []}
            for _ in range(moves):
                drop = drops.move()
                ms, answer = _ms(lambda d=drop: client.get(  # type: ignore[misc]
                    "/api/office/versions/1/cells",
                    params={k: d[k] for k in ("kind", "code", "lesson")}))  # fmt: skip
                assert answer.status_code == 200, answer.text
                times["cells"].append(ms)
                for name, body in (("move", drop), ("swap", drops.swap())):
                    ms, answer = _ms(lambda b=body: client.post(check, json=b, headers=headers))  # type: ignore[misc]
                    assert answer.status_code == 200, answer.text
                    times[name].append(ms)
            applied, pages = [], []
            for _ in range(5):
                drop = drops.swap()
                form = {**{k: str(v) for k, v in drop.items()}, "_csrf_token": token}
                ms, answer = _ms(lambda f=form: client.post("/office/versions/1/apply", data=f,
                                                            follow_redirects=False))  # type: ignore[misc]  # fmt: skip
                assert answer.status_code == 303, answer.text[:500]
                applied.append(ms)
                ms, page = _ms(lambda a=answer: client.get(a.headers["location"]))  # type: ignore[misc]
                assert page.status_code == 200
                pages.append(ms)
    return [
        _line("GET edit page, version not yet read (cold: read, build, validate)", [cold_ms]),
        _line("POST check, the first drop after opening the page", [first_ms]),
        _line("GET cells (colours while dragging, swaps judged)", times["cells"]),
        _line("POST check, one move (warm)", times["move"]),
        _line("POST check, drop on another lesson = swap (warm)", times["swap"]),
        _line("POST apply (saved as a new version)", applied),
        _line("GET edit page of the new version (cold version)", pages),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=200)
    parser.add_argument("--seed", type=int, default=5)
    args = parser.parse_args()
    rows = run(args.moves, args.seed)
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"Python {platform.python_version()}, {os.cpu_count()} CPUs, load average {load:.1f}")
    print("| request | runs | median ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|")
    print("\n".join(rows))


if __name__ == "__main__":
    main()
