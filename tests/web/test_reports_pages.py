"""The report pages on the demo school: who sees which class, the numbers a class teacher and
the director read, charts without inline styles, and the downloads read back (openpyxl, pypdf)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import col, select

from models.account_services import create_account
from models.accounts import TEACHER
from models.db import session_scope
from models.journal import ABSENT, LATE, Attendance, FinalGrade, LessonRecord
from models.lessons import LessonTeacher
from models.people import Student
from tests.web.conftest import DemoStore, login
from web.demo_accounts import DEMO_PASSWORD

CLASS_7A, ALGEBRA_LESSON, ALGEBRA, GEOMETRY, PE = 17, 217, 17, 18, 30  # in the demo school
DAYS = [date(2026, 11, d) for d in (16, 17, 18, 19, 20)]  # term 2 ("2 четверть", id 2)
TAKEN = datetime(2026, 11, 16, 9, tzinfo=UTC)
LANG = "ru"  # the reader's language; report cards follow the school's (kk)


@dataclass(frozen=True)
class Scene:
    school_id: int
    students: list[tuple[int, str]]  # 7А's first six, by id
    absent: int  # missed 3 of 5 algebra lessons: a chronic absentee


@pytest.fixture(scope="module")
def scene(demo_store: DemoStore) -> Scene:
    """7А's algebra teacher logs in as `teacher7a`; a week of algebra registers; term marks."""
    with session_scope() as db:
        teacher = db.exec(
            select(LessonTeacher.teacher_id).where(LessonTeacher.lesson_id == ALGEBRA_LESSON)
        ).one()
        people = db.exec(
            select(Student.id, Student.name, Student.school_id)
            .where(Student.class_id == CLASS_7A)
            .order_by(col(Student.id))
        ).all()[:6]
        school_id = people[0][2]
        create_account(
            db,
            school_id=school_id,
            login="teacher7a",
            name="Алгебра мұғалімі",
            role=TEACHER,
            password=DEMO_PASSWORD,
            teacher_id=teacher,
        )
        records = []
        for day in DAYS:
            record = LessonRecord(
                school_id=school_id,
                day=day,
                lesson_id=ALGEBRA_LESSON,
                unit=0,
                shift="1",
                period=2,
                attendance_taken_at=TAKEN,
            )
            db.add(record)
            db.flush()
            records.append(record.id or 0)
        absent = people[0][0] or 0
        for record in records[:3]:
            db.add(
                Attendance(school_id=school_id, record_id=record, student_id=absent, status=ABSENT)
            )
        db.add(
            Attendance(
                school_id=school_id,
                record_id=records[0],
                student_id=people[1][0] or 0,
                status=LATE,
                late_minutes=12,
            )
        )
        # marks: 5 5 | 5 4 | 4 4 | 3 4 | 2 3 | 4 4 (algebra | geometry); PE pass except one
        marks = [("5", "5"), ("5", "4"), ("4", "4"), ("3", "4"), ("2", "3"), ("4", "4")]
        for (sid, _, _), (alg, geo) in zip(people, marks, strict=True):
            for subject, mark in ((ALGEBRA, alg), (GEOMETRY, geo)):
                db.add(
                    FinalGrade(
                        school_id=school_id,
                        student_id=sid or 0,
                        subject_id=subject,
                        period="2 четверть",
                        mark=mark,
                    )
                )
            db.add(
                FinalGrade(
                    school_id=school_id,
                    student_id=sid or 0,
                    subject_id=PE,
                    period="2 четверть",
                    mark="fail" if alg == "2" else "pass",
                )
            )
            db.add(
                FinalGrade(
                    school_id=school_id,
                    student_id=sid or 0,
                    subject_id=ALGEBRA,
                    period="year:2026-2027",
                    mark=alg,
                )
            )
    return Scene(school_id, [(s or 0, n) for s, n, _ in people], absent)


def _ru(client: TestClient) -> None:
    client.cookies.set("lang", LANG)


def test_a_teacher_sees_the_classes_they_teach_and_not_the_school_report(
    client: TestClient, scene: Scene
) -> None:
    login(client, "teacher7a")
    index = client.get("/reports")
    assert index.status_code == 200 and 'href="/reports/class/17"' in index.text
    assert 'href="/reports/class/1"' not in index.text  # 1А: they teach no lesson there
    assert client.get("/reports/class/1").status_code == 404
    assert client.get("/reports/class/1/report.xlsx").status_code == 404
    assert client.get("/reports/school").status_code == 403
    assert 'href="/reports"' in client.get("/").text  # the menu line


def test_the_class_report_worked_by_hand(client: TestClient, scene: Scene) -> None:
    login(client, "teacher7a")
    _ru(client)
    page = client.get("/reports/class/17?period=term:2")
    assert page.status_code == 200, page.text[:500]
    html = page.text
    assert "Качество знаний" in html and "Успеваемость" in html
    # students: 5 5 excellent; 5 4, 4 4, 4 4 good; 3 4 with a 3; 2 3 failing (and a PE fail)
    # -> quality (1 + 3) / 6 = 66,7 %; success 5 / 6 = 83,3 %
    assert re.search(r"<strong>66,7</strong>.*?<strong>83,3</strong>", html, re.S)
    # algebra: 5 5 4 3 2 4 -> average 23 / 6 = 3,83; quality 4/6 = 66,7; СОУ 3.8 / 6 = 63,3
    assert re.search(r"Алгебра</th>(?:<td[^>]*>\d*</td>){6}<td[^>]*>3,83</td>", html)
    assert "63,3" in html
    assert scene.students[0][1] in html and "<svg" in html and 'role="img"' in html
    assert " style=" not in html  # the CSP forbids inline styles, charts included
    # attendance: the first student missed 3 of 5 algebra lessons
    assert re.search(r'class="badge bad">Хроническ', html)
    assert "/reports/class/17/register.xlsx?subject_id=17&amp;term_id=2" in html


def test_the_school_report_for_the_director(client: TestClient, scene: Scene) -> None:
    login(client, "director")
    _ru(client)
    html = client.get("/reports/school?period=term:2").text
    assert "7А" in html and "Алгебра" in html and "Геометрия" in html
    assert 'id="quality"' in html  # the quality-by-class chart
    # geometry in 7А: 5 4 4 4 3 4 -> quality 5/6 = 83,3
    assert re.search(r"Геометрия</th>.*?83,3", html, re.S)
    workbook = load_workbook(
        io.BytesIO(client.get("/reports/school/report.xlsx?period=term:2").content)
    )
    assert workbook.sheetnames[:2] == ["Классы", "Качество знаний, %"]
    rows = [[c.value for c in r] for r in workbook["Качество знаний, %"].iter_rows()]
    head = next(r for r in rows if r[0] == "Предмет")
    geometry = next(r for r in rows if r[0] == "Геометрия")
    assert geometry[head.index("7А")] == 83.3


def test_attendance_with_dates_and_a_threshold(client: TestClient, scene: Scene) -> None:
    login(client, "teacher7a")
    url = "/reports/attendance?class_id=17&period=dates&start=2026-11-16&end=2026-11-22"
    html = client.get(url + "&threshold=50").text
    chronic = html.split("<h2>", 3)[1]  # the chronic absence section
    assert scene.students[0][1] in chronic and scene.students[1][1] not in chronic
    assert "60.0" in chronic or "60,0" in chronic
    assert client.get(url + "&threshold=70").text.count(scene.students[0][1]) == 1  # list only
    book = load_workbook(
        io.BytesIO(
            client.get(
                url.replace("attendance?", "attendance/report.xlsx?") + "&threshold=50"
            ).content
        )
    )
    rows = [[c.value for c in r] for r in book.worksheets[0].iter_rows()]
    first = next(r for r in rows if r[0] == scene.students[0][1])
    assert first[1] == "7А" and first[2:4] == [5, 3]  # lessons, missed
    late = next(r for r in rows if r[0] == scene.students[1][1])
    assert late[6:8] == [1, 12]  # late once, 12 minutes


def test_downloads_read_back(client: TestClient, scene: Scene) -> None:
    login(client, "teacher7a")
    _ru(client)
    book = load_workbook(
        io.BytesIO(client.get("/reports/class/17/report.xlsx?period=term:2").content)
    )
    students = [[c.value for c in r] for r in book["Ученики"].iter_rows()]
    assert students[0][0] == "Ученик" and "Алгебра" in students[0]
    names = [r[0] for r in students[1:]]
    assert {n for _, n in scene.students} <= set(names) and len(names) == 27  # all of 7А
    first = students[1 + names.index(scene.students[0][1])]
    assert first[students[0].index("Алгебра")] == "5" and first[-1] == "Отличники (только «5»)"
    register = client.get("/reports/class/17/register.xlsx?subject_id=17&term_id=2")
    assert register.status_code == 200
    assert "filename*=UTF-8''" in register.headers["content-disposition"]
    sheet = load_workbook(io.BytesIO(register.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    head = next(r for r in rows if r[1] == "Ученик")
    assert [d.date() for d in head[2:7]] == DAYS
    absent = next(r for r in rows if r[1] == scene.students[0][1])
    assert absent[2:5] == ["н", "н", "н"]
    lesson = client.get("/reports/lesson/2026-11-16/217/0/register.xlsx")
    assert lesson.status_code == 200
    cells = [
        [c.value for c in r] for r in load_workbook(io.BytesIO(lesson.content)).active.iter_rows()
    ]
    assert any(r[1] == scene.students[0][1] and r[2] == "Отсутствует" for r in cells)


def test_report_cards_in_the_schools_language(client: TestClient, scene: Scene) -> None:
    login(client, "director")
    _ru(client)  # the reader's language does not matter: the school's (kk) does
    sid, name = scene.students[0]
    answer = client.get(f"/reports/class/17/cards.pdf?period=term:2&student_id={sid}")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(answer.content))
    assert len(reader.pages) == 1
    text = " ".join(reader.pages[0].extract_text().split())
    assert "Үлгерім табелі" in text and name in text
    assert "Алгебра 5" in text  # term 2 mark (term 1 empty), year 5
    whole = PdfReader(io.BytesIO(client.get("/reports/class/17/cards.pdf?period=term:2").content))
    assert len(whole.pages) == 27  # one page per student of 7А
