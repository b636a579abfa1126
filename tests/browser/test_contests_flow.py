"""Issue 7's olympiad in Chromium: three schools, a projector board open without login, a student
sends a solution in the contest's task page, the real judge worker judges it, and the open board
shows the accepted run without a reload; the organiser's monitoring page follows a verdict live.
No console errors or CSP violations."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from bench.scoreboard import Seeded, judge_run, seed_olympiad, send_run
from tests.browser.conftest import LiveServer, OpenPage, Watched, fresh_store, log_in, serve

pytestmark = [pytest.mark.browser, pytest.mark.slow]

PASSWORD = "olympiad-pass-1"
SOLUTION = "a, b = map(int, input().split())\nprint(a + b)\n"


@pytest.fixture(scope="module")
def olympiad(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Seeded]]:
    store = fresh_store(tmp_path_factory.mktemp("browser-olympiad"))
    seeded = seed_olympiad(store.url, store.data_dir, schools=3, per_school=3,
                           password=PASSWORD)  # fmt: skip
    with serve(store, workers=1) as live:  # a job worker: the real judge
        yield live, seeded


def _row_text(watched: Watched, name: str) -> str:
    return str(watched.page.locator("table[data-board] tbody tr", has_text=name).inner_text())


def test_an_olympiad_with_three_schools_runs_live(
    open_page: OpenPage, olympiad: tuple[LiveServer, Seeded]
) -> None:
    server, seeded = olympiad
    cid = seeded.contest_id
    board = open_page(server=server, viewport={"width": 1920, "height": 1080})
    board.page.goto(f"/contests/{cid}/board")  # nobody logged in
    rows = board.page.locator("table[data-board] tbody tr")
    assert rows.count() == 9
    text = board.page.locator("table[data-board]").inner_text()
    for n in (1, 2, 3):
        assert f"№ {n} мектеп-лицей" in text
    assert "pupil" not in board.page.content()  # names and schools, never logins
    board.page.wait_for_function("() => document.querySelector('[data-live]').dataset.updates")
    board.page.evaluate("() => { window.__sameDocument = true; }")
    student_name = seeded.students[4][2]  # a student of the second school

    student = open_page(server=server, locale="kk-KZ")
    log_in(student, "pupil2-2", PASSWORD)
    student.page.goto(f"/contests/{cid}/tasks/A")
    form = "form[action$='/tasks/A']"
    student.page.select_option(f"{form} select[name=language]", "py")
    student.page.wait_for_selector(f"{form} .CodeMirror")  # the same code editor as the IDE
    student.page.evaluate(
        "(src) => document.querySelector('#contest-send .CodeMirror').CodeMirror.setValue(src)",
        SOLUTION,
    )
    with student.page.expect_navigation():
        student.page.click(f"{form} button[type=submit]")

    # the worker judges it; the board, never reloaded, shows the accepted run
    board.page.wait_for_function(
        """(name) => [...document.querySelectorAll('table[data-board] tbody tr')]
             .some((tr) => tr.textContent.includes(name)
                   && tr.querySelector('td.cell').textContent.startsWith('+'))""",
        arg=student_name, timeout=60_000,
    )  # fmt: skip
    assert board.page.evaluate("() => window.__sameDocument") is True
    assert re.search(r"^1\t", _row_text(board, student_name))  # first place now
    student.page.reload()
    assert "AC" in student.page.locator("table.list").inner_text()
    student.page.wait_for_selector(f"{form} .CodeMirror")  # the program is kept on the device
    kept = "() => document.querySelector('#contest-send .CodeMirror').CodeMirror.getValue()"
    assert student.page.evaluate(kept) == SOLUTION

    organiser = open_page(server=server)
    log_in(organiser, "organiser", PASSWORD)
    organiser.page.goto(f"/contests/{cid}/monitor")
    assert student_name in organiser.page.locator("[data-part=feed]").inner_text()
    organiser.page.wait_for_function("() => document.querySelector('[data-live]').dataset.updates")
    other = seeded.students[8][2]  # third school
    judge_run(server.store.url, send_run(server.store.url, seeded, 8, 1), "WA")
    organiser.page.wait_for_function(
        """(name) => document.querySelector('[data-part=feed] tbody tr').textContent
             .includes(name)""", arg=other,
    )  # fmt: skip
    feed_top = organiser.page.locator("[data-part=feed] tbody tr").first.inner_text()
    assert "WA" in feed_top and "B" in feed_top
    schools = organiser.page.locator("[data-part=schools]").inner_text()
    assert "№ 2 мектеп-лицей" in schools
    for watched in (board, student, organiser):
        assert watched.problems() == []
