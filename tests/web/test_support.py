"""Support requests on the pages: the lifecycle with its notices, tenancy, and the file limits."""

from __future__ import annotations

import re

from httpx import Response
from litestar.testing import TestClient
from sqlmodel import col, select

from models.account_services import create_account
from models.accounts import SCHOOL_ADMIN, TEACHER, UserAccount
from models.db import session_scope
from models.outbox import EMAIL, IN_APP, Notice
from models.school import School
from models.support import SupportRequest
from tests.web.conftest import DemoStore, login
from web.services.support_files import MAX_FILE_BYTES, files_dir

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _csrf(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or ""


def _ask(
    client: TestClient, subject: str, body: str = "The register does not open.",
    file: tuple[str, bytes] | None = None, page: str = "/registers",
) -> Response:  # fmt: skip
    files = {"file": (file[0], file[1], "application/octet-stream")} if file else None
    return client.post(
        "/support/new",
        data={"subject": subject, "body": body, "page": page, "_csrf_token": _csrf(client)},
        files=files, follow_redirects=False,
    )  # fmt: skip


def _post(client: TestClient, path: str, **fields: str) -> str:
    response = client.post(path, data={**fields, "_csrf_token": _csrf(client)},
                           follow_redirects=False)  # fmt: skip
    assert response.status_code == 303, response.text[:300]
    return response.headers["location"]


def _id(location: str) -> int:
    found = re.fullmatch(r"/support/(\d+)", location)
    assert found, location
    return int(found.group(1))


def _notices(user_login: str, request_id: int) -> list[Notice]:
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == user_login)).one()
        rows = db.exec(
            select(Notice).where(
                Notice.user_id == account.id, col(Notice.key).like(f"support:{request_id}:%")
            )
        ).all()
        for row in rows:
            db.expunge(row)
        return list(rows)


def _set_language(user_login: str, language: str) -> None:
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == user_login)).one()
        account.language = language
        db.add(account)


def test_lifecycle_from_question_to_the_platform(client: TestClient) -> None:
    login(client, "teacher")
    assert 'value="/registers"' in client.get("/support/new", params={"page": "/registers"}).text
    assert 'value="https' not in client.get("/support/new?page=https://evil.example").text
    sent = _ask(client, "Журнал ашылмайды", file=("скрин.png", PNG))
    request_id = _id(sent.headers["location"])
    mine = client.get("/support")
    assert "Журнал ашылмайды" in mine.text and f"/support/{request_id}" in mine.text
    told = _notices("director", request_id)
    assert {n.channel for n in told} == {IN_APP, EMAIL}  # the admin hears of the new request
    assert all(f"/support/queue/{request_id}" in n.body and "көмек сұрады" in n.body for n in told)

    login(client, "director")
    queue = client.get("/support/queue")
    assert queue.status_code == 200 and f"/support/queue/{request_id}" in queue.text
    assert f"/support/queue/{request_id}" in client.get("/support/queue?status=new").text
    assert f"/support/queue/{request_id}" not in client.get("/support/queue?status=resolved").text
    thread = client.get(f"/support/queue/{request_id}")
    assert "скрин.png" in thread.text and 'href="/registers"' in thread.text
    download = client.get(f"/support/{request_id}/file")
    assert download.status_code == 200 and download.content == PNG
    assert download.headers["content-disposition"].startswith("attachment")
    _set_language("teacher", "ru")  # the author reads Russian, the admin the school's Kazakh
    _post(client, f"/support/queue/{request_id}/reply", body="Ашып көріңізші, қазір түзеттік.")

    login(client, "teacher")
    assert "Ашып көріңізші" in client.get(f"/support/{request_id}").text
    told = _notices("teacher", request_id)
    assert {n.channel for n in told} == {IN_APP, EMAIL}
    email = next(n for n in told if n.channel == EMAIL)
    assert email.status == "pending" and email.address == "teacher@demo.sabaq.kz"
    assert f"/support/{request_id}" in email.body and "ответил" in email.body
    assert "Журнал ашылмайды" in client.get("/notices").text  # the in-app notice, its subject
    _post(client, f"/support/{request_id}/reply", body="Рахмет, енді ашылады.")
    assert len(_notices("director", request_id)) == 4  # created + the author's reply

    login(client, "admin")
    assert f"/support/queue/{request_id}" not in client.get("/support/queue").text
    assert client.get(f"/support/queue/{request_id}").status_code == 404
    assert client.get(f"/support/{request_id}/file").status_code == 404

    login(client, "director")
    _post(client, f"/support/queue/{request_id}/escalate")
    _post(client, f"/support/queue/{request_id}/status", status="in_progress")
    assert _notices("admin", request_id)  # the operator is told

    login(client, "admin")
    queue = client.get("/support/queue")
    assert f"/support/queue/{request_id}" in queue.text
    assert client.get(f"/support/{request_id}/file").content == PNG
    before = len(_notices("director", request_id)), len(_notices("teacher", request_id))
    _post(client, f"/support/queue/{request_id}/reply", body="Fixed on the platform.")
    after = len(_notices("director", request_id)), len(_notices("teacher", request_id))
    assert after == (before[0] + 2, before[1] + 2)  # the admin and the author, app and e-mail
    with session_scope() as db:
        row = db.get_one(SupportRequest, request_id)
        assert row.escalated and row.status == "waiting"


def test_tenancy_another_school_and_another_user(client: TestClient, demo_store: DemoStore) -> None:
    login(client, "student")
    request_id = _id(_ask(client, "Кестені көре алмаймын").headers["location"])
    with session_scope() as db:
        other = School(code="SUPPORT-OTHER", name="Басқа мектеп")
        db.add(other)
        db.flush()
        create_account(db, school_id=other.id, login="other-director", name="Other admin",
                       role=SCHOOL_ADMIN, password="other-password")  # fmt: skip
        home = db.exec(select(School).where(School.code == demo_store.school_code)).one()
        create_account(db, school_id=home.id, login="second-teacher", name="Екінші мұғалім",
                       role=TEACHER, password="second-password")  # fmt: skip
    login(client, "other-director", "other-password")
    assert client.get(f"/support/queue/{request_id}").status_code == 404
    assert f"/support/queue/{request_id}" not in client.get("/support/queue").text
    assert client.get(f"/support/{request_id}/file").status_code == 404
    reply = client.post(f"/support/queue/{request_id}/reply",
                        data={"body": "x", "_csrf_token": _csrf(client)})  # fmt: skip
    assert reply.status_code == 404
    login(client, "second-teacher", "second-password")
    assert client.get(f"/support/{request_id}").status_code == 404
    assert f"/support/{request_id}" not in client.get("/support").text
    answer = client.post(f"/support/{request_id}/reply",
                         data={"body": "x", "_csrf_token": _csrf(client)})  # fmt: skip
    assert answer.status_code == 404
    login(client, "parent")
    assert client.get("/support/queue").status_code == 403


def test_file_limits(client: TestClient, demo_store: DemoStore) -> None:
    login(client, "parent")
    with session_scope() as db:
        school = db.exec(select(School).where(School.code == demo_store.school_code)).one()
    stored = files_dir(demo_store.data_dir, school.id or 0)
    before = set(stored.iterdir()) if stored.is_dir() else set()
    too_big = _ask(client, "Үлкен файл", file=("big.png", PNG + b"\x00" * MAX_FILE_BYTES))
    assert too_big.status_code == 400 and "Файл больше 5 МБ." in too_big.text  # parent: ru
    html = _ask(client, "Бет", file=("note.txt", b"<html><script>alert(1)</script></html>"))
    assert html.status_code == 400 and "не соответствует своему названию" in html.text
    fake = _ask(client, "Сурет", file=("shot.png", b"GIF89a not a png"))
    assert fake.status_code == 400 and "не соответствует своему названию" in fake.text
    kind = _ask(client, "Құжат", file=("doc.docx", b"PK\x03\x04rest"))
    assert kind.status_code == 400 and "Приложите изображение PNG или JPEG" in kind.text
    assert 'value="Құжат"' in kind.text  # what was typed stays in the form
    empty_subject = _ask(client, "", file=("ok.txt", "Қате мәтіні".encode()))
    assert empty_subject.status_code == 400  # refused after the file was checked: not kept
    assert (set(stored.iterdir()) if stored.is_dir() else set()) == before
    ok = _ask(client, "Мәтін", file=("қате.txt", "Қате мәтіні".encode()))
    assert ok.status_code == 303
    with session_scope() as db:
        row = db.get_one(SupportRequest, _id(ok.headers["location"]))
        assert row.file_type.startswith("text/plain") and row.file_name == "қате.txt"
        assert (files_dir(demo_store.data_dir, row.school_id) / row.file_key).read_bytes() == (
            "Қате мәтіні".encode()
        )
