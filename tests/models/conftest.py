"""Fixtures for the store tests: a store URL per backend, a migrated engine, a sample school."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from models.db import dispose_engines, get_engine, normalize_url
from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    Holiday,
    LessonReq,
    LockedLesson,
    ParentInfo,
    RoomInfo,
    RuleRow,
    SchoolInfo,
    SchoolSnapshot,
    SlotRef,
    SnapshotSettings,
    StudentInfo,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
    TermInfo,
    TravelInfo,
)

POSTGRES_ENV = "SABAQ_TEST_POSTGRES_URL"


def _fresh_postgres_db(base_url: str) -> str:
    """A new empty database on the test server, so every test starts clean."""
    name = f"sabaq_test_{uuid.uuid4().hex[:12]}"
    admin = get_engine(base_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    return (
        make_url(normalize_url(base_url)).set(database=name).render_as_string(hide_password=False)
    )


def _drop_postgres_db(base_url: str, url: str) -> None:
    name = make_url(url).database
    dispose_engines()
    admin = get_engine(base_url)
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database: a temporary SQLite file, or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        dispose_engines()
        return
    base = os.environ.get(POSTGRES_ENV, "")
    if not base:
        pytest.skip(f"{POSTGRES_ENV} is not set (start one with .ci/postgres.sh)")
    url = _fresh_postgres_db(base)
    yield url
    _drop_postgres_db(base, url)


@pytest.fixture
def engine(store_url: str) -> Engine:
    """The engine of an empty store with every table created."""
    engine = get_engine(store_url)
    SQLModel.metadata.create_all(engine)
    return engine


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session


def sample_snapshot(code: str = "SCH-1", teacher_name: str = "Асель Нурова") -> SchoolSnapshot:
    """A small but complete school: two buildings, subgroups, a joined lesson, people, rules."""
    return SchoolSnapshot(
        school=SchoolInfo(code, "Мектеп-гимназия №1", "Алматы", "Алматы", 6, "kk"),
        terms=(
            TermInfo(
                "1 term",
                date(2026, 9, 1),
                date(2026, 10, 30),
                (Holiday("Autumn", date(2026, 10, 26), date(2026, 10, 30)),),
            ),
            TermInfo("2 term", date(2026, 11, 9), date(2026, 12, 29)),
        ),
        buildings=(
            BuildingInfo("MAIN", "Главный корпус"),
            BuildingInfo("GYM", "Спортзал", "ул. Абая 1"),
        ),
        travel=(TravelInfo("MAIN", "GYM", 15),),
        rooms=(
            RoomInfo("101", "Кабинет 101", "MAIN", 30),
            RoomInfo("LAB", "Химия", "MAIN", 24, "lab", (SlotRef(0, "1", 1),)),
            RoomInfo("HALL", "Зал", "GYM", 60, "gym"),
        ),
        subjects=(
            SubjectInfo("MATH", "Математика", hard=True),
            SubjectInfo("KAZ", "Қазақ тілі"),
            SubjectInfo("PE", "Физкультура", room_kind="gym"),
        ),
        bells=(BellPeriod("1", 1, "08:00", "08:45"), BellPeriod("1", 2, "08:55", "09:40")),
        teachers=(
            TeacherInfo(
                "T1", teacher_name, ("MATH",), (SlotRef(4, "1", 2),), 6, 20, 5, 4, 1, "a@x.kz"
            ),
            TeacherInfo("T2", "Ерлан Оспанов", ("KAZ", "PE")),
        ),
        classes=(ClassInfo("7A", 7, "1", 25, "101"), ClassInfo("7B", 7, "1", 24, max_per_day=7)),
        subgroups=(
            SubgroupInfo("7A", "lang", "kz", 12),
            SubgroupInfo("7A", "lang", "ru", 13),
            SubgroupInfo("7B", "lang", "kz", 10),
        ),
        lessons=(
            LessonReq("7A-MATH", "MATH", (GroupRef("7A"),), ("T1",), 5, 1, rooms=("101",)),
            LessonReq("7AB-KAZ", "KAZ", (GroupRef("7A", "kz"), GroupRef("7B", "kz")), ("T2",), 3),
            LessonReq("7A-PE", "PE", (GroupRef("7A"),), ("T2", "T1"), 2, room_kind="gym"),
        ),
        students=(
            StudentInfo("S1", "Айгерим Садыкова", "7A", (("lang", "kz"),), date(2013, 5, 1)),
            StudentInfo("S2", "Иван Петров", "7A", (("lang", "ru"),)),
        ),
        parents=(ParentInfo("P1", "Гульнара Садыкова", ("S1",), relation="mother"),),
        rules=(RuleRow("fet:min_days", {"activity": "7A-MATH", "days": 3}, 95), RuleRow("x", {})),
        locked=(LockedLesson("7A-MATH", 0, 1, "1", 1, "101"),),
        settings=SnapshotSettings(True, 5, 2, {"teacher_gap": 3}),
    )
