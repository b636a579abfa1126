"""In real Chromium: security headers and a clean console, phones, calendar subscriptions, staff."""

from __future__ import annotations

import urllib.request

import pytest

from tests.browser.conftest import LiveServer, OpenPage, Watched, log_in

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_csp_header_on_every_page_and_a_clean_console(page: Watched) -> None:
    log_in(page, "director")
    p = page.page
    p.goto("/timetables")
    grid_path = p.locator("a[href^='/timetables/class/']").first.get_attribute("href")
    assert grid_path
    for path in ["/panel", "/timetables", grid_path, "/timetables/master", "/calendar",
                 "/notices", "/settings/mail"]:  # fmt: skip
        answer = p.goto(path)
        assert answer is not None and answer.status == 200, path
        csp = answer.headers.get("content-security-policy", "")
        assert "script-src 'self'" in csp and "style-src 'self'" in csp, path
        assert "unsafe-inline" not in csp, path
        assert answer.headers.get("x-frame-options") == "DENY", path
        assert page.problems() == [], path


def test_the_csp_probe_catches_an_inline_script(page: Watched) -> None:
    """The check above can fail: an inline script added to a page is refused and reported."""
    page.page.goto("/login")
    page.page.evaluate(
        "() => { const s = document.createElement('script');"
        " s.textContent = 'window.ranInline = true'; document.body.appendChild(s); }"
    )
    page.page.wait_for_function("window.__csp.length > 0")
    assert page.page.evaluate("window.ranInline === true") is False
    assert any(v.startswith("script-src") for v in page.csp_violations())
    assert any("Content Security Policy" in line for line in page.console)


def _overflow(watched: Watched) -> dict[str, int]:
    return dict(
        watched.page.evaluate(
            """() => {
              const wrap = document.querySelector('.grid-wrap');
              return {
                viewport: window.innerWidth,
                page: document.documentElement.scrollWidth,
                body: document.body.scrollWidth,
                wrap_width: wrap.clientWidth,
                wrap_content: wrap.scrollWidth,
              };
            }"""
        )
    )


@pytest.mark.parametrize("login, path", [("parent", "/my/timetable"), ("teacher", "/timetables")])
def test_phone_shows_the_grid_without_page_overflow(
    open_page: OpenPage, login: str, path: str
) -> None:
    watched = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    log_in(watched, login)
    watched.page.goto(path)
    if path == "/timetables":  # staff: open a class's week from the list, as on a phone
        with watched.page.expect_navigation():
            watched.page.locator("a[href^='/timetables/class/']").last.tap()
        assert "/timetables/class/" in watched.page.url
    sizes = _overflow(watched)
    assert sizes["page"] <= sizes["viewport"] and sizes["body"] <= sizes["viewport"], sizes
    # the week is wider than a phone: it scrolls inside its own box, which fits the screen
    assert sizes["wrap_width"] <= sizes["viewport"] < sizes["wrap_content"], sizes
    wrap = watched.page.locator(".grid-wrap").first
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    assert wrap.evaluate("el => el.scrollLeft") > 0
    assert watched.page.locator(".lesson").first.is_visible()
    assert watched.problems() == []


def test_calendar_url_downloads_a_vcalendar(page: Watched, live_server: LiveServer) -> None:
    log_in(page, "teacher")
    page.page.click("a.button[href='/calendar']")
    url = page.page.locator("input.copy-url").first.input_value()
    assert url.startswith(f"{live_server.url}/ical/") and url.endswith(".ics")
    webcal = page.page.locator("a", has_text="Subscribe").first.get_attribute("href")
    assert webcal == url.replace("http://", "webcal://")
    # a calendar application fetches it without any login
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.headers["content-type"].startswith("text/calendar")
        body = answer.read().decode()
    assert body.startswith("BEGIN:VCALENDAR") and body.rstrip().endswith("END:VCALENDAR")
    assert body.count("BEGIN:VEVENT") > 5
    # the browser downloads it too (a subscription link opened by hand)
    answer = page.page.request.get(url)
    assert answer.ok and answer.text() == body
    assert page.problems() == []


def test_timetable_staff_log_in_to_the_office(page: Watched) -> None:
    log_in(page, "timetable")
    assert page.page.url.endswith("/office")
    assert page.page.locator("h1").inner_text() == "Timetable office"
    assert page.problems() == []
