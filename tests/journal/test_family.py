"""What a parent or student sees: only their children; a day with covers, marks and homework;
absence notes refused with every problem named."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import select

from journal.errors import JournalError, JournalNotFound
from journal.family import (
    children_of,
    family_day,
    list_absence_notes,
    reachable_student,
    send_absence_note,
)
from journal.register_lesson import add_remark, save_lesson_notes
from journal.register_marks import MarkInput, mark_attendance
from models.db import session_scope
from models.history import AuditEntry
from models.people import Guardianship
from tests.journal.family_fixtures import ADMIN, CHILD, FIRST, MONDAY, classmates
from tests.journal.family_fixtures import school as school


def _parent(school_id: int) -> int:
    with session_scope() as db:
        link = db.exec(select(Guardianship).where(Guardianship.student_id == CHILD)).first()
        assert link is not None
        return link.parent_id


def test_a_parent_reaches_only_their_children(school: int) -> None:
    parent = _parent(school)
    other = classmates(school)[0]
    with session_scope() as db:
        kids = children_of(db, school_id=school, parent_id=parent)
        assert CHILD in [k.id for k in kids] and other not in [k.id for k in kids]
        first = reachable_student(
            db, school_id=school, parent_id=parent, student_id=None, wanted=None
        )
        assert first.id == kids[0].id
        with pytest.raises(JournalNotFound):
            reachable_student(db, school_id=school, parent_id=parent, student_id=None, wanted=other)
        with pytest.raises(JournalNotFound):
            reachable_student(
                db, school_id=school + 1, parent_id=parent, student_id=None, wanted=CHILD
            )
        own = reachable_student(db, school_id=school, parent_id=None, student_id=other, wanted=None)
        assert own.id == other
        with pytest.raises(JournalNotFound):
            reachable_student(db, school_id=school, parent_id=None, student_id=other, wanted=CHILD)


def test_a_day_lists_the_childs_lessons_in_order_with_marks_homework_and_remarks(
    school: int,
) -> None:
    with session_scope() as db:
        before = family_day(db, school_id=school, student_id=CHILD, day=MONDAY)
    assert [lesson.status for lesson in before.lessons] == [""] * len(before.lessons)
    assert [x.starts_at for x in before.lessons] == sorted(x.starts_at for x in before.lessons)
    with session_scope() as db:
        kw = {
            "school_id": school,
            "actor": ADMIN,
            "day": MONDAY,
            "lesson_id": FIRST[0],
            "unit": FIRST[1],
        }
        mark_attendance(db, marks=[MarkInput(CHILD, "late", 12)], today=MONDAY, **kw)
        save_lesson_notes(db, topic="Қосу", homework="№ 12, 13", **kw)
        add_remark(db, student_id=CHILD, kind="praise", text="Белсенді", **kw)
    with session_scope() as db:
        after = family_day(db, school_id=school, student_id=CHILD, day=MONDAY)
    first = after.lessons[0]
    assert (first.status, first.late_minutes, first.topic, first.homework) == (
        "late",
        12,
        "Қосу",
        "№ 12, 13",
    )
    assert first.teachers and first.room and first.starts_at
    assert [r.text for r in after.remarks] == ["Белсенді"]
    with session_scope() as db:
        sunday = family_day(db, school_id=school, student_id=CHILD, day=MONDAY - timedelta(days=1))
    assert sunday.lessons == ()


def test_an_absence_note_names_every_problem_and_is_audited(school: int) -> None:
    parent = _parent(school)
    with session_scope() as db, pytest.raises(JournalError) as refused:
        send_absence_note(
            db,
            school_id=school,
            parent_id=parent,
            student_id=CHILD,
            starts_on=MONDAY,
            ends_on=MONDAY - timedelta(days=1),
            reason="",
            today=MONDAY + timedelta(days=30),
            actor="parent",
        )
    assert len(refused.value.messages) == 3  # dates reversed, too far back, no reason
    with session_scope() as db, pytest.raises(JournalNotFound):
        send_absence_note(
            db,
            school_id=school,
            parent_id=parent,
            student_id=classmates(school)[0],
            starts_on=MONDAY,
            ends_on=MONDAY,
            reason="x",
            today=MONDAY,
            actor="parent",
        )
    with session_scope() as db:
        note = send_absence_note(
            db,
            school_id=school,
            parent_id=parent,
            student_id=CHILD,
            starts_on=MONDAY,
            ends_on=MONDAY + timedelta(days=2),
            reason="Тіс дәрігері",
            today=MONDAY,
            actor="parent",
        )
        note_id = note.id
    with session_scope() as db:
        assert [n.id for n in list_absence_notes(db, school_id=school, student_id=CHILD)] == [
            note_id
        ]
        audit = db.exec(
            select(AuditEntry).where(AuditEntry.entity == f"absence_note:{note_id}")
        ).one()
    assert audit.actor == "parent" and audit.details["reason"] == "Тіс дәрігері"
