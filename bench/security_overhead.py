"""What the security controls cost: the rate-limit check, the guards on a request, a data export
and the anonymisation of leavers.

    python -m bench.security_overhead            # prints a table for docs/benchmarks.md

1. `InMemoryWindows.check` alone: calls per second with two keys (address + account) spread
   over 10,000 clients, and the memory of 200,000 distinct addresses (the key cap).
2. One request through the app (in-process TestClient on the demo store): GET /search/suggest
   as a student with the limits on (scaled up so none refuses) and off, median and p95 of 300.
3. The data export of one demo student (collect + zip) and its size.
4. Anonymising 50 leavers of the demo school in one run (the retention job's work).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
import tracemalloc
from datetime import timedelta
from pathlib import Path

from sqlmodel import col, select

from models.base import utcnow
from models.db import session_scope
from models.people import Student
from models.privacy_export import collect, export_zip
from models.privacy_retention import run_retention
from tests.web.conftest import _point_at, build_demo_store, login
from web.security.policies import Limit
from web.security.ratelimit import InMemoryWindows


def windows_rate(calls: int = 300_000) -> tuple[float, float]:
    """(checks per second, MiB for 200,000 one-call addresses)."""
    windows = InMemoryWindows()
    ip, account = Limit(600, 60), Limit(10, 60)
    start = time.perf_counter()
    for n in range(calls):
        windows.check([(f"ip:{n % 10_000}", ip), (f"account:{n % 10_000}", account)])
    rate = calls / (time.perf_counter() - start)
    tracemalloc.start()
    flood = InMemoryWindows()
    for n in range(200_000):
        flood.check([(f"ip:10.{n >> 16}.{(n >> 8) & 255}.{n & 255}", ip)])
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return rate, size / 2**20


def request_times(store_dir: Path, scale: str, n: int = 300) -> tuple[float, float]:
    """(median ms, p95 ms) of GET /search/suggest as the demo student."""
    from litestar.testing import TestClient

    from web.app import create_app

    os.environ["SABAQ_RATE_LIMITS"] = scale
    _point_at(f"sqlite:///{store_dir / 'store.db'}", store_dir)
    with TestClient(create_app()) as client:
        login(client, "student")
        client.get("/search/suggest?q=python")  # the index is built on the first search
        times = []
        for _ in range(n):
            start = time.perf_counter()
            assert client.get("/search/suggest?q=python").status_code == 200
            times.append((time.perf_counter() - start) * 1000)
    times.sort()
    return statistics.median(times), times[int(0.95 * len(times)) - 1]


def export_time() -> tuple[float, int]:
    """(seconds, bytes) of one demo student's export."""
    with session_scope() as db:
        student = db.exec(select(Student).order_by(col(Student.id))).first()
        assert student is not None and student.id is not None
        start = time.perf_counter()
        data = collect(db, school_id=student.school_id, student_id=student.id, full=True)
        body = export_zip(data, made_at=utcnow(), readme="bench")
        return time.perf_counter() - start, len(body)


def anonymise_time(count: int = 50) -> tuple[float, int]:
    """(seconds, students) to anonymise `count` leavers who left four years ago."""
    with session_scope() as db:
        students = db.exec(select(Student).order_by(col(Student.id)).limit(count)).all()
        left = utcnow() - timedelta(days=4 * 366)
        for s in students:
            s.deleted_at = left
            db.add(s)
        school_id = students[0].school_id
    with session_scope() as db:
        start = time.perf_counter()
        summary = run_retention(db, school_id=school_id)
        seconds = time.perf_counter() - start
    return seconds, len(summary["anonymised"])


def main() -> None:
    rate, mib = windows_rate()
    print(f"| window check, 2 keys over 10,000 clients | {rate:,.0f} checks/s "
          f"({1e6 / rate:.1f} us each) |")  # fmt: skip
    print(f"| 200,000 distinct addresses held | {mib:.0f} MiB |")
    store_dir = Path(tempfile.mkdtemp(prefix="bench-security-"))
    build_demo_store(store_dir)
    for scale in ("off", "1000"):
        median, p95 = request_times(store_dir, scale)
        print(
            f"| GET /search/suggest, limits {scale:>4} | median {median:.2f} ms, p95 {p95:.2f} ms |"
        )
    seconds, size = export_time()
    print(
        f"| one student's export (collect + zip) | {seconds * 1000:.0f} ms, {size / 1024:.0f} KiB |"
    )
    seconds, done = anonymise_time()
    print(
        f"| anonymise {done} leavers in one run | {seconds:.2f} s "
        f"({seconds / done * 1000:.0f} ms each) |"
    )


if __name__ == "__main__":
    main()
