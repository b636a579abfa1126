"""Issue 8 in Chromium on a phone-sized screen: the demo student opens "Python: first steps"
(opened to their class as `sabaq demo` does), reads the first step, answers a question wrong
and sees why, then right; the lesson's progress and the points update without a reload, and the
course list shows the points. No console errors, CSP violations or horizontal scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import select

from lms.courses.library import get_course, outline
from lms.courses.starter import load_demo_courses
from models.accounts import UserAccount
from models.db import session_scope
from models.lms import CourseStep
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
def first_lesson(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, list[CourseStep]]]:
    store = fresh_store(tmp_path_factory.mktemp("browser-learn"))
    with _restoring_store_env():
        _point_at(store.url, store.data_dir)
        with session_scope() as db:
            school_id = db.exec(
                select(UserAccount.school_id).where(UserAccount.login == "student")
            ).one()
            course_id = load_demo_courses(
                db, school_id=school_id or 0, student_login="student", today=date.today()
            )
            out = outline(db, get_course(db, school_id=school_id or 0, course_id=course_id))
            steps = out.steps[out.lessons[out.modules[0].id or 0][0].id or 0]
    with serve(store) as live:
        yield live, steps


def _fits(watched: Watched) -> None:
    width = watched.page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], width


def test_a_student_learns_on_a_phone(
    open_page: OpenPage, first_lesson: tuple[LiveServer, list[CourseStep]]
) -> None:
    server, steps = first_lesson
    question = steps[1]
    assert steps[0].kind == "text" and question.kind == "single"
    options = question.body["options"]
    right = next(n for n, o in enumerate(options) if o["correct"])
    wrong = next(n for n, o in enumerate(options) if not o["correct"])

    watched = open_page(locale="en-US", viewport=PHONE, server=server)
    log_in(watched, "student")
    p = watched.page
    p.goto("/learn")
    assert "Python: first steps" in (p.locator("main").text_content() or "")
    assert "Your points: 0" in (p.locator(".learn-points").text_content() or "")
    _fits(watched)
    with p.expect_navigation():
        p.click("text=Continue where you left off")
    assert p.locator("#step").get_attribute("data-kind") == "text"
    assert p.locator(".learn-text h1, .learn-text h2").count() >= 1  # the Markdown, rendered
    _fits(watched)
    with p.expect_navigation():
        p.click("text=Read, next step")
    assert p.locator("#step").get_attribute("data-kind") == "single"
    assert p.locator(".learn-step-link.is-passed").count() == 1  # the text step, read
    percent_before = int(p.locator("#lesson-percent").text_content() or "0")

    p.check(f"input[name=choice][value='{wrong}']")
    p.click("form.learn-answer button[type=submit]")
    p.wait_for_selector("#feedback .learn-feedback.is-wrong")
    feedback = p.locator("#feedback").text_content() or ""
    assert "Not right yet." in feedback and "Why:" in feedback
    assert "Python" in feedback  # the explanation from the course data (Russian: no English text)
    assert p.url.endswith("#step") or "step=" in p.url  # no page load: the same lesson page

    p.check(f"input[name=choice][value='{right}']")
    p.click("form.learn-answer button[type=submit]")
    p.wait_for_selector("#feedback .learn-feedback.is-right")
    assert "+10 points" in (p.locator("#feedback").text_content() or "")
    assert int(p.locator("#lesson-percent").text_content() or "0") > percent_before
    current = p.locator('.learn-step-link[aria-current="step"]')
    assert "is-passed" in (current.get_attribute("class") or "")
    _fits(watched)

    p.reload()  # saved at once: the answer and its verdict are there after a reload
    assert p.locator("#feedback .learn-feedback.is-right").count() == 1
    assert p.locator(f"input[name=choice][value='{right}']").is_checked()
    p.goto("/learn")
    assert "Your points: 10" in (p.locator(".learn-points").text_content() or "")
    assert watched.problems() == []
