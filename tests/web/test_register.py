"""The register's pages through the app: today's lesson, marks, covers, files, who may see what."""

from __future__ import annotations

import re
from datetime import date

import pytest
from litestar.testing import TestClient
from sqlmodel import col, select

from models.account_services import create_account
from models.accounts import PARENT, STUDENT, TEACHER
from models.base import utcnow
from models.db import session_scope
from models.history import AuditEntry
from models.journal import LessonRecord
from models.people import Guardianship, Student
from models.substitutions import COVER, PUBLISHED, Cover, CoverPlan
from models.timetable import TimetableVersion
from tests.web.conftest import DemoStore, login
from web.demo_accounts import DEMO_PASSWORD

FRIDAY = date(2026, 11, 27)  # T001 (the demo teacher) keeps 1А's lessons 5/1, 2/0 and 1/0
LESSON = f"/registers/{FRIDAY.isoformat()}/1/0"
API = "/api" + LESSON


def _login(client: TestClient, name: str) -> None:
    login(client, name)
    client.cookies.set("lang", "en")  # the sentences below are asserted in English


def _csrf(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or ""


def _post(client: TestClient, url: str, data: dict[str, str] | None = None, **kw):  # type: ignore[no-untyped-def]
    body = {"_csrf_token": _csrf(client), **(data or {})}
    return client.post(url, data=body, follow_redirects=False, **kw)


def _tap(client: TestClient, url: str, student: int, status: str, **extra: object):  # type: ignore[no-untyped-def]
    return client.post(url + "/mark", json={"student": student, "status": status, **extra},
                       headers={"x-csrftoken": _csrf(client)})  # fmt: skip


def _students(page: str) -> list[int]:
    return [int(x) for x in re.findall(r'data-student="(\d+)"', page)]


@pytest.fixture(scope="module")
def people(demo_store: DemoStore) -> dict[str, int]:
    """Accounts for another teacher, a 1А student and a 1А parent (module-wide)."""
    with session_scope() as db:
        kid, guardian = db.exec(
            select(Student.id, Guardianship.parent_id)
            .join(Guardianship, col(Guardianship.student_id) == col(Student.id))
            .where(Student.class_id == 1)
        ).first() or (None, None)
        assert kid is not None
        for login_name, role, links in (
            ("teacher2", TEACHER, {"teacher_id": 2}),
            ("pupil1a", STUDENT, {"student_id": kid}),
            ("parent1a", PARENT, {"parent_id": guardian}),
        ):
            create_account(db, school_id=1, login=login_name, name=login_name, role=role,
                           password=DEMO_PASSWORD, **links)  # fmt: skip
    return {"kid": kid}


def test_a_teacher_marks_two_absences_and_a_late_arrival_in_todays_lesson(
    client: TestClient,
) -> None:
    _login(client, "teacher")
    day = client.get(f"/registers?day={FRIDAY.isoformat()}")
    assert day.status_code == 200 and LESSON in day.text and "1А" in day.text
    page = client.get(LESSON)
    assert page.status_code == 200 and 'id="reg-form"' in page.text
    a, b, c = _students(page.text)[:3]
    for student, status in ((a, "absent"), (b, "absent")):
        assert _tap(client, API, student, status).json()["mark"]["status"] == status
    late = _tap(client, API, c, "late", minutes=7).json()
    assert late["mark"] == {"status": "late", "minutes": 7, "reason": ""} and late["taken"]
    assert late["counts"] == {"present": 18, "absent": 2, "late": 1, "excused": 0}
    with session_scope() as db:
        record = db.exec(select(LessonRecord).where(LessonRecord.day == FRIDAY,
                                                    LessonRecord.lesson_id == 1)).one()  # fmt: skip
        audit = db.exec(
            select(AuditEntry).where(AuditEntry.entity == f"lesson_record:{record.id}",
                                     AuditEntry.action == "register_attendance")
        ).all()  # fmt: skip
    assert [(r.actor, r.details["student_id"], r.details["new"]["status"]) for r in audit] == [
        ("teacher", a, "absent"),
        ("teacher", b, "absent"),
        ("teacher", c, "late"),
    ]
    ticked = client.get(f"/registers?day={FRIDAY.isoformat()}").text
    assert re.search(rf'reg-day-lesson done">\s*<a href="{LESSON}"', ticked)


def test_a_refused_tap_answers_400_with_the_sentence(client: TestClient) -> None:
    _login(client, "teacher")
    student = _students(client.get(LESSON).text)[5]
    answer = _tap(client, API, student, "late", minutes=500)
    assert answer.status_code == 400 and "90" in answer.json()["error"][0]
    no_header = client.post(API + "/mark", json={"student": student, "status": "absent"})
    assert no_header.status_code == 403  # CSRF


def test_the_register_works_as_a_plain_form(client: TestClient) -> None:
    _login(client, "teacher")
    url = f"/registers/{FRIDAY.isoformat()}/2/0"
    ids = _students(client.get(url).text)
    form = {f"status-{i}": "present" for i in ids}
    form[f"status-{ids[0]}"] = "excused"
    form[f"reason-{ids[0]}"] = "Жарыс"
    answer = _post(client, url + "/attendance", form)
    assert answer.status_code == 303
    page = client.get(url).text
    assert 'value="excused" selected' in page and "Жарыс" in page


def test_a_teacher_of_another_class_is_refused(client: TestClient, people: dict[str, int]) -> None:
    _login(client, "teacher2")
    assert client.get(LESSON).status_code == 403
    assert _tap(client, API, people["kid"], "absent").status_code == 403
    assert client.get(f"/registers/{FRIDAY.isoformat()}/1/1").status_code == 404  # not on Friday
    _login(client, "student")
    assert client.get(LESSON).status_code == 403


def test_the_substitute_of_a_published_cover_gets_the_register(
    client: TestClient, people: dict[str, int]
) -> None:
    day = date(2026, 11, 20)
    with session_scope() as db:
        version = db.exec(
            select(TimetableVersion.id).where(col(TimetableVersion.published).is_(True))
        ).one()
        plan = CoverPlan(school_id=1, day=day, timetable_version_id=version, status=PUBLISHED,
                         revision=1, published_at=utcnow())  # fmt: skip
        db.add(plan)
        db.flush()
        db.add(Cover(school_id=1, plan_id=plan.id or 0, lesson_id=1, unit=0, shift="1", period=3,
                     absent_teacher_id=1, action=COVER, substitute_id=2,
                     published_revision=1))  # fmt: skip
    url = f"/registers/{day.isoformat()}/1/0"
    _login(client, "teacher2")
    assert url in client.get(f"/registers?day={day.isoformat()}").text
    assert client.get(url).status_code == 200
    assert _tap(client, "/api" + url, people["kid"], "absent").status_code == 200
    _login(client, "teacher")
    assert url not in client.get(f"/registers?day={day.isoformat()}").text
    assert client.get(url).status_code == 403


def _attach(client: TestClient, name: str, body: bytes, kind: str):  # type: ignore[no-untyped-def]
    return client.post(LESSON + "/files", files={"file": (name, body, kind)},
                       data={"_csrf_token": _csrf(client)}, follow_redirects=False)  # fmt: skip


def test_attachments_are_checked_and_served_only_to_the_class(
    client: TestClient, people: dict[str, int], demo_store: DemoStore
) -> None:
    _login(client, "teacher")
    too_big = _attach(client, "big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf")
    assert too_big.status_code == 303 and "larger than 5 MB" in client.get(LESSON).text
    _attach(client, "virus.exe", b"MZ\x90\x00", "application/octet-stream")
    assert "cannot be attached" in client.get(LESSON).text
    _attach(client, "fake.pdf", b"<html>", "application/pdf")
    assert "is not what its name says" in client.get(LESSON).text
    _attach(client, "Тапсырма.pdf", b"%PDF-1.4 homework", "application/pdf")
    page = client.get(LESSON).text
    link = re.search(r'href="(/registers/files/\d+/[\w-]+)">Тапсырма.pdf', page)
    assert link is not None
    stored = list((demo_store.data_dir / "journal-files" / "1").iterdir())
    assert [p.name for p in stored] == [link.group(1).rsplit("/", 1)[1]]  # a random name only
    assert client.get(link.group(1)).content == b"%PDF-1.4 homework"
    for who, status in (("pupil1a", 200), ("parent1a", 200), ("student", 404), ("parent", 404),
                        ("teacher2", 404)):  # fmt: skip
        _login(client, who)
        assert client.get(link.group(1)).status_code == status, who


def test_missing_attendance_is_listed_on_the_day_page(client: TestClient) -> None:
    _login(client, "teacher")
    page = client.get("/registers?day=2026-11-06").text
    assert "Lessons still missing attendance" in page
    assert "/registers/2026-11-03/" in page  # the term's first day, before the shown one


def test_the_school_admin_sees_the_history_and_a_teacher_does_not(client: TestClient) -> None:
    _login(client, "teacher")
    assert client.get(LESSON + "/history").status_code == 403
    first = str(_students(client.get(LESSON).text)[0])
    _post(client, LESSON + "/remarks",
          {"student": first, "kind": "discipline", "text": "Сабақта телефон"})  # fmt: skip
    assert "Сабақта телефон" in client.get(LESSON).text
    _login(client, "director")
    history = client.get(LESSON + "/history")
    assert history.status_code == 200
    assert history.text.count("<tr>") >= 4 and "Сабақта телефон" in history.text
    assert "teacher" in history.text


def test_the_register_reads_as_json_and_the_admin_sees_every_lesson_of_the_day(
    client: TestClient,
) -> None:
    _login(client, "teacher")
    body = client.get(API).json()
    assert body["audience"] == "1А" and len(body["students"]) == body["counts"]["present"] + sum(
        body["counts"][k] for k in ("absent", "late", "excused")
    )
    _login(client, "director")
    day = client.get(f"/registers?day={FRIDAY.isoformat()}")
    assert day.status_code == 200 and day.text.count('class="reg-day-lesson') > 50
    one = client.get(f"/registers?day={FRIDAY.isoformat()}&teacher=1").text
    day_part, _, missing = one.partition("Lessons still missing attendance")
    assert day_part.count('class="reg-day-lesson') == 3 and "/registers/2026-11-03/" in missing
