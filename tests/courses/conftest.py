"""Course service tests: a migrated store (SQLite, or PostgreSQL when configured), two schools."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session

from models.account_services import create_account
from models.accounts import STUDENT, TEACHER
from models.classes import SchoolClass
from models.db import get_engine
from models.migrate import upgrade_database
from models.people import Student
from models.school import School
from models.settings import get_settings
from tests.models.conftest import store_url  # noqa: F401 - the store per backend

PASSWORD = "course-tests-1"


@dataclass
class World:
    """Two schools: A (Алматы) with classes 7А and 8Ә, B (Астана) with 7Б."""

    school_a: int
    school_b: int
    class_a: int
    class_a2: int
    class_b: int
    students_a: list[int]  # accounts of 7А's students (Student ids in `people_a`)
    people_a: list[int]
    student_a2: int  # account of 8Ә's student
    student_b: int  # account of 7Б's student
    people_b: int
    teacher_a: int


def _class(db: Session, school_id: int, code: str, grade: int) -> int:
    row = SchoolClass(school_id=school_id, code=code, grade=grade, shift="1", size=25)
    db.add(row)
    db.flush()
    return row.id or 0


def _student(db: Session, school_id: int, class_id: int, code: str, name: str) -> tuple[int, int]:
    person = Student(school_id=school_id, code=code, name=name, class_id=class_id)
    db.add(person)
    db.flush()
    account = create_account(
        db,
        school_id=school_id,
        login=code.lower(),
        name=name,
        role=STUDENT,
        password=PASSWORD,
        student_id=person.id,
    )
    return account.id or 0, person.id or 0


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    saved = os.environ.get("SABAQ_DATA_DIR")
    os.environ["SABAQ_DATA_DIR"] = str(tmp_path / "data")
    get_settings.cache_clear()
    yield tmp_path / "data"
    if saved is None:
        os.environ.pop("SABAQ_DATA_DIR", None)
    else:
        os.environ["SABAQ_DATA_DIR"] = saved
    get_settings.cache_clear()


@pytest.fixture
def db(store_url: str, data_dir: Path) -> Iterator[Session]:  # noqa: F811
    upgrade_database(store_url)
    with Session(get_engine(store_url), expire_on_commit=False) as session:
        yield session


@pytest.fixture
def world(db: Session) -> World:
    a = School(code="SCH-A", name="№1 мектеп-гимназиясы", city="Алматы")
    b = School(code="SCH-B", name="Школа-лицей №2", city="Астана")
    db.add_all([a, b])
    db.flush()
    ida, idb = a.id or 0, b.id or 0
    class_a, class_a2, class_b = (
        _class(db, ida, "7А", 7),
        _class(db, ida, "8Ә", 8),
        _class(db, idb, "7Б", 7),
    )
    made = [
        _student(db, ida, class_a, f"A{n}", name)
        for n, name in enumerate(["Әлихан Сәрсенов", "Айгүл Нұрланова", "Борис Ильин"], 1)
    ]
    a2, _ = _student(db, ida, class_a2, "A9", "Өмірзақ Төлеген")
    b1, pb = _student(db, idb, class_b, "B1", "Дана Қайратқызы")
    teacher = create_account(
        db, school_id=ida, login="teacher-a", name="Мұғалім", role=TEACHER, password=PASSWORD
    )
    db.commit()
    return World(
        ida,
        idb,
        class_a,
        class_a2,
        class_b,
        [m[0] for m in made],
        [m[1] for m in made],
        a2,
        b1,
        pb,
        teacher.id or 0,
    )
