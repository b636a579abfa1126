"""Fixtures of the website's service tests: a fresh SQLite store with two schools and pupils."""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import Session, SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from models.classes import SchoolClass
from models.db import dispose_engines, get_engine
from models.people import Guardianship, Parent, Student
from models.school import School


@dataclass(frozen=True)
class Schools:
    """Two schools: ours (with a class, three pupils and a parent) and another one."""

    ours: int
    other: int
    pupils: tuple[int, int, int]
    other_pupil: int
    parent: int  # the first pupil's parent


def png(width: int = 64, height: int = 48, color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    """A small PNG made with Pillow."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def session(tmp_path: Path) -> Iterator[Session]:
    engine = get_engine(f"sqlite:///{tmp_path / 'site.db'}")
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as db:
        yield db
    dispose_engines()


def _school(db: Session, code: str, name: str, pupils: list[str]) -> tuple[int, list[int]]:
    school = School(code=code, name=name, language="kk")
    db.add(school)
    db.flush()
    assert school.id is not None
    klass = SchoolClass(school_id=school.id, code="7А", grade=7, shift="1", size=25)
    db.add(klass)
    db.flush()
    ids = []
    for n, name_ in enumerate(pupils):
        pupil = Student(
            school_id=school.id, code=f"{code}-S{n}", name=name_, class_id=klass.id or 0
        )
        db.add(pupil)
        db.flush()
        ids.append(pupil.id or 0)
    return school.id, ids


@pytest.fixture
def schools(session: Session) -> Schools:
    ours, pupils = _school(
        session, "SCH-1", "№1 мектеп", ["Әсел Нұрланқызы", "Бауыржан Ерланұлы", "Ёлкин Ли"]
    )
    other, others = _school(session, "SCH-2", "Басқа мектеп", ["Дана Серікқызы"])
    parent = Parent(school_id=ours, code="P1", name="Нұрлан Әбенов", relation="father")
    session.add(parent)
    session.flush()
    session.add(Guardianship(school_id=ours, parent_id=parent.id or 0, student_id=pupils[0]))
    session.commit()
    return Schools(ours, other, (pupils[0], pupils[1], pupils[2]), others[0], parent.id or 0)
