"""The demo school for the family and notice tests: a store per module, the demo parent's child."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import Session, select

from journal.grades import create_assessment, set_grade
from journal.register_access import Actor
from models.accounts import SCHOOL_ADMIN
from models.db import dispose_engines, session_scope
from models.lessons import LessonRequirement
from models.people import Student
from models.school_data import get_school
from models.settings import get_settings
from tests.web.conftest import build_demo_store
from web.settings import get_web_settings

MONDAY = date(2026, 11, 23)  # term 2
CHILD = 68  # the demo parent's child (2А); its first Monday lesson is lesson 27, unit 1
FIRST = (27, 1)
ADMIN = Actor(user_id=None, login="director", role=SCHOOL_ADMIN)


def enter_fo_mark(db: Session, school_id: int, value: float) -> tuple[int, int]:
    """A new ФО column in the subject of the child's first lesson, with the child's mark in it.

    Returns:
        (assessment id, grade id).
    """
    lesson = db.get(LessonRequirement, FIRST[0])
    child = db.get(Student, CHILD)
    assert lesson is not None and child is not None
    a = create_assessment(
        db,
        school_id=school_id,
        class_id=child.class_id,
        subject_id=lesson.subject_id,
        kind="fo",
        day=MONDAY,
        actor="t",
    )
    g = set_grade(
        db, school_id=school_id, assessment_id=a.id or 0, student_id=CHILD, value=value, actor="t"
    )
    return a.id or 0, g.id or 0


def fake_texts(language: str):  # type: ignore[no-untyped-def]
    """A 'translation' that shows which language a notice was rendered in."""
    return lambda text: f"[{language}] {text}"


def classmates(school_id: int) -> list[int]:
    with session_scope() as db:
        child = db.get(Student, CHILD)
        assert child is not None
        query = select(Student.id).where(
            Student.school_id == school_id, Student.class_id == child.class_id
        )
        return sorted(i or 0 for i in db.exec(query).all() if i != CHILD)


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    store = build_demo_store(tmp_path_factory.mktemp("family"))
    with session_scope() as db:
        school_id = get_school(db, code=store.school_code).id
    assert school_id is not None
    yield school_id
    dispose_engines()
    for key, value in saved.items():
        os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    get_settings.cache_clear()
    get_web_settings.cache_clear()
