"""The register's services on the demo school: the calendar, a teacher's day, marks and audit."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from sqlmodel import Session, col, select

from journal.calendar import held_lessons, school_calendar
from journal.errors import JournalError, JournalNotFound, TermClosed
from journal.register import open_register
from journal.register_access import Actor, NotYourLesson
from journal.register_audit import register_history
from journal.register_day import register_day
from journal.register_marks import MarkInput, mark_attendance
from models.accounts import SCHOOL_ADMIN, TEACHER
from models.base import utcnow
from models.db import dispose_engines, session_scope
from models.history import AuditEntry
from models.journal import AbsenceNote, Attendance, LessonRecord, TermClosure
from models.people import Student
from models.school_data import get_school
from models.settings import get_settings
from models.substitutions import COVER, PUBLISHED, Cover, CoverPlan
from models.timetable import TimetableVersion
from tests.web.conftest import build_demo_store
from web.settings import get_web_settings

TEACHER_1 = Actor(user_id=None, login="t1", role=TEACHER, teacher_id=1)  # T001, class 1А
TEACHER_2 = Actor(user_id=None, login="t2", role=TEACHER, teacher_id=2)
ADMIN = Actor(user_id=None, login="director", role=SCHOOL_ADMIN)
TODAY = date.today()  # every lesson day below is on or before 2026-11-27
FRIDAY_LESSONS = [(5, 1, 1), (2, 0, 2), (1, 0, 3)]  # T001 on Fridays: (lesson, unit, period)


@pytest.fixture(scope="module")
def school(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    store = build_demo_store(tmp_path_factory.mktemp("register"))
    with session_scope() as db:
        school_id = get_school(db, code=store.school_code).id
    assert school_id is not None
    yield school_id
    dispose_engines()
    for key, value in saved.items():
        os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    get_settings.cache_clear()
    get_web_settings.cache_clear()


def _open(db: Session, school: int, day: date, lesson: int = 1, unit: int = 0,
          actor: Actor = TEACHER_1):  # fmt: skip
    return open_register(db, school_id=school, actor=actor, day=day, lesson_id=lesson,
                         unit=unit, today=TODAY)  # fmt: skip


def _mark(db: Session, school: int, day: date, marks: list[MarkInput], **kw):  # type: ignore[no-untyped-def]
    return mark_attendance(db, school_id=school, actor=kw.pop("actor", TEACHER_1), day=day,
                           lesson_id=kw.pop("lesson", 1), unit=kw.pop("unit", 0), marks=marks,
                           today=kw.pop("today", TODAY), **kw)  # fmt: skip


def test_school_days_follow_terms_holidays_and_the_working_week(school: int) -> None:
    with session_scope() as db:
        calendar = school_calendar(db, school_id=school)
    assert calendar.is_school_day(date(2026, 11, 27))  # a Friday in term 2
    assert calendar.is_school_day(date(2026, 11, 28))  # Saturday: the demo school works 6 days
    assert not calendar.is_school_day(date(2026, 11, 29))  # Sunday
    assert not calendar.is_school_day(date(2026, 10, 30))  # between terms 1 and 2
    assert not calendar.is_school_day(date(2027, 3, 9))  # Наурыз, a holiday inside term 3


def test_a_teachers_day_lists_their_lessons_and_none_on_a_holiday(school: int) -> None:
    with session_scope() as db:
        friday = register_day(db, school_id=school, actor=TEACHER_1, day=date(2026, 11, 27))
        holiday = register_day(db, school_id=school, actor=TEACHER_1, day=date(2027, 3, 9))
    assert [(x.lesson_id, x.unit, x.period) for x in friday.lessons] == FRIDAY_LESSONS
    assert {x.audience for x in friday.lessons} == {"1А"}
    assert friday.lessons[0].starts_at == "08:00"
    assert holiday.lessons == () and holiday.holiday and not holiday.school_day


def test_opening_creates_the_record_once_with_the_whole_class_present(school: int) -> None:
    day = date(2026, 11, 6)
    with session_scope() as db:
        first = _open(db, school, day)
    with session_scope() as db:
        again = _open(db, school, day)
        records = db.exec(
            select(LessonRecord).where(LessonRecord.day == day, LessonRecord.lesson_id == 1)
        ).all()
    assert first.record_id == again.record_id and len(records) == 1
    assert records[0].teacher_id == 1 and records[0].period == 3
    assert len(first.students) == 21 and {s.status for s in first.students} == {"present"}
    assert first.taken_at is None and first.subject and first.audience == "1А"


def test_two_absences_and_a_late_arrival_are_saved_and_audited(school: int) -> None:
    day = date(2026, 11, 13)
    with session_scope() as db:
        students = _open(db, school, day).students
    a, b, c = (s.id for s in students[:3])
    marks = [MarkInput(a, "absent"), MarkInput(b, "absent"), MarkInput(c, "late", 10)]
    with session_scope() as db:
        outcome = _mark(db, school, day, marks)
    assert outcome.changed == 3 and outcome.taken_at is not None
    with session_scope() as db:
        view = _open(db, school, day)
        audit = db.exec(
            select(AuditEntry).where(AuditEntry.entity == f"lesson_record:{view.record_id}")
        ).all()
    by_id = {s.id: s for s in view.students}
    assert (by_id[a].status, by_id[b].status) == ("absent", "absent")
    assert (by_id[c].status, by_id[c].minutes) == ("late", 10)
    assert view.counts == {"present": 18, "absent": 2, "late": 1, "excused": 0}
    marked = [r for r in audit if r.action == "register_attendance"]
    assert len(marked) == 3 and all(r.actor == "t1" for r in marked)
    assert marked[2].details["old"]["status"] == "present"
    assert marked[2].details["new"] == {"status": "late", "minutes": 10, "reason": ""}
    assert [r.action for r in audit].count("register_taken") == 1


def test_back_to_present_keeps_the_row_marked_deleted_and_a_new_mark_revives_it(
    school: int,
) -> None:
    day = date(2026, 11, 20)
    with session_scope() as db:
        view = _open(db, school, day)
        sid = view.students[0].id
        _mark(db, school, day, [MarkInput(sid, "absent")])
    mine = select(Attendance).where(
        Attendance.student_id == sid, Attendance.record_id == view.record_id
    )
    with session_scope() as db:
        _mark(db, school, day, [MarkInput(sid, "present")])
        rows = db.exec(mine).all()
        assert len(rows) == 1 and rows[0].deleted_at is not None
        _mark(db, school, day, [MarkInput(sid, "excused", reason="Олимпиада")])
        rows = db.exec(mine).all()
    assert len(rows) == 1 and rows[0].deleted_at is None and rows[0].status == "excused"


def test_bad_marks_are_all_named_and_nothing_is_written(school: int) -> None:
    day = date(2026, 11, 20)
    with session_scope() as db:
        ids = [s.id for s in _open(db, school, day, lesson=2).students]
    bad = [
        MarkInput(ids[0], "absent"),
        MarkInput(ids[1], "excused"),
        MarkInput(ids[2], "late", 500),
    ]
    with session_scope() as db, pytest.raises(JournalError) as info:
        _mark(db, school, day, bad, lesson=2)
    assert info.value.code == "bad_marks" and len(info.value.messages) == 2
    assert "excused" in str(info.value.messages[0]) and "90" in str(info.value.messages[1])
    with session_scope() as db:
        view = _open(db, school, day, lesson=2)
    assert view.counts["absent"] == 0 and view.taken_at is None


def test_a_parents_note_pre_marks_excused_but_not_over_the_teachers_mark(school: int) -> None:
    day = date(2026, 11, 27)
    with session_scope() as db:
        kids = db.exec(select(Student).where(Student.class_id == 1).order_by(col(Student.id))).all()
        for kid in kids[:2]:
            db.add(AbsenceNote(school_id=school, student_id=kid.id, starts_on=day, ends_on=day,
                               reason="Тіс дәрігері"))  # fmt: skip
        db.flush()
        _open(db, school, day, lesson=2)  # both pre-marked on opening
        _mark(db, school, day, [MarkInput(kids[1].id or 0, "present")], lesson=2)
    with session_scope() as db:
        first = {s.id: s for s in _open(db, school, day, lesson=2).students}
        later = {s.id: s for s in _open(db, school, day, lesson=5, unit=1).students}
    assert first[kids[0].id].status == "excused" and first[kids[0].id].reason == "Тіс дәрігері"
    assert first[kids[1].id].status == "present"  # the teacher saw the child in class
    assert later[kids[1].id].status == "excused" and later[kids[1].id].note == "Тіс дәрігері"


def _publish_cover(db: Session, school: int, day: date, lesson: int, unit: int, sub: int) -> None:
    version = db.exec(
        select(TimetableVersion.id).where(col(TimetableVersion.published).is_(True))
    ).one()
    plan = CoverPlan(school_id=school, day=day, timetable_version_id=version, status=PUBLISHED,
                     revision=1, published_at=utcnow())  # fmt: skip
    db.add(plan)
    db.flush()
    assert plan.id is not None
    db.add(Cover(school_id=school, plan_id=plan.id, lesson_id=lesson, unit=unit, shift="1",
                 period=3, absent_teacher_id=1, action=COVER, substitute_id=sub,
                 published_revision=1))  # fmt: skip


def test_the_substitute_keeps_a_covered_lessons_register(school: int) -> None:
    day = date(2026, 10, 16)  # a Friday in term 1
    with session_scope() as db:
        _publish_cover(db, school, day, lesson=1, unit=0, sub=2)
    with session_scope() as db:
        own = register_day(db, school_id=school, actor=TEACHER_1, day=day)
        sub = register_day(db, school_id=school, actor=TEACHER_2, day=day)
        view = _open(db, school, day, actor=TEACHER_2)
        with pytest.raises(NotYourLesson):
            _open(db, school, day, actor=TEACHER_1)
    assert (1, 0) not in {(x.lesson_id, x.unit) for x in own.lessons}
    covered = [x for x in sub.lessons if (x.lesson_id, x.unit) == (1, 0)]
    assert covered and covered[0].covering and covered[0].action == COVER
    assert view.action == COVER and len(view.students) == 21


def test_a_teacher_of_another_class_is_refused_and_a_wrong_day_is_not_found(school: int) -> None:
    with session_scope() as db:
        with pytest.raises(NotYourLesson):
            _open(db, school, date(2026, 11, 27), actor=TEACHER_2)
        with pytest.raises(JournalNotFound):
            _open(db, school, date(2026, 11, 26))  # Thursday: lesson 1 unit 0 is on Fridays


def test_a_subgroup_lesson_lists_only_its_members(school: int) -> None:
    teacher = Actor(user_id=None, login="t21", role=TEACHER, teacher_id=21)
    with session_scope() as db:
        view = _open(db, school, date(2026, 11, 25), lesson=35, actor=teacher)  # Wednesday
        whole = db.exec(select(Student).where(Student.class_id == 4)).all()
    assert 0 < len(view.students) < len(whole) and "·" in view.audience


def test_missing_attendance_lists_past_lessons_until_taken(school: int) -> None:
    day = date(2026, 11, 11)  # a Wednesday in week 2 of term 2
    with session_scope() as db:
        before = register_day(db, school_id=school, actor=TEACHER_1, day=day)
        first = before.missing[0]
        _mark(db, school, first.day, [], lesson=first.lesson_id, unit=first.unit)
        after = register_day(db, school_id=school, actor=TEACHER_1, day=day)
    assert first.day == date(2026, 11, 3)  # the term's first day
    assert all(x.day < day for x in before.missing)
    assert after.missing_total == before.missing_total - 1
    assert (first.day, first.lesson_id, first.unit) not in {
        (x.day, x.lesson_id, x.unit) for x in after.missing
    }


def test_a_closed_term_locks_the_register(school: int) -> None:
    day = date(2026, 10, 2)  # a Friday in term 1
    with session_scope() as db:
        closure = TermClosure(school_id=school, term="1 четверть")
        db.add(closure)
    try:
        with session_scope() as db:
            with pytest.raises(TermClosed):
                _mark(db, school, day, [])
            view = _open(db, school, day)
        assert view.locked and view.record_id is None
    finally:
        with session_scope() as db:
            row = db.get(TermClosure, closure.id)
            assert row is not None
            row.reopened_at = utcnow()
            db.add(row)


def test_a_change_to_attendance_taken_on_an_earlier_day_needs_a_reason(school: int) -> None:
    day = date(2026, 10, 9)  # a Friday in term 1
    with session_scope() as db:
        sid = _open(db, school, day).students[4].id
        _mark(db, school, day, [MarkInput(sid, "absent")], today=day)
    with session_scope() as db, pytest.raises(JournalError) as info:
        _mark(db, school, day, [MarkInput(sid, "present")], today=TODAY + timedelta(days=1))
    assert info.value.code == "why_required"
    with session_scope() as db:
        _mark(db, school, day, [MarkInput(sid, "present")], today=TODAY + timedelta(days=1),
              why="came in after the register was taken")  # fmt: skip
        history = register_history(db, school_id=school, actor=ADMIN, day=day, lesson_id=1, unit=0)
        with pytest.raises(NotYourLesson):
            register_history(db, school_id=school, actor=TEACHER_1, day=day, lesson_id=1, unit=0)
    assert history[-1].why == "came in after the register was taken"
    assert history[-1].old["status"] == "absent" and history[-1].new["status"] == "present"


def test_no_attendance_for_a_lesson_still_to_come(school: int) -> None:
    with session_scope() as db, pytest.raises(JournalError) as info:
        _mark(db, school, date(2026, 12, 25), [], today=date(2026, 12, 24))
    assert info.value.code == "future_lesson"


def test_the_admin_sees_every_lesson_of_the_day(school: int) -> None:
    day = date(2026, 11, 27)
    with session_scope() as db:
        everyone = register_day(db, school_id=school, actor=ADMIN, day=day)
        total = held_lessons(db, school_id=school, start=day, end=day)
    assert len(everyone.lessons) == len(total) > 50 and everyone.missing == ()
