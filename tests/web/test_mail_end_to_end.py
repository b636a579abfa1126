"""Password reset end to end: school mail settings from the form, a worker, a real SMTP server."""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from litestar.testing import TestClient

from tests.web.conftest import DemoStore, login
from tests.web.jobs_support import free_port, wait_until
from web.worker import run_worker

SMTP_PASSWORD = "kesten-pass-9"


class _Mailbox:
    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.logins: list[tuple[str, str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                     auth_data: Any) -> AuthResult:  # fmt: skip
        assert isinstance(auth_data, LoginPassword)
        login, password = auth_data.login.decode(), auth_data.password.decode()
        self.logins.append((login, password))
        return AuthResult(success=password == SMTP_PASSWORD)


@pytest.fixture
def smtp() -> Iterator[tuple[int, _Mailbox]]:
    box = _Mailbox()
    port = free_port()
    controller = Controller(box, hostname="127.0.0.1", port=port, authenticator=box.authenticate,
                            auth_require_tls=False)  # fmt: skip
    controller.start()
    yield port, box
    controller.stop()


def _post(client: TestClient, url: str, **form: str):  # type: ignore[no-untyped-def]
    client.get("/login")
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(url, data={"_csrf_token": token, **form}, follow_redirects=False)


def test_reset_mail_leaves_through_the_schools_server(
    client: TestClient, demo_store: DemoStore, smtp: tuple[int, _Mailbox]
) -> None:
    port, box = smtp
    login(client, "director")
    saved = _post(client, "/settings/mail", host="127.0.0.1", port=str(port), security="none",
                  username="kesten", password=SMTP_PASSWORD, sender="kesten@mektep.kz")  # fmt: skip
    assert saved.status_code == 303
    anonymous = TestClient(client.app)
    with anonymous:
        assert (
            _post(anonymous, "/password/forgot", login="teacher@demo.sabaq.kz").status_code == 200
        )
    stop = threading.Event()
    options = {"worker_name": "mail", "poll_s": 0.05, "url": demo_store.url}
    worker = threading.Thread(target=run_worker, args=(stop,), kwargs=options)
    worker.start()
    try:
        assert wait_until(lambda: len(box.messages) == 1, timeout=60)
    finally:
        stop.set()
        worker.join(60)
    assert box.logins == [("kesten", SMTP_PASSWORD)]  # the sealed password, unsealed to send
    mail = box.messages[0]
    assert mail["To"] == "teacher@demo.sabaq.kz" and "kesten@mektep.kz" in mail["From"]
    body = mail.get_payload(decode=True).decode()
    link = re.search(r"https?://[^/\s]+(/password/reset/\S+)", body)
    assert link is not None
    fresh = TestClient(client.app)
    with fresh:
        form = {"password": "brand-new-pass", "password2": "brand-new-pass"}
        assert _post(fresh, link.group(1), **form).status_code == 303
        assert _post(fresh, "/login", login="teacher", password="brand-new-pass").status_code == 303
