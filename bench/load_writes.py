"""A write load for the fault drills: teachers tapping attendance, each tap a distinct mark.

Every tap (the register's JSON endpoint, CSRF header included) marks one student absent in
one lesson no other tap touches, so afterwards each tap the client saw accepted (200) must be
an `absent` row in the store; `lost` lists those that are not.
"""

from __future__ import annotations

import asyncio
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

import httpx
from sqlalchemy import insert
from sqlmodel import col, select

from journal.calendar import held_lessons
from models.account_services import hash_password
from models.accounts import TEACHER, UserAccount
from models.base import utcnow
from models.db import dispose_engines, get_engine, read_scope, session_scope
from models.journal import ABSENT, Attendance, LessonRecord
from models.school_data import get_school
from web.demo_accounts import DEMO_PASSWORD

STUDENT = re.compile(r'data-student="(\d+)"')
Mark = tuple[str, int, int, int]  # day, lesson, unit, student


@dataclass
class Writes:
    """What the writers saw: accepted marks, answers by status, and when each was answered."""

    accepted: list[Mark] = field(default_factory=list)
    statuses: Counter[int] = field(default_factory=Counter)
    answered_at: list[tuple[float, int]] = field(default_factory=list)  # (monotonic, status)

    def accepted_after(self, moment: float) -> int:
        """Writes accepted after `moment` (time.monotonic): the server kept serving."""
        return sum(1 for at, status in self.answered_at if at > moment and status == 200)


def writer_accounts(school_code: str, writers: int, days: int = 14) -> list[tuple[str, list[str]]]:
    """Accounts of the teachers with the most lessons in the last `days` days (one shared
    Argon2 hash); returns (login, register paths) for each."""
    today = date.today()
    with session_scope() as db:
        sid = get_school(db, code=school_code).id or 0
        held = held_lessons(db, school_id=sid, start=today - timedelta(days=days), end=today)
    paths: dict[int, list[str]] = {}
    for h in held:
        for teacher in h.keepers[:1]:
            paths.setdefault(teacher, []).append(f"/registers/{h.day}/{h.lesson_id}/{h.unit}")
    busiest = sorted(paths, key=lambda t: -len(paths[t]))[:writers]
    secret, rows, out = hash_password(DEMO_PASSWORD), [], []
    for n, teacher in enumerate(busiest):
        login = f"drill-teacher-{n:02d}"
        rows.append(
            {
                "school_id": sid,
                "login": login,
                "name": login,
                "role": TEACHER,
                "password_hash": secret,
                "teacher_id": teacher,
                "created_at": utcnow(),
                "email": "",
                "language": "",
                "active": True,
                "must_change_password": False,
                "notify_mode": "immediate",
            }
        )
        out.append((login, paths[teacher]))
    with get_engine().begin() as conn:
        conn.execute(insert(UserAccount.__table__), rows)  # type: ignore[arg-type]
    dispose_engines()
    return out


async def log_in(url: str, login: str, timeout: float = 15.0) -> httpx.AsyncClient:
    """A client with its own cookies, logged in through the form."""
    client = httpx.AsyncClient(base_url=url, timeout=timeout)
    for attempt in range(20):  # a drill may kill the process that would have answered
        try:
            await client.get("/login")
            form = {
                "login": login,
                "password": DEMO_PASSWORD,
                "_csrf_token": client.cookies.get("sabaq_csrf") or "",
            }
            if (await client.post("/login", data=form)).status_code == 303:
                return client
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.5 + attempt * 0.1)
    raise RuntimeError(f"{login} could not log in")


async def _students(client: httpx.AsyncClient, path: str) -> list[int]:
    for _ in range(20):
        try:
            answer = await client.get(path)
            if answer.status_code == 200:
                return [int(x) for x in STUDENT.findall(answer.text)]
        except httpx.HTTPError:
            pass
        await asyncio.sleep(0.5)
    return []


async def _writer(
    client: httpx.AsyncClient, paths: list[str], until: float, out: Writes, pause: float
) -> None:
    headers = {"x-csrftoken": client.cookies.get("sabaq_csrf") or ""}
    for path in paths:
        for student in await _students(client, path):
            if time.monotonic() >= until:
                return
            _, _, day, lesson, unit = path.split("/")
            try:
                answer = await client.post(
                    f"/api{path}/mark",
                    headers=headers,
                    json={"student": student, "status": ABSENT, "why": "drill"},
                )
                status = answer.status_code
            except httpx.HTTPError:
                status = 0
            out.statuses[status] += 1
            out.answered_at.append((time.monotonic(), status))
            if status == 200:
                out.accepted.append((day, int(lesson), int(unit), student))
            await asyncio.sleep(pause)


async def write_load(
    url: str, accounts: list[tuple[str, list[str]]], seconds: float, pause: float = 0.05
) -> Writes:
    """Every account taps marks for `seconds` (a pause between its taps); what was seen."""
    clients = [await log_in(url, login) for login, _ in accounts]
    out, until = Writes(), time.monotonic() + seconds
    try:
        await asyncio.gather(
            *(
                _writer(c, paths, until, out, pause)
                for c, (_, paths) in zip(clients, accounts, strict=True)
            )
        )
    finally:
        await asyncio.gather(*(c.aclose() for c in clients))
    return out


def lost_writes(url: str, accepted: list[Mark]) -> list[Mark]:
    """The accepted marks that are not `absent` rows in the store."""
    with read_scope(url) as db:
        stored = {
            (day.isoformat(), lesson, unit, student)
            for day, lesson, unit, student in db.exec(
                select(
                    LessonRecord.day,
                    LessonRecord.lesson_id,
                    LessonRecord.unit,
                    Attendance.student_id,
                )
                .join(Attendance, col(Attendance.record_id) == col(LessonRecord.id))
                .where(Attendance.status == ABSENT)
            ).all()
        }
    dispose_engines()
    return [mark for mark in accepted if mark not in stored]
