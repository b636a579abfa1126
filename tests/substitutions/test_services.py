from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, col, func, select

from models.accounts import UserAccount
from models.classes import SchoolClass
from models.db import session_scope
from models.outbox import EMAIL, IN_APP, Notice
from models.people import Student, Teacher
from models.substitutions import COVER, STUDY, Absence, Cover
from substitutions.absences import add_absence, list_absences, remove_absence
from substitutions.errors import CoverNotFound, SubstitutionError
from substitutions.publish import publish_day
from substitutions.services import (
    acknowledge_cover,
    change_cover,
    cover_candidates,
    day_board,
    lock_cover,
    plan_day,
    replan_day,
    teacher_cover_counts,
)
from substitutions.store import load_day
from tests.web.conftest import DemoStore

Demo = tuple[DemoStore, int]


def _teacher(db: Session, school_id: int, code: str) -> Teacher:
    return db.exec(
        select(Teacher).where(Teacher.school_id == school_id, Teacher.code == code)
    ).one()


def _notices(db: Session, day: date) -> list[Notice]:
    key = f"cover:%:{day.isoformat()}:%"
    return list(db.exec(select(Notice).where(col(Notice.key).like(key)).order_by(col(Notice.id))))


def test_absence_errors_are_sentences_with_suggestions(demo: Demo) -> None:
    _, sid = demo
    with session_scope() as db, pytest.raises(SubstitutionError) as info:
        add_absence(
            db, school_id=sid, ref="Морозв Олег", starts_on=date(2026, 9, 9),
            ends_on=date(2026, 9, 8), periods=[2, 9],
        )  # fmt: skip
    assert info.value.code == "invalid_absence"
    assert [str(m) for m in info.value.messages] == [
        "There is no teacher “Морозв Олег”. Did you mean Морозов Олег?",
        "The absence ends on 2026-09-08, before it starts on 2026-09-09.",
        "The school has no period 9 (periods 1 to 7).",
    ]
    with session_scope() as db, pytest.raises(SubstitutionError) as info:
        add_absence(db, school_id=sid, kind="room", ref="S101", starts_on=date(2026, 9, 9))
    assert str(info.value.messages[0]) == "There is no room “S101”. Did you mean S-101?"


def test_absences_are_added_by_name_listed_and_removed_softly(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 14)
    with session_scope() as db:
        row = add_absence(
            db, school_id=sid, ref="морозов олег", starts_on=day, ends_on=date(2026, 9, 16),
            periods=[1, 2, 3], reason="course",
        )  # fmt: skip
        assert row.ref == "T002"
    with session_scope() as db:
        listed = list_absences(db, school_id=sid, day=date(2026, 9, 15))
        assert [(a.ref, a.name, a.periods, a.reason) for a in listed] == [
            ("T002", "Морозов Олег", (1, 2, 3), "course")
        ]
        assert list_absences(db, school_id=sid, day=date(2026, 9, 17)) == []
        remove_absence(db, school_id=sid, absence_id=listed[0].id)
    with session_scope() as db:
        assert list_absences(db, school_id=sid, day=day) == []
        assert db.get(Absence, listed[0].id) is not None  # kept, marked deleted
        with pytest.raises(CoverNotFound):
            remove_absence(db, school_id=sid, absence_id=listed[0].id)
        with pytest.raises(CoverNotFound):
            remove_absence(db, school_id=sid + 1, absence_id=listed[0].id)


def _class_teacher_of_student(db: Session, sid: int, day: date) -> tuple[str, UserAccount]:
    """A teacher of a whole-class lesson the demo student has on `day`, and the student's login."""
    account = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
    student = db.get(Student, account.student_id)
    klass = db.get(SchoolClass, student.class_id if student else 0)
    assert klass is not None
    cp = load_day(db, school_id=sid, day=day).problem
    class_id = next(c.id for c in cp.classes if c.code == klass.code)
    lesson = next(ls for ls in cp.lessons if ls.audience == ((class_id, None),))
    return cp.teachers[lesson.teachers[0]].code, account


def test_plan_publish_once_and_correct_after_a_change(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 8)
    with session_scope() as db:
        code, student = _class_teacher_of_student(db, sid, day)
        absent = _teacher(db, sid, code)
        absent.email = "absent@school.example"  # a teacher without an account, but an address
        db.add(absent)
        add_absence(db, school_id=sid, ref=code, starts_on=day, reason="ill")
        add_absence(db, school_id=sid, ref="T040", starts_on=day)
    with session_scope() as db:
        plan = plan_day(db, school_id=sid, day=day)
        assert plan.lessons_affected > 0 and plan.double_bookings == 0
        assert plan.covered + plan.uncovered == plan.lessons_affected
        assert plan.status == "draft" and len(plan.covers) >= plan.lessons_affected
        assert all(str(c.reason) for c in plan.covers)
    with session_scope() as db:
        first = publish_day(db, school_id=sid, day=day)
        assert first.revision == 1 and first.notices > 0 and first.corrections == 0
        notices = _notices(db, day)
        readers = {n.user_id for n in notices if n.channel == IN_APP}
        parent = db.exec(select(UserAccount).where(UserAccount.login == "parent")).one()
        assert student.id in readers and parent.id in readers  # the class and its parents
        mails = [n for n in notices if n.channel == EMAIL]
        assert mails and all(n.address == "absent@school.example" for n in mails)
    with session_scope() as db:
        again = publish_day(db, school_id=sid, day=day)
        assert (again.notices, again.revision) == (0, 1)
        assert len(_notices(db, day)) == len(notices)
    with session_scope() as db:
        board = day_board(db, school_id=sid, day=day)
        target = next(c for c in board.covers if c.action in (COVER, STUDY))
        options = cover_candidates(db, school_id=sid, cover_id=target.id)
        assert [o.current for o in options].count(True) == 1
        assert all(str(o.reason) for o in options)
        other = next(
            o for o in options if o.clash is None and not o.current and o.substitute_id is not None
        )
        new = db.get(Teacher, other.substitute_id)
        assert new is not None
        after = change_cover(
            db, school_id=sid, cover_id=target.id, action=other.action, substitute_id=new.id
        )
        changed = next(
            c
            for c in after.covers
            if c.lesson_key == target.lesson_key and c.period == target.period
        )
        assert changed.substitute == new.name and changed.locked
        assert after.status == "draft" and after.double_bookings == 0
    with session_scope() as db:
        second = publish_day(db, school_id=sid, day=day)
        assert second.revision == 2 and second.changed_covers == 1
        assert second.corrections == second.notices > 0
        fresh = _notices(db, day)[len(notices) :]
        assert all(n.subject.startswith("Correction") for n in fresh)
        assert all((target.substitute or "") in n.body for n in fresh)  # Before: ...
        assert any(new.name in n.body for n in fresh)


def test_a_change_that_double_books_is_refused_in_words(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 9)
    with session_scope() as db:
        add_absence(db, school_id=sid, ref="T040", starts_on=day)
    with session_scope() as db:
        plan = plan_day(db, school_id=sid, day=day)
        cover = next(c for c in plan.covers if c.role == "affected")
        d = load_day(db, school_id=sid, day=day)
        ls = next(
            x for x in d.problem.lessons
            if d.problem.slot_of(x.period) == (cover.shift, cover.period)
            and x.key != cover.lesson_key and x.teachers
        )  # fmt: skip
        busy = _teacher(db, sid, d.problem.teachers[ls.teachers[0]].code)
        with pytest.raises(SubstitutionError) as info:
            change_cover(db, school_id=sid, cover_id=cover.id, action=STUDY, substitute_id=busy.id)
        assert info.value.code == "cover_clash"
        assert f"{busy.name} has two lessons in period {cover.period}" in str(info.value)


def test_locks_survive_replanning_and_only_the_substitute_acknowledges(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 10)
    with session_scope() as db:
        add_absence(db, school_id=sid, ref="T040", starts_on=day)
        add_absence(db, school_id=sid, ref="T041", starts_on=day)
    with session_scope() as db:
        plan = plan_day(db, school_id=sid, day=day)
        cover = next(c for c in plan.covers if c.action in (COVER, STUDY))
        lock_cover(db, school_id=sid, cover_id=cover.id)
    with session_scope() as db:
        again = replan_day(db, school_id=sid, day=day)
        kept = next(c for c in again.covers if c.id == cover.id)
        assert kept.locked and kept.substitute == cover.substitute
        publish_day(db, school_id=sid, day=day)
    with session_scope() as db:
        substitute = _teacher(db, sid, cover.substitute_code or "")
        with pytest.raises(SubstitutionError) as info:
            acknowledge_cover(
                db, school_id=sid, cover_id=cover.id, teacher_id=(substitute.id or 0) + 1
            )
        assert info.value.code == "not_your_cover"
        row = acknowledge_cover(db, school_id=sid, cover_id=cover.id, teacher_id=substitute.id or 0)
        assert row.acknowledged_at is not None
        counts = {c.code: c for c in teacher_cover_counts(db, school_id=sid, day=day)}
        assert counts[substitute.code].week >= 1 and counts[substitute.code].term >= 1
        total = db.exec(select(func.count()).select_from(Cover).where(Cover.school_id == sid)).one()
        assert total > 0


def test_notices_are_written_in_the_readers_language(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 11)
    with session_scope() as db:
        code, student = _class_teacher_of_student(db, sid, day)
        student.language = "ru"
        db.add(student)
        add_absence(db, school_id=sid, ref=code, starts_on=day)
    russian = {"Lesson change on {date}": "Изменение в расписании {date}"}

    def translate_for(language: str):  # type: ignore[no-untyped-def]
        return (lambda text: russian.get(text, text)) if language == "ru" else (lambda text: text)

    with session_scope() as db:
        plan_day(db, school_id=sid, day=day)
        publish_day(db, school_id=sid, day=day, translate_for=translate_for)
    with session_scope() as db:
        mine = [n for n in _notices(db, day) if n.user_id == student.id]
        assert mine and all(n.subject == "Изменение в расписании 2026-09-11" for n in mine)
        others = [n for n in _notices(db, day) if n.user_id != student.id]
        assert any(n.subject == "Lesson change on 2026-09-11" for n in others)


def test_the_payroll_report_lists_published_covers_with_totals(demo: Demo) -> None:
    import io

    from openpyxl import load_workbook

    from substitutions.report import payroll_lines, payroll_pdf, payroll_xlsx

    _, sid = demo
    day = date(2026, 9, 15)
    with session_scope() as db:
        add_absence(db, school_id=sid, ref="T040", starts_on=day)
    with session_scope() as db:
        plan = plan_day(db, school_id=sid, day=day)
        covered = [c for c in plan.covers if c.action in (COVER, STUDY)]
        assert covered
        start, end = date(2026, 9, 15), date(2026, 9, 15)
        assert payroll_lines(db, school_id=sid, start=start, end=end) == []  # a draft: not yet
        publish_day(db, school_id=sid, day=day)
    with session_scope() as db:
        lines = payroll_lines(db, school_id=sid, start=start, end=end)
        assert sorted(x.teacher for x in lines) == sorted(c.substitute or "" for c in covered)
        book = load_workbook(io.BytesIO(payroll_xlsx(db, school_id=sid, start=start, end=end)))
        covers, totals = book.worksheets
        assert [c.value for c in covers[1]][:3] == ["Date", "Period", "Teacher"]
        assert covers.max_row == 1 + len(lines)
        assert sum(row[3] for row in totals.iter_rows(min_row=2, values_only=True)) == len(lines)
        pdf = payroll_pdf(db, school_id=sid, start=start, end=end)
        assert pdf.startswith(b"%PDF") and b"DejaVuSansCondensed" in pdf  # Kazakh letters


def test_a_withdrawn_absence_tells_everyone_the_change_no_longer_applies(demo: Demo) -> None:
    _, sid = demo
    day = date(2026, 9, 16)
    with session_scope() as db:
        t040 = _teacher(db, sid, "T040")
        t040.email = "t040@school.example"
        db.add(t040)
        absence = add_absence(db, school_id=sid, ref="T040", starts_on=day)
    with session_scope() as db:
        plan_day(db, school_id=sid, day=day)
        first = publish_day(db, school_id=sid, day=day)
        assert first.notices > 0
        remove_absence(db, school_id=sid, absence_id=absence.id or 0)
    with session_scope() as db:
        plan = replan_day(db, school_id=sid, day=day)
        assert plan.lessons_affected == 0 and plan.covers == ()
        second = publish_day(db, school_id=sid, day=day)
        assert second.revision == 2 and second.corrections == second.notices > 0
        fresh = _notices(db, day)[first.notices :]
        assert all(n.body.endswith("This change no longer applies.") for n in fresh)
