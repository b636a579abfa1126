"""The offline sync over HTTP: CSRF and roles like every route, a replayed batch applied once,
a foreign lesson and a closed term refused and shown, a conflict decided on its page."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import col, select

from journal.register_access import Actor
from journal.register_marks import MarkInput, mark_attendance
from models.account_services import create_account
from models.accounts import SCHOOL_ADMIN, TEACHER, UserAccount
from models.db import session_scope
from models.history import AuditEntry
from models.journal import Attendance, LessonRecord, TermClosure
from models.people import Student
from models.sync import SyncOperation
from tests.web.conftest import DemoStore, login
from web.demo_accounts import DEMO_PASSWORD

FRIDAY = date(2026, 11, 27)  # T001 (the demo teacher) keeps 1А's lesson 1/0 on Fridays
TERM1_FRIDAY = date(2026, 10, 2)


def _login(client: TestClient[Any], name: str) -> int:
    login(client, name)
    client.cookies.set("lang", "en")
    with session_scope() as db:
        return db.exec(select(UserAccount.id).where(UserAccount.login == name)).one() or 0


def _op(student: int, status: str, base: str = "present", day: date = FRIDAY) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "kind": "attendance", "day": day.isoformat(),
            "lesson_id": 1, "unit": 0, "student_id": student,
            "entered_at": datetime.now(UTC).isoformat(),
            "value": {"status": status, "minutes": None, "reason": ""},
            "base": {"status": base, "minutes": None, "reason": ""}}  # fmt: skip


def _sync(client: TestClient[Any], user: int, ops: list[dict[str, Any]], csrf: bool = True):  # type: ignore[no-untyped-def]
    headers = {"x-csrftoken": client.cookies.get("sabaq_csrf") or ""} if csrf else {}
    return client.post("/api/sync", json={"user": user, "ops": ops}, headers=headers)


def _post(client: TestClient[Any], url: str):  # type: ignore[no-untyped-def]
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(url, data={"_csrf_token": token}, follow_redirects=False)


@pytest.fixture(scope="module")
def students(demo_store: DemoStore) -> list[int]:
    with session_scope() as db:
        create_account(db, school_id=1, login="teacher-two", name="Екінші мұғалім",
                       role=TEACHER, password=DEMO_PASSWORD, teacher_id=2)  # fmt: skip
        rows = db.exec(
            select(Student.id).where(Student.class_id == 1).order_by(col(Student.id))
        ).all()
    return [r or 0 for r in rows]


def test_the_sync_needs_the_csrf_header_and_the_signed_in_account(
    client: TestClient[Any], students: list[int]
) -> None:
    user = _login(client, "teacher")
    refused = _sync(client, user, [_op(students[0], "absent")], csrf=False)
    other = _sync(client, user + 1000, [_op(students[0], "absent")])
    bad = _sync(client, user, [{"id": "x", "kind": "attendance"}])
    with session_scope() as db:
        stored = db.exec(select(SyncOperation)).all()
    assert refused.status_code == 403 and other.status_code == 409 and bad.status_code == 400
    assert other.json()["code"] == "other_user" and stored == []


def test_a_replayed_batch_is_applied_once(client: TestClient[Any], students: list[int]) -> None:
    user = _login(client, "teacher")
    batch = [_op(students[1], "absent"), _op(students[2], "late")]
    batch[1]["value"]["minutes"] = 4
    first = _sync(client, user, batch)
    second = _sync(client, user, batch)
    with session_scope() as db:
        record = db.exec(select(LessonRecord).where(LessonRecord.day == FRIDAY,
                                                    LessonRecord.lesson_id == 1)).one()  # fmt: skip
        marks = db.exec(
            select(Attendance).where(Attendance.record_id == record.id,
                                     col(Attendance.student_id).in_(students[1:3]))
        ).all()  # fmt: skip
        audit = db.exec(
            select(AuditEntry).where(AuditEntry.entity == f"lesson_record:{record.id}",
                                     AuditEntry.action == "register_attendance")
        ).all()  # fmt: skip
    assert first.status_code == 200 and second.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["applied", "applied"]
    assert [r["replayed"] for r in second.json()["results"]] == [True, True]
    assert sorted((m.status, m.late_minutes) for m in marks) == [("absent", None), ("late", 4)]
    mine = [a for a in audit if a.details.get("student_id") in students[1:3]]
    assert len(mine) == 2 and all(a.details["offline"]["client_id"] for a in mine)


def test_a_lesson_the_teacher_does_not_keep_is_refused_and_listed_until_dismissed(
    client: TestClient[Any], students: list[int]
) -> None:
    user = _login(client, "teacher-two")
    answer = _sync(client, user, [_op(students[3], "absent")]).json()
    [result] = answer["results"]
    page = client.get("/offline/conflicts").text
    banner = client.get("/registers").text
    assert result["status"] == "refused" and answer["open"] == 1
    assert "This register belongs to a lesson you do not keep." in result["messages"]
    assert "This register belongs to a lesson you do not keep." in page and "Dismiss" in page
    assert f'name="sabaq-user" content="{user}"' in banner and 'id="offline-banner"' in banner
    back = _post(client, f"/offline/conflicts/{result['operation']}/dismiss")
    assert back.status_code == 303
    assert "Nothing waits for you" in client.get("/offline/conflicts").text


def test_a_closed_term_is_refused_with_its_sentence(
    client: TestClient[Any], students: list[int]
) -> None:
    with session_scope() as db:
        db.add(TermClosure(school_id=1, term="1 четверть"))
    user = _login(client, "teacher")
    [result] = _sync(client, user, [_op(students[4], "absent", day=TERM1_FRIDAY)]).json()["results"]
    assert result["status"] == "refused" and result["code"] == "term_closed"
    assert "1 четверть is closed" in client.get("/offline/conflicts").text


def test_a_conflict_shows_both_values_and_who_and_keep_mine_saves_mine(
    client: TestClient[Any], students: list[int]
) -> None:
    student = students[5]
    with session_scope() as db:
        admin = db.exec(select(UserAccount).where(UserAccount.login == "director")).one()
        mark_attendance(db, school_id=1, actor=Actor(admin.id, "director", SCHOOL_ADMIN),
                        day=FRIDAY, lesson_id=1, unit=0, today=max(date.today(), FRIDAY),
                        marks=[MarkInput(student, "late", 12)])  # fmt: skip
    user = _login(client, "teacher")
    [result] = _sync(client, user, [_op(student, "absent")]).json()["results"]
    page = client.get("/offline/conflicts").text
    assert result["status"] == "conflict" and result["server"]["status"] == "late"
    assert result["by"] == admin.name
    section = page[page.index(f'id="change-{result["operation"]}"') :]
    assert "Absent" in section and "Late · 12 min" in section and admin.name in section
    other = TestClient(client.app)
    with other:
        _login(other, "teacher-two")
        assert _post(other, f"/offline/conflicts/{result['operation']}/mine").status_code == 303
    with session_scope() as db:
        row = db.get(SyncOperation, result["operation"])
        assert row is not None and row.resolved_at is None  # not theirs to decide
    assert _post(client, f"/offline/conflicts/{result['operation']}/mine").status_code == 303
    with session_scope() as db:
        record = db.exec(select(LessonRecord).where(LessonRecord.day == FRIDAY,
                                                    LessonRecord.lesson_id == 1)).one()  # fmt: skip
        mark = db.exec(
            select(Attendance).where(Attendance.record_id == record.id,
                                     Attendance.student_id == student)
        ).one()  # fmt: skip
        row = db.get(SyncOperation, result["operation"])
    assert mark.status == "absent" and row is not None and row.resolution == "mine"


def test_the_phone_is_told_which_pages_to_keep(
    client: TestClient[Any], students: list[int]
) -> None:
    user = _login(client, "teacher")
    data = client.get("/api/offline").json()
    assert data["user"] == user and "/offline" in data["pages"] and "/my/timetable" in data["pages"]
    for lesson in data["lessons"]:
        assert lesson["url"] in data["pages"]
        assert all(book in data["pages"] for book in lesson["gradebooks"])
    assert client.get("/offline").status_code == 200
    _login(client, "student")
    assert client.get("/api/offline").json()["lessons"] == []
    assert _sync(client, 0, []).status_code == 403  # students keep no registers
