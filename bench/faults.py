"""Fault drills (issue 10): kill -9 a web process, a job worker mid-judge and mid-e-mail batch,
cut the PostgreSQL connections, fill the disk, make the store read-only. Each prints PASS or
FAIL with its evidence.

    python -m bench.faults                          # every drill that can run here
    python -m bench.faults web judge mail           # some of them
    eval "$(bash .ci/postgres.sh)"; python -m bench.faults pg web --postgres

The drills shorten the stale-job timeout (SABAQ_JOB_STALE_S, default 300 s) and the
interrupted-e-mail timeout (SABAQ_SENDING_STALE_S, default 900 s) so they finish in minutes;
a worker looks for stale work every 60 s. Disk-full and read-only need root (a small tmpfs is
mounted, then filled or remounted read-only).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import signal
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bench.load_faults import judge_drill, mail_drill, workers_of
from bench.load_storage import disk_full_drill, read_only_drill
from bench.load_writes import lost_writes, write_load, writer_accounts
from bench.postgres import drop_postgres, fresh_postgres
from bench.web_server import serve
from models.db import dispose_engines
from tests.web.conftest import build_demo_store

Result = tuple[bool, list[str]]


def verdict(name: str, result: Result) -> bool:
    """Prints the drill's PASS/FAIL line and its evidence; returns whether it passed."""
    ok, evidence = result
    print(f"{'PASS' if ok else 'FAIL'} {name}")
    for line in evidence:
        print(f"     {line}")
    return ok


def _server_errors(statuses: dict[int, int]) -> int:
    return sum(n for status, n in statuses.items() if status >= 500)


def web_drill(tmp: Path, url: str, seconds: float = 20.0) -> Result:
    """kill -9 one of two web processes while 8 teachers write; the rest keep serving."""
    store = build_demo_store(tmp, url)
    accounts = writer_accounts(store.school_code, 8)
    dispose_engines()
    with serve(store.url, store.data_dir, web_processes=2) as server:
        before = workers_of(server.pid)

        async def drill() -> tuple[object, float, int]:
            load = asyncio.create_task(write_load(server.url, accounts, seconds))
            await asyncio.sleep(seconds / 3)
            victim = before[-1]  # one of the two uvicorn server processes
            os.kill(victim, signal.SIGKILL)
            killed_at = time.monotonic()
            return await load, killed_at, victim

        writes, killed_at, victim = asyncio.run(drill())
        after = workers_of(server.pid)
    lost = lost_writes(store.url, writes.accepted)  # type: ignore[attr-defined]
    statuses = dict(writes.statuses)  # type: ignore[attr-defined]
    later = writes.accepted_after(killed_at + 1.0)  # type: ignore[attr-defined]
    evidence = [
        f"server processes before {before}, killed {victim}, after {after}",
        f"answers {statuses} (0: connection cut); accepted {len(writes.accepted)}, "  # type: ignore[attr-defined]
        f"{later} of them more than 1 s after the kill",
        f"accepted writes missing from the store: {len(lost)} {lost[:5]}",
    ]
    return not lost and later > 0 and not _server_errors(statuses), evidence


TERMINATE = (
    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
)


def pg_drill(tmp: Path, url: str, seconds: float = 24.0) -> Result:
    """Every PostgreSQL connection of the store terminated three times during the writes."""
    import psycopg

    store = build_demo_store(tmp, url)
    accounts = writer_accounts(store.school_code, 8)
    dispose_engines()
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    cut: list[int] = []
    last_cut: list[float] = []
    with serve(store.url, store.data_dir, web_processes=3) as server:

        async def drill() -> object:
            load = asyncio.create_task(write_load(server.url, accounts, seconds))
            for _ in range(3):
                await asyncio.sleep(seconds / 4)
                with psycopg.connect(plain, autocommit=True) as conn:
                    rows = conn.execute(TERMINATE).fetchall()
                cut.append(len(rows))
            last_cut.append(time.monotonic())
            return await load

        writes = asyncio.run(drill())
    lost = lost_writes(store.url, writes.accepted)  # type: ignore[attr-defined]
    statuses = dict(writes.statuses)  # type: ignore[attr-defined]
    later = writes.accepted_after(last_cut[-1] + 1.0)  # type: ignore[attr-defined]
    told = statuses.get(503, 0)
    evidence = [
        f"connections terminated at {seconds / 4:.0f}, {seconds / 2:.0f}, "
        f"{3 * seconds / 4:.0f} s: {cut}",
        f"answers {statuses} (503: the request whose connection was cut, told to try again); "
        f"accepted {len(writes.accepted)}, {later} more than 1 s after the last cut",  # type: ignore[attr-defined]
        f"accepted writes missing from the store: {len(lost)} {lost[:5]}",
    ]
    bare = _server_errors(statuses) - told
    return not lost and not bare and told <= sum(cut) and later > 0, evidence


DRILLS: dict[str, Callable[[Path, str], Result]] = {
    "web": web_drill,
    "judge": judge_drill,
    "mail": mail_drill,
    "pg": pg_drill,
    "disk-full": disk_full_drill,
    "read-only": read_only_drill,
}
NEEDS_PG = {"pg"}
SQLITE_ONLY = {"disk-full", "read-only"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("drills", nargs="*", choices=[[], *DRILLS], default=[])
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="run on a fresh database of SABAQ_TEST_POSTGRES_URL's server",
    )
    args = parser.parse_args()
    base = os.environ.get("SABAQ_TEST_POSTGRES_URL", "")
    if args.postgres and not base:
        parser.error('--postgres needs SABAQ_TEST_POSTGRES_URL (eval "$(bash .ci/postgres.sh)")')
    os.environ.update(
        SABAQ_JOB_STALE_S="20",
        SABAQ_SENDING_STALE_S="10",
        SABAQ_RATE_LIMITS="off",
        SABAQ_FIRST_LOGIN_TOUR="0",
    )
    chosen = args.drills or [d for d in DRILLS if d not in NEEDS_PG or base]
    failed = []
    for name in chosen:
        on_pg = args.postgres or name in NEEDS_PG
        if on_pg and name in SQLITE_ONLY:
            continue
        url = fresh_postgres(base) if on_pg else ""
        started = time.monotonic()
        try:
            with tempfile.TemporaryDirectory(prefix=f"sabaq-fault-{name}-") as tmp:
                result = DRILLS[name](Path(tmp), url)
        finally:
            dispose_engines()
            if url:
                drop_postgres(base, url)
        store = "PostgreSQL" if on_pg else "SQLite"
        if not verdict(f"{name} ({store}, {time.monotonic() - started:.0f} s)", result):
            failed.append(name)
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()
