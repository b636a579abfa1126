"""The data forms in real Chromium: whole-day toggles by keyboard, a save, the travel mirror."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.db import session_scope
from models.school_data import list_data_versions, read_snapshot
from models.snapshot import SlotRef
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, CSP_PROBE, _restoring_store_env, serve
from tests.web.conftest import build_demo_store
from web.demo_accounts import DEMO_PASSWORD

playwright = pytest.importorskip("playwright.sync_api")
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium"),
]

SHIFT_2 = "table.avail-grid[data-shift='2']"


def test_availability_by_keyboard_then_saved(tmp_path: Path) -> None:
    with _restoring_store_env():
        store = build_demo_store(tmp_path)
        with serve(store) as server, playwright.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(locale="ru-RU")
            context.add_init_script(CSP_PROBE)
            page = context.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(f"{server.url}/login")
            page.fill("input[name=login]", "timetable")
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.goto(f"{server.url}/data/teachers/edit?code=T001")
            assert page.locator("html").get_attribute("lang") == "ru"
            monday = page.locator(f"{SHIFT_2} tbody tr td:nth-child(2) input")
            assert monday.count() == 6 and all(monday.nth(i).is_checked() for i in range(6))
            toggle = page.locator(f"{SHIFT_2} button[data-day='0']")
            assert toggle.is_visible()  # the script showed it
            toggle.focus()
            page.keyboard.press("Space")
            assert not any(monday.nth(i).is_checked() for i in range(6))
            period = page.locator(f"{SHIFT_2} button[data-period='1']")
            period.focus()
            page.keyboard.press("Enter")  # period 1 had Monday unticked: tick it on every day
            assert monday.nth(0).is_checked()
            page.click("form.data-form button[type=submit].primary")
            page.wait_for_url("**saved=2**")
            assert page.locator(".flash-ok").count() == 1
            assert page.locator(".data-changes li").count() == 1  # one field: unavailable
            page.goto(f"{server.url}/data/buildings")
            page.fill("input[name='travel:MAIN:SENIOR']", "9")
            assert page.locator("td[data-mirror-of='SENIOR:MAIN']").inner_text() == "9"
            csp = page.evaluate("window.__csp")
            browser.close()
        with session_scope() as db:
            data = read_snapshot(db, school_code=store.school_code)
            versions = list_data_versions(db, school_code=store.school_code)
    teacher = next(t for t in data.teachers if t.code == "T001")
    assert set(teacher.unavailable) == {SlotRef(0, "2", n) for n in range(2, 7)}
    assert len(versions) == 2
    assert problems == [] and csp == []
