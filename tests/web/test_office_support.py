"""Helpers shared by the timetable office tests (no tests here): a second school, form posts."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import openpyxl
from litestar.testing import TestClient
from sqlmodel import select

from models.account_services import create_account
from models.db import session_scope
from models.history import DataVersion
from models.school_data import apply_snapshot, get_school
from models.timetable import TimetableVersion
from tests.models.samples import sample_snapshot
from tests.web.conftest import login
from web.demo_accounts import DEMO_PASSWORD

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
OTHER_CODE = "SCH-1"  # the sample school of tests/models/samples.py
OTHER_LOGIN, OTHER_PASSWORD = "sch1-timetable", "sch1-password-long"


def add_other_school() -> int:
    """A second school (the small sample school) with a timetabler; returns its id."""
    with session_scope() as db:
        apply_snapshot(db, sample_snapshot(OTHER_CODE), source="tests")
        school_id = get_school(db, code=OTHER_CODE).id
        create_account(db, school_id=school_id, login=OTHER_LOGIN, name="Басқа кестеші",
                       role="timetabler", password=OTHER_PASSWORD)  # fmt: skip
    assert school_id is not None
    return school_id


def login_en(client: TestClient, name: str, password: str = DEMO_PASSWORD) -> None:
    """Log in, with a browser that asks for English pages."""
    client.headers["accept-language"] = "en"
    login(client, name, password)


def csrf(client: TestClient) -> str:
    token = client.cookies.get("sabaq_csrf")
    if not token:
        client.get("/office")
        token = client.cookies.get("sabaq_csrf")
    return token or ""


def post(client: TestClient, url: str, data: dict[str, Any]) -> Any:
    """A form POST as the browser sends it (CSRF field included), redirects not followed."""
    return client.post(url, data={**data, "_csrf_token": csrf(client)}, follow_redirects=False)


def post_json(client: TestClient, url: str, body: dict[str, Any]) -> Any:
    """A fetch() POST: JSON body, the CSRF token in the header."""
    return client.post(url, json=body, headers={"x-csrftoken": csrf(client)})


def upload(client: TestClient, name: str, content: bytes, *, dry_run: bool = False) -> Any:
    data = {"_csrf_token": csrf(client), **({"dry_run": "on"} if dry_run else {})}
    files = {"file": (name, content, "application/octet-stream")}
    return client.post("/office/upload", data=data, files=files, follow_redirects=False)


def workbook_bytes(path: Path, edits: dict[tuple[str, str], Any]) -> bytes:
    """The workbook at `path` with some cells changed ({(sheet, "C14"): value})."""
    wb = openpyxl.load_workbook(path)
    for (sheet, cell), value in edits.items():
        wb[sheet][cell] = value
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def counts(school_code: str) -> tuple[int, int]:
    """(data versions, timetable versions) of a school."""
    with session_scope() as db:
        school_id = get_school(db, code=school_code).id
        data = db.exec(select(DataVersion).where(DataVersion.school_id == school_id)).all()
        tts = db.exec(select(TimetableVersion).where(TimetableVersion.school_id == school_id)).all()
        return len(data), len(tts)
