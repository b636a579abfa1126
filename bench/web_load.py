"""Timetable pages under load: N logged-in users each asking for a page every second.

    python -m bench.web_load                       # 100 users, 60 s, 1 page/s each
    python -m bench.web_load --users 100 --seconds 60 --rate 1 --web-processes 1

A fresh demo store (the web tests' `build_demo_store`) gets one account per simulated user
(teachers, students, parents and staff, each linked to a real person of the demo school);
`sabaq serve` runs in its own process on loopback. Every user is an httpx.AsyncClient with its
own cookies, logged in through the form. The load is open-loop: each user's requests are sent
on a fixed schedule (user i starts i/N s into the first second), whether or not earlier answers
came back, so a slow server does not lower the offered load. Latency is measured from the send
and, to show client-side lateness too, from the scheduled moment.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import resource
import statistics
import subprocess
import tempfile
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
from sqlmodel import Session, col, select

from bench.web_server import cpu_seconds, cpu_wait_seconds, serve
from models.account_services import create_account
from models.accounts import (
    COUNSELLOR,
    PARENT,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
    TIMETABLER,
)
from models.classes import SchoolClass
from models.db import dispose_engines, session_scope
from models.people import Guardianship, Student, Teacher
from models.school_data import get_school
from tests.web.conftest import build_demo_store
from web.demo_accounts import DEMO_PASSWORD

# Share of simulated users per role: teachers, students, parents, then school staff.
MIX = ((TEACHER, 0.40), (STUDENT, 0.25), (PARENT, 0.25))
STAFF = (TIMETABLER, SCHOOL_ADMIN, PSYCHOLOGIST, COUNSELLOR)
MY_WEEK, MY_TODAY, CLASS, TEACHER_GRID = "my week", "my today", "class week", "teacher week"
PAGES = {
    TEACHER: (MY_WEEK, MY_TODAY, CLASS, TEACHER_GRID),
    STUDENT: (MY_WEEK, MY_TODAY),
    PARENT: (MY_WEEK, MY_TODAY),
}
STAFF_PAGES = (CLASS, TEACHER_GRID)  # staff have no week of their own
TIMEOUT_S = 30.0


@dataclass(frozen=True)
class User:
    login: str
    role: str


@dataclass(frozen=True)
class Sample:
    page: str
    scheduled: float  # perf_counter seconds
    sent: float
    done: float
    status: int  # 0: no answer (timeout or connection error)


def _role_counts(users: int) -> list[tuple[str, int]]:
    counts = [(role, round(users * share)) for role, share in MIX]
    staff = users - sum(n for _, n in counts)
    return counts + [(STAFF[i % len(STAFF)], 1) for i in range(max(0, staff))]


def _people(db: Session, sid: int) -> tuple[dict[str, list[int]], list[str], list[str]]:
    """Ids of the school's teachers, students and parents (with children); class, teacher codes."""
    classes = db.exec(select(SchoolClass.code).where(SchoolClass.school_id == sid)).all()
    teachers = db.exec(
        select(Teacher).where(Teacher.school_id == sid).order_by(col(Teacher.id))
    ).all()
    students = db.exec(
        select(Student.id).where(Student.school_id == sid).order_by(col(Student.id))
    ).all()
    parents = db.exec(
        select(Guardianship.parent_id).where(Guardianship.school_id == sid).distinct()
    ).all()
    ids = {
        TEACHER: [t.id for t in teachers if t.id is not None],
        STUDENT: [i for i in students if i is not None],
        PARENT: list(parents),
    }
    return ids, list(classes), [t.code for t in teachers]


def make_users(school_code: str, users: int) -> tuple[list[User], list[str], list[str]]:
    """Accounts for the simulated users; returns them and the school's class and teacher codes."""
    with session_scope() as db:
        sid = get_school(db, code=school_code).id
        assert sid is not None
        ids, classes, teachers = _people(db, sid)
        made: list[User] = []
        for role, count in _role_counts(users):
            for index in range(count):
                linked = ids[role][index % len(ids[role])] if role in ids else None
                login = f"load-{role}-{len(made) + 1:03d}"
                create_account(
                    db, school_id=sid, login=login, name=login, role=role, password=DEMO_PASSWORD,
                    teacher_id=linked if role == TEACHER else None,
                    student_id=linked if role == STUDENT else None,
                    parent_id=linked if role == PARENT else None,
                )  # fmt: skip
                made.append(User(login, role))
    return made, classes, teachers


async def log_in(url: str, user: User) -> httpx.AsyncClient:
    """A client with its own cookies, logged in through the login form."""
    client = httpx.AsyncClient(base_url=url, timeout=TIMEOUT_S)
    await client.get("/login")
    form = {"login": user.login, "password": DEMO_PASSWORD,
            "_csrf_token": client.cookies.get("sabaq_csrf") or ""}  # fmt: skip
    answer = await client.post("/login", data=form)
    if answer.status_code != 303:
        raise RuntimeError(f"login of {user.login} answered {answer.status_code}")
    return client


def _path(page: str, rng: random.Random, classes: list[str], teachers: list[str]) -> str:
    if page == MY_WEEK:
        return "/my/timetable"
    if page == MY_TODAY:
        return "/my/timetable?view=today"
    if page == CLASS:
        return f"/timetables/class/{rng.choice(classes)}"
    return f"/timetables/teacher/{rng.choice(teachers)}"


async def _fetch(client: httpx.AsyncClient, page: str, path: str, scheduled: float) -> Sample:
    sent = time.perf_counter()
    try:
        answer = await client.get(path)
        await answer.aread()
        status = answer.status_code
    except httpx.HTTPError:
        status = 0
    return Sample(page, scheduled, sent, time.perf_counter(), status)


async def _one_user(
    client: httpx.AsyncClient, pages: tuple[str, ...], start: float, count: int,
    period: float, rng: random.Random, codes: tuple[list[str], list[str]],
) -> list[Sample]:  # fmt: skip
    """Open loop: request k goes out at start + k * period, answered or not the one before."""
    tasks = []
    for k in range(count):
        scheduled = start + k * period
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        page = rng.choice(pages)
        path = _path(page, rng, *codes)
        tasks.append(asyncio.create_task(_fetch(client, page, path, scheduled)))
    return list(await asyncio.gather(*tasks))


async def run_load(
    clients: list[tuple[User, httpx.AsyncClient]], seconds: float, rate: float, seed: int,
    codes: tuple[list[str], list[str]],
) -> list[Sample]:  # fmt: skip
    """Every user asks for `rate` pages a second for `seconds`; returns every request's timing."""
    period = 1.0 / rate
    start = time.perf_counter() + 0.5
    count, spread = int(seconds * rate), period / len(clients)
    runs = []
    for i, (user, client) in enumerate(clients):
        pages = PAGES.get(user.role, STAFF_PAGES)
        rng = random.Random(seed * 1000 + i)
        runs.append(_one_user(client, pages, start + i * spread, count, period, rng, codes))
    per_user = await asyncio.gather(*runs)
    return [sample for samples in per_user for sample in samples]


def _percentiles(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)
    q = (
        statistics.quantiles(ordered, n=100, method="inclusive")
        if len(ordered) > 1
        else ordered * 99
    )
    return {"n": len(ordered), "p50": q[49], "p95": q[94], "p99": q[98], "max": ordered[-1]}


def summarize(samples: list[Sample], wall_s: float, server_cpu_s: float) -> dict[str, object]:
    """Latency percentiles (ms) overall and per page, throughput, errors, CPU per wall second."""
    ok = [s for s in samples if s.status == 200]
    window = max(s.done for s in samples) - min(s.scheduled for s in samples)
    by_page: dict[str, list[float]] = defaultdict(list)
    for s in ok:
        by_page[s.page].append((s.done - s.sent) * 1000)
    return {
        "requests": len(samples),
        "errors": len(samples) - len(ok),
        "statuses": sorted({s.status for s in samples}),
        "throughput_per_s": len(ok) / window,  # first scheduled send to last answer
        "from_send_ms": _percentiles([(s.done - s.sent) * 1000 for s in ok]),
        "from_schedule_ms": _percentiles([(s.done - s.scheduled) * 1000 for s in ok]),
        "send_lateness_ms": _percentiles([(s.sent - s.scheduled) * 1000 for s in samples]),
        "per_page_ms": {page: _percentiles(v) for page, v in sorted(by_page.items())},
        "server_cpu_cores": server_cpu_s / wall_s,
    }


async def _session(url: str, users: list[User], args: argparse.Namespace,
                   codes: tuple[list[str], list[str]], pid: int) -> dict[str, object]:  # fmt: skip
    clients = [(user, await log_in(url, user)) for user in users]  # Argon2: one at a time
    try:
        if args.warmup > 0:  # every page kind once per user: caches filled, connections open
            await run_load(clients, args.warmup, args.rate, args.seed + 1, codes)
        cpu_before, wait_before = cpu_seconds(pid), cpu_wait_seconds(pid)
        wall_before = time.perf_counter()
        client_before = resource.getrusage(resource.RUSAGE_SELF)
        with _profiled(pid, args.py_spy, args.seconds):
            samples = await run_load(clients, args.seconds, args.rate, args.seed, codes)
        wall = time.perf_counter() - wall_before
        report = summarize(samples, wall, cpu_seconds(pid) - cpu_before)
        report["server_waited_for_cpu_s"] = cpu_wait_seconds(pid) - wait_before
        client_after = resource.getrusage(resource.RUSAGE_SELF)
        used = (client_after.ru_utime + client_after.ru_stime) - (
            client_before.ru_utime + client_before.ru_stime
        )
        report["client_cpu_cores"] = used / wall
        report["wall_s"] = wall
        return report
    finally:
        for _, client in clients:
            await client.aclose()


@contextmanager
def _profiled(pid: int, out: Path | None, seconds: float) -> Iterator[None]:
    """With `out`, py-spy samples the server (100 Hz, collapsed stacks) during the block."""
    if out is None:
        yield
        return
    spy = subprocess.Popen(
        ["py-spy", "record", "--pid", str(pid), "--rate", "100", "--format", "raw",
         "--duration", str(int(seconds) + 1), "--output", str(out), "--nonblocking"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        yield
    finally:
        spy.wait(60)


def _print(report: dict[str, object], args: argparse.Namespace) -> None:
    def row(name: str, p: object) -> str:
        assert isinstance(p, dict)
        return (f"| {name} | {p.get('n', 0)} | {p.get('p50', 0):.1f} | {p.get('p95', 0):.1f} "
                f"| {p.get('p99', 0):.1f} | {p.get('max', 0):.1f} |")  # fmt: skip

    print(f"{args.users} users x {args.rate:g} page/s for {args.seconds:g} s, "
          f"{args.web_processes} web process(es), load average {_loadavg()}")  # fmt: skip
    print("| latency (ms) | n | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|")
    print(row("all pages, from the send", report["from_send_ms"]))
    print(row("all pages, from the schedule", report["from_schedule_ms"]))
    pages = report["per_page_ms"]
    assert isinstance(pages, dict)
    for page, p in pages.items():
        print(row(page, p))
    print(
        f"throughput {report['throughput_per_s']:.1f} pages/s, {report['errors']} errors "
        f"(statuses {report['statuses']}), server CPU {report['server_cpu_cores']:.2f} cores, "
        f"load client CPU {report['client_cpu_cores']:.2f} cores; the server waited "
        f"{report['server_waited_for_cpu_s']:.1f} s for a CPU in {report['wall_s']:.0f} s"
    )


def _loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--rate", type=float, default=1.0, help="pages per second per user")
    parser.add_argument("--warmup", type=float, default=5.0, help="seconds of load not counted")
    parser.add_argument("--web-processes", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="also print the report as JSON")
    parser.add_argument("--py-spy", type=Path, help="record the server's stacks to this file")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sabaq-load-") as tmp:
        store = build_demo_store(Path(tmp))
        users, classes, teachers = make_users(store.school_code, args.users)
        dispose_engines()  # the server process owns the store from here on
        with serve(store.url, store.data_dir, web_processes=args.web_processes) as server:
            report = asyncio.run(_session(server.url, users, args, (classes, teachers), server.pid))
    _print(report, args)
    if args.json:
        print(json.dumps(report))


if __name__ == "__main__":
    main()
