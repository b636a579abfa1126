"""Analytics pages: a course's funnel and hardest steps (SVG chart and table beside), a
student's page, the live view and its JSON; staff of the school only."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from models.db import session_scope
from models.lms import CourseAssignment
from tests.web.conftest import DemoStore
from tests.web.learn_support import (
    Courses,
    enter,
    form_of,
    load_courses,
    post_answer,
    steps_of,
    visit,
)


@pytest.fixture(scope="module", name="courses")
def courses_fixture(demo_store: DemoStore) -> Courses:
    return load_courses(demo_store)


def test_a_teacher_reads_the_analytics_and_the_live_view(
    client: TestClient, courses: Courses
) -> None:
    steps = steps_of(courses, courses.python)
    question = next(s for s in steps if s.kind == "single")
    enter(client, "student")
    visit(client, steps[0], seconds="0", open="1")
    visit(client, steps[0], seconds="45")
    for _ in range(3):
        post_answer(client, question, form_of(question, right=False))
    with session_scope() as db:
        class_id = db.exec(select(CourseAssignment.class_id).where(
            CourseAssignment.course_id == courses.python)).first()  # fmt: skip
    assert client.get(f"/courses/{courses.python}/stats").status_code == 403
    enter(client, "teacher")
    page = client.get(f"/courses/{courses.python}/stats?class_id={class_id}")
    assert page.status_code == 200
    assert 'id="lms-an-funnel"' in page.text and 'id="lms-an-hard"' in page.text
    assert "<svg" in page.text and "style=" not in page.text
    assert f'href="/courses/students/{courses.student}"' in page.text
    school = client.get(f"/courses/{courses.python}/stats")
    assert school.status_code == 200 and "The whole school" in school.text
    student = client.get(f"/courses/students/{courses.student}")
    assert student.status_code == 200 and 'id="lms-an-days"' in student.text
    live = client.get(f"/courses/{courses.python}/live?class_id={class_id}")
    assert live.status_code == 200 and "courses_live.js" in live.text
    data = client.get(f"/courses/{courses.python}/live.json?class_id={class_id}").json()
    mine = next(r for r in data["rows"] if r["id"] == courses.student)
    assert mine["state"] == "stuck" and mine["wrong"] == 3 and mine["label"] == "stuck"
    assert data["counts"]["stuck"] >= 1
    assert client.get(f"/courses/{courses.python}/live.json?class_id=999999").status_code == 404
    assert client.get("/courses/students/999999").status_code == 404


def test_analytics_stay_in_the_school(client: TestClient, courses: Courses) -> None:
    from models.account_services import create_account
    from models.accounts import TEACHER
    from models.school import School

    with session_scope() as db:
        other = School(code="STATS-OTHER", name="Басқа мектеп")
        db.add(other)
        db.flush()
        create_account(db, school_id=other.id, login="other-teacher-st", name="Other",
                       role=TEACHER, password="other-password-1")  # fmt: skip
        class_id = db.exec(select(CourseAssignment.class_id).where(
            CourseAssignment.course_id == courses.python)).first()  # fmt: skip
    enter(client, "other-teacher-st", "other-password-1")
    for url in (f"/courses/{courses.python}/stats", f"/courses/students/{courses.student}",
                f"/courses/{courses.python}/live?class_id={class_id}",
                f"/courses/{courses.python}/live.json?class_id={class_id}"):  # fmt: skip
        assert client.get(url).status_code == 404, url
