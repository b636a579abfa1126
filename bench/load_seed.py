"""A school to put under mixed load: 1,000 students with a year of registers, tasks, accounts.

Reuses the register benchmark's year (bench.journal_register: the demo school grown to 1,000
students, every lesson of the four terms recorded, a share of the marks and the year's ФО
grades stored) and the judge burst's tasks (bench.judge_burst), then adds one account per
simulated user. Argon2 makes hashing a password cost ~50 ms, so one hash is made and copied to
every account (each still logs in through the form, where the server verifies it).
"""

from __future__ import annotations

import random
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import col, select

from bench.journal_register import Year, build_year
from bench.judge_burst import _course, _reference
from lms.practice.tasks import load_course_tasks
from models.account_services import hash_password
from models.accounts import PARENT, STUDENT, TEACHER, TIMETABLER, UserAccount
from models.base import utcnow
from models.classes import SchoolClass
from models.db import get_engine, session_scope
from models.people import Student
from models.school_data import get_school
from tests.web.conftest import build_demo_store
from web.demo_accounts import DEMO_PASSWORD

# Share of the simulated users per role; the rest (about 2 %) are timetable staff.
MIX = ((TEACHER, 0.30), (PARENT, 0.40), (STUDENT, 0.28))
RECENT_DAYS = 14  # teachers mark lessons of the last two weeks (today's most of all)


@dataclass(frozen=True)
class LoadUser:
    """One simulated person: their login, role and what they may open."""

    login: str
    role: str
    paths: tuple[str, ...]  # a teacher's registers of the last weeks (empty for others)


@dataclass(frozen=True)
class School:
    """The seeded store and what the users need to know about it."""

    url: str
    data_dir: Path
    school_id: int
    users: list[LoadUser]
    task_id: int
    source: str  # a right Python program for the task
    classes: list[str]
    year: Year
    days: list[str]  # the last month's days, for a parent looking back


def role_counts(users: int) -> list[tuple[str, int]]:
    """How many users of each role for `users` in all (timetable staff at least one)."""
    counts = [(role, round(users * share)) for role, share in MIX]
    return [*counts, (TIMETABLER, max(1, users - sum(n for _, n in counts)))]


def _recent(paths: list[str], today: date) -> tuple[str, ...]:
    """Register paths of lessons held in the last RECENT_DAYS days, up to today."""
    kept = []
    for path in paths:
        day = date.fromisoformat(path.split("/")[2])
        if 0 <= (today - day).days < RECENT_DAYS:
            kept.append(path)
    return tuple(kept)


def _accounts(sid: int, year: Year, users: int, today: date) -> list[LoadUser]:
    """One account per user, linked to a real teacher, parent or student; one shared hash."""
    teachers = [t for t in sorted(year.lessons_of) if _recent(year.lessons_of[t], today)]
    with session_scope() as db:
        students = list(db.exec(select(Student.id).where(Student.school_id == sid)).all())
    pools = {TEACHER: teachers, PARENT: year.parents, STUDENT: students}
    link = {TEACHER: "teacher_id", PARENT: "parent_id", STUDENT: "student_id"}
    secret, now = hash_password(DEMO_PASSWORD), utcnow()
    rows, made = [], []
    for role, count in role_counts(users):
        pool = pools.get(role, [])
        for n in range(count):
            login = f"mix-{role}-{n:04d}"
            row = {
                "school_id": sid,
                "login": login,
                "name": login,
                "role": role,
                "password_hash": secret,
                "email": "",
                "language": "",
                "active": True,
                "must_change_password": False,
                "notify_mode": "immediate",
                "created_at": now,
                "teacher_id": None,
                "student_id": None,
                "parent_id": None,
            }
            paths: tuple[str, ...] = ()
            if pool:
                person = pool[n % len(pool)]
                row[link[role]] = person
                if role == TEACHER:
                    paths = _recent(year.lessons_of[person], today)
            rows.append(row)
            made.append(LoadUser(login, role, paths))
    with get_engine().begin() as conn:
        conn.execute(insert(UserAccount.__table__), rows)  # type: ignore[arg-type]
    return made


def seed_school(
    tmp: Path, users: int, *, url: str = "", stored_share: float = 0.08, seed: int = 1
) -> School:
    """The demo school grown to a year of 1,000 students, the sum-of-two task, `users` accounts.

    Args:
        tmp: a folder for the SQLite file and the data directory.
        users: simulated users to make accounts for.
        url: an empty PostgreSQL database, or "" for SQLite in `tmp`.
        stored_share: share of the year's marks stored as attendance rows.
        seed: random seed of the year's marks.

    Returns:
        What the load generator needs.
    """
    store = build_demo_store(tmp, url)
    year = build_year(store.school_code, 300, stored_share, seed)
    with session_scope() as db:
        sid = get_school(db, code=store.school_code).id or 0
        tasks = load_course_tasks(db, school_id=sid, course=_course(Path(tempfile.mkdtemp())))
        classes = list(db.exec(select(SchoolClass.code).where(SchoolClass.school_id == sid)))
        has_students = db.exec(select(col(Student.id)).limit(1)).first() is not None
    assert has_students
    made = _accounts(sid, year, users, date.today())
    random.Random(seed).shuffle(made)
    return School(
        store.url,
        store.data_dir,
        sid,
        made,
        tasks["sum-of-two"],
        _reference("sum-of-two", "py"),
        classes,
        year,
        [(date.today() - timedelta(days=d)).isoformat() for d in range(1, 31)],
    )
