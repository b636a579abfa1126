"""Issue 8 in Chromium: a student finishes the starter HTML/CSS course on a phone-sized screen,
downloads the certificate (a PDF with their name and its verification address), and anyone
opening that address sees it confirmed. Every step but one is passed beforehand through the
course services, as if the student had done them on other days."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import select

from lms.courses.library import get_course, outline
from lms.courses.opening import open_course
from lms.courses.progress import progress_row
from lms.courses.starter import STARTER, load_starter_courses
from models.accounts import UserAccount
from models.db import session_scope
from models.lms import PASSED, CourseStep
from models.people import Student
from tests.browser.conftest import (
    LiveServer,
    OpenPage,
    _restoring_store_env,
    fresh_store,
    log_in,
    serve,
)
from tests.web.conftest import _point_at

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def one_step_left(
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[tuple[LiveServer, int, CourseStep, str]]:
    store = fresh_store(tmp_path_factory.mktemp("browser-certificate"))
    with _restoring_store_env():
        _point_at(store.url, store.data_dir)
        with session_scope() as db:
            account = db.exec(select(UserAccount).where(UserAccount.login == "student")).one()
            school_id, user_id = account.school_id or 0, account.id or 0
            student = db.get(Student, account.student_id or 0)
            assert student is not None
            course_id = load_starter_courses(db, school_id=school_id)[STARTER[1]]
            open_course(db, school_id=school_id, course_id=course_id, class_id=student.class_id,
                        starts_on=date(2026, 9, 1))  # fmt: skip
            course = get_course(db, school_id=school_id, course_id=course_id)
            steps = outline(db, course).all_steps()
            left = next(s for s in steps if s.kind == "single")
            for step in steps:
                if step.key != left.key:
                    row = progress_row(db, school_id, user_id, course_id, step.key)
                    row.status, row.score, row.attempts = PASSED, 1.0, 1
            name = student.name
    with serve(store) as live:
        yield live, course_id, left, name


def test_the_last_step_then_the_certificate_and_its_check(
    open_page: OpenPage, one_step_left: tuple[LiveServer, int, CourseStep, str]
) -> None:
    server, course_id, left, name = one_step_left
    right = next(n for n, o in enumerate(left.body["options"]) if o["correct"])
    watched = open_page(locale="en-US", viewport=PHONE, server=server)
    log_in(watched, "student")
    p = watched.page
    p.goto(f"/learn/courses/{course_id}")
    assert p.locator("text=Download the certificate").count() == 0  # one step still to do
    with p.expect_navigation():
        p.click("text=Continue where you left off")
    assert p.locator("#step").get_attribute("data-kind") == "single"
    p.check(f"input[name=choice][value='{right}']")
    p.click("form.learn-answer button[type=submit]")
    p.wait_for_selector("#feedback .learn-feedback.is-right")

    p.goto(f"/learn/courses/{course_id}")
    assert "Course completed" in (p.locator("main").text_content() or "")
    with p.expect_download() as got:
        p.click("text=Download the certificate")
    pdf = PdfReader(io.BytesIO(open(got.value.path(), "rb").read()))  # noqa: SIM115
    text = pdf.pages[0].extract_text()
    assert name in text  # the student's Unicode name, in DejaVu
    found = re.search(r"/certificates/(SBQ(?:-[A-Z2-9]{4}){3})", text)
    assert found, text

    anyone = open_page(locale="ru-RU", viewport=PHONE, server=server)  # not logged in
    anyone.page.goto(f"/certificates/{found.group(1)}")
    assert name in (anyone.page.locator("main").text_content() or "")
    assert watched.problems() == [] and anyone.problems() == []
