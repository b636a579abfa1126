"""Mail settings: every bad field at once, the password sealed at rest, a test e-mail queued."""

from __future__ import annotations

from litestar.testing import TestClient
from sqlmodel import select

from models.db import session_scope
from models.outbox import MailSettings, Notice
from tests.web.conftest import login
from web.secret_box import unseal
from web.services.mail_settings import SMTP_PURPOSE


def _post(client: TestClient, url: str, **form: str):  # type: ignore[no-untyped-def]
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(url, data={"_csrf_token": token, **form}, follow_redirects=False)


def test_mail_settings_name_every_bad_field(client: TestClient) -> None:
    login(client, "director")
    client.get("/settings/mail")
    response = _post(client, "/settings/mail", host="", port="99999", sender="nobody", security="x")
    assert response.status_code == 400
    assert response.text.count("<li>") >= 4


def test_password_is_sealed_and_test_mail_is_queued(client: TestClient) -> None:
    login(client, "director")
    client.get("/settings/mail")
    form = {"host": "smtp.mektep.kz", "port": "587", "username": "kesten", "password": "Құпия-сөз",
            "sender": "kesten@mektep.kz", "security": "starttls"}  # fmt: skip
    assert _post(client, "/settings/mail", **form).status_code == 303
    with session_scope() as db:
        row = db.exec(select(MailSettings)).one()
        assert "Құпия" not in row.password
        assert unseal(row.password, purpose=SMTP_PURPOSE) == "Құпия-сөз"
    # saving again without a password keeps the stored one
    assert _post(client, "/settings/mail", **{**form, "password": ""}).status_code == 303
    with session_scope() as db:
        row = db.exec(select(MailSettings)).one()
        assert unseal(row.password, purpose=SMTP_PURPOSE) == "Құпия-сөз"
    assert _post(client, "/settings/mail/test", address="head@mektep.kz").status_code == 303
    with session_scope() as db:
        assert db.exec(select(Notice).where(Notice.address == "head@mektep.kz")).one()
    assert _post(client, "/settings/mail/remove").status_code == 303
    with session_scope() as db:
        assert db.exec(select(MailSettings)).first() is None


def test_teacher_may_not_touch_mail_settings(client: TestClient) -> None:
    login(client, "teacher")
    assert client.get("/settings/mail").status_code == 403
