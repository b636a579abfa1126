"""The school admin's roster page through TestClient: downloads, problems by cell, a preview
that writes nothing, confirmation as a new data version, slips for new accounts, stale previews."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet
from sqlmodel import select

from models.db import session_scope
from models.history import DataVersion
from models.people import Student
from tests.web.conftest import DemoStore, login

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def admin(client: TestClient) -> TestClient:
    """The demo school admin, reading English."""
    client.headers["accept-language"] = "en"
    login(client, "director")
    return client


def _csrf(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or ""


def _roster(client: TestClient, edit: Callable[[Worksheet, Worksheet], None]) -> bytes:
    """The school's current roster from the page, edited."""
    response = client.get("/roster/current.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    edit(wb["Students"], wb["Parents"])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _upload(client: TestClient, body: bytes, accounts: bool = False):  # type: ignore[no-untyped-def]
    data = {"_csrf_token": _csrf(client), **({"accounts": "on"} if accounts else {})}
    return client.post("/roster/upload", files={"file": ("roster.xlsx", body, XLSX)}, data=data)


def _confirm_form(html: str) -> dict[str, str]:
    form = html[html.index('action="/roster/confirm"') :]
    fields = dict(re.findall(r'name="(token|filename|version)" value="([^"]*)"', form))
    assert set(fields) == {"token", "filename", "version"}
    return fields


def _add(code: str) -> Callable[[Worksheet, Worksheet], None]:
    def edit(students: Worksheet, _parents: Worksheet) -> None:
        students.append([code, f"Жаңа Оқушы {code}", "1А", None, "2019-03-01"])

    return edit


def _versions(store: DemoStore) -> int:
    with session_scope(store.url) as db:
        return len(db.exec(select(DataVersion.id)).all())


def test_the_page_and_its_downloads(admin: TestClient) -> None:
    client = admin
    page = client.get("/roster")
    assert page.status_code == 200
    assert "700 students and 700 parents" in page.text and 'href="/roster"' in page.text
    blank = client.get("/roster/template.xlsx?lang=ru")
    wb = load_workbook(io.BytesIO(blank.content))
    assert wb.sheetnames == ["Instructions", "Students", "Parents"]
    assert wb["Students"].cell(1, 1).value == "Код ученика"
    current = load_workbook(io.BytesIO(client.get("/roster/current.xlsx").content))
    assert current["Students"].max_row == 3 + 700
    package = client.get("/roster/oneroster.zip")
    assert package.headers["content-type"] == "application/zip"
    names = zipfile.ZipFile(io.BytesIO(package.content)).namelist()
    assert names[0] == "manifest.csv" and "enrollments.csv" in names
    assert "demographics.csv" not in names
    with_birth = client.get("/roster/oneroster.zip?demographics=true")
    assert "demographics.csv" in zipfile.ZipFile(io.BytesIO(with_birth.content)).namelist()


@pytest.mark.parametrize("who", ["teacher", "timetable", "parent"])
def test_only_the_school_admin(client: TestClient, who: str) -> None:
    login(client, who)
    for url in ("/roster", "/roster/current.xlsx", "/roster/oneroster.zip"):
        assert client.get(url, follow_redirects=False).status_code in (401, 403), url


def test_every_problem_with_its_cell_and_nothing_written(admin: TestClient, demo_store) -> None:
    client = admin

    def broken(students: Worksheet, parents: Worksheet) -> None:
        students.cell(5, 3).value = "7Z"
        students.cell(6, 2).value = None
        parents.cell(4, 3).value = "S7777"

    before = _versions(demo_store)
    response = _upload(client, _roster(client, broken))
    assert response.status_code == 400
    assert "3 problems in roster.xlsx; nothing was imported." in response.text
    for cell in ("Students!C5", "Students!B6", "Parents!C4"):
        assert cell in response.text
    assert "unknown class" in response.text and 'action="/roster/confirm"' not in response.text
    assert _versions(demo_store) == before


def test_a_preview_then_the_import(admin: TestClient, demo_store) -> None:
    client = admin
    before = _versions(demo_store)
    preview = _upload(client, _roster(client, _add("S9101")))
    assert preview.status_code == 200
    assert "New student Жаңа Оқушы S9101 (S9101), class 1А." in preview.text
    assert _versions(demo_store) == before  # a preview writes nothing
    form = _confirm_form(preview.text)
    done = client.post("/roster/confirm", data={**form, "_csrf_token": _csrf(client)},
                       follow_redirects=False)  # fmt: skip
    assert done.status_code == 303 and done.headers["location"] == "/roster"
    page = client.get("/roster")
    assert f"Data version {form['version']}: students: 1 new" in page.text
    assert _versions(demo_store) == before + 1
    with session_scope(demo_store.url) as db:
        assert db.exec(select(Student).where(Student.code == "S9101")).one().deleted_at is None
    again = client.post("/roster/confirm", data={**form, "_csrf_token": _csrf(client)},
                        follow_redirects=True)  # fmt: skip
    assert "no longer here" in again.text  # the file went with its import


def test_accounts_for_the_new_people_come_as_slips(admin: TestClient) -> None:
    client = admin
    preview = _upload(client, _roster(client, _add("S9102")), accounts=True)
    assert 'name="accounts" value="on" checked' in preview.text
    data = {**_confirm_form(preview.text), "accounts": "on", "_csrf_token": _csrf(client)}
    slips = client.post("/roster/confirm", data=data)
    assert slips.status_code == 200 and slips.headers["cache-control"] == "no-store"
    assert "Жаңа Оқушы S9102" in slips.text and "zhana.oqushy" in slips.text


def test_a_stale_preview_is_shown_again(admin: TestClient) -> None:
    client = admin
    first = _confirm_form(_upload(client, _roster(client, _add("S9103"))).text)
    second = _confirm_form(_upload(client, _roster(client, _add("S9104"))).text)
    client.post("/roster/confirm", data={**second, "_csrf_token": _csrf(client)})
    stale = client.post("/roster/confirm", data={**first, "_csrf_token": _csrf(client)})
    assert stale.status_code == 409
    assert "changed since the preview" in stale.text
    # S9104 came in meanwhile; the first file lacks it, so now it would leave again
    assert "(S9104) left the school" in stale.text
    fresh = _confirm_form(stale.text)
    assert int(fresh["version"]) == int(first["version"]) + 1


def test_an_empty_or_wrong_file(admin: TestClient) -> None:
    client = admin
    token = _csrf(client)
    none = client.post("/roster/upload", files={"file": ("a.xlsx", b"", XLSX)},
                       data={"_csrf_token": token})  # fmt: skip
    assert none.status_code == 400
    text = client.post("/roster/upload", files={"file": ("a.txt", b"x", "text/plain")},
                       data={"_csrf_token": token})  # fmt: skip
    assert text.status_code == 400 and "Excel workbook" in text.text
    junk = client.post("/roster/upload", files={"file": ("a.xlsx", b"junk", XLSX)},
                       data={"_csrf_token": token})  # fmt: skip
    assert junk.status_code == 400 and "is not an Excel .xlsx workbook" in junk.text
