"""The search page and the search box's suggestions: word forms, Kazakh prefixes, who sees what,
links to the lesson and step, matched words marked and everything escaped."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient
from sqlmodel import select

from lms.courses.library import import_course
from models.db import session_scope
from models.lms import CourseLesson, CourseVersion
from tests.search.helpers import course, lesson, text_step
from tests.web.conftest import DemoStore, login
from tests.web.learn_support import Courses, enter, load_courses


@pytest.fixture(scope="module", name="courses")
def courses_fixture(demo_store: DemoStore) -> Courses:
    return load_courses(demo_store)


def _lesson_id(courses: Courses, course_id: int, slug: str) -> int:
    with session_scope() as db:
        row = db.exec(
            select(CourseLesson)
            .join(CourseVersion, CourseVersion.id == CourseLesson.version_id)
            .where(CourseVersion.course_id == course_id, CourseLesson.slug == slug)
            .order_by(CourseLesson.id.desc())  # type: ignore[union-attr]
        ).first()
        assert row is not None
        return row.id or 0


def test_a_student_finds_a_lesson_by_a_russian_word_form(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "student", lang="ru")
    page = client.get("/search", params={"q": "переменных"})
    assert page.status_code == 200
    variables = _lesson_id(courses, courses.python, "03-variables")
    assert f'href="/learn/lessons/{variables}"' in page.text
    assert "<mark>Переменные</mark>" in page.text
    assert 'id="nav-search-q"' in page.text and "/static/js/search.js" in page.text


def test_suggestions_find_a_kazakh_prefix_and_link_to_steps(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "student", lang="kk")
    data = client.get("/search/suggest", params={"q": "айнымал"}).json()
    variables = _lesson_id(courses, courses.python, "03-variables")
    assert data["q"] == "айнымал" and data["empty"] == ""
    urls = [h["url"] for h in data["hits"]]
    assert f"/learn/lessons/{variables}" in urls
    assert any(u.startswith(f"/learn/lessons/{variables}?step=") for u in urls)
    first = next(h for h in data["hits"] if h["url"] == f"/learn/lessons/{variables}")
    assert first["title"] == [["Айнымалылар", True]] and first["label"]
    nothing = client.get("/search/suggest", params={"q": "жоқсөзқққ"}).json()
    assert nothing["hits"] == [] and nothing["empty"]


def test_a_student_does_not_find_courses_not_opened_to_the_class(
    client: TestClient, courses: Courses
) -> None:
    enter(client, "student", lang="en")
    assert client.get("/search/suggest", params={"q": "css"}).json()["hits"] == []
    enter(client, "teacher", lang="en")
    hits = client.get("/search/suggest", params={"q": "css"}).json()["hits"]
    assert hits and any(h["url"] == f"/courses/{courses.html}" for h in hits)


def test_titles_are_escaped_on_the_page_and_plain_text_in_json(
    client: TestClient, courses: Courses
) -> None:
    data = course(
        "escaping",
        {"ru": "<script>alert(1)</script> курс"},
        [("m", [lesson("l", {"ru": "<b>Жирный</b> урок"}, text_step("текст"))])],
    )
    with session_scope() as db:
        import_course(db, school_id=courses.school_id, data=data)
    enter(client, "teacher", lang="ru")
    page = client.get("/search", params={"q": "жирный"})
    assert "&lt;b&gt;<mark>Жирный</mark>&lt;/b&gt; урок" in page.text
    assert "<b>Жирный" not in page.text
    hits = client.get("/search/suggest", params={"q": "alert"}).json()["hits"]
    assert hits[0]["title"][0] == ["<script>", False]


def test_people_without_courses_have_no_search(client: TestClient) -> None:
    login(client, "parent")
    assert client.get("/search", params={"q": "x"}).status_code == 403
    assert 'id="nav-search-q"' not in client.get("/").text
