"""A parent chooses between one e-mail per notice and a daily digest; others cannot."""

from __future__ import annotations

from litestar.testing import TestClient
from sqlmodel import select

from models.accounts import DIGEST, IMMEDIATE, UserAccount
from models.audit import list_audit
from models.db import session_scope
from tests.web.conftest import login


def _mode() -> str:
    with session_scope() as db:
        return db.exec(select(UserAccount.notify_mode).where(UserAccount.login == "parent")).one()


def _save(client: TestClient, mode: str) -> int:
    token = client.cookies.get("sabaq_csrf") or ""
    response = client.post("/account/notices", data={"mode": mode, "_csrf_token": token},
                           follow_redirects=False)  # fmt: skip
    return response.status_code


def test_a_parent_chooses_the_daily_digest_and_back(client: TestClient) -> None:
    login(client, "parent")
    page = client.get("/account/notices")
    assert page.status_code == 200 and 'value="digest"' in page.text
    assert _save(client, DIGEST) == 303
    assert _mode() == DIGEST
    assert 'value="digest" checked' in client.get("/account/notices").text
    assert _save(client, "weekly") == 303  # refused with a message, nothing changed
    assert _mode() == DIGEST
    assert _save(client, IMMEDIATE) == 303
    assert _mode() == IMMEDIATE
    with session_scope() as db:
        parent = db.exec(select(UserAccount).where(UserAccount.login == "parent")).one()
        actions = [e.action for e in list_audit(db, school_id=parent.school_id, limit=20)]
    assert actions.count("set_notify_mode") >= 2


def test_a_teacher_has_no_such_page(client: TestClient) -> None:
    login(client, "teacher")
    assert client.get("/account/notices").status_code == 403
