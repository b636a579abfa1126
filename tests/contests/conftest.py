"""A store for the olympiad tests: three schools, their staff and students, platform tasks."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import Session, SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from lms.contests import Actor, ContestInput, TaskChoice, create_contest
from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN, STUDENT, TEACHER, UserAccount
from models.contests import Contest
from models.db import dispose_engines, get_engine
from models.judge import JUDGED, OLYMPIAD, JudgeTask, Submission
from models.school import School
from models.settings import get_settings
from tests.models.conftest import POSTGRES_ENV, _drop_postgres_db, _fresh_postgres_db

EXAMPLES = Path(__file__).resolve().parents[2] / "lms" / "judge" / "examples"
SCHOOLS = [("S1", "№ 1 мектеп-гимназия"), ("S2", "Школа-лицей № 2"), ("S3", "Әл-Фараби мектебі")]
NAMES = [
    ["Айгерім Сәрсенова", "Нұрлан Өтебаев", "Дәурен Қасымов"],
    ["Мария Иванова", "Тимур Ахметов", "Ұлжан Бекова"],
    ["Әлихан Жұмабаев", "Ғалия Мұратқызы", "Ерасыл Үмбетов"],
]


@dataclass
class World:
    """Who is who in the test store."""

    schools: list[int]
    platform: Actor
    admins: list[Actor]
    teachers: list[Actor]
    students: list[list[Actor]]
    names: dict[int, str] = field(default_factory=dict)  # user id -> name
    tasks: dict[str, int] = field(default_factory=dict)  # slug -> platform task id
    own_task: int = 0  # a task of school 1


def _account(db: Session, school_id: int | None, role: str, name: str, n: int) -> Actor:
    account = UserAccount(school_id=school_id, login=f"{role}-{n}", name=name, role=role,
                          password_hash="-")  # fmt: skip
    db.add(account)
    db.flush()
    assert account.id is not None
    return Actor(account.id, role, school_id)


def _task(db: Session, data_dir: Path, slug: str, school_id: int | None) -> int:
    folder = f"tasks/{slug}-{school_id or 0}/v1"
    shutil.copytree(EXAMPLES / slug, data_dir / folder)
    task = JudgeTask(school_id=school_id, slug=slug, title={"en": slug}, folder=folder)
    db.add(task)
    db.flush()
    assert task.id is not None
    return task.id


def build_world(db: Session, data_dir: Path) -> World:
    ids = []
    for code, name in SCHOOLS:
        school = School(code=code, name=name, city="Алматы")
        db.add(school)
        db.flush()
        assert school.id is not None
        ids.append(school.id)
    n = iter(range(1000))
    world = World(ids, _account(db, None, PLATFORM_ADMIN, "Platform", next(n)), [], [], [])
    for i, sid in enumerate(ids):
        world.admins.append(_account(db, sid, SCHOOL_ADMIN, f"Директор {i + 1}", next(n)))
        world.teachers.append(_account(db, sid, TEACHER, f"Мұғалім {i + 1}", next(n)))
        group = [_account(db, sid, STUDENT, name, next(n)) for name in NAMES[i]]
        world.students.append(group)
        world.names.update({a.user_id: name for a, name in zip(group, NAMES[i], strict=True)})
    for slug in ("sum-of-two", "divisors"):
        world.tasks[slug] = _task(db, data_dir, slug, None)
    world.own_task = _task(db, data_dir, "two-summands", ids[0])
    db.commit()
    return world


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty store (every table), SQLite or PostgreSQL, configured for this process."""
    base = os.environ.get(POSTGRES_ENV, "")
    if request.param == "postgres" and not base:
        pytest.skip(f"{POSTGRES_ENV} is not set (start one with .ci/postgres.sh)")
    url = (_fresh_postgres_db(base) if request.param == "postgres"
           else f"sqlite:///{tmp_path / 'store.db'}")  # fmt: skip
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SABAQ_DATA_DIR", str(tmp_path))
    dispose_engines()
    get_settings.cache_clear()
    SQLModel.metadata.create_all(get_engine(url))
    yield url
    dispose_engines()
    get_settings.cache_clear()
    if request.param == "postgres":
        _drop_postgres_db(base, url)


@pytest.fixture
def db(store: str) -> Iterator[Session]:
    with Session(get_engine(store), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def world(db: Session, tmp_path: Path) -> World:
    return build_world(db, tmp_path)


def contest_input(world: World, *, rules: str = "icpc", start: datetime | None = None,
                  minutes: int = 300, freeze: int | None = 240,
                  **more: Any) -> ContestInput:  # fmt: skip
    start = start or datetime.now(UTC) - timedelta(minutes=30)
    return ContestInput(
        title=more.pop("title", "Қалалық олимпиада"), rules=rules, starts_at=start,
        ends_at=start + timedelta(minutes=minutes),
        freeze_at=start + timedelta(minutes=freeze) if freeze is not None else None,
        tasks=more.pop("tasks", (TaskChoice("A", world.tasks["sum-of-two"]),
                                 TaskChoice("B", world.tasks["divisors"]))),
        **more,
    )  # fmt: skip


def city_contest(db: Session, world: World, **options: Any) -> Contest:
    """A city-wide contest by the platform admin with all three schools and their students."""
    from lms.contests import register_school, register_student

    contest = create_contest(db, world.platform, contest_input(world, **options))
    assert contest.id is not None
    for admin, group in zip(world.admins, world.students, strict=True):
        register_school(db, admin, contest.id)
        for student in group:
            register_student(db, student, contest.id, student.user_id)
    db.commit()
    return contest


def submit(db: Session, contest: Contest, who: Actor, task_id: int, minute: float,
           verdict: str = "", *, status: str = JUDGED, score: float | None = None,
           tests: list[dict[str, Any]] | None = None,
           details: dict[str, Any] | None = None) -> Submission:  # fmt: skip
    """A contest submission with its verdict written straight into the store."""
    start = contest.starts_at if contest.starts_at.tzinfo else contest.starts_at.replace(tzinfo=UTC)
    sent = start + timedelta(minutes=minute)
    row = Submission(
        school_id=who.school_id, user_id=who.user_id, task_id=task_id, contest_id=contest.id,
        purpose=OLYMPIAD, language="py", source="print(1)", status=status, verdict=verdict,
        score=score if score is not None else (100.0 if verdict == "AC" else 0.0),
        tests=tests or [], details=details or {}, created_at=sent,
        judged_at=sent if status == JUDGED else None,
    )  # fmt: skip
    db.add(row)
    db.commit()
    return row
