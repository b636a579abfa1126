"""Bulk accounts in the browser: template, upload with every problem at its cell, slips."""

from __future__ import annotations

import io

from litestar.testing import TestClient
from openpyxl import Workbook, load_workbook
from sqlmodel import col, func, select

from models.account_services import authenticate
from models.accounts import UserAccount
from models.classes import SchoolClass
from models.db import session_scope
from models.history import AuditEntry
from models.people import Student, Teacher
from tests.web.test_accounts import login, post, slips_of

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _workbook(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Accounts"
    sheet.append(["Role", "Name", "Login", "E-mail", "Code"])
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _upload(client: TestClient, body: bytes, with_token: bool = True):  # type: ignore[no-untyped-def]
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(
        "/accounts/bulk/upload",
        files={"file": ("accounts.xlsx", body, XLSX)},
        data={"_csrf_token": token} if with_token else {},
        follow_redirects=False,
    )


def _counts() -> tuple[int, int]:
    with session_scope() as db:
        accounts = db.exec(select(func.count()).select_from(UserAccount)).one()
        audits = db.exec(select(func.count()).select_from(AuditEntry)).one()
    return int(accounts), int(audits)


def test_template_comes_in_each_language(client: TestClient) -> None:
    login(client, "director")
    assert client.get("/accounts/bulk").status_code == 200
    for lang, header in (("kk", "Рөлі"), ("ru", "Роль"), ("en", "Role")):
        answer = client.get(f"/accounts/bulk/template.xlsx?lang={lang}")
        assert answer.headers["content-type"].startswith(XLSX)
        assert load_workbook(io.BytesIO(answer.content)).worksheets[0]["A1"].value == header


def test_an_upload_with_mistakes_names_each_cell_and_creates_nothing(client: TestClient) -> None:
    login(client, "director")
    before = _counts()
    body = _workbook([
        ["teacher", "Fine Person", "fine-person", "", ""],
        ["sorcerer", "Bad Role", "", "", ""],
        ["student", "Bad Code", "", "", "S-NOPE"],
        ["parent", "Taken Login", "teacher", "x@", ""],
    ])  # fmt: skip
    answer = _upload(client, body)
    assert answer.status_code == 400
    text = answer.text.replace("&#39;", "'")
    assert "Nothing was created" in text
    for sheet_row_column_words in (
        ("3", "A", "Unknown role 'sorcerer'."),
        ("4", "E", "There is no student with code S-NOPE in the school data."),
        ("5", "C", "The login teacher is taken."),
        ("5", "D", "'x@' is not an e-mail address."),
    ):
        row, column, words = sheet_row_column_words
        assert f"<td>Accounts</td><td>{row}</td><td>{column}</td><td>{words}</td>" in text
    assert _counts() == before


def test_an_upload_needs_the_csrf_token(client: TestClient) -> None:
    login(client, "director")
    before = _counts()
    answer = _upload(client, _workbook([["teacher", "No Token", "", "", ""]]), with_token=False)
    assert answer.status_code == 403
    assert _counts() == before


def test_a_good_upload_prints_every_login_and_initial_password(client: TestClient) -> None:
    with session_scope() as db:
        teacher = db.exec(select(Teacher).order_by(col(Teacher.id).desc())).first()
        assert teacher is not None
        teacher_code, teacher_name = teacher.code, teacher.name
    login(client, "director")
    body = _workbook([
        ["мұғалім", None, None, None, teacher_code],
        ["психолог", "Бөпе Серік", "bope", "bope@demo.kz", None],
    ])  # fmt: skip
    answer = _upload(client, body)
    assert answer.status_code == 200, answer.text[:2000]
    assert answer.headers["cache-control"] == "no-store"
    slips = slips_of(answer.text)
    assert [login_name for login_name, _ in slips][1] == "bope"
    assert teacher_name in answer.text and "Бөпе Серік" in answer.text
    assert 'class="slips"' in answer.text and "print-button" in answer.text
    with session_scope() as db:
        for login_name, password in slips:
            account = authenticate(db, login=login_name, password=password, client="test")
            assert account.must_change_password
    linked = db_teacher_link(slips[0][0])
    assert linked is not None


def db_teacher_link(login_name: str) -> int | None:
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == login_name)).one()
        return account.teacher_id


def test_one_click_accounts_for_a_class_without_them(client: TestClient) -> None:
    with session_scope() as db:
        last = db.exec(select(SchoolClass).order_by(col(SchoolClass.id).desc())).first()
        assert last is not None
        students = db.exec(select(Student.name).where(Student.class_id == last.id)).all()
        class_code = last.code
    login(client, "director")
    answer = post(client, "/accounts/bulk/missing", who="students", **{"class": class_code})
    assert answer.status_code == 200
    slips = slips_of(answer.text)
    assert len(slips) == len(students) > 0
    assert all(name in answer.text for name in students)
    again = post(client, "/accounts/bulk/missing", who="students", **{"class": class_code})
    assert slips_of(again.text) == [] and "nothing was created" in again.text
    assert post(client, "/accounts/bulk/missing", who="nobody").status_code == 400
