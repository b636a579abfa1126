"""A small school for the guidance work tests: a migrated SQLite store, classes, students, staff."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session

from models.accounts import (
    COUNSELLOR,
    PARENT,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
    UserAccount,
)
from models.classes import SchoolClass
from models.db import dispose_engines, get_engine
from models.migrate import upgrade_database
from models.people import Guardianship, Parent, Student, Teacher
from models.school import School


@dataclass
class World:
    """Ids of one school's people (and a second school's student, to check tenancy)."""

    school_id: int
    other_school_id: int
    class_11a: int
    class_9a: int
    students: list[int]  # of 11A; the first has an account, a parent and a class teacher
    students_9a: list[int]
    other_student: int
    accounts: dict[str, int]  # role word -> account id
    class_teacher_id: int
    other_teacher_id: int
    parent_id: int


def _account(db: Session, school_id: int, login: str, role: str, **links: int) -> int:
    account = UserAccount(
        school_id=school_id, login=login, name=login.title(), role=role, password_hash="x",
        **links,
    )  # fmt: skip
    db.add(account)
    db.flush()
    assert account.id is not None
    return account.id


def build_world(db: Session) -> World:
    """Two schools; the first with 11A (five students), 9A (six) and one account per role."""
    school = School(code="G-1", name="Мектеп №1", city="Алматы", region="Алматы")
    other = School(code="G-2", name="Мектеп №2")
    db.add_all([school, other])
    db.flush()
    sid, oid = school.id or 0, other.id or 0
    teacher = Teacher(school_id=sid, code="T1", name="Айгүл Серікова")
    other_teacher = Teacher(school_id=sid, code="T2", name="Ерлан Бек")
    db.add_all([teacher, other_teacher])
    db.flush()
    c11 = SchoolClass(school_id=sid, code="11A", grade=11, shift="1", size=5,
                      class_teacher_id=teacher.id)  # fmt: skip
    c9 = SchoolClass(school_id=sid, code="9A", grade=9, shift="1", size=6)
    c_other = SchoolClass(school_id=oid, code="11A", grade=11, shift="1", size=1)
    db.add_all([c11, c9, c_other])
    db.flush()
    names = ["Әлия Нұрланқызы", "Бауыржан Оспан", "Дана Ким", "Ержан Әбдіков", "Жанна Ли"]
    students = [Student(school_id=sid, code=f"S{i}", name=n, class_id=c11.id or 0)
                for i, n in enumerate(names, 1)]  # fmt: skip
    nine = [Student(school_id=sid, code=f"N{i}", name=f"Оқушы {i}", class_id=c9.id or 0)
            for i in range(1, 7)]  # fmt: skip
    stranger = Student(school_id=oid, code="S1", name="Бөтен Оқушы", class_id=c_other.id or 0)
    db.add_all([*students, *nine, stranger])
    db.flush()
    parent = Parent(school_id=sid, code="P1", name="Ана Нұрланова")
    db.add(parent)
    db.flush()
    db.add(Guardianship(school_id=sid, parent_id=parent.id or 0, student_id=students[0].id or 0))
    accounts = {
        "admin": _account(db, sid, "director", SCHOOL_ADMIN),
        "counsellor": _account(db, sid, "counsellor", COUNSELLOR),
        "psychologist": _account(db, sid, "psychologist", PSYCHOLOGIST),
        "class_teacher": _account(db, sid, "classteacher", TEACHER, teacher_id=teacher.id or 0),
        "teacher": _account(db, sid, "teacher", TEACHER, teacher_id=other_teacher.id or 0),
        "student": _account(db, sid, "student", STUDENT, student_id=students[0].id or 0),
        "student2": _account(db, sid, "student2", STUDENT, student_id=students[1].id or 0),
        "parent": _account(db, sid, "parent", PARENT, parent_id=parent.id or 0),
        "other_counsellor": _account(db, oid, "counsellor2", COUNSELLOR),
    }
    db.commit()
    return World(
        sid, oid, c11.id or 0, c9.id or 0, [s.id or 0 for s in students],
        [s.id or 0 for s in nine], stranger.id or 0, accounts, teacher.id or 0,
        other_teacher.id or 0, parent.id or 0,
    )  # fmt: skip


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Session]:
    """A session on a fresh migrated SQLite store."""
    url = f"sqlite:///{tmp_path / 'guidance.db'}"
    upgrade_database(url)
    with Session(get_engine(url), expire_on_commit=False) as session:
        yield session
    dispose_engines()


@pytest.fixture
def world(db: Session) -> World:
    return build_world(db)
