"""In real Chromium: logging in, and teachers, students and parents seeing their own week.

Three languages: English (the browser's), Kazakh (the browser's), Russian (chosen in the menu).
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import LiveServer, OpenPage, Watched, log_in, shows_own_week

pytestmark = pytest.mark.browser


def test_login_failure_says_why_in_the_browsers_language(open_page: OpenPage) -> None:
    watched = open_page(locale="ru-RU")
    log_in(watched, "teacher", "not-the-password")
    page = watched.page
    assert page.url.endswith("/login")
    assert page.locator("p.error[role=alert]").inner_text() == "Неверный логин или пароль."
    assert page.locator("html").get_attribute("lang") == "ru"
    # the login is kept, so only the password is typed again
    assert page.input_value("input[name=login]") == "teacher"


def test_teacher_sees_own_week(page: Watched, live_server: LiveServer) -> None:
    log_in(page, "teacher")
    assert page.page.url.endswith("/my/timetable")
    assert page.page.locator("h1").inner_text() == "My timetable"
    expected = shows_own_week(page, live_server.store, "teacher")
    assert len(expected.titles) == 1 and expected.lessons[0] > 5
    page.page.click("text=Today")
    assert "view=today" in page.page.url
    assert page.problems() == []


def test_parent_in_kazakh_sees_the_childs_week(
    open_page: OpenPage, live_server: LiveServer
) -> None:
    watched = open_page(locale="kk-KZ")
    log_in(watched, "parent")
    page = watched.page
    assert page.locator("html").get_attribute("lang") == "kk"
    assert page.locator("h1").inner_text() == "Менің кестем"
    assert page.locator("a.button", has_text="Бүгін").count() == 1
    assert page.locator("nav.mainnav a", has_text="Хабарламалар").count() == 1
    expected = shows_own_week(watched, live_server.store, "parent")
    # the child's own lessons only: their class has subgroup lessons they do not attend
    assert expected.lessons[0] < expected.whole_class[0]
    assert watched.problems() == []


def test_grid_headings_follow_the_page_language(open_page: OpenPage) -> None:
    watched = open_page(locale="kk-KZ")
    log_in(watched, "parent")
    headings = watched.page.locator("table.tt thead th").all_inner_texts()
    assert [h.strip() for h in headings[:2]] == ["Сабақ", "Дүйсенбі"]


def test_student_switches_to_russian_in_the_menu(
    open_page: OpenPage, live_server: LiveServer
) -> None:
    watched = open_page(locale="en-US")
    log_in(watched, "student")
    page = watched.page
    assert page.locator("h1").inner_text() == "My timetable"
    with page.expect_navigation():
        page.select_option("select#language", "ru")  # app.js submits the form on change
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.locator("h1").inner_text() == "Моё расписание"
    expected = shows_own_week(watched, live_server.store, "student")
    assert expected.lessons[0] < expected.whole_class[0]
    page.click("a.button:has-text('Сегодня')")
    assert "view=today" in page.url and page.locator("h1").inner_text() == "Моё расписание"
    assert watched.problems() == []
