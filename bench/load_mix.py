"""A school's day at once: 1,000 simulated people against `sabaq serve` on loopback (issue 10).

    python -m bench.load_mix                                # 1,000 users, 10 minutes, SQLite
    python -m bench.load_mix --users 200 --minutes 1        # a short run while building
    eval "$(bash .ci/postgres.sh)"; python -m bench.load_mix --postgres

The store (bench.load_seed): the demo school grown to 1,000 students with a year of registers
and grades, the judge's sum-of-two task, one account per simulated user. `sabaq serve` runs
with several web processes and job workers. Users (30 % teachers, 40 % parents, 28 % students,
the rest timetable staff) log in through the form, then each sends a request every 5 s on
average (Poisson: exponential gaps), on schedule whether or not the last one was answered:
teachers open their day and registers of the last two weeks and save attendance (the register's
form post with its CSRF token); parents read the child's day and grades (/journal) and the week;
students open the timetable and the task and now and then submit a program (real judge jobs
through the queue); staff look at the office and grids, and one of them starts a timetable
generation every `--generate-every` seconds. Measured per page kind: p50/p95/p99, statuses;
the server's and the load generator's own CPU; after the run, the judge's verdicts and the
generations. Rate limits are off (every user comes from 127.0.0.1), and so is the night's backup
(a fresh store would catch it up at start; bench.backup measures it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import re
import resource
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from bench.load_report import drain, machine_cpu, print_report, summarize
from bench.load_seed import LoadUser, School, seed_school
from bench.postgres import drop_postgres, fresh_postgres
from bench.web_load import _loadavg
from bench.web_server import cpu_seconds, cpu_wait_seconds, serve
from models.accounts import PARENT, STUDENT, TEACHER
from models.db import dispose_engines
from web.demo_accounts import DEMO_PASSWORD

TIMEOUT_S = 30.0
STUDENT_ID = re.compile(r'name="status-(\d+)"')


@dataclass
class Sample:
    kind: str
    scheduled: float
    sent: float
    done: float
    status: int  # 0: no answer (timeout or connection error)


@dataclass
class Run:
    """What the users share: the school, the knobs, every sample and submission id."""

    school: School
    args: argparse.Namespace
    samples: list[Sample] = field(default_factory=list)
    submissions: list[int] = field(default_factory=list)
    generations: int = 0
    tasks: set[asyncio.Task[None]] = field(default_factory=set)


class Person:
    """One logged-in user: a client with its own cookies and the registers it has seen."""

    def __init__(self, user: LoadUser, client: httpx.AsyncClient, rng: random.Random) -> None:
        self.user, self.client, self.rng = user, client, rng
        self.seen: dict[str, list[int]] = {}  # register path -> its students

    def csrf(self) -> str:
        return self.client.cookies.get("sabaq_csrf") or ""

    async def fetch(
        self, run: Run, kind: str, scheduled: float, method: str, path: str, **kw: object
    ) -> httpx.Response | None:
        sent = time.perf_counter()
        answer: httpx.Response | None = None
        try:
            answer = await self.client.request(method, path, **kw)  # type: ignore[arg-type]
            status = answer.status_code
        except httpx.HTTPError:
            status = 0
        run.samples.append(Sample(kind, scheduled, sent, time.perf_counter(), status))
        return answer

    async def act(self, run: Run, scheduled: float) -> None:
        role, roll = self.user.role, self.rng.random()
        if role == TEACHER:
            await self._teacher(run, scheduled, roll)
        elif role == PARENT:
            path = "/journal" if roll < 0.5 else "/my/timetable"
            if 0.5 <= roll < 0.8:
                day = self.rng.choice(run.school.days)
                path = f"/journal?day={day}"
            await self.fetch(
                run,
                "parent: journal" if "journal" in path else "parent: week",
                scheduled,
                "GET",
                path,
            )
        elif role == STUDENT:
            await self._student(run, scheduled, roll)
        else:
            await self._staff(run, scheduled, roll)

    async def _teacher(self, run: Run, scheduled: float, roll: float) -> None:
        path = self.rng.choice(self.user.paths)
        if roll < 0.3:
            await self.fetch(run, "teacher: day", scheduled, "GET", "/registers")
            return
        if roll < 0.65 or path not in self.seen:
            answer = await self.fetch(run, "teacher: register", scheduled, "GET", path)
            if answer is not None and answer.status_code == 200:
                self.seen[path] = [int(x) for x in STUDENT_ID.findall(answer.text)]
            return
        form = {"_csrf_token": self.csrf(), "why": "Бенчмарк"}
        for sid in self.seen[path]:
            mark = self.rng.random()
            form[f"status-{sid}"] = "absent" if mark < 0.07 else "late" if mark < 0.1 else "present"
            if mark >= 0.07 and mark < 0.1:
                form[f"minutes-{sid}"] = str(self.rng.randint(1, 20))
        await self.fetch(
            run,
            "teacher: save attendance (POST)",
            scheduled,
            "POST",
            path + "/attendance",
            data=form,
        )

    async def _student(self, run: Run, scheduled: float, roll: float) -> None:
        task = run.school.task_id
        if roll < run.args.submit_share:
            answer = await self.fetch(
                run,
                "student: submit (POST)",
                scheduled,
                "POST",
                f"/tasks/{task}/submit",
                data={"language": "py", "source": run.school.source},
                headers={"x-csrftoken": self.csrf(), "accept": "application/json"},
            )
            if answer is not None and answer.status_code in (200, 201):
                run.submissions.append(int(answer.json()["id"]))
            return
        kind, path = (
            ("student: task", f"/tasks/{task}")
            if roll < 0.5
            else ("student: week", "/my/timetable")
        )
        if roll > 0.8:
            kind, path = "student: tasks", "/tasks"
        await self.fetch(run, kind, scheduled, "GET", path)

    async def _staff(self, run: Run, scheduled: float, roll: float) -> None:
        if roll < 0.3:
            await self.fetch(run, "staff: office", scheduled, "GET", "/office/generate")
            return
        klass = self.rng.choice(run.school.classes)
        await self.fetch(run, "staff: class week", scheduled, "GET", f"/timetables/class/{klass}")

    async def generate(self, run: Run, scheduled: float) -> None:
        """Start a timetable generation (the office's form post)."""
        form = {
            "_csrf_token": self.csrf(),
            "time_limit": str(run.args.solve_seconds),
            "seed": str(self.rng.randint(0, 999)),
        }
        answer = await self.fetch(
            run, "staff: generate (POST)", scheduled, "POST", "/office/generate", data=form
        )
        if answer is not None and answer.status_code == 303:
            run.generations += 1


LOGIN_ANSWERS: Counter[int] = Counter()  # every login answer, retries included


async def log_in(url: str, user: LoadUser, gate: asyncio.Semaphore, seed: int) -> Person:
    """A client with its own cookies, logged in through the form (a few at a time: Argon2).

    A login the server fails (5xx) is tried again, up to five times; every answer is counted
    in LOGIN_ANSWERS, so the report shows the failures rather than the run stopping.
    """
    limits = httpx.Limits(max_connections=4, max_keepalive_connections=2)
    client = httpx.AsyncClient(base_url=url, timeout=TIMEOUT_S, limits=limits)
    for _ in range(5):
        async with gate:
            await client.get("/login")
            form = {"login": user.login, "password": DEMO_PASSWORD,
                    "_csrf_token": client.cookies.get("sabaq_csrf") or ""}  # fmt: skip
            answer = await client.post("/login", data=form)
        LOGIN_ANSWERS[answer.status_code] += 1
        if answer.status_code == 303:
            return Person(user, client, random.Random(f"{seed}-{user.login}"))
        if answer.status_code < 500:
            break
    raise RuntimeError(f"login of {user.login} answered {answer.status_code}")


def _spawn(run: Run, work: object) -> None:
    task = asyncio.create_task(work)  # type: ignore[arg-type]
    run.tasks.add(task)
    task.add_done_callback(run.tasks.discard)


async def _user(run: Run, person: Person, start: float, end: float) -> None:
    """Open loop: the next request is due an exponential gap after the last one was due."""
    due = start + person.rng.uniform(0, run.args.mean_gap)
    while due < end:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        _spawn(run, person.act(run, due))
        due += person.rng.expovariate(1.0 / run.args.mean_gap)


async def _generator(run: Run, staff: list[Person], start: float, end: float) -> None:
    due = start + run.args.generate_every / 2
    while staff and due < end:
        await asyncio.sleep(max(0.0, due - time.perf_counter()))
        _spawn(run, staff[int(due) % len(staff)].generate(run, due))
        due += run.args.generate_every


async def _session(run: Run, url: str, pid: int) -> dict[str, object]:
    gate, login_s = asyncio.Semaphore(4), time.perf_counter()
    people = await asyncio.gather(*(log_in(url, u, gate, run.args.seed) for u in run.school.users))
    login_s = time.perf_counter() - login_s
    try:
        seconds = run.args.minutes * 60
        before = (
            cpu_seconds(pid),
            cpu_wait_seconds(pid),
            machine_cpu(),
            resource.getrusage(resource.RUSAGE_SELF),
        )
        load_before, wall = _loadavg(), time.perf_counter()
        start, end = wall + 0.5, wall + 0.5 + seconds
        staff = [p for p in people if p.user.role not in (TEACHER, PARENT, STUDENT)]
        await asyncio.gather(
            _generator(run, staff, start, end), *(_user(run, p, start, end) for p in people)
        )
        await asyncio.gather(*list(run.tasks))
        wall = time.perf_counter() - wall
        after = resource.getrusage(resource.RUSAGE_SELF)
        client_cpu = (after.ru_utime + after.ru_stime) - (before[3].ru_utime + before[3].ru_stime)
        report = summarize([(s.kind, s.sent, s.done, s.status) for s in run.samples])
        report.update(
            wall_s=wall,
            load_before=load_before,
            load_after=_loadavg(),
            server_cpu_cores=(cpu_seconds(pid) - before[0]) / wall,
            server_waited_for_cpu_s=cpu_wait_seconds(pid) - before[1],
            machine_busy=machine_cpu().busy_since(before[2]),
            client_cpu_cores=client_cpu / wall,
            users=len(people),
            login_answers=dict(LOGIN_ANSWERS),
            login_s=login_s,
            statuses=dict(Counter(s.status for s in run.samples)),
        )
        return report
    finally:
        await asyncio.gather(*(p.client.aclose() for p in people))


def _measure(args: argparse.Namespace, url: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="sabaq-mix-") as tmp:
        started = time.perf_counter()
        school = seed_school(Path(tmp), args.users, url=url, stored_share=args.stored_share)
        seeded_s = time.perf_counter() - started
        dispose_engines()  # the server's processes own the store from here on
        # the night's backup (02:30) would be caught up at start, in the middle of the day's load:
        # it runs at night, and its own cost is measured by bench.backup
        os.environ.update(
            SABAQ_RATE_LIMITS="off", SABAQ_FIRST_LOGIN_TOUR="0", SABAQ_BACKUP_AT="off"
        )
        run = Run(school, args)
        with serve(
            school.url, school.data_dir, workers=args.workers, web_processes=args.web_processes
        ) as server:
            report = asyncio.run(_session(run, server.url, server.pid))
            report["after"] = drain(school.url, run.submissions, args.drain_seconds)
        report.update(
            seeded_s=seeded_s, submissions=len(run.submissions), generations_started=run.generations
        )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--minutes", type=float, default=10.0)
    parser.add_argument("--mean-gap", type=float, default=5.0, help="seconds between requests")
    parser.add_argument(
        "--web-processes",
        type=int,
        default=0,
        help="default: sabaq serve's own (a core each on SQLite)",
    )
    parser.add_argument("--workers", type=int, default=2, help="job worker processes")
    parser.add_argument(
        "--submit-share",
        type=float,
        default=0.02,
        help="share of a student's requests that submit a program",
    )
    parser.add_argument("--generate-every", type=float, default=120.0)
    parser.add_argument("--solve-seconds", type=int, default=10)
    parser.add_argument("--stored-share", type=float, default=0.08)
    parser.add_argument("--drain-seconds", type=float, default=180.0)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", type=Path, help="also write the report here")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="a fresh database on SABAQ_TEST_POSTGRES_URL's server",
    )
    args = parser.parse_args()
    base = os.environ.get("SABAQ_TEST_POSTGRES_URL", "") if args.postgres else ""
    if args.postgres and not base:
        parser.error('--postgres needs SABAQ_TEST_POSTGRES_URL (eval "$(bash .ci/postgres.sh)")')
    url = fresh_postgres(base) if base else ""
    try:
        report = _measure(args, url)
    finally:
        if url:
            drop_postgres(base, url)
    print_report(report, args)
    if args.json:
        args.json.write_text(json.dumps(report, indent=1, default=str))


if __name__ == "__main__":
    main()
