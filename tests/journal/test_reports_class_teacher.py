"""Class teachers in the reports, and the school's chronic-absence threshold, on a real store.

The tiny school of `test_reports_store`: Сәрсенова teaches 7A maths and leads 1A, where she
teaches nothing; Оспанов leads and teaches nothing. Attendance in September (worked by hand
there): Дана (1A) missed 25 %, Әлия 13.3 %, Вера 6.7 %.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from sqlmodel import Session, SQLModel, select

import models.tables  # noqa: F401 - every table in the metadata
from journal.errors import JournalError, JournalNotFound
from journal.reports import (
    attendance_report,
    cards_pdf,
    chronic_threshold,
    report_cards,
    set_chronic_threshold,
    visible_class,
    visible_classes,
)
from models.classes import SchoolClass
from models.db import dispose_engines, get_engine
from models.history import AuditEntry
from models.lessons import LessonTeacher
from models.people import Teacher
from tests.journal.test_reports_store import TERM1, World, build_world


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Session]:
    engine = get_engine(f"sqlite:///{tmp_path / 'reports.db'}")
    SQLModel.metadata.create_all(engine)
    try:
        with Session(engine, expire_on_commit=False) as session:
            yield session
    finally:
        dispose_engines()


def _teacher(db: Session, w: World, code: str, name: str) -> int:
    row = Teacher(school_id=w.sch.id, code=code, name=name)
    db.add(row)
    db.flush()
    assert row.id is not None
    return row.id


def _world(db: Session) -> tuple[World, int, int]:
    """The school with Сәрсенова (7A maths, leads 1A) and Оспанов (nothing at all)."""
    w = build_world(db)
    sarsenova = _teacher(db, w, "T1", "Сәрсенова Айгүл")
    ospanov = _teacher(db, w, "T2", "Оспанов Ерлан")
    db.add(LessonTeacher(school_id=w.sch.id, lesson_id=w.lessons["math7"], teacher_id=sarsenova))
    one_a = db.get(SchoolClass, w.sch.classes["1A"])
    assert one_a is not None
    one_a.class_teacher_id = sarsenova
    db.add(one_a)
    db.commit()
    return w, sarsenova, ospanov


def test_a_class_teacher_sees_the_class_they_lead_besides_those_they_teach(db: Session) -> None:
    w, sarsenova, ospanov = _world(db)
    refs = visible_classes(db, school_id=w.sch.id, teacher_id=sarsenova)
    assert [(c.code, c.mine, c.class_teacher) for c in refs] == [
        ("1A", True, "Сәрсенова Айгүл"),  # led, not taught
        ("7A", False, ""),  # taught; 7A has no class teacher
    ]
    one = visible_class(db, school_id=w.sch.id, teacher_id=sarsenova, class_id=w.sch.classes["1A"])
    assert one.mine
    assert visible_classes(db, school_id=w.sch.id, teacher_id=ospanov) == []
    with pytest.raises(JournalNotFound):
        visible_class(db, school_id=w.sch.id, teacher_id=ospanov, class_id=w.sch.classes["1A"])
    # the admin sees every class with its class teacher, none of them "mine"
    admin = visible_classes(db, school_id=w.sch.id, teacher_id=None)
    assert [(c.code, c.mine, c.class_teacher) for c in admin] == [
        ("1A", False, "Сәрсенова Айгүл"),
        ("7A", False, ""),
    ]


def test_another_schools_teacher_leads_nothing_here(db: Session) -> None:
    _, sarsenova, _ = _world(db)
    other = build_world(db, "SCH-2")
    assert visible_classes(db, school_id=other.sch.id, teacher_id=sarsenova) == []


def test_the_report_card_prints_the_class_teachers_name(db: Session) -> None:
    w, _, _ = _world(db)
    cards = report_cards(
        db, school_id=w.sch.id, class_id=w.sch.classes["1A"], academic_year_id=w.sch.year
    )
    assert cards.class_teacher == "Сәрсенова Айгүл"
    kk = {"Class teacher: {name}": "Сынып жетекшісі: {name}"}
    body = cards_pdf(cards, translate=lambda s: kk.get(s, s), issued=date(2026, 12, 30))
    text = " ".join(PdfReader(io.BytesIO(body)).pages[0].extract_text().split())
    assert "Сынып жетекшісі: Сәрсенова Айгүл" in text
    # 7A has none: a line to sign instead of a name
    seven = report_cards(
        db, school_id=w.sch.id, class_id=w.sch.classes["7A"], academic_year_id=w.sch.year
    )
    assert seven.class_teacher == ""
    body = cards_pdf(seven, translate=lambda s: kk.get(s, s), issued=date(2026, 12, 30))
    text = PdfReader(io.BytesIO(body)).pages[0].extract_text()
    assert "Сынып жетекшісі: ____" in text and "Сәрсенова" not in text


def test_the_school_threshold_changes_who_is_flagged(db: Session) -> None:
    w, _, _ = _world(db)

    def flagged() -> list[str]:
        report = attendance_report(db, school_id=w.sch.id, start=TERM1[0], end=TERM1[1])
        return [s.name for s in report.chronic]

    assert chronic_threshold(db, school_id=w.sch.id) == 10.0
    assert flagged() == ["Дана", "Әлия"]  # 25 %, 13.3 %
    set_chronic_threshold(db, school_id=w.sch.id, percent="5", actor="director")
    db.commit()
    assert flagged() == ["Дана", "Әлия", "Вера"]  # 6.7 % counts now
    set_chronic_threshold(db, school_id=w.sch.id, percent="20,5", actor="director")
    db.commit()
    assert chronic_threshold(db, school_id=w.sch.id) == 20.5
    assert flagged() == ["Дана"]
    # a page's own threshold still wins for a one-off look
    once = attendance_report(db, school_id=w.sch.id, start=TERM1[0], end=TERM1[1], threshold=5)
    assert len(once.chronic) == 3 and once.threshold == 5
    audit = db.exec(select(AuditEntry).where(AuditEntry.action == "change_report_settings")).all()
    assert [(a.actor, a.details["old"], a.details["new"]) for a in audit] == [
        ("director", 10.0, 5.0),
        ("director", 5.0, 20.5),
    ]


@pytest.mark.parametrize("typed", ["", "0", "-3", "101", "ten"])
def test_a_threshold_that_is_no_percent_is_refused(db: Session, typed: str) -> None:
    w, _, _ = _world(db)
    with pytest.raises(JournalError) as error:
        set_chronic_threshold(db, school_id=w.sch.id, percent=typed, actor="director")
    assert error.value.code == "bad_threshold"
    assert "Chronic absence: give a percent above 0 and up to 100" in str(error.value.messages[0])
    assert chronic_threshold(db, school_id=w.sch.id) == 10.0
    assert db.exec(select(AuditEntry)).all() == []


def test_an_unchanged_threshold_writes_no_audit_row(db: Session) -> None:
    w, _, _ = _world(db)
    set_chronic_threshold(db, school_id=w.sch.id, percent="12", actor="director")
    set_chronic_threshold(db, school_id=w.sch.id, percent="12 %", actor="director")
    db.commit()
    assert len(db.exec(select(AuditEntry)).all()) == 1
