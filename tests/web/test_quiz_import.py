"""The quiz import pages: upload, preview of every question with its place, problems refused
with nothing stored, confirmation as a new course version; only the school's teachers."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from litestar.testing import TestClient

from lms.courses.library import get_course, outline
from models.db import session_scope
from tests.web.conftest import DemoStore, login
from tests.web.learn_support import Courses, csrf, enter, load_courses

FIXTURES = Path(__file__).resolve().parents[1] / "quizimport" / "fixtures"


@pytest.fixture(scope="module", name="courses")
def courses_fixture(demo_store: DemoStore) -> Courses:
    return load_courses(demo_store)


def _preview(client: TestClient, course_id: int, name: str, content: bytes, **fields: str):  # type: ignore[no-untyped-def]
    return client.post(
        f"/courses/{course_id}/quiz-import",
        files={"file": (name, content, "application/octet-stream")},
        data={"_csrf_token": csrf(client), "lang": "ru", **fields},
    )


def _steps(courses: Courses, slug: str) -> list[str]:
    with session_scope() as db:
        out = outline(db, get_course(db, school_id=courses.school_id, course_id=courses.html))
        lesson = next(x for m in out.modules for x in out.lessons[m.id or 0] if x.slug == slug)
        return [s.kind for s in out.steps[lesson.id or 0]]


def test_a_teacher_previews_then_imports_a_gift_quiz(client: TestClient, courses: Courses) -> None:
    enter(client, "teacher", lang="en")
    form = client.get(f"/courses/{courses.html}/quiz-import")
    assert form.status_code == 200 and 'value="01-html-page"' in form.text
    content = (FIXTURES / "loops.gift").read_bytes()
    page = _preview(client, courses.html, "loops.gift", content, where="new", title="Циклы",
                    module="first-page")  # fmt: skip
    assert page.status_code == 200, page.text[:2000]
    assert "10 questions will be imported." in page.text
    assert "line 4" in page.text and "Single choice" in page.text and "Matching" in page.text
    token = re.search(r'name="token" value="([0-9a-f]{32})"', page.text)
    assert token is not None
    done = client.post(
        f"/courses/{courses.html}/quiz-import/confirm",
        data={
            "_csrf_token": csrf(client),
            "token": token.group(1),
            "lang": "ru",
            "where": "new",
            "title": "Циклы",
            "module": "first-page",
            "filename": "loops.gift",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303 and done.headers["location"] == f"/courses/{courses.html}"
    assert "10 questions imported" in client.get(f"/courses/{courses.html}").text
    assert len(_steps(courses, "quiz-1")) == 10
    again = client.post(
        f"/courses/{courses.html}/quiz-import/confirm",
        data={
            "_csrf_token": csrf(client),
            "token": token.group(1),
            "lang": "ru",
            "where": "lesson",
            "lesson": "quiz-1",
        },
    )
    assert again.status_code == 400 and "upload it again" in again.text  # used once


def test_problems_are_listed_with_their_places_and_nothing_is_kept(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "teacher", lang="en")
    before = _steps(courses, "01-html-page")
    content = (FIXTURES / "broken.gift").read_bytes()
    page = _preview(
        client, courses.html, "broken.gift", content, where="lesson", lesson="01-html-page"
    )
    assert page.status_code == 400
    assert "line 2: no answer gives credit, so none is right" in page.text
    assert "line 8: a matching question needs at least two pairs" in page.text
    assert 'name="token"' not in page.text
    script = b"::X::<script>alert(1)</script> Q? {=<b>a</b> ~b}"
    shown = _preview(client, courses.html, "x.gift", script, where="lesson", lesson="01-html-page")
    assert shown.status_code == 200 and "<script>alert(1)" not in shown.text
    assert _steps(courses, "01-html-page") == before


def test_only_the_schools_staff_import(client: TestClient, courses: Courses) -> None:
    login(client, "student")
    assert client.get(f"/courses/{courses.html}/quiz-import").status_code == 403
    enter(client, "teacher", lang="en")
    assert client.get("/courses/999999/quiz-import").status_code == 404
    bogus = client.post(
        f"/courses/{courses.html}/quiz-import/confirm",
        data={"_csrf_token": csrf(client), "token": "../../etc/passwd", "lang": "ru"},
    )
    assert bogus.status_code == 404
