"""The roster page in phone-sized Chromium: a problem file, then a good one previewed, imported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from openpyxl import load_workbook

from models.db import session_scope
from models.school_data import read_snapshot
from tests.browser.conftest import (  # noqa: F401  (chromium, open_page: fixtures)
    CHROMIUM,
    OpenPage,
    _restoring_store_env,
    chromium,
    log_in,
    open_page,
    serve,
)
from tests.web.conftest import build_demo_store

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium"),
]
SHOT = os.environ.get("SABAQ_ROSTER_SCREENSHOT")  # a folder: keep pictures of the page


def _rosters(folder: Path, url: str, code: str) -> tuple[Path, Path]:
    """A roster with a problem (an unknown class) and a good one (a new student)."""
    from importers.roster import write_roster_workbook

    base = folder / "current.xlsx"
    with session_scope(url) as db:
        write_roster_workbook(base, read_snapshot(db, school_code=code))
    bad, good = folder / "bad.xlsx", folder / "good.xlsx"
    wb = load_workbook(base)
    wb["Students"].cell(5, 3).value = "7Z"
    wb.save(bad)
    wb = load_workbook(base)
    wb["Students"].append(["S9201", "Жаңа Оқушы", "1А", None, "2019-03-01"])
    wb.save(good)
    return bad, good


def test_an_admin_on_a_phone_previews_and_imports_a_roster(
    tmp_path: Path,
    open_page: OpenPage,  # noqa: F811
) -> None:
    with _restoring_store_env():
        store = build_demo_store(tmp_path)
        bad, good = _rosters(tmp_path, store.url, store.school_code)
        with serve(store) as server:
            watched = open_page(locale="en-GB", server=server, is_mobile=True, has_touch=True,
                                viewport={"width": 390, "height": 844})  # fmt: skip
            page = watched.page
            log_in(watched, "director")
            page.goto("/roster")
            expect(page.locator("h1")).to_have_text("Students and parents")
            page.set_input_files("input[name=file]", str(bad))
            page.click("form[action='/roster/upload'] button[type=submit]")
            expect(page.locator(".cell-problems code")).to_have_text(["Students!C5"])
            _shot(page, "problems")
            page.set_input_files("input[name=file]", str(good))
            page.click("form[action='/roster/upload'] button[type=submit]")
            expect(page.locator("ul.changes li")).to_have_text(
                ["New student Жаңа Оқушы (S9201), class 1А."]
            )
            _shot(page, "preview")
            overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
            page.click("form[action='/roster/confirm'] button[type=submit]")
            expect(page.locator(".flash").first).to_contain_text("Data version 2")
            found = watched.problems()
    assert overflow <= 0
    # the problem page is answered 400, which Chromium logs; nothing else may be
    assert found == [
        "Failed to load resource: the server responded with a status of 400 (Bad Request)"
    ]


def _shot(page, name: str) -> None:  # type: ignore[no-untyped-def]
    if SHOT:
        page.screenshot(path=str(Path(SHOT) / f"roster-{name}.png"), full_page=True)
