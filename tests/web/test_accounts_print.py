"""Accounts pages in real Chromium: slips eight to an A4 page; one record list per role."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlmodel import col, select

from bench import web_server
from models.classes import SchoolClass
from models.db import session_scope
from tests.web.conftest import DemoStore
from tests.web.test_accounts import login, post, slips_of
from web.demo_accounts import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CSS = Path(__file__).resolve().parents[2] / "web" / "static" / "css" / "app.css"
A4_PORTRAIT = (595, 842)  # points, as Chromium writes the MediaBox (rounded)


def _slips_html(client: TestClient) -> str:
    with session_scope() as db:
        first = db.exec(select(SchoolClass).order_by(col(SchoolClass.id))).first()
        assert first is not None
    login(client, "director")
    answer = post(client, "/accounts/bulk/missing", who="parents", **{"class": first.code})
    assert answer.status_code == 200
    return answer.text


@pytest.mark.slow
def test_slips_print_eight_to_an_a4_page(client: TestClient) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    sync_api = pytest.importorskip("playwright.sync_api")
    html = _slips_html(client)
    count = len(slips_of(html))
    assert count > 8  # more than one page, so the page breaks are tested
    # the stylesheet inline, so the page needs no server; scripts are not needed to print
    html = html.replace('<link rel="stylesheet" href="/static/css/app.css">',
                        f"<style>{CSS.read_text(encoding='utf-8')}</style>")  # fmt: skip
    html = re.sub(r"<script[^>]*></script>", "", html)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page()
        page.set_content(html)
        page.emulate_media(media="print")
        boxes = page.eval_on_selector_all(
            ".slip", "els => els.map(e => { const r = e.getBoundingClientRect(); "
            "return [Math.round(r.x), Math.round(r.y)]; })",
        )  # fmt: skip
        hidden = page.eval_on_selector(".topbar", "e => getComputedStyle(e).display")
        pdf = page.pdf(prefer_css_page_size=True, print_background=True)
        browser.close()
    assert boxes[0][1] == boxes[1][1] and boxes[0][0] < boxes[1][0]  # two side by side
    assert boxes[2][1] > boxes[0][1] and boxes[2][0] == boxes[0][0]
    assert hidden == "none"
    pages = re.findall(rb"/Type\s*/Page[^s]", pdf)
    assert len(pages) == math.ceil(count / 8)
    sizes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf)
    assert sizes and all((round(float(w)), round(float(h))) == A4_PORTRAIT for w, h in sizes)


@pytest.mark.slow
def test_the_form_offers_only_the_record_list_of_the_role(
    demo_store: DemoStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing")
    sync_api = pytest.importorskip("playwright.sync_api")
    monkeypatch.setenv("SABAQ_FIRST_LOGIN_TOUR", "0")  # the server copies it: no tour to skip
    names = ("teacher_id", "student_id", "parent_id")
    with web_server.serve(demo_store.url, demo_store.data_dir) as server, \
            sync_api.sync_playwright() as playwright:  # fmt: skip
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        page = browser.new_page(locale="en-US")
        problems: list[str] = []
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: problems.append(str(e)))
        page.goto(f"{server.url}/login")
        page.fill("input[name=login]", "director")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("form.stack button[type=submit]")
        page.goto(f"{server.url}/accounts/new")
        shown = {}
        for role in ("teacher", "student", "parent", "school_admin"):
            page.select_option("#account-role", role)
            shown[role] = [page.is_visible(f"select[name={n}]") for n in names]
        page.select_option("#account-role", "parent")
        page.fill("input[name=name]", "Browser Parent")
        page.select_option("select[name=parent_id]", index=2)
        page.click("button.primary")
        password = page.locator("dd.password").inner_text()
        browser.close()
    assert shown == {
        "teacher": [True, False, False], "student": [False, True, False],
        "parent": [False, False, True], "school_admin": [True, False, False],
    }  # fmt: skip
    assert len(password) == 10 and problems == []
