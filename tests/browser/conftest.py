"""Browser tests: a real `sabaq serve` on the demo store, driven by real Chromium via Playwright.

The server runs in its own process (its own environment and store), so these tests never share
state with the in-process web tests. Each test gets a fresh browser context (fresh cookies) that
records console errors, page errors and Content Security Policy violations.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bench import web_server
from models.db import dispose_engines
from models.settings import get_settings
from tests.web.conftest import DemoStore, build_demo_store
from web.demo_accounts import DEMO_PASSWORD
from web.settings import get_web_settings

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]  # fmt: skip
# Records CSP violations in the page itself; Playwright injects it before any page script runs.
CSP_PROBE = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


@dataclass(frozen=True)
class LiveServer:
    """A running `sabaq serve`: its address, its store and its log file."""

    url: str
    store: DemoStore
    log: Path


@dataclass(frozen=True)
class Expected:
    """What one person's "my timetable" holds, computed from the store, not from the page."""

    titles: list[str]
    cells: list[list[list[int]]]  # per grid, per period row, per day: how many lessons
    lessons: list[int]  # lessons drawn per grid
    whole_class: list[int]  # lessons in the whole class's grid (students: more than their own)


@contextmanager
def _restoring_store_env() -> Iterator[None]:
    """Within the block the store settings may change; this process's own come back after it."""
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    try:
        yield
    finally:
        dispose_engines()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
        get_web_settings.cache_clear()


@contextmanager
def serve(store: DemoStore, *, workers: int = 0, tour: bool = False) -> Iterator[LiveServer]:
    """`sabaq serve` on a free loopback port over `store`, with `workers` job worker processes.

    The first-login tour stays off unless `tour`: every test account is new, and the tour would
    take each test's first page away from it.
    """
    saved = os.environ.get("SABAQ_FIRST_LOGIN_TOUR")
    os.environ["SABAQ_FIRST_LOGIN_TOUR"] = "1" if tour else "0"  # the server copies it at start
    try:
        with web_server.serve(store.url, store.data_dir, workers=workers) as server:
            yield LiveServer(server.url, store, server.log)
    finally:
        if saved is None:
            os.environ.pop("SABAQ_FIRST_LOGIN_TOUR", None)
        else:
            os.environ["SABAQ_FIRST_LOGIN_TOUR"] = saved


def fresh_store(directory: Path) -> DemoStore:
    """The demo store (built as the in-process web tests build it) in `directory`."""
    with _restoring_store_env():
        return build_demo_store(directory)


def expected_my_timetable(store: DemoStore, login: str) -> Expected:
    """The grids of `login`'s own timetable page as the services compute them."""
    from sqlmodel import select

    from importers.grids import week_of
    from models.accounts import UserAccount
    from models.db import session_scope
    from web.auth import Viewer
    from web.services.timetables import my_grids, version_data

    with _restoring_store_env():
        os.environ["DATABASE_URL"] = store.url
        os.environ["SABAQ_DATA_DIR"] = str(store.data_dir)
        get_settings.cache_clear()
        with session_scope() as db:
            account = db.exec(select(UserAccount).where(UserAccount.login == login)).one()
            viewer = Viewer.of(account)
            assert viewer.school_id is not None
            vd = version_data(db, school_id=viewer.school_id)
            grids = my_grids(db, viewer, vd)
        whole = [week_of(vd.timetable, g.kind, g.code) for g in grids]  # type: ignore[arg-type]
    return Expected(
        titles=[g.title for g in grids],
        cells=[[[len(cell) for cell in row] for row in g.grid.cells] for g in grids],
        lessons=[sum(len(cell) for row in g.grid.cells for cell in row) for g in grids],
        whole_class=[sum(len(cell) for row in w.cells for cell in row) for w in whole],
    )


@pytest.fixture(scope="package")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> DemoStore:
    return fresh_store(tmp_path_factory.mktemp("browser-demo"))


@pytest.fixture(scope="package")
def live_server(demo_store: DemoStore) -> Iterator[LiveServer]:
    """One server for the read-mostly tests (no job workers)."""
    with serve(demo_store) as server:
        yield server


@pytest.fixture(scope="package")
def chromium() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (no `playwright install`); skips when absent."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (bash .ci/chromium.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Watched:
    """A page and what went wrong in it: console errors, uncaught errors, CSP violations."""

    page: Any
    console: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def csp_violations(self) -> list[str]:
        found = self.page.evaluate("window.__csp || []")
        return [str(v) for v in found]

    def problems(self) -> list[str]:
        """Everything reported so far on the current page and earlier ones."""
        return [*self.console, *self.errors, *self.csp_violations()]


OpenPage = Callable[..., Watched]


@pytest.fixture
def open_page(chromium: Any, request: pytest.FixtureRequest) -> Iterator[OpenPage]:
    """Opens pages in fresh contexts: `open_page(locale="kk-KZ", viewport={...}, server=...)`."""
    contexts: list[Any] = []

    def opener(
        locale: str = "en-US",
        viewport: dict[str, int] | None = None,
        server: LiveServer | None = None,
        **options: Any,
    ) -> Watched:
        if server is None:  # the shared server, started only when a test needs it
            server = request.getfixturevalue("live_server")
        assert server is not None
        context = chromium.new_context(
            base_url=server.url, locale=locale,
            viewport=viewport or {"width": 1280, "height": 900}, **options,
        )  # fmt: skip
        context.set_default_timeout(30_000)  # a shared 2-core machine can be slow
        context.add_init_script(CSP_PROBE)
        contexts.append(context)
        watched = Watched(context.new_page())
        watched.page.on(
            "console", lambda m: watched.console.append(m.text) if m.type == "error" else None
        )
        watched.page.on("pageerror", lambda e: watched.errors.append(str(e)))
        return watched

    yield opener
    for context in contexts:
        context.close()


@pytest.fixture
def page(open_page: OpenPage) -> Watched:
    """A fresh English page (new context, so fresh cookies) on the shared server."""
    return open_page()


# Per grid section of a "my timetable" week page: its title and the lessons in each cell.
DRAWN_WEEKS = """() => Array.from(document.querySelectorAll("main section.card")).map((s) => ({
  title: s.querySelector("h2").textContent.trim(),
  cells: Array.from(s.querySelectorAll("table.tt tbody tr")).map((tr) =>
    Array.from(tr.querySelectorAll("td")).map((td) => td.querySelectorAll(".lesson").length)),
}))"""


def shows_own_week(watched: Watched, store: DemoStore, login: str) -> Expected:
    """Asserts the page draws the grids the services compute for `login`, lesson by cell."""
    expected = expected_my_timetable(store, login)
    drawn = watched.page.evaluate(DRAWN_WEEKS)
    assert [d["title"] for d in drawn] == expected.titles
    assert [d["cells"] for d in drawn] == expected.cells
    return expected


def log_in(watched: Watched, login: str, password: str = DEMO_PASSWORD) -> None:
    """Fill the login form and submit it, as a person would."""
    page = watched.page
    page.goto("/login")
    page.fill("input[name=login]", login)
    page.fill("input[name=password]", password)
    with page.expect_navigation():
        page.click("form[action='/login'] button[type=submit]")
