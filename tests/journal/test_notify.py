"""Notices to families: only the first lesson's absence or lateness, a new grade once, a remark;
each reader in their language, parents also by e-mail; nothing sent twice."""

from __future__ import annotations

from sqlmodel import col, select

from journal.calendar import held_lessons
from journal.grades import set_grade
from journal.notify import first_lessons, notify_attendance, notify_grade, notify_remark
from journal.register_access import lesson_labels
from journal.register_lesson import add_remark
from journal.register_marks import MarkInput, mark_attendance
from models.accounts import UserAccount
from models.db import session_scope
from models.outbox import EMAIL, IN_APP, Notice
from tests.journal.family_fixtures import (
    ADMIN,
    CHILD,
    FIRST,
    MONDAY,
    classmates,
    enter_fo_mark,
    fake_texts,
)
from tests.journal.family_fixtures import school as school


def _journal_notices(key_part: str) -> list[Notice]:
    with session_scope() as db:
        query = select(Notice).where(col(Notice.key).contains(key_part))
        return list(db.exec(query.order_by(col(Notice.id))).all())


def _mark(school_id: int, lesson: tuple[int, int], marks: list[MarkInput]) -> int:
    with session_scope() as db:
        outcome = mark_attendance(
            db,
            school_id=school_id,
            actor=ADMIN,
            day=MONDAY,
            lesson_id=lesson[0],
            unit=lesson[1],
            marks=marks,
            today=MONDAY,
        )
        return outcome.record_id


def test_the_first_lesson_of_a_students_day_is_found_by_clock_time(school: int) -> None:
    with session_scope() as db:
        first = first_lessons(db, school_id=school, day=MONDAY, student_ids=[CHILD])
    assert first == {CHILD: FIRST}


def test_an_absence_in_a_later_lesson_tells_nobody(school: int) -> None:
    with session_scope() as db:
        held = held_lessons(db, school_id=school, start=MONDAY, end=MONDAY)
        labels = lesson_labels(db, school, {h.lesson_id for h in held})
    of_2a = [h for h in held if labels[h.lesson_id].audience == "2А"]
    later = next(h for h in of_2a if (h.lesson_id, h.unit) != FIRST)
    record = _mark(school, (later.lesson_id, later.unit), [MarkInput(CHILD, "absent")])
    with session_scope() as db:
        assert notify_attendance(db, school_id=school, record_id=record, texts=fake_texts) == 0
    assert _journal_notices(f"attendance:{CHILD}:") == []


def test_a_first_lesson_absence_reaches_parents_and_student_once_in_their_language(
    school: int,
) -> None:
    late = classmates(school)[0]
    record = _mark(school, FIRST, [MarkInput(CHILD, "absent"), MarkInput(late, "late", 7)])
    with session_scope() as db:
        parent = db.exec(select(UserAccount).where(UserAccount.login == "parent")).one()
        parent.language = "ru"
        db.add(parent)
    with session_scope() as db:
        count = notify_attendance(db, school_id=school, record_id=record, texts=fake_texts)
    with session_scope() as db:
        assert notify_attendance(db, school_id=school, record_id=record, texts=fake_texts) == 0
    told = _journal_notices(f"attendance:{CHILD}:")
    assert count >= len(told) == 3  # the parent and the student in the app, the parent by e-mail
    by_channel = {(n.channel, n.user_id is not None): n for n in told}
    assert by_channel[(EMAIL, False)].address == "parent@demo.sabaq.kz"
    assert by_channel[(EMAIL, False)].body.startswith("[ru] ")
    in_app = [n for n in told if n.channel == IN_APP]
    assert {n.body[:5] for n in in_app} == {"[ru] ", "[kk] "}  # parent ru, student the school's
    assert "first lesson" in told[0].body


def test_a_new_grade_is_told_once_and_a_remark_is_told(school: int) -> None:
    with session_scope() as db:
        assessment_id, grade_id = enter_fo_mark(db, school, 9)
        assert notify_grade(db, school_id=school, grade_id=grade_id, texts=fake_texts) == 3
        set_grade(
            db, school_id=school, assessment_id=assessment_id, student_id=CHILD, value=8, actor="t"
        )
        assert notify_grade(db, school_id=school, grade_id=grade_id, texts=fake_texts) == 0
        remark = add_remark(
            db,
            school_id=school,
            actor=ADMIN,
            day=MONDAY,
            lesson_id=FIRST[0],
            unit=FIRST[1],
            student_id=CHILD,
            kind="praise",
            text="Жарайсың!",
        )
        assert notify_remark(db, school_id=school, remark_id=remark.id or 0, texts=fake_texts) == 3
    grade_notes = _journal_notices(":grade:")
    assert grade_notes and "9" in grade_notes[0].body
    assert all("Жарайсың!" in n.body for n in _journal_notices(":remark:"))
