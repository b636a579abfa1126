"""A class's class teacher in the store: written, read back, changed on re-import, checked."""

from __future__ import annotations

import dataclasses

import pytest
from sqlmodel import Session, select

from models.changes import UPDATED, Change
from models.classes import SchoolClass
from models.errors import InvalidSnapshot
from models.people import Teacher
from models.school_data import apply_snapshot, read_snapshot
from tests.models.samples import sample_snapshot


def _lead_of(session: Session, code: str) -> str | None:
    klass = session.exec(select(SchoolClass).where(SchoolClass.code == code)).one()
    if klass.class_teacher_id is None:
        return None
    return session.get(Teacher, klass.class_teacher_id).code  # type: ignore[union-attr]


def test_class_teacher_is_stored_as_a_teacher_link_and_read_back(session: Session) -> None:
    apply_snapshot(session, sample_snapshot(), source="a.xlsx")
    session.commit()
    assert _lead_of(session, "7A") == "T1"
    assert _lead_of(session, "7B") is None
    back = {c.code: c.class_teacher for c in read_snapshot(session, school_code="SCH-1").classes}
    assert back == {"7A": "T1", "7B": None}


def test_reimport_keeps_the_class_and_records_the_new_class_teacher(session: Session) -> None:
    first = sample_snapshot()
    apply_snapshot(session, first, source="a.xlsx")
    klass_id = session.exec(select(SchoolClass.id).where(SchoolClass.code == "7A")).one()
    a, b = first.classes
    second = dataclasses.replace(
        first,
        classes=(
            dataclasses.replace(a, class_teacher="T2"),
            dataclasses.replace(b, class_teacher="T1"),
        ),
    )
    result = apply_snapshot(session, second, source="b.xlsx")
    session.commit()
    assert set(result.changes) == {
        Change("class", "7A", UPDATED, "class_teacher", "T1", "T2"),
        Change("class", "7B", UPDATED, "class_teacher", None, "T1"),
    }
    assert "The class 7A: class_teacher changed from 'T1' to 'T2'." in {
        str(c) for c in result.changes
    }
    # the same row, now led by T2
    assert session.exec(select(SchoolClass.id).where(SchoolClass.code == "7A")).one() == klass_id
    assert _lead_of(session, "7A") == "T2"
    assert _lead_of(session, "7B") == "T1"


def test_a_class_teacher_who_is_not_a_teacher_is_refused(session: Session) -> None:
    good = sample_snapshot()
    bad = dataclasses.replace(
        good, classes=(dataclasses.replace(good.classes[0], class_teacher="T404"),)
    )
    with pytest.raises(InvalidSnapshot) as error:
        apply_snapshot(session, bad, source="bad")
    words = [str(m) for m in error.value.messages]
    assert "The class 7A refers to an unknown teacher T404." in words
