"""Class teachers on the report pages, and the school's chronic-absence threshold setting.

On the demo school T042 is 5А's class teacher and teaches 5Б, 6А, 7Б and 8Ә too; they log in as
`lead5a`. The scene also makes them class teacher of 11А, where they teach nothing, and takes a
week of 5А registers in which one child misses one lesson of five (20 %).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from litestar.testing import TestClient
from pypdf import PdfReader
from sqlmodel import col, select

from models.account_services import create_account
from models.accounts import TEACHER
from models.classes import SchoolClass
from models.db import session_scope
from models.history import AuditEntry
from models.journal import ABSENT, Attendance, LessonRecord
from models.lessons import LessonAudience, LessonTeacher
from models.people import Student, Teacher
from tests.web.conftest import DemoStore
from tests.web.test_data_edit import enter
from web.demo_accounts import DEMO_PASSWORD

DAYS = [date(2026, 11, d) for d in (16, 17, 18, 19, 20)]
TAKEN = datetime(2026, 11, 16, 9, tzinfo=UTC)
WEEK = "period=dates&start=2026-11-16&end=2026-11-22"


@dataclass(frozen=True)
class Scene:
    lead: str  # T042's name
    five_a: int  # 5А, which they lead and teach
    six_a: int  # 6А, which they teach
    eleven_a: int  # 11А, which they only lead
    seven_a: int  # 7А, which they neither lead nor teach
    absent: str  # the 5А child who missed one lesson of five


def _class_id(db: object, code: str) -> int:
    return db.exec(select(SchoolClass.id).where(SchoolClass.code == code)).one()  # type: ignore[attr-defined, no-any-return]


@pytest.fixture(scope="module")
def scene(demo_store: DemoStore) -> Scene:
    with session_scope() as db:
        teacher = db.exec(select(Teacher).where(Teacher.code == "T042")).one()
        create_account(db, school_id=teacher.school_id, login="lead5a", name=teacher.name,
                       role=TEACHER, password=DEMO_PASSWORD, teacher_id=teacher.id)  # fmt: skip
        five_a, six_a, eleven_a, seven_a = (_class_id(db, c) for c in ("5А", "6А", "11А", "7А"))
        assert db.get(SchoolClass, five_a).class_teacher_id == teacher.id  # type: ignore[union-attr]
        taught = db.exec(
            select(LessonAudience.class_id)
            .join(LessonTeacher, col(LessonTeacher.lesson_id) == col(LessonAudience.lesson_id))
            .where(LessonTeacher.teacher_id == teacher.id)
        ).all()
        assert six_a in taught and eleven_a not in taught and seven_a not in taught
        eleven = db.get(SchoolClass, eleven_a)
        assert eleven is not None
        eleven.class_teacher_id = teacher.id
        db.add(eleven)
        lesson = db.exec(
            select(LessonAudience.lesson_id).where(
                LessonAudience.class_id == five_a, col(LessonAudience.subgroup_id).is_(None)
            )
        ).first()
        child = db.exec(
            select(Student).where(Student.class_id == five_a).order_by(col(Student.id))
        ).first()
        assert lesson is not None and child is not None
        for day in DAYS:
            record = LessonRecord(school_id=teacher.school_id, day=day, lesson_id=lesson, unit=0,
                                  shift="1", period=1, attendance_taken_at=TAKEN)  # fmt: skip
            db.add(record)
            db.flush()
            if day == DAYS[0]:
                db.add(Attendance(school_id=teacher.school_id, record_id=record.id or 0,
                                  student_id=child.id or 0, status=ABSENT))  # fmt: skip
        return Scene(teacher.name, five_a, six_a, eleven_a, seven_a, child.name)


def test_a_class_teacher_finds_my_class_first(client: TestClient, scene: Scene) -> None:
    enter(client, "lead5a")
    html = client.get("/reports").text
    mine = html.index("My classes")
    others = html.index("Class reports")
    assert mine < others
    led, taught = html[mine:others], html[others:]
    assert f'href="/reports/class/{scene.five_a}"' in led
    assert f'href="/reports/class/{scene.eleven_a}"' in led  # led, though they teach none of it
    assert f'href="/reports/class/{scene.six_a}"' in taught  # taught, as before
    assert f'href="/reports/class/{scene.five_a}"' not in taught
    assert f'href="/reports/class/{scene.seven_a}"' not in html
    assert client.get(f"/reports/class/{scene.eleven_a}").status_code == 200
    assert client.get(f"/reports/class/{scene.seven_a}").status_code == 404


def test_the_demo_teacher_leads_one_class(client: TestClient, scene: Scene) -> None:
    enter(client, "teacher")  # T001, 1А's class teacher, teaches 1А only
    html = client.get("/reports").text
    assert "My class</h2>" in html and "Class reports" not in html


def test_the_class_page_and_the_report_cards_name_the_class_teacher(
    client: TestClient, scene: Scene
) -> None:
    enter(client, "lead5a")
    page = client.get(f"/reports/class/{scene.eleven_a}")
    assert page.status_code == 200
    assert f"Class teacher: {scene.lead}" in page.text
    answer = client.get(f"/reports/class/{scene.eleven_a}/cards.pdf?period=term:2")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    text = " ".join(PdfReader(io.BytesIO(answer.content)).pages[0].extract_text().split())
    assert f"Сынып жетекшісі: {scene.lead}" in text  # the school's language: Kazakh


def test_the_director_sets_the_threshold_and_the_reports_follow(
    client: TestClient, scene: Scene
) -> None:
    enter(client, "director")
    url = f"/reports/attendance?class_id={scene.five_a}&{WEEK}"

    def flagged() -> bool:
        html = client.get(url).text
        return scene.absent in html.split("<h2>", 3)[1]  # the chronic absence section

    assert flagged()  # 20 % missed, the default threshold is 10 %
    form = client.get("/settings/reports")
    assert form.status_code == 200 and 'value="10"' in form.text
    token = client.cookies.get("sabaq_csrf") or ""
    saved = client.post("/settings/reports", data={"chronic_percent": "25", "_csrf_token": token},
                        follow_redirects=False)  # fmt: skip
    assert saved.status_code == 303 and saved.headers["location"] == "/settings/reports"
    assert not flagged()
    assert re.search(r'name="threshold"[^>]*value="25"', client.get(url).text)
    assert flagged() is False and scene.absent in client.get(url + "&threshold=20").text
    with session_scope() as db:
        audit = db.exec(
            select(AuditEntry).where(AuditEntry.action == "change_report_settings")
        ).all()
    assert [(a.actor, a.details["old"], a.details["new"]) for a in audit] == [
        ("director", 10.0, 25.0)
    ]
    refused = client.post("/settings/reports", data={"chronic_percent": "двадцать",
                                                     "_csrf_token": token})  # fmt: skip
    assert refused.status_code == 400 and "give a percent above 0" in refused.text


def test_only_the_school_admin_changes_the_threshold(client: TestClient, scene: Scene) -> None:
    enter(client, "teacher")
    assert client.get("/settings/reports").status_code == 403
    token = client.cookies.get("sabaq_csrf") or ""
    refused = client.post("/settings/reports", data={"chronic_percent": "1", "_csrf_token": token})
    assert refused.status_code == 403
