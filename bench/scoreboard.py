"""Live scoreboard: verdict -> update seen by each of 200 viewers of the projector board.

    python -m bench.scoreboard [--viewers 200] [--verdicts 20] [--per-school 40] [--schools 3]
                               [--tasks 6] [--web-processes 0]

Issue 7's target: a scoreboard update visible to 200 connected viewers within 1 s of the
verdict. A fresh store gets a city-wide ICPC olympiad (schools x students, the example tasks,
every participant with a few earlier runs), `sabaq serve` runs on it (its default number of web
processes unless told), and `viewers` clients follow /contests/<id>/board/events (the public
projector board, server-sent events) on their own connections. Then, one at a time, a run is
sent (a queued submission) and judged: its verdict written into the store as the judge's job
does; the clock starts at that commit and stops, per viewer, at the first event carrying the
changed board. Reported: p50/p95/max over all (verdict, viewer) pairs, the server's CPU, and
how many viewers missed an update (must be 0).

`seed_olympiad` builds the same kind of olympiad for the web and browser tests.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench import web_server

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "lms" / "judge" / "examples"
TASK_SLUGS = ("sum-of-two", "divisors")
FIRST = ["Айгерім", "Нұрлан", "Дәурен", "Мария", "Тимур", "Ұлжан", "Әлихан", "Ғалия", "Ерасыл"]
LAST = ["Сәрсенова", "Өтебаев", "Қасымов", "Иванова", "Ахметов", "Бекова", "Жұмабаев"]


@dataclass
class Seeded:
    """An olympiad in a store: the contest, its tasks and its participants by school."""

    contest_id: int
    task_ids: list[int]
    students: list[tuple[int, int, str]]  # (user id, school id, name)
    logins: dict[str, int] = field(default_factory=dict)  # login -> account id (with passwords)
    schools: list[int] = field(default_factory=list)


def _task_rows(db: Any, data_dir: Path, count: int) -> list[int]:
    """`count` platform tasks, copies of the judge's examples, as the practice area stores them
    (tasks/<id>/v1), so the real judge job can judge them."""
    from models.judge import JudgeTask

    ids = []
    for i in range(count):
        slug = TASK_SLUGS[i % len(TASK_SLUGS)]
        row = JudgeTask(slug=f"{slug}-{i + 1}", title={"en": f"{slug} {i + 1}"}, folder="")
        db.add(row)
        db.flush()
        row.folder = f"tasks/{row.id}/v1"
        shutil.copytree(EXAMPLES / slug, data_dir / row.folder)
        db.add(row)
        ids.append(row.id or 0)
    return ids


def _person(db: Any, school_id: int | None, login: str, name: str, role: str,
            password: str | None) -> int:  # fmt: skip
    from models.account_services import create_account
    from models.accounts import UserAccount

    if password:
        account = create_account(db, school_id=school_id, login=login, name=name, role=role,
                                 password=password)  # fmt: skip
    else:  # no login needed: skip the password hashing (seconds for hundreds of people)
        account = UserAccount(school_id=school_id, login=login, name=name, role=role,
                              password_hash="-")  # fmt: skip
        db.add(account)
        db.flush()
    return account.id or 0


def seed_olympiad(
    url: str, data_dir: Path, *, schools: int = 3, per_school: int = 3, tasks: int = 2,
    password: str | None = None, start_minutes_ago: int = 30, minutes: int = 180,
    freeze_minutes: int | None = None, earlier_runs: int = 0,
) -> Seeded:  # fmt: skip
    """A city-wide ICPC olympiad, started `start_minutes_ago`, with `schools` schools of
    `per_school` registered students each (school n's admin `head<n>`, teacher `teacher<n>`,
    students `pupil<n>-<k>` and the platform admin `organiser` can log in with `password` when
    given); `earlier_runs` wrong runs per student are already judged.
    """
    from lms.contests import (
        Actor,
        ContestInput,
        TaskChoice,
        create_contest,
        register_school,
        register_student,
    )
    from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN, STUDENT, TEACHER
    from models.db import session_scope
    from models.school import School

    now = datetime.now(UTC)
    start = now - timedelta(minutes=start_minutes_ago)
    with session_scope(url) as db:
        organiser = _person(db, None, "organiser", "Қалалық білім бөлімі", PLATFORM_ADMIN,
                            password)  # fmt: skip
        task_ids = _task_rows(db, data_dir, tasks)
        contest = create_contest(db, Actor(organiser, PLATFORM_ADMIN, None), ContestInput(
            title="Қалалық информатика олимпиадасы", rules="icpc", starts_at=start,
            ends_at=start + timedelta(minutes=minutes),
            freeze_at=start + timedelta(minutes=freeze_minutes) if freeze_minutes else None,
            tasks=tuple(TaskChoice(chr(65 + i), t) for i, t in enumerate(task_ids))))  # fmt: skip
        seeded = Seeded(contest.id or 0, task_ids, [], {"organiser": organiser})
        for n in range(1, schools + 1):
            school = School(code=f"OLY{n}", name=f"№ {n} мектеп-лицей", city="Алматы")
            db.add(school)
            db.flush()
            sid = school.id or 0
            seeded.schools.append(sid)
            head = _person(db, sid, f"head{n}", f"Директор {n}", SCHOOL_ADMIN, password)
            seeded.logins.update({f"head{n}": head, f"teacher{n}": _person(
                db, sid, f"teacher{n}", f"Мұғалім {n}", TEACHER, password)})  # fmt: skip
            register_school(db, Actor(head, SCHOOL_ADMIN, sid), seeded.contest_id)
            for k in range(1, per_school + 1):
                name = f"{FIRST[(n + k) % len(FIRST)]} {LAST[k % len(LAST)]} {n}-{k}"
                uid = _person(db, sid, f"pupil{n}-{k}", name, STUDENT, password)
                register_student(db, Actor(uid, STUDENT, sid), seeded.contest_id, uid)
                seeded.students.append((uid, sid, name))
                seeded.logins[f"pupil{n}-{k}"] = uid
        for i, (uid, sid, _) in enumerate(seeded.students):
            for r in range(earlier_runs):
                _run(
                    db,
                    seeded,
                    uid,
                    sid,
                    task_ids[(i + r) % len(task_ids)],
                    start + timedelta(minutes=1 + (i + r) % max(1, start_minutes_ago - 1)),
                    "WA",
                )
    return seeded


def _run(db: Any, seeded: Seeded, uid: int, sid: int, task_id: int, at: datetime,
         verdict: str) -> Any:  # fmt: skip
    from models.judge import JUDGED, OLYMPIAD, QUEUED, Submission

    row = Submission(school_id=sid, user_id=uid, task_id=task_id, contest_id=seeded.contest_id,
                     purpose=OLYMPIAD, language="py", source="print(0)",
                     status=JUDGED if verdict else QUEUED, verdict=verdict,
                     score=100.0 if verdict == "AC" else 0.0, created_at=at,
                     judged_at=at if verdict else None)  # fmt: skip
    db.add(row)
    db.flush()
    return row


def send_run(url: str, seeded: Seeded, student: int, task: int) -> int:
    """A run sent now by the student (queued, as a submit leaves it); its id."""
    from models.db import session_scope

    uid, sid, _ = seeded.students[student]
    with session_scope(url) as db:
        return int(_run(db, seeded, uid, sid, seeded.task_ids[task], datetime.now(UTC), "").id)


def judge_run(url: str, submission_id: int, verdict: str = "AC") -> None:
    """The run's verdict recorded, as the judge job's finishing transaction does."""
    from models.db import session_scope
    from models.judge import JUDGED, Submission

    with session_scope(url) as db:
        row = db.get(Submission, submission_id)
        assert row is not None
        row.status, row.verdict, row.judged_at = JUDGED, verdict, datetime.now(UTC)
        row.score = 100.0 if verdict == "AC" else 0.0
        db.add(row)


class Viewer:
    """One board on its own HTTP/1.0 connection (no chunked framing: events are plain lines)."""

    def __init__(self, host: str, port: int, path: str) -> None:
        self.host, self.port, self.path = host, port, path
        self.events: list[tuple[float, str]] = []  # (monotonic time, data)
        self.solved: list[int] = []  # accepted cells on each event's board
        self.arrived = asyncio.Event()

    async def run(self) -> None:
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=1 << 23)
        writer.write(f"GET {self.path} HTTP/1.0\r\nHost: {self.host}\r\n"
                     "Accept: text/event-stream\r\n\r\n".encode())  # fmt: skip
        await writer.drain()
        data: list[str] = []
        try:
            while True:
                line = await reader.readline()
                if not line:
                    return
                text = line.decode("utf-8").rstrip("\r\n")
                if text.startswith("data:"):
                    data.append(text[5:].lstrip())
                elif text == "" and data:
                    self.events.append((time.monotonic(), "\n".join(data)))
                    self.solved.append(_solved(self.events[-1][1]))
                    data = []
                    self.arrived.set()
        finally:
            writer.close()


def _solved(text: str) -> int:
    """Accepted cells on the board: a cheap count of their text ("+", "+2"), so the client
    spends its CPU reading events rather than parsing 200 copies of the board."""
    return text.count('"t":"+')


async def _measure(server_url: str, seeded: Seeded, url: str, viewers: int, verdicts: int,
                   timeout: float) -> dict[str, Any]:  # fmt: skip
    host, port = server_url.removeprefix("http://").split(":")
    path = f"/contests/{seeded.contest_id}/board/events"
    boards = [Viewer(host, int(port), path) for _ in range(viewers)]
    tasks = [asyncio.create_task(b.run()) for b in boards]
    deadline = time.monotonic() + 60
    while any(not b.events for b in boards):  # everyone has the board as it is
        if time.monotonic() > deadline:
            raise RuntimeError(f"{sum(not b.events for b in boards)} viewers got no board")
        await asyncio.sleep(0.05)
    latencies: list[float] = []
    firsts: list[float] = []  # per verdict: the first viewer to see it (poll + computation)
    missed = 0
    solved = _solved(boards[0].events[-1][1])
    for i in range(verdicts):
        run = await asyncio.to_thread(send_run, url, seeded, i % len(seeded.students),
                                      i // len(seeded.students) % len(seeded.task_ids))  # fmt: skip
        await asyncio.sleep(0.6)  # the pending run shows first; let every viewer have it
        seen = [len(b.events) for b in boards]
        await asyncio.to_thread(judge_run, url, run)
        judged_at = time.monotonic()
        solved += 1
        end = judged_at + timeout
        count = len(latencies)
        for b, before in zip(boards, seen, strict=True):
            while time.monotonic() < end:
                match = [i for i in range(before, len(b.solved)) if b.solved[i] == solved]
                if match:
                    latencies.append(b.events[match[0]][0] - judged_at)
                    break
                await asyncio.sleep(0.01)
            else:
                missed += 1
        firsts.append(min(latencies[count:], default=timeout))
        await asyncio.sleep(0.3)
    for t in tasks:
        t.cancel()
    await asyncio.gather(*tasks, return_exceptions=True)
    ordered = sorted(latencies)
    return {
        "viewers": viewers, "verdicts": verdicts, "samples": len(latencies), "missed": missed,
        "p50": statistics.median(ordered), "p95": ordered[round(0.95 * (len(ordered) - 1))],
        "max": ordered[-1], "first_viewer_p50": statistics.median(firsts),
        "payload_bytes": len(boards[0].events[-1][1].encode()),
    }  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--viewers", type=int, default=200)
    p.add_argument("--verdicts", type=int, default=20)
    p.add_argument("--schools", type=int, default=3)
    p.add_argument("--per-school", type=int, default=40)
    p.add_argument("--tasks", type=int, default=6)
    p.add_argument("--earlier-runs", type=int, default=3)
    p.add_argument("--web-processes", type=int, default=0, help="0: sabaq serve's default")
    p.add_argument("--timeout", type=float, default=10.0)
    args = p.parse_args(argv)
    from models.migrate import upgrade_database

    with tempfile.TemporaryDirectory(prefix="sabaq-scoreboard-") as tmp:
        data_dir = Path(tmp)
        url = f"sqlite:///{data_dir / 'store.db'}"
        upgrade_database(url)
        seeded = seed_olympiad(url, data_dir, schools=args.schools, per_school=args.per_school,
                               tasks=args.tasks, earlier_runs=args.earlier_runs)  # fmt: skip
        processes = args.web_processes or (os.cpu_count() or 1)
        with web_server.serve(url, data_dir, web_processes=processes) as server:
            cpu0 = web_server.cpu_seconds(server.pid)
            started = time.monotonic()
            result = asyncio.run(_measure(server.url, seeded, url, args.viewers, args.verdicts,
                                          args.timeout))  # fmt: skip
            result["server_cpu_s"] = round(web_server.cpu_seconds(server.pid) - cpu0, 2)
            result["wall_s"] = round(time.monotonic() - started, 1)
        result.update(participants=len(seeded.students), tasks=args.tasks,
                      web_processes=processes, load=os.getloadavg()[0])  # fmt: skip
    for key in ("p50", "p95", "max", "first_viewer_p50"):
        result[key] = round(result[key], 3)
    print(json.dumps(result), flush=True)
    ok = result["missed"] == 0 and result["max"] < 1.0
    print("target (every viewer within 1 s):", "yes" if ok else "no", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
