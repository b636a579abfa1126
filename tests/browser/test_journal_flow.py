"""Issue 6's done-when walk in Chromium on a phone-sized screen: the register marks two absences
and a late arrival (through the register services: its pages belong to another part); a teacher
adds ФО and СОР columns and types marks that save as they are entered; the absent child's parent
is told and sees the grades with the term grade's explanation; the admin sees the changed grade
in the journal's history and the class's statistics. No console errors or CSP violations."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from sqlmodel import col, select

from journal.notify import notify_attendance
from journal.register_access import Actor
from journal.register_marks import MarkInput, mark_attendance
from models.account_services import create_account
from models.accounts import TEACHER
from models.db import session_scope
from models.lessons import LessonRequirement, LessonTeacher
from models.people import Student
from tests.browser.conftest import (
    LiveServer,
    OpenPage,
    Watched,
    _restoring_store_env,
    fresh_store,
    log_in,
    serve,
)
from tests.web.conftest import DemoStore, _point_at
from web.controllers.grades_common import texts
from web.demo_accounts import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PHONE = {"width": 390, "height": 844}
DAY = date(2026, 11, 23)  # a Monday of term 2
CHILD = 68  # the demo parent's child, in 2А
FIRST_LESSON = (27, 1)  # the child's first lesson that Monday


def _mark_the_register(store: DemoStore) -> None:
    """The teacher of 2А gets a login; two absences and a late arrival in the first lesson."""
    with _restoring_store_env():
        _point_at(store.url, store.data_dir)
        with session_scope() as db:
            lesson = db.get(LessonRequirement, FIRST_LESSON[0])
            child = db.get(Student, CHILD)
            assert lesson is not None and child is not None
            teacher_id = db.exec(
                select(LessonTeacher.teacher_id).where(LessonTeacher.lesson_id == lesson.id)
            ).one()
            others = db.exec(
                select(Student.id)
                .where(Student.class_id == child.class_id, col(Student.id) != CHILD)
                .order_by(col(Student.id))
            ).all()
            create_account(db, school_id=child.school_id, login="teacher2a", name="Teacher 2A",
                           role=TEACHER, password=DEMO_PASSWORD, teacher_id=teacher_id)  # fmt: skip
            actor = Actor(user_id=None, login="teacher2a", role=TEACHER, teacher_id=teacher_id)
            outcome = mark_attendance(
                db, school_id=child.school_id, actor=actor, day=DAY, lesson_id=FIRST_LESSON[0],
                unit=FIRST_LESSON[1], today=DAY,
                marks=[MarkInput(CHILD, "absent"), MarkInput(others[0] or 0, "absent"),
                       MarkInput(others[1] or 0, "late", minutes=5)],
            )  # fmt: skip
            assert notify_attendance(db, school_id=child.school_id, record_id=outcome.record_id,
                                     texts=texts) > 0  # fmt: skip


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    store = fresh_store(tmp_path_factory.mktemp("browser-journal"))
    _mark_the_register(store)
    with serve(store) as live:
        yield live


def _phone(open_page: OpenPage, server: LiveServer, who: str) -> Watched:
    watched = open_page(locale="ru-RU", viewport=PHONE, server=server)
    log_in(watched, who)
    return watched


def _type_mark(watched: Watched, row: int, col: int, value: str) -> None:
    cell = watched.page.locator(f'.journal-cell[data-row="{row}"][data-col="{col}"]')
    cell.fill(value)
    cell.press("Enter")  # saved on change, the cursor goes down a row
    watched.page.wait_for_function(
        f"""() => document.querySelector('.journal-cell[data-row="{row}"][data-col="{col}"]')
              .classList.contains('saved')"""
    )


def test_teacher_parent_and_admin_on_phones(open_page: OpenPage, server: LiveServer) -> None:
    teacher = _phone(open_page, server, "teacher2a")
    p = teacher.page
    p.goto("/grades")
    p.locator("a[href^='/grades/book']").first.click()
    p.wait_for_selector("form[action='/grades/assessments']")
    p.select_option("select[name=term_id]", label="2 четверть")
    p.wait_for_url("**term_id=2**")
    for kind, title, points in (("fo", "ФО 1", ""), ("sor", "СОР 1", "20")):
        p.select_option("form[action='/grades/assessments'] select[name=kind]", kind)
        p.fill("form[action='/grades/assessments'] input[name=day]", DAY.isoformat())
        p.fill("form[action='/grades/assessments'] input[name=title]", title)
        p.fill("form[action='/grades/assessments'] input[name=max_points]", points)
        with p.expect_navigation():
            p.click("form[action='/grades/assessments'] button[type=submit]")
    row = int(
        p.locator(f'.journal-cell[data-student="{CHILD}"]').first.get_attribute("data-row") or 0
    )
    _type_mark(teacher, row, 0, "8")
    _type_mark(teacher, row, 1, "15")
    _type_mark(teacher, row, 0, "9")  # a changed grade: the admin will see it
    explanation = p.locator(f'[data-term-for="{CHILD}"] .journal-why').text_content() or ""
    assert "→" in explanation
    assert teacher.problems() == []

    parent = _phone(open_page, server, "parent")
    q = parent.page
    q.goto(f"/journal?child={CHILD}&day={DAY.isoformat()}&term=2")
    first = q.locator(".journal-lesson").first
    assert first.locator(".badge.bad").count() == 1  # absent in the first lesson
    grades = q.locator(".journal-grades").text_content() or ""
    assert "15/20" in grades and "СОР 1" in grades and "→" in grades
    width = q.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]  # nothing wider than the phone
    q.goto("/notices")
    assert "Сәрсенбаева" in (q.locator("main").text_content() or "")
    assert parent.problems() == []

    admin = _phone(open_page, server, "director")
    r = admin.page
    r.goto("/grades/history?kind=grade")
    rows = r.locator(".journal-history tbody tr")
    # the action in words, in the director's language
    words = re.compile("Mark changed|Отметка изменена|Баға өзгертілді")
    changed = rows.filter(has_text=words).first
    assert "teacher2a" in (changed.text_content() or "")
    assert [c.strip() for c in changed.locator("td").all_text_contents()[5:7]] == ["8", "9"]
    r.goto("/reports")  # the class statistics of 2А for term 2
    href = r.locator("a.card", has_text="2А").first.get_attribute("href") or ""
    r.goto(f"{href}?period=term:2")
    assert r.locator("svg.chart[role=img]").count() >= 1  # charts, each with a table beside
    summary = r.locator("section.card").first.text_content() or ""
    assert "%" in summary  # quality of knowledge and success rate
    attendance = r.locator("main").text_content() or ""
    assert "Сәрсенбаева" in attendance  # the absent child, among the students by attendance
    width = r.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1]
    assert admin.problems() == []
