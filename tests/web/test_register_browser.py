"""The register in phone-sized Chromium: taps cycle marks and save at once, a reload keeps them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlmodel import col, select

from models.db import session_scope
from models.journal import Attendance
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, CSP_PROBE, _restoring_store_env, serve
from tests.web.conftest import build_demo_store
from web.demo_accounts import DEMO_PASSWORD

playwright = pytest.importorskip("playwright.sync_api")
expect = playwright.expect
pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium"),
]

LESSON = "/registers/2026-11-27/1/0"  # the demo teacher's 1А lesson on a Friday
SHOT = os.environ.get("SABAQ_REGISTER_SCREENSHOT")  # a path: keep a picture of the page


def _row(page, n: int):  # type: ignore[no-untyped-def]
    return page.locator(".reg-student").nth(n)


def test_taps_mark_two_absences_and_a_late_arrival_on_a_phone(tmp_path: Path) -> None:
    with _restoring_store_env():
        store = build_demo_store(tmp_path)
        with serve(store) as server, playwright.sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            context = browser.new_context(locale="en-GB", viewport={"width": 390, "height": 844},
                                          is_mobile=True, has_touch=True)  # fmt: skip
            context.add_init_script(CSP_PROBE)
            page = context.new_page()
            problems: list[str] = []
            page.on("pageerror", lambda e: problems.append(str(e)))
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            page.goto(f"{server.url}/login")
            page.fill("input[name=login]", "teacher")
            page.fill("input[name=password]", DEMO_PASSWORD)
            page.click("button[type=submit]")
            page.goto(f"{server.url}/registers?day=2026-11-27")
            page.click(f"a[href='{LESSON}']")
            expect(page.locator(".reg-plain").first).to_be_hidden()  # the script took over
            for n, taps in ((0, 1), (1, 1), (2, 2)):
                for _ in range(taps):
                    _row(page, n).locator(".reg-tap").tap()
            saved = page.locator(".reg-student.reg-saved")
            expect(saved).to_have_count(3)
            with page.expect_response(lambda r: r.url.endswith("/mark")) as minutes_saved:
                _row(page, 2).locator(".reg-minutes input").fill("5")  # saved after a pause
            assert minutes_saved.value.ok
            expect(saved).to_have_count(3)
            assert page.locator("[data-count='absent']").inner_text() == "2"
            wide = page.evaluate(
                "document.documentElement.scrollWidth > document.documentElement.clientWidth"
            )
            if SHOT:
                page.screenshot(path=SHOT, full_page=True)
            page.reload()
            states = [_row(page, n).locator(".reg-state").inner_text() for n in range(4)]
            csp = page.evaluate("window.__csp")
            browser.close()
        with session_scope() as db:
            rows = db.exec(select(Attendance).where(col(Attendance.deleted_at).is_(None))).all()
    assert states[:2] == ["Absent", "Absent"] and states[2].startswith("Late") and "5" in states[2]
    assert states[3] == "Present"
    assert sorted((r.status, r.late_minutes) for r in rows) == [
        ("absent", None),
        ("absent", None),
        ("late", 5),
    ]
    assert not wide and problems == [] and csp == []
