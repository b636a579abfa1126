"""The register pages under load: a school of 1,000 students with a full year of attendance.

    python -m bench.journal_register                      # 100 users, 60 s, 1 page/s each
    python -m bench.journal_register --stored-share 0.08  # only a realistic share of marks stored

A fresh demo store (the web tests' `build_demo_store`: 700 students, its planted week published)
gets 300 more students (in every class, one subgroup per division where the class is split), so
1,000; then, for every school day of the four terms, a lesson record (topic, attendance taken)
for every lesson held and an attendance row for `--stored-share` of every student's lessons.
The register stores only marks other than "present", so the default share 1.0 writes a row for
every mark of the year (about a million): a table ten times what a real school's would hold.
An ФО assessment on a fifth of the held lessons marks every student of it (about 200,000 grades,
bench.journal_year_grades), so the parent's page reads a full year's grades too.
Rows are written with executemany, not timed.

`sabaq serve` then runs in its own process (bench.web_server); teachers ask, at random, for
their day (/registers: today's lessons and the term's missing attendance) or one of their
lessons' registers of the year; parents (`--parent-share`, half by default) for their child's
day (/journal). The load is open-loop as in bench.web_load: each user's request goes out every
second on schedule, answered or not. Issue 6's target: p95 < 100 ms at 100 users x 1 page/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import tempfile
import time
from collections import defaultdict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
from sqlalchemy import func, insert
from sqlmodel import Session, select

from bench.journal_year_grades import write_grades
from bench.postgres import drop_postgres, fresh_postgres
from bench.web_load import Sample, User, _fetch, _loadavg, _profiled, log_in, summarize
from bench.web_server import cpu_seconds, cpu_wait_seconds, serve
from journal.calendar import held_lessons, school_calendar
from journal.register_access import audience_students, lesson_labels
from models.account_services import create_account
from models.accounts import PARENT, TEACHER
from models.classes import SchoolClass, Subgroup
from models.db import dispose_engines, get_engine, session_scope
from models.journal import ABSENT, EXCUSED, LATE, Attendance, LessonRecord
from models.people import Guardianship, Student, StudentSubgroup
from models.school_data import get_school
from tests.web.conftest import build_demo_store
from web.demo_accounts import DEMO_PASSWORD

TODAY_PAGE, REGISTER_PAGE, PARENT_PAGE = "teacher's day", "lesson register", "parent's day"
TARGET_MS = 100.0
CHUNK = 20_000


@dataclass(frozen=True)
class Year:
    """What the build wrote and what the users ask for."""

    students: int
    records: int
    marks: int  # student-lessons of the year
    stored: int  # attendance rows written
    grades: int  # ФО marks written
    lessons_of: dict[int, list[str]]  # teacher id -> register paths of their year
    parents: list[int]
    build_s: float


def _add_students(db: Session, school_id: int, count: int, rng: random.Random) -> None:
    classes = db.exec(select(SchoolClass).where(SchoolClass.school_id == school_id)).all()
    groups: dict[int, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    for g in db.exec(select(Subgroup).where(Subgroup.school_id == school_id)):
        groups[g.class_id][g.division].append(g.id or 0)
    for n in range(count):
        klass = classes[n % len(classes)]
        student = Student(school_id=school_id, code=f"B{n:04d}", name=f"Бенч Оқушы {n:04d}",
                          class_id=klass.id or 0)  # fmt: skip
        db.add(student)
        db.flush()
        for division in groups[klass.id or 0].values():
            db.add(StudentSubgroup(school_id=school_id, student_id=student.id or 0,
                                   subgroup_id=rng.choice(division)))  # fmt: skip


def _mark(rng: random.Random) -> tuple[str, int | None, str]:
    roll = rng.random()
    if roll < 0.5:
        return ABSENT, None, ""
    if roll < 0.8:
        return LATE, rng.randint(1, 20), ""
    return EXCUSED, None, "Ауырды"


def _write(table: object, rows: list[dict[str, object]]) -> None:
    with get_engine().begin() as conn:
        for start in range(0, len(rows), CHUNK):
            conn.execute(insert(table), rows[start : start + CHUNK])  # type: ignore[arg-type]


def build_year(
    school_code: str, extra: int, share: float, seed: int, grade_share: float = 0.2
) -> Year:
    """Adds students and writes a year of records and marks (see the module's docstring)."""
    started = time.perf_counter()
    rng = random.Random(seed)
    with session_scope() as db:
        sid = get_school(db, code=school_code).id or 0
        _add_students(db, sid, extra, rng)
    with session_scope() as db:
        calendar = school_calendar(db, school_id=sid)
        first, last = calendar.terms[0].starts_on, calendar.terms[-1].ends_on
        held = held_lessons(db, school_id=sid, start=first, end=last, calendar=calendar)
        labels = lesson_labels(db, sid, {h.lesson_id for h in held})
        students_of = {
            lesson: [s.id or 0 for s in audience_students(db, sid, label.parts)]
            for lesson, label in labels.items()
        }
        total = db.exec(select(func.count()).select_from(Student)).one()
    now = datetime.now(UTC)
    _write(LessonRecord.__table__, [
        {"school_id": sid, "day": h.day, "lesson_id": h.lesson_id, "unit": h.unit,
         "shift": h.shift, "period": h.period, "teacher_id": h.keepers[0] if h.keepers else None,
         "topic": "Тақырып", "homework": "§ 12", "attachments": [],
         "attendance_taken_at": now, "updated_at": now}
        for h in held
    ])  # fmt: skip
    with session_scope() as db:
        ids = {
            (d, lesson, unit): i
            for i, d, lesson, unit in db.exec(
                select(LessonRecord.id, LessonRecord.day, LessonRecord.lesson_id,
                       LessonRecord.unit).where(LessonRecord.school_id == sid)
            )
        }  # fmt: skip
    marks, rows = 0, []
    for h in held:
        for student in students_of.get(h.lesson_id, []):
            marks += 1
            if rng.random() < share:
                status, minutes, reason = _mark(rng)
                rows.append({"school_id": sid, "record_id": ids[(h.day, h.lesson_id, h.unit)],
                             "student_id": student, "status": status, "late_minutes": minutes,
                             "reason": reason, "updated_at": now})  # fmt: skip
    _write(Attendance.__table__, rows)
    record_of = lambda h: ids[(h.day, h.lesson_id, h.unit)]  # noqa: E731
    grades = write_grades(sid, held, labels, students_of, record_of, grade_share, rng)
    lessons_of: dict[int, list[str]] = defaultdict(list)
    for h in held:
        for teacher in h.keepers:
            lessons_of[teacher].append(f"/registers/{h.day.isoformat()}/{h.lesson_id}/{h.unit}")
    with session_scope() as db:
        parents = sorted(set(db.exec(select(Guardianship.parent_id)).all()))
    return Year(total, len(held), marks, len(rows), grades, dict(lessons_of), parents,
                time.perf_counter() - started)  # fmt: skip


def make_users(
    school_code: str, year: Year, users: int, parent_share: float
) -> list[tuple[User, int]]:
    """Accounts for teachers (with lessons) and parents; (user, teacher or parent id)."""
    teachers = sorted(year.lessons_of)
    parents = round(users * parent_share)
    made = []
    with session_scope() as db:
        sid = get_school(db, code=school_code).id
        for n in range(users):
            role = PARENT if n * parents // users != (n + 1) * parents // users else TEACHER
            pool = teachers if role == TEACHER else year.parents
            linked = pool[(n // 2) % len(pool)]
            login = f"reg-{role}-{n:03d}"
            create_account(db, school_id=sid, login=login, name=login, role=role,
                           password=DEMO_PASSWORD,
                           teacher_id=linked if role == TEACHER else None,
                           parent_id=linked if role == PARENT else None)  # fmt: skip
            made.append((User(login, role), linked))
    return made


def _pick(user: User, linked: int, year: Year, rng: random.Random) -> tuple[str, str]:
    if user.role == PARENT:
        return PARENT_PAGE, "/journal"
    if rng.random() < 0.5:
        return TODAY_PAGE, "/registers"
    return REGISTER_PAGE, rng.choice(year.lessons_of[linked])


async def _one_user(client: httpx.AsyncClient, user: User, linked: int, year: Year,
                    start: float, count: int, rng: random.Random) -> list[Sample]:  # fmt: skip
    tasks = []
    for k in range(count):
        scheduled = start + k
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        page, path = _pick(user, linked, year, rng)
        tasks.append(asyncio.create_task(_fetch(client, page, path, scheduled)))
    return list(await asyncio.gather(*tasks))


async def _run(clients: list[tuple[User, int, httpx.AsyncClient]], year: Year, seconds: float,
               seed: int) -> list[Sample]:  # fmt: skip
    start = time.perf_counter() + 0.5
    runs = [
        _one_user(client, user, linked, year, start + i / len(clients), int(seconds),
                  random.Random(seed * 1000 + i))
        for i, (user, linked, client) in enumerate(clients)
    ]  # fmt: skip
    return [s for samples in await asyncio.gather(*runs) for s in samples]


async def _session(url: str, users: list[tuple[User, int]], year: Year, args: argparse.Namespace,
                   pid: int) -> dict[str, object]:  # fmt: skip
    clients = [(u, linked, await log_in(url, u)) for u, linked in users]
    try:
        await _run(clients, year, args.warmup, args.seed + 1)
        cpu, waited, wall = cpu_seconds(pid), cpu_wait_seconds(pid), time.perf_counter()
        with _profiled(pid, args.py_spy, args.seconds):
            samples = await _run(clients, year, args.seconds, args.seed)
        wall = time.perf_counter() - wall
        if args.samples:  # every request's page, scheduled/sent/done times and status
            args.samples.write_text("\n".join(json.dumps(asdict(x)) for x in samples))
        report = summarize(samples, wall, cpu_seconds(pid) - cpu)
        report["server_waited_for_cpu_s"] = cpu_wait_seconds(pid) - waited
        report["wall_s"] = wall
        return report
    finally:
        for _, _, client in clients:
            await client.aclose()


def _print(report: dict[str, object], year: Year, args: argparse.Namespace) -> None:
    print(f"{year.students} students, {year.records} lesson records, {year.marks} marks of the "
          f"year, {year.stored} attendance rows stored (share {args.stored_share:g}), "
          f"{year.grades} formative marks; "
          f"built in {year.build_s:.0f} s")  # fmt: skip
    print(f"{args.users} users ({args.parent_share:.0%} parents) x 1 page/s for "
          f"{args.seconds:g} s, {args.web_processes} web process(es), "
          f"load average {_loadavg()}")  # fmt: skip
    print("| latency (ms) | n | p50 | p95 | p99 | max |\n|---|---:|---:|---:|---:|---:|")
    pages = {"all pages": report["from_send_ms"], **report["per_page_ms"]}  # type: ignore[dict-item]
    for name, p in pages.items():
        print(f"| {name} | {p.get('n', 0)} | {p.get('p50', 0):.1f} | {p.get('p95', 0):.1f} "
              f"| {p.get('p99', 0):.1f} | {p.get('max', 0):.1f} |")  # fmt: skip
    p95 = report["from_send_ms"].get("p95", 0.0)  # type: ignore[attr-defined]
    verdict = "met" if p95 < TARGET_MS else "missed"
    print(f"target p95 < {TARGET_MS:.0f} ms: {verdict}; throughput "
          f"{report['throughput_per_s']:.1f} pages/s, {report['errors']} errors "
          f"(statuses {report['statuses']}), server CPU {report['server_cpu_cores']:.2f} cores, "
          f"waited {report['server_waited_for_cpu_s']:.1f} s for a CPU")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--extra-students", type=int, default=300)
    parser.add_argument("--stored-share", type=float, default=1.0,
                        help="share of the year's marks written as attendance rows")  # fmt: skip
    parser.add_argument("--parent-share", type=float, default=0.5,
                        help="share of users who are parents (the rest are teachers)")  # fmt: skip
    parser.add_argument("--web-processes", type=int, default=1)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--samples", type=Path, help="write every request's timing here")
    parser.add_argument("--py-spy", type=Path, help="record the server's stacks to this file")
    parser.add_argument(
        "--postgres", action="store_true",
        help="a fresh database on SABAQ_TEST_POSTGRES_URL's server instead of SQLite",
    )  # fmt: skip
    args = parser.parse_args()
    base = os.environ.get("SABAQ_TEST_POSTGRES_URL", "") if args.postgres else ""
    if args.postgres and not base:
        parser.error('--postgres needs SABAQ_TEST_POSTGRES_URL (eval "$(bash .ci/postgres.sh)")')
    url = fresh_postgres(base) if base else ""
    try:
        _measure(args, url)
    finally:
        if url:
            drop_postgres(base, url)


def _measure(args: argparse.Namespace, url: str) -> None:
    with tempfile.TemporaryDirectory(prefix="sabaq-register-") as tmp:
        store = build_demo_store(Path(tmp), url)
        year = build_year(store.school_code, args.extra_students, args.stored_share, args.seed)
        users = make_users(store.school_code, year, args.users, args.parent_share)
        dispose_engines()  # the server process owns the store from here on
        with serve(store.url, store.data_dir, web_processes=args.web_processes) as server:
            report = asyncio.run(_session(server.url, users, year, args, server.pid))
    _print(report, year, args)
    if args.json:
        print(json.dumps({**report, "students": year.students, "stored": year.stored,
                          "grades": year.grades}))  # fmt: skip


if __name__ == "__main__":
    main()
