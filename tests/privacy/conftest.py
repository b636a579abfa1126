"""A small store for the privacy services: two schools, a class, a leaver with a parent, notes,
grades, a screening case, a notice, and the import history that names them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlmodel import Session, SQLModel

import models.tables  # noqa: F401 - every table in the metadata
from models.account_services import create_account
from models.accounts import PARENT, SCHOOL_ADMIN, STUDENT, TEACHER
from models.base import utcnow
from models.classes import SchoolClass
from models.curriculum import Subject
from models.db import dispose_engines, get_engine
from models.guidance import CaseEntry, InstrumentAssignment, InstrumentResponse, RiskCase
from models.history import ChangeRecord, DataVersion
from models.journal import Assessment, Grade, Remark
from models.outbox import Notice
from models.people import Guardianship, Parent, Student
from models.school import School
from tests.models.conftest import POSTGRES_ENV, _drop_postgres_db, _fresh_postgres_db


@dataclass
class World:
    school_id: int
    other_school_id: int
    leaver_id: int  # left four years ago
    pupil_id: int  # still at school, same parent? no: another family
    parent_id: int
    admin: int
    parent_account: int
    leaver_account: int
    pupil_account: int
    other_admin: int
    grade_id: int
    case_entry_id: int
    notice_id: int


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def session(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Session]:
    """The small store on SQLite, and on PostgreSQL when the suite has a server."""
    base = os.environ.get(POSTGRES_ENV, "")
    if request.param == "postgres" and not base:
        pytest.skip(f"{POSTGRES_ENV} is not set (start one with .ci/postgres.sh)")
    url = _fresh_postgres_db(base) if request.param == "postgres" else (
        f"sqlite:///{tmp_path / 'store.db'}"
    )  # fmt: skip
    engine = get_engine(url)
    SQLModel.metadata.create_all(engine)
    with Session(engine, expire_on_commit=False) as db:
        yield db
    dispose_engines()
    if request.param == "postgres":
        _drop_postgres_db(base, url)


def _account(db: Session, school: int, login: str, role: str, **links: int) -> int:
    row = create_account(db, school_id=school, login=login, name=login.title(), role=role,
                         password="password-1", email=f"{login}@example.kz", **links)  # fmt: skip
    assert row.id is not None
    return row.id


def _journal(db: Session, school: int, cls: int, leaver: int, teacher: int) -> int:
    subject = Subject(school_id=school, code="MATH", name="Математика")
    db.add(subject)
    db.flush()
    assessment = Assessment(school_id=school, class_id=cls, subject_id=subject.id or 0,
                            kind="sor", day=date(2021, 10, 1))  # fmt: skip
    db.add(assessment)
    db.flush()
    grade = Grade(school_id=school, assessment_id=assessment.id or 0, student_id=leaver, value=5,
                  comment="Айгерім жақсы жазды")  # fmt: skip
    db.add_all([grade,
        Remark(school_id=school, student_id=leaver, text="Айгерім Сәрсенова сабақта сөйлеп отырды",
               author_id=teacher),
    ])  # fmt: skip
    db.flush()
    assert grade.id is not None
    return grade.id


def _screening(db: Session, school: int, leaver: int) -> int:
    assignment = InstrumentAssignment(school_id=school, instrument_key="phq-a", student_id=leaver,
                                      instrument_version="1", target_kind="student")  # fmt: skip
    db.add(assignment)
    db.flush()
    response = InstrumentResponse(school_id=school, assignment_id=assignment.id or 0,
                                  student_id=leaver, instrument_key="phq-a",
                                  instrument_version="1", clinical=True,
                                  summary={"note": "Айгерім"})  # fmt: skip
    db.add(response)
    db.flush()
    case = RiskCase(school_id=school, student_id=leaver, response_id=response.id or 0,
                    instrument_key="phq-a", severity="urgent")  # fmt: skip
    db.add(case)
    db.flush()
    entry = CaseEntry(school_id=school, case_id=case.id or 0, text="Айгерім үйде қорқады")
    db.add(entry)
    db.flush()
    assert entry.id is not None
    return entry.id


def _history(db: Session, school: int) -> None:
    snapshot = {"students": [{"code": "S-1", "name": "Айгерім Сәрсенова", "class_code": "7A",
                              "birth_date": "2009-05-15"},
                             {"code": "S-2", "name": "Нұрлан Әбенов", "class_code": "7A"}],
                "parents": [{"code": "P-1", "name": "Гүлнар Сәрсенова", "children": ["S-1"],
                             "email": "gulnar@example.kz", "phone": "+77010000000"}]}  # fmt: skip
    version = DataVersion(school_id=school, number=1, snapshot=snapshot)
    db.add(version)
    db.flush()
    db.add_all([
        ChangeRecord(school_id=school, data_version_id=version.id or 0, entity="student",
                     key="S-1", action="updated", field="name", old="Айгерім Сәрсен",
                     new="Айгерім Сәрсенова"),
        ChangeRecord(school_id=school, data_version_id=version.id or 0, entity="student",
                     key="S-1", action="created", new={"name": "Айгерім Сәрсен", "code": "S-1"}),
    ])  # fmt: skip


@pytest.fixture
def world(session: Session) -> World:
    db = session
    school, other = School(code="A-1", name="Мектеп", language="kk"), School(code="B-2", name="B")
    db.add_all([school, other])
    db.flush()
    sid, oid = school.id or 0, other.id or 0
    cls = SchoolClass(school_id=sid, code="7A", grade=7, shift="1", size=25)
    db.add(cls)
    db.flush()
    left = utcnow() - timedelta(days=4 * 366)
    leaver = Student(school_id=sid, code="S-1", name="Айгерім Сәрсенова", class_id=cls.id or 0,
                     birth_date=date(2009, 5, 15), deleted_at=left)  # fmt: skip
    pupil = Student(school_id=sid, code="S-2", name="Нұрлан Әбенов", class_id=cls.id or 0)
    parent = Parent(school_id=sid, code="P-1", name="Гүлнар Сәрсенова", email="gulnar@example.kz",
                    phone="+77010000000")  # fmt: skip
    db.add_all([leaver, pupil, parent])
    db.flush()
    db.add(Guardianship(school_id=sid, parent_id=parent.id or 0, student_id=leaver.id or 0))
    teacher = _account(db, sid, "mugalim", TEACHER)
    parent_account = _account(db, sid, "gulnar", PARENT, parent_id=parent.id or 0)
    notice = Notice(school_id=sid, user_id=parent_account, subject="Айгерім: баға",
                    body="Айгерім Сәрсенова алды 5", address="gulnar@example.kz")  # fmt: skip
    db.add(notice)
    _history(db, sid)
    world = World(
        school_id=sid, other_school_id=oid, leaver_id=leaver.id or 0, pupil_id=pupil.id or 0,
        parent_id=parent.id or 0, admin=_account(db, sid, "director", SCHOOL_ADMIN),
        parent_account=parent_account,
        leaver_account=_account(db, sid, "aigerim", STUDENT, student_id=leaver.id or 0),
        pupil_account=_account(db, sid, "nurlan", STUDENT, student_id=pupil.id or 0),
        other_admin=_account(db, oid, "other-director", SCHOOL_ADMIN),
        grade_id=_journal(db, sid, cls.id or 0, leaver.id or 0, teacher),
        case_entry_id=_screening(db, sid, leaver.id or 0), notice_id=0,
    )  # fmt: skip
    db.flush()
    world.notice_id = notice.id or 0
    db.commit()
    return world


def at(years_ago: float) -> datetime:
    return utcnow() - timedelta(days=round(365.25 * years_ago))
