"""A store that cannot save: the person is told so in their language (503), never a bare 500,
and the command line exits with code 3 (issue 10's disk-full and read-only drills)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from datetime import date

import pytest
from litestar.testing import TestClient

from models.db import DISK_FULL, READ_ONLY_STORE, UNREACHABLE, dispose_engines, store_fault
from tests.web.conftest import DemoStore, _point_at, login
from web.cli import main

FRIDAY = date(2026, 11, 27)  # the demo teacher keeps 1А's lesson 1/0 that day
LESSON = f"/registers/{FRIDAY.isoformat()}/1/0"
KAZAKH = "Ештеңе сақталмады: мектеп деректерін қазір тек оқуға болады"


def _read_only_url(store: DemoStore) -> str:
    path = store.url.removeprefix("sqlite:///")
    return f"sqlite:///file:{path}?mode=ro&uri=true"  # SQLite itself refuses every write


@pytest.fixture
def read_only(client: TestClient, demo_store: DemoStore) -> Iterator[TestClient]:
    """The demo teacher logged in, then the same cookies on an app over the store read-only
    (the writable client stays open, so the store's WAL index exists for the reader)."""
    from web.app import create_app

    login(client, "teacher")
    assert client.get(LESSON).status_code == 200  # a register opened first writes its record
    _point_at(_read_only_url(demo_store), demo_store.data_dir)
    try:
        with TestClient(create_app()) as frozen:
            frozen.cookies.update(dict(client.cookies))
            frozen.cookies.set("lang", "kk")
            yield frozen
    finally:
        dispose_engines()
        _point_at(demo_store.url, demo_store.data_dir)


def test_a_read_only_store_still_shows_pages_and_refuses_writes_in_words(
    read_only: TestClient,
) -> None:
    page = read_only.get(LESSON)
    assert page.status_code == 200
    students = [int(x) for x in re.findall(r'data-student="(\d+)"', page.text)]
    headers = {"x-csrftoken": read_only.cookies.get("sabaq_csrf") or ""}
    tap = read_only.post(
        f"/api{LESSON}/mark", headers=headers, json={"student": students[0], "status": "absent"}
    )
    assert tap.status_code == 503
    assert tap.json()["code"] == READ_ONLY_STORE and tap.json()["error"][0].startswith(KAZAKH)
    form = {"_csrf_token": headers["x-csrftoken"], f"status-{students[0]}": "absent"}
    posted = read_only.post(LESSON + "/attendance", data=form, headers={"accept": "text/html"})
    assert posted.status_code == 503 and KAZAKH in posted.text and "Traceback" not in posted.text


def test_the_command_line_says_so_and_exits_with_3(
    demo_store: DemoStore, capsys: pytest.CaptureFixture[str]
) -> None:
    _point_at(_read_only_url(demo_store), demo_store.data_dir)
    try:
        code = main(["absence", "add", "T001", "--from", FRIDAY.isoformat()])
    finally:
        dispose_engines()
        _point_at(demo_store.url, demo_store.data_dir)
    assert code == 3
    assert "Nothing was saved: the school's data can only be read" in capsys.readouterr().err


def test_store_faults_are_told_apart_from_bugs(tmp_path: object) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    path = f"{tmp_path}/tiny.db"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x TEXT)")
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as conn:
        conn.execute(text("PRAGMA max_page_count = 2"))  # the file may not grow: disk full
        with pytest.raises(DBAPIError) as full:
            conn.execute(text("INSERT INTO t SELECT zeroblob(100000)"))
        with pytest.raises(DBAPIError) as bug:
            conn.execute(text("SELECT * FROM no_such_table"))
    engine.dispose()
    assert store_fault(full.value) == DISK_FULL
    assert store_fault(bug.value) is None
    assert UNREACHABLE not in (store_fault(full.value), store_fault(bug.value))
