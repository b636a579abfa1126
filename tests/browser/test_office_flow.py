"""In real Chromium, the issue's "Done when" walk, on its own server with a job worker.

Timetable staff upload a workbook with mistakes and see them, upload it fixed, generate with
live progress, move a lesson by keyboard and by drag and drop and see the warning, lock a
lesson and re-generate the rest, publish; then a teacher (Russian), a student (Kazakh) and a
parent (Russian) see the published timetable, and the teacher's calendar URL downloads it.
"""

from __future__ import annotations

import re
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.conftest import (
    LiveServer,
    OpenPage,
    Watched,
    fresh_store,
    log_in,
    serve,
    shows_own_week,
)
from tests.web.conftest import DEMO
from tests.web.test_office_support import workbook_bytes

pytestmark = [pytest.mark.browser, pytest.mark.slow]

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MISTAKES = {("Rooms", "D4"): None, ("Lessons", "E5"): -2, ("Teachers", "D6"): "жиырма"}
RENAMED = "Морозов Олег Иванович"  # the fix also renames a teacher, so the upload changes data
GENERATE_S = 30  # the demo school's first complete timetable takes about 5 s on a quiet machine
JOB_WAIT_MS = 240_000


@pytest.fixture(scope="module")
def office_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A demo store of its own (this walk publishes versions) and one job worker."""
    store = fresh_store(tmp_path_factory.mktemp("browser-office"))
    with serve(store, workers=1) as server:
        yield server


def _upload(watched: Watched, content: bytes) -> None:
    page = watched.page
    page.goto("/office/upload")
    page.set_input_files(
        "input[type=file]", files=[{"name": "school.xlsx", "mimeType": XLSX, "buffer": content}]
    )
    with page.expect_navigation():
        page.click("form[action='/office/upload'] button[type=submit]")


def _upload_with_mistakes_then_fixed(watched: Watched) -> None:
    page = watched.page
    _upload(watched, workbook_bytes(DEMO, MISTAKES))
    # the page answers 400 (nothing imported), which Chromium notes in the console
    assert watched.console == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]
    watched.console.clear()
    problems = page.locator("section.upload-problems")
    assert "nothing was imported" in problems.locator("h2").inner_text()
    cells = problems.locator("td.cellref code").all_inner_texts()
    assert {"Rooms!D4", "Lessons!E5", "Teachers!D6"} <= set(cells)
    assert "жиырма" in problems.inner_text()
    _upload(watched, workbook_bytes(DEMO, {("Teachers", "B5"): RENAMED}))
    assert "/office/data" in page.url
    assert RENAMED in page.locator("main").inner_text()


def _follow_job(watched: Watched) -> int:
    """On a generation's page: progress arrives live (no reload), then the saved version."""
    page = watched.page
    assert re.search(r"/office/jobs/\d+$", page.url)
    page.evaluate("window.__samePage = true")
    page.wait_for_selector("#job-live:not([hidden])")  # office.js follows the events
    page.wait_for_function(
        """() => document.querySelector("#job-state .badge").dataset.state === "running"
              && parseFloat(document.getElementById("job-elapsed").textContent) > 0""",
        timeout=JOB_WAIT_MS,
    )
    assert page.evaluate("window.__samePage === true")  # updated in place by server-sent events
    saved = page.wait_for_selector("text=/Saved as version \\d+/", timeout=JOB_WAIT_MS)
    number = int(re.findall(r"\d+", saved.inner_text())[0])
    assert page.evaluate("window.__samePage") is None  # the finished page was loaded anew
    return number


def _generate(watched: Watched) -> int:
    page = watched.page
    page.click("nav a[href='/office/generate'], a.tile[href='/office/generate']")
    page.fill("input[name=time_limit]", str(GENERATE_S))
    with page.expect_navigation():
        page.click("form[action='/office/generate'] button[type=submit]")
    return _follow_job(watched)


def _open_first_class(watched: Watched, version: int) -> str:
    page = watched.page
    page.goto(f"/office/versions/{version}")
    link = page.locator(f"a[href^='/office/versions/{version}/edit/class/']").first
    href = str(link.get_attribute("href") or "")
    assert href
    link.click()
    page.wait_for_selector("#edit-grid[data-editable='1']")
    return href.rsplit("/", 1)[1]


def _wait_for_colours(watched: Watched) -> None:
    watched.page.wait_for_selector("#edit-grid td.drop-ok, #edit-grid td.drop-cost")


def _move_by_keyboard(watched: Watched) -> None:
    """Select with Enter, walk with the arrows, drop with Enter: the check is shown, not saved."""
    page = watched.page
    lesson = page.locator("#edit-grid .lesson[draggable='true']").first
    lesson.focus()
    page.keyboard.press("Enter")
    _wait_for_colours(watched)
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Enter")
    report = page.locator("#move-report")
    report.wait_for(state="visible")
    assert "Soft cost:" in report.inner_text()
    page.keyboard.press("Escape")
    assert report.is_hidden()


def _move_by_drag_with_warning(watched: Watched) -> tuple[str, str]:
    """Drag a lesson to a cell that costs more; the warning names what it breaks."""
    page = watched.page
    lessons = page.locator("#edit-grid .lesson[draggable='true']")
    for index in range(lessons.count()):
        lesson = lessons.nth(index)
        lesson.focus()
        page.keyboard.press("Enter")  # colours the grid for this lesson
        _wait_for_colours(watched)
        costly = page.eval_on_selector_all(
            "#edit-grid td.drop-cost", "tds => tds.map(td => [td.dataset.day, td.dataset.period])"
        )
        page.keyboard.press("Escape")
        if costly:
            break
    else:
        pytest.fail("no lesson of the class has a cell that only costs more")
    lid = lesson.get_attribute("data-lesson")
    assert lid
    day, period = costly[len(costly) // 2]
    lesson.drag_to(page.locator(f"#edit-grid td[data-day='{day}'][data-period='{period}']"))
    report = page.locator("#move-report")
    report.wait_for(state="visible")
    assert "The move breaks:" in report.inner_text()
    assert page.locator("#move-report ul.move-added li.soft").count() >= 1
    assert page.input_value("#move-form input[name=lesson]") == lid
    assert (page.input_value("#move-form input[name=day]"), page.input_value(
        "#move-form input[name=period]")) == (day, period)  # fmt: skip
    return lid, f"{day}-{period}"


def _cell_of(watched: Watched, lid: str) -> str:
    td = watched.page.locator(f"#edit-grid .lesson[data-lesson='{lid}']").locator("xpath=..")
    return f"{td.get_attribute('data-day')}-{td.get_attribute('data-period')}"


def _apply(watched: Watched) -> int:
    page = watched.page
    with page.expect_navigation():
        page.click("#move-apply")
    flash = page.locator("p.flash", has_text="The move is saved as version").inner_text()
    return int(re.findall(r"\d+", flash)[0])


def _lock(watched: Watched, lid: str) -> None:
    page = watched.page
    lesson = page.locator(f"#edit-grid .lesson[data-lesson='{lid}']")
    with page.expect_navigation():
        lesson.locator("form.lock-form button").click()
    assert page.locator("p.flash", has_text="Lesson locked.").count() == 1
    assert "locked" in (page.locator(f"#edit-grid .lesson[data-lesson='{lid}']").get_attribute(
        "class") or "")  # fmt: skip


def _regenerate(watched: Watched, version: int) -> int:
    page = watched.page
    page.goto(f"/office/versions/{version}")
    form = page.locator(f"form[action='/office/versions/{version}/regenerate']")
    form.locator("input[name=time_limit]").fill(str(GENERATE_S))
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    return _follow_job(watched)


def _publish(watched: Watched, version: int) -> None:
    page = watched.page
    page.goto(f"/office/versions/{version}")
    with page.expect_navigation():
        page.click(f"form[action='/office/versions/{version}/publish'] button")
    assert page.locator("p.flash", has_text=f"Version {version} is published.").count() == 1


def _timetable_staff_walk(watched: Watched) -> None:
    page = watched.page
    log_in(watched, "timetable")
    assert page.url.endswith("/office") and page.locator("h1").inner_text() == "Timetable office"
    _upload_with_mistakes_then_fixed(watched)
    generated = _generate(watched)
    class_code = _open_first_class(watched, generated)
    _move_by_keyboard(watched)
    lid, cell = _move_by_drag_with_warning(watched)
    moved = _apply(watched)
    assert moved == generated + 1 and f"/office/versions/{moved}/edit/class/" in page.url
    assert _cell_of(watched, lid) == cell
    _lock(watched, lid)
    regenerated = _regenerate(watched, moved)
    page.goto(f"/office/versions/{regenerated}/edit/class/{class_code}")
    assert _cell_of(watched, lid) == cell  # the locked lesson stayed where it was put
    _publish(watched, regenerated)
    assert watched.problems() == []


def _people_see_it(open_page: OpenPage, server: LiveServer) -> None:
    for login, locale, menu, heading in [
        ("teacher", "en-US", "ru", "Моё расписание"),
        ("student", "kk-KZ", None, "Менің кестем"),
        ("parent", "ru-RU", None, "Моё расписание"),
    ]:
        watched = open_page(locale=locale, server=server)
        log_in(watched, login)
        if menu:
            with watched.page.expect_navigation():
                watched.page.select_option("select#language", menu)
        assert watched.page.locator("h1").inner_text() == heading, login
        shows_own_week(watched, server.store, login)
        if login == "teacher":
            _calendar_follows(watched)
        assert watched.problems() == [], login


def _calendar_follows(watched: Watched) -> None:
    page = watched.page
    page.goto("/calendar")
    url = page.locator("input.copy-url").first.input_value()
    with urllib.request.urlopen(url, timeout=10) as answer:
        body = answer.read().decode()
    assert body.startswith("BEGIN:VCALENDAR") and "BEGIN:VEVENT" in body


def test_the_done_when_walk(open_page: OpenPage, office_server: LiveServer, tmp_path: Path) -> None:
    staff = open_page(server=office_server)
    try:
        _timetable_staff_walk(staff)
    except Exception:
        staff.page.screenshot(path=str(tmp_path / "office.png"), full_page=True)
        raise
    _people_see_it(open_page, office_server)
