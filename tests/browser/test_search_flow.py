"""Issue 8's search in Chromium on a phone-sized screen: the demo student types a Russian word
form ("переменных") into the menu's search box, the suggestions list the lesson "Переменные"
with the word marked, arrow keys and Enter open it; a Kazakh prefix ("айнымал") finds the
lesson "Айнымалылар"; without the script the box still searches through /search. No console
errors, CSP violations or horizontal scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import select

from lms.courses.starter import load_demo_courses
from models.accounts import UserAccount
from models.db import session_scope
from models.lms import CourseLesson, CourseVersion
from tests.browser.conftest import (
    LiveServer,
    OpenPage,
    Watched,
    _restoring_store_env,
    fresh_store,
    log_in,
    serve,
)
from tests.web.conftest import _point_at

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def variables_lesson(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, int]]:
    """The demo store with the starter courses (Python opened to the student) and the id of the
    lesson "Переменные" / "Айнымалылар"."""
    store = fresh_store(tmp_path_factory.mktemp("browser-search"))
    with _restoring_store_env():
        _point_at(store.url, store.data_dir)
        with session_scope() as db:
            school_id = db.exec(
                select(UserAccount.school_id).where(UserAccount.login == "student")
            ).one()
            course_id = load_demo_courses(
                db, school_id=school_id or 0, student_login="student", today=date.today()
            )
            lesson_id = db.exec(
                select(CourseLesson.id)
                .join(CourseVersion, CourseVersion.id == CourseLesson.version_id)  # type: ignore[arg-type]
                .where(CourseVersion.course_id == course_id, CourseLesson.slug == "03-variables")
            ).one()
    with serve(store) as live:
        yield live, lesson_id or 0


def _fits(watched: Watched) -> None:
    width = watched.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def _suggestions(watched: Watched, typed: str) -> list[str]:
    p = watched.page
    box = p.locator("#nav-search-q")
    box.fill("")
    box.press_sequentially(typed, delay=40)  # typed, so the debounce and aborts are exercised
    p.wait_for_function(
        "(typed) => { const l = document.querySelector('.nav-search .search-suggest');"
        " return l && !l.hidden && document.querySelector('#nav-search-q').value === typed"
        " && l.querySelector('[role=option]'); }",
        arg=typed,
    )
    return p.locator(".nav-search [role=option] a").evaluate_all("els => els.map(e => e.href)")


def test_a_student_finds_lessons_by_a_russian_form_and_a_kazakh_prefix(
    open_page: OpenPage, variables_lesson: tuple[LiveServer, int]
) -> None:
    server, lesson_id = variables_lesson
    watched = open_page(locale="ru-RU", viewport=PHONE, server=server)
    log_in(watched, "student")
    p = watched.page
    p.goto("/learn")
    _fits(watched)

    links = _suggestions(watched, "переменных")
    lesson = f"{server.url}/learn/lessons/{lesson_id}"
    assert lesson in links
    marks = p.locator(".nav-search [role=option] mark").all_text_contents()
    assert "Переменные" in marks
    _fits(watched)
    box = p.locator("#nav-search-q")
    for _ in range(links.index(lesson) + 1):
        box.press("ArrowDown")
    chosen = p.locator(".nav-search [aria-selected=true] a").get_attribute("href")
    assert chosen == f"/learn/lessons/{lesson_id}"
    assert box.get_attribute("aria-activedescendant")
    with p.expect_navigation():
        box.press("Enter")
    assert p.url == lesson
    assert "Переменные" in (p.locator("h1").first.text_content() or "")

    links = _suggestions(watched, "айнымал")  # the Kazakh title, by the beginning of its word
    assert lesson in links
    assert "Айнымалылар" in p.locator(".nav-search [role=option] mark").all_text_contents()
    box.press("Escape")
    assert p.locator(".nav-search .search-suggest").is_hidden()
    with p.expect_navigation():
        box.press("Enter")  # nothing chosen: the form goes to the results page
    assert "/search?q=" in p.url
    assert p.locator(f".search-results a[href='/learn/lessons/{lesson_id}']").count() == 1
    _fits(watched)
    assert watched.problems() == []


def test_the_search_box_works_without_the_script(
    open_page: OpenPage, variables_lesson: tuple[LiveServer, int]
) -> None:
    server, lesson_id = variables_lesson
    watched = open_page(locale="ru-RU", viewport=PHONE, server=server, java_script_enabled=False)
    log_in(watched, "student")
    p = watched.page
    p.goto("/learn")
    p.fill("#nav-search-q", "переменных")
    with p.expect_navigation():
        p.press("#nav-search-q", "Enter")
    assert p.locator(f".search-results a[href='/learn/lessons/{lesson_id}']").count() == 1
    assert "Переменные" in p.locator(".search-results mark").all_text_contents()
