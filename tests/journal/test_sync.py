"""Offline sync on the demo school: operations applied once through the register's and
gradebook's services, replays answered from the store, conflicts kept and decided, refusals."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlmodel import Session, col, select

from journal.grades import create_assessment, set_grade
from journal.offline import (
    BadOperation,
    Context,
    count_open,
    dismiss,
    keep_mine,
    keep_theirs,
    offline_days,
    open_items,
    parse_batch,
    sync_operations,
)
from journal.register_access import Actor, find_record
from journal.register_marks import MarkInput, mark_attendance, rows_of, state
from models.account_services import create_account
from models.accounts import SCHOOL_ADMIN, TEACHER, UserAccount
from models.base import utcnow
from models.db import dispose_engines, session_scope
from models.history import AuditEntry
from models.journal import Grade, TermClosure
from models.outbox import Notice
from models.people import Guardianship, Student
from models.school_data import get_school
from models.settings import get_settings
from models.sync import SyncOperation
from tests.web.conftest import build_demo_store
from web.controllers.grades_common import texts
from web.settings import get_web_settings

LESSON = (1, 0)  # T001's 1А lesson on Fridays
FRIDAY = date(2026, 11, 27)
TERM1_FRIDAY = date(2026, 10, 2)
TODAY = max(date.today(), FRIDAY)


@dataclass(frozen=True)
class Demo:
    school: int
    teacher: Actor  # T001 with the demo login "teacher"
    other: Actor  # T002, who does not keep T001's lessons
    admin: Actor
    students: list[int]  # 1А


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    store = build_demo_store(tmp_path_factory.mktemp("sync"))
    with session_scope() as db:
        school = get_school(db, code=store.school_code).id or 0
        accounts = {a.login: a for a in db.exec(select(UserAccount)).all()}
        other = create_account(db, school_id=school, login="t2", name="Тимур Екінші",
                               role=TEACHER, password="sabaq-demo-2", teacher_id=2)  # fmt: skip
        t, d = accounts["teacher"], accounts["director"]
        students = db.exec(
            select(Student.id).where(Student.school_id == school, Student.class_id == 1)
            .order_by(col(Student.id))
        ).all()  # fmt: skip
        demo = Demo(
            school, Actor(t.id, t.login, TEACHER, t.teacher_id),
            Actor(other.id, other.login, TEACHER, 2), Actor(d.id, d.login, SCHOOL_ADMIN),
            [s or 0 for s in students],
        )  # fmt: skip
    yield demo
    dispose_engines()
    for key, value in saved.items():
        os.environ.pop(key, None) if value is None else os.environ.__setitem__(key, value)
    get_settings.cache_clear()
    get_web_settings.cache_clear()


def _ctx(demo: Demo, actor: Actor | None = None, today: date = TODAY) -> Context:
    return Context(demo.school, actor or demo.teacher, today, UTC, utcnow(), texts)


def _mark_op(student: int, status: str, base: str = "present", day: date = FRIDAY,
             **extra: Any) -> dict[str, Any]:  # fmt: skip
    return {"id": str(uuid.uuid4()), "kind": "attendance", "day": day.isoformat(),
            "lesson_id": LESSON[0], "unit": LESSON[1], "student_id": student,
            "entered_at": datetime.now(UTC).isoformat(),
            "value": {"status": status, "minutes": extra.pop("minutes", None), "reason": ""},
            "base": {"status": base, "minutes": None, "reason": ""}, **extra}  # fmt: skip


def _sync(demo: Demo, ops: list[dict[str, Any]], **kw: Any) -> list[Any]:
    ctx = _ctx(demo, **kw)
    with session_scope() as db:
        return sync_operations(db, ctx, parse_batch(ops, ctx.now))


def _mark_now(db: Session, demo: Demo, student: int, day: date = FRIDAY) -> dict[str, Any]:
    record = find_record(db, school_id=demo.school, day=day, lesson_id=LESSON[0], unit=LESSON[1])
    assert record is not None and record.id is not None
    return state(rows_of(db, demo.school, record.id).get(student))


def _admin_marks(demo: Demo, mark: MarkInput) -> None:
    """The school admin changes a mark on the server (another device, meanwhile)."""
    with session_scope() as db:
        mark_attendance(db, school_id=demo.school, actor=demo.admin, day=FRIDAY,
                        lesson_id=LESSON[0], unit=LESSON[1], today=TODAY, marks=[mark])  # fmt: skip


def _audit(db: Session, action: str) -> list[AuditEntry]:
    return list(db.exec(select(AuditEntry).where(AuditEntry.action == action)).all())


def test_a_mark_entered_offline_is_applied_once_with_one_tagged_audit_row(demo: Demo) -> None:
    student = demo.students[0]
    op = _mark_op(student, "absent")
    op["entered_at"] = (datetime.now(UTC) - timedelta(minutes=40)).isoformat()
    [first] = _sync(demo, [op])
    [again] = _sync(demo, [op])  # the phone never heard the answer and sends it again
    with session_scope() as db:
        stored = _mark_now(db, demo, student)
        rows = [r for r in _audit(db, "register_attendance")
                if r.details.get("student_id") == student]  # fmt: skip
        ops = db.exec(select(SyncOperation).where(SyncOperation.client_id == op["id"])).all()
    assert (first.status, first.replayed) == ("applied", False)
    assert (again.status, again.replayed) == ("applied", True)
    assert stored["status"] == "absent" and first.outcome["mark"]["status"] == "absent"
    assert first.outcome["counts"]["absent"] >= 1
    assert len(rows) == 1 and len(ops) == 1
    tag = rows[0].details["offline"]
    assert tag["client_id"] == op["id"] and tag["entered_at"].startswith(op["entered_at"][:16])


def test_a_batch_is_applied_in_order_and_a_chain_on_one_student_ends_at_its_last_value(
    demo: Demo,
) -> None:
    student = demo.students[1]
    ops = [_mark_op(student, "absent"), _mark_op(student, "late", base="absent", minutes=7)]
    results = _sync(demo, ops)
    with session_scope() as db:
        stored = _mark_now(db, demo, student)
    assert [r.status for r in results] == ["applied", "applied"]
    assert (stored["status"], stored["minutes"]) == ("late", 7)


def test_a_value_changed_on_the_server_comes_back_as_a_conflict_and_keep_mine_applies_it(
    demo: Demo,
) -> None:
    student = demo.students[2]
    _admin_marks(demo, MarkInput(student, "late", 5))
    [result] = _sync(demo, [_mark_op(student, "absent")])
    with session_scope() as db:
        kept = _mark_now(db, demo, student)
        items = open_items(db, school_id=demo.school, user_id=demo.teacher.user_id or 0)
    [item] = [i for i in items if i.id == result.operation_id]
    assert result.status == "conflict" and kept["status"] == "late"  # nothing applied silently
    with session_scope() as db:
        director = db.get(UserAccount, demo.admin.user_id)
    assert director is not None and result.outcome["by"] == director.name
    assert result.outcome["server"]["status"] == "late" and result.outcome["at"]
    assert item.mine["status"] == "absent" and item.theirs["status"] == "late"
    assert item.by and item.at is not None and item.what.startswith("1А")
    with session_scope() as db:
        assert keep_mine(db, _ctx(demo), operation_id=result.operation_id) == "applied"
    with session_scope() as db:
        now = _mark_now(db, demo, student)
        last = _audit(db, "register_attendance")[-1]
        row = db.get(SyncOperation, result.operation_id)
    assert now["status"] == "absent" and row is not None and row.resolution == "mine"
    assert last.details["offline"]["resolution"] == "keep_mine" and last.actor == "teacher"


def test_keep_theirs_leaves_the_server_value_and_closes_the_conflict(demo: Demo) -> None:
    student = demo.students[3]
    _admin_marks(demo, MarkInput(student, "absent"))
    [result] = _sync(demo, [_mark_op(student, "late", minutes=3)])
    with session_scope() as db:
        before = count_open(db, school_id=demo.school, user_id=demo.teacher.user_id or 0)
        keep_theirs(db, _ctx(demo), operation_id=result.operation_id)
    with session_scope() as db:
        after = count_open(db, school_id=demo.school, user_id=demo.teacher.user_id or 0)
        stored = _mark_now(db, demo, student)
    assert result.status == "conflict" and before - after == 1 and stored["status"] == "absent"


def test_the_same_value_already_on_the_server_is_no_conflict(demo: Demo) -> None:
    student = demo.students[4]
    _admin_marks(demo, MarkInput(student, "absent"))
    [result] = _sync(demo, [_mark_op(student, "absent")])
    assert result.status == "unchanged"


def test_a_lesson_the_teacher_does_not_keep_is_refused_and_stays_until_dismissed(
    demo: Demo,
) -> None:
    [result] = _sync(demo, [_mark_op(demo.students[5], "absent")], actor=demo.other)
    uid = demo.other.user_id or 0
    with session_scope() as db:
        items = open_items(db, school_id=demo.school, user_id=uid)
        stored = _mark_now(db, demo, demo.students[5])
    assert result.status == "refused" and result.outcome["code"] == "not_your_lesson"
    assert stored["status"] == "present"
    assert [i.status for i in items] == ["refused"]
    assert "do not keep" in items[0].messages[0].render()
    with session_scope() as db:
        dismiss(db, _ctx(demo, demo.other), operation_id=result.operation_id)
    with session_scope() as db:
        assert count_open(db, school_id=demo.school, user_id=uid) == 0


def test_a_closed_term_refuses_with_its_sentence(demo: Demo) -> None:
    with session_scope() as db:
        db.add(TermClosure(school_id=demo.school, term="1 четверть"))
    [result] = _sync(demo, [_mark_op(demo.students[0], "absent", day=TERM1_FRIDAY)])
    with session_scope() as db:
        record = find_record(db, school_id=demo.school, day=TERM1_FRIDAY, lesson_id=LESSON[0],
                             unit=LESSON[1])  # fmt: skip
        items = open_items(db, school_id=demo.school, user_id=demo.teacher.user_id or 0)
    assert result.status == "refused" and result.outcome["code"] == "term_closed"
    assert record is None  # nothing written
    refusal = next(i for i in items if i.id == result.operation_id)
    assert "1 четверть" in refusal.messages[0].render()


def test_a_mark_sent_the_next_morning_needs_no_reason(demo: Demo) -> None:
    """Entered in class, sent the next day: the register's rules are read for the day it was
    entered, so it is not a late correction (which would need a reason)."""
    student = demo.students[6]
    _sync(demo, [_mark_op(student, "absent")])  # attendance taken today
    entered = datetime.now(UTC).isoformat()
    op = _mark_op(student, "late", base="absent", minutes=10, entered_at=entered)
    [result] = _sync(demo, [op], today=date.today() + timedelta(days=1))
    assert result.status == "applied", result.outcome


def test_grades_entered_offline_apply_and_conflict_like_marks(demo: Demo) -> None:
    a, b = demo.students[7], demo.students[8]
    with session_scope() as db:
        assessment = create_assessment(db, school_id=demo.school, class_id=1, subject_id=5,
                                       kind="fo", day=FRIDAY, actor="teacher")  # fmt: skip
        aid = assessment.id or 0
        set_grade(db, school_id=demo.school, assessment_id=aid, student_id=b, value=5,
                  actor="director", user_id=demo.admin.user_id)  # fmt: skip
    ops = [
        {"id": str(uuid.uuid4()), "kind": "grade", "assessment_id": aid, "student_id": sid,
         "value": value, "base": "", "entered_at": datetime.now(UTC).isoformat()}
        for sid, value in ((a, "7"), (b, "8,0"))
    ]  # fmt: skip
    applied, conflict = _sync(demo, ops)
    foreign = _sync(demo, [{**ops[0], "id": str(uuid.uuid4())}], actor=demo.other)
    with session_scope() as db:
        grades = {g.student_id: g.value for g in db.exec(
            select(Grade).where(Grade.assessment_id == aid)).all()}  # fmt: skip
        set_rows = [r for r in _audit(db, "set_grade") if r.details["assessment_id"] == aid]
    assert applied.status == "applied" and applied.outcome["value"] == "7"
    assert conflict.status == "conflict" and conflict.outcome["server"] == "5"
    assert grades == {a: 7.0, b: 5.0}
    assert [r.details.get("offline", {}).get("client_id") for r in set_rows] == [None, ops[0]["id"]]
    assert foreign[0].status == "refused" and foreign[0].outcome["code"] == "not_your_gradebook"
    with session_scope() as db:
        assert keep_mine(db, _ctx(demo), operation_id=conflict.operation_id) == "applied"
    with session_scope() as db:
        row = db.exec(select(Grade).where(Grade.assessment_id == aid, Grade.student_id == b)).one()
    assert row.value == 8.0


def test_absences_synced_in_the_first_lesson_tell_each_family_once(demo: Demo) -> None:
    first_lesson = {"lesson_id": 5, "unit": 1}  # 1А's first lesson on Fridays
    with session_scope() as db:
        told = select(Guardianship.student_id).where(Guardianship.school_id == demo.school)
        a, b = [s for s in demo.students if s in set(db.exec(told).all())][:2]
    batch = [{**_mark_op(a, "absent"), **first_lesson}, {**_mark_op(b, "late", minutes=9),
             **first_lesson}]  # fmt: skip
    _sync(demo, batch)
    _sync(demo, batch)  # replayed: nobody is told twice
    with session_scope() as db:
        notices = db.exec(select(Notice).where(col(Notice.key).contains(":2026-11-27:"))).all()
    keys = {n.key.split("|")[0] for n in notices}
    assert any(f"attendance:{a}:2026-11-27:absent" in k for k in keys)
    assert any(f"attendance:{b}:2026-11-27:late" in k for k in keys)
    assert len(notices) == len({n.key for n in notices})


def test_an_unreadable_batch_is_refused_whole() -> None:
    now = utcnow()
    with pytest.raises(BadOperation):
        parse_batch([{"id": "short", "kind": "attendance"}], now)
    with pytest.raises(BadOperation):
        parse_batch({"not": "a list"}, now)
    [op] = parse_batch([{**_mark_op(1, "absent"), "entered_at": "2999-01-01T00:00:00Z"}], now)
    assert op.entered_at == now  # a phone's clock ahead of the server's is read as now


def test_the_phone_keeps_today_and_the_next_school_day(demo: Demo) -> None:
    with session_scope() as db:
        days = offline_days(db, school_id=demo.school, actor=demo.teacher, today=FRIDAY)
        nobody = offline_days(db, school_id=demo.school, actor=demo.admin, today=FRIDAY)
    assert [d.day for d in days] == [FRIDAY, FRIDAY + timedelta(days=1)]  # a six-day week
    friday = days[0].lessons
    assert [(x.line.lesson_id, x.line.unit) for x in friday][:1] == [(5, 1)]
    assert all(book[0] == 1 for x in friday for book in x.gradebooks)  # 1А's gradebooks
    assert any(x.gradebooks for x in friday) and nobody == []
