"""Fixtures for the practice services: an empty store per backend, a school with a teacher and
two students, the data dir in tmp_path, and a task form with three tests."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from lms.practice.task_form import TaskForm, TestPair
from lms.practice.tasks import create_task
from models.accounts import STUDENT, TEACHER, UserAccount
from models.db import dispose_engines, get_engine
from models.judge import JudgeTask
from models.school import School
from models.settings import get_settings
from tests.models.conftest import store_url  # noqa: F401 - the per-backend store fixture
from web.worker import run_worker


@dataclass(frozen=True)
class People:
    school_id: int
    other_school_id: int
    teacher: int
    student: int
    student2: int
    stranger: int  # a student of the other school


def sum_form(**changes: object) -> TaskForm:
    """A task "add two numbers" with three tests, the first an example."""
    form = TaskForm(
        title={"en": "Sum of two", "ru": "Сумма двух", "kk": ""},
        statement={"en": "# Sum\n\nPrint a + b.\n", "ru": "", "kk": ""},
        time_limit="1",
        memory_limit="64",
        points="50",
        tests=[
            TestPair("1 2\n", "3\n", True),
            TestPair("5 5\n", "10\n"),
            TestPair("-1 1\n", "0\n"),
        ],
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return form


@pytest.fixture
def data_dir(tmp_path: Path) -> Iterator[Path]:
    """The data dir of this test (also the configured one, for code that reads the settings)."""
    saved = os.environ.get("SABAQ_DATA_DIR")
    folder = tmp_path / "data"
    os.environ["SABAQ_DATA_DIR"] = str(folder)
    get_settings.cache_clear()
    yield folder
    if saved is None:
        os.environ.pop("SABAQ_DATA_DIR", None)
    else:
        os.environ["SABAQ_DATA_DIR"] = saved
    get_settings.cache_clear()


@pytest.fixture
def store(store_url: str) -> Iterator[str]:  # noqa: F811 - uses the imported fixture
    SQLModel.metadata.create_all(get_engine(store_url))
    yield store_url
    dispose_engines()


def _account(session: Session, school_id: int, login: str, role: str, name: str) -> int:
    account = UserAccount(school_id=school_id, login=login, name=name, role=role, password_hash="x")
    session.add(account)
    session.flush()
    assert account.id is not None
    return account.id


@pytest.fixture
def people(store: str) -> People:
    with Session(get_engine(store)) as s:
        school = School(code="S1", name="№1 мектеп", city="Алматы")
        other = School(code="S2", name="Гимназия 2", city="Астана")
        s.add_all([school, other])
        s.flush()
        assert school.id is not None and other.id is not None
        found = People(
            school.id,
            other.id,
            _account(s, school.id, "t", TEACHER, "Айгүл Сейітова"),
            _account(s, school.id, "s1", STUDENT, "Әлихан Нұрланұлы"),
            _account(s, school.id, "s2", STUDENT, "Борис Ким"),
            _account(s, other.id, "s3", STUDENT, "Дана Оспан"),
        )
        s.commit()
    return found


@pytest.fixture
def task(store: str, people: People, data_dir: Path) -> JudgeTask:
    """The "add two numbers" task of the school, made with the editor's form."""
    with Session(get_engine(store), expire_on_commit=False) as s:
        row = create_task(
            s,
            school_id=people.school_id,
            form=sum_form(),
            created_by=None,
            actor="t",
            root=data_dir,
        )
        s.commit()
        return row


@contextmanager
def worker_thread(store: str, name: str) -> Iterator[None]:
    """A real worker (as `sabaq worker` runs one) in a thread, for the block."""
    stop = threading.Event()
    thread = threading.Thread(
        target=run_worker, args=(stop,), kwargs={"worker_name": name, "poll_s": 0.05, "url": store}
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(120)
