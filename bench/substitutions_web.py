"""The substitution pages through the app: the deputy's morning and what people then open.

    python -m bench.substitutions_web [--days 5] [--seed 1]

A fresh demo store (`tests.web.conftest.build_demo_store`) and the app in this process
(`litestar.testing.TestClient`, no network). For `--days` random weekdays of term 1, with 3
then 8 random teachers of that day absent, the deputy (login `timetable`) adds the absences
through the form, opens the day board, plans the day, opens one cover's candidates, changes it
to the first candidate without a clash, and publishes. Then the demo teacher opens their day
and week, and a calendar app fetches the teacher's and a class's feeds (both with covers of
published days). Each request is timed from the call to the response; medians and maxima per
step are printed. Page times depend on the shared machine: compare runs of one session only.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from models.db import session_scope
from substitutions.services import cover_candidates, day_board
from substitutions.store import load_day
from tests.web.conftest import build_demo_store, login
from web.services.calendars import token_for

Timings = dict[str, list[float]]


def _timed(timings: Timings, step: str, call: Callable[[], Any]) -> Any:
    t0 = time.perf_counter()
    answer = call()
    timings[step].append(time.perf_counter() - t0)
    assert answer.status_code < 400, (step, answer.status_code)
    return answer


def _post(client: TestClient[Any], url: str, form: dict[str, str]) -> Any:
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(url, data={"_csrf_token": token, **form}, follow_redirects=False)


def _days(rnd: random.Random, n: int) -> list[date]:
    first = date(2026, 9, 1)
    days = [first + timedelta(days=i) for i in range(55)]
    return rnd.sample([d for d in days if d.weekday() < 6], n)


def _morning(deputy: TestClient[Any], day: date, absent: list[str], timings: Timings) -> None:
    iso = day.isoformat()
    for code in absent:
        form = {"date": iso, "kind": "teacher", "teacher": code, "starts_on": iso}
        _timed(timings, "add absence (POST)",
               lambda f=form: _post(deputy, "/substitutions/absences", f))  # fmt: skip
    _timed(timings, "day board before the plan", lambda: deputy.get(f"/substitutions?date={iso}"))
    _timed(
        timings, "plan the day (POST)", lambda: _post(deputy, "/substitutions/plan", {"date": iso})
    )
    _timed(timings, "day board with the plan", lambda: deputy.get(f"/substitutions?date={iso}"))
    with session_scope() as db:
        school_id = load_day(db, school_id=1, day=day).school.id or 1
        cover = next(c for c in day_board(db, school_id=school_id, day=day).covers
                     if c.role == "affected")  # fmt: skip
        other = next((o for o in cover_candidates(db, school_id=school_id, cover_id=cover.id)
                      if not o.current and o.clash is None), None)  # fmt: skip
    _timed(timings, "a cover's candidates", lambda: deputy.get(f"/substitutions/covers/{cover.id}"))
    if other is not None:
        form = {"action": other.action, "substitute_id": str(other.substitute_id or "")}
        _timed(timings, "change a cover (POST)",
               lambda: _post(deputy, f"/substitutions/covers/{cover.id}", form))  # fmt: skip
    _timed(
        timings, "publish (POST)", lambda: _post(deputy, "/substitutions/publish", {"date": iso})
    )


def _readers(teacher: TestClient[Any], day: date, timings: Timings) -> None:
    iso = day.isoformat()
    _timed(timings, "teacher's day with covers",
           lambda: teacher.get(f"/my/timetable?view=today&on={iso}"))  # fmt: skip
    _timed(timings, "teacher's week with covers", lambda: teacher.get(f"/my/timetable?on={iso}"))
    with session_scope() as db:
        feeds = [token_for(db, school_id=1, kind=k, ref=r).token
                 for k, r in (("teacher", "T001"), ("class", "2А"))]  # fmt: skip
    _timed(timings, "teacher's calendar feed", lambda: teacher.get(f"/ical/{feeds[0]}.ics"))
    _timed(timings, "class's calendar feed", lambda: teacher.get(f"/ical/{feeds[1]}.ics"))


def run(days: int, seed: int) -> dict[int, Timings]:
    """Timings per step for 3 and 8 absent teachers."""
    from web.app import create_app

    rnd = random.Random(seed)
    build_demo_store(Path(tempfile.mkdtemp(prefix="bench-subs-web-")))
    out: dict[int, Timings] = {}
    app = create_app()
    with TestClient(app) as deputy, TestClient(app) as teacher:
        login(deputy, "timetable")
        login(teacher, "teacher")
        for n in (3, 8):
            timings: Timings = defaultdict(list)
            for day in _days(rnd, days):
                with session_scope() as db:
                    cp = load_day(db, school_id=1, day=day).problem
                working = sorted({cp.teachers[t].code for ls in cp.lessons for t in ls.teachers})
                away = rnd.sample([c for c in working if c != "T001"], n)
                _morning(deputy, day, away, timings)
                _readers(teacher, day, timings)
            out[n] = timings
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--days", type=int, default=5)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    for n, timings in run(args.days, args.seed).items():
        print(f"\n{n} teachers absent ({args.days} days)")
        print(f"{'step':<30} {'median ms':>10} {'max ms':>8}")
        for step, values in timings.items():
            ms = [v * 1000 for v in values]
            print(f"{step:<30} {statistics.median(ms):>10.0f} {max(ms):>8.0f}")


if __name__ == "__main__":
    main()
