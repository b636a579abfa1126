"""Logging in and out, rate limits, CSRF, password reset by e-mail, join codes, languages."""

from __future__ import annotations

import re

from litestar.testing import TestClient
from sqlmodel import col, select

from models.account_services import create_account
from models.accounts import JoinCode, LoginAttempt, UserAccount
from models.db import session_scope
from models.outbox import Notice
from models.people import Student
from tests.web.conftest import login


def _csrf(client: TestClient) -> str:
    client.get("/login")
    return client.cookies.get("sabaq_csrf") or ""


def _post(client: TestClient, url: str, **form: str):  # type: ignore[no-untyped-def]
    return client.post(url, data={"_csrf_token": _csrf(client), **form}, follow_redirects=False)


def test_wrong_password_is_refused_in_words(client: TestClient) -> None:
    response = _post(client, "/login", login="teacher", password="not-it")
    assert response.status_code == 400
    assert any(words in response.text for words in ("Неверный логин или пароль", "Wrong login"))
    assert client.get("/my/timetable", follow_redirects=False).status_code == 303


def test_forms_without_csrf_token_are_refused(client: TestClient) -> None:
    client.get("/login")
    response = client.post("/login", data={"login": "teacher", "password": "sabaq-demo"})
    assert response.status_code == 403


def test_security_headers_and_cookie_flags(client: TestClient) -> None:
    page = client.get("/login")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert page.headers["x-frame-options"] == "DENY"
    response = _post(client, "/login", login="teacher", password="sabaq-demo")
    cookie = response.headers.get("set-cookie", "")
    assert "sabaq_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie


def test_login_is_rate_limited_per_login(client: TestClient) -> None:
    with session_scope() as db:
        create_account(db, school_id=None, login="victim", name="V", role="platform_admin",
                       password="right-password")  # fmt: skip
    for _ in range(5):
        assert _post(client, "/login", login="victim", password="guess").status_code == 400
    # even the right password waits now, so guessing gains nothing
    assert _post(client, "/login", login="victim", password="right-password").status_code == 429
    with session_scope() as db:
        assert len(db.exec(select(LoginAttempt).where(LoginAttempt.login == "victim")).all()) == 5


def test_logout_ends_the_session(client: TestClient) -> None:
    login(client, "teacher")
    assert client.get("/my/timetable").status_code == 200
    assert _post(client, "/logout").status_code == 303
    assert client.get("/my/timetable", follow_redirects=False).status_code == 303


def test_password_reset_by_email_link(client: TestClient) -> None:
    with session_scope() as db:
        create_account(db, school_id=None, login="forgetful", name="F", role="platform_admin",
                       password="old-password", email="forgetful@example.kz")  # fmt: skip
    answer = _post(client, "/password/forgot", login="forgetful@example.kz")
    unknown = _post(client, "/password/forgot", login="nobody@example.kz")
    assert answer.status_code == unknown.status_code == 200  # no hint who has an account
    with session_scope() as db:
        notice = db.exec(select(Notice).where(Notice.address == "forgetful@example.kz")).one()
    link = re.search(r"https?://[^/\s]+(/password/reset/\S+)", notice.body)
    assert link is not None
    reset = link.group(1)
    assert _post(client, reset, password="new-password", password2="other").status_code == 400
    new = {"password": "new-password", "password2": "new-password"}
    assert _post(client, reset, **new).status_code == 303
    assert _post(client, reset, password="again-pass", password2="again-pass").status_code == 400
    assert _post(client, "/login", login="forgetful", password="new-password").status_code == 303


def test_teacher_registers_with_the_school_code(client: TestClient) -> None:
    with session_scope() as db:
        code = db.exec(select(JoinCode).where(JoinCode.role == "teacher")).first()
        assert code is not None
        code_text = code.code
    bad = _post(client, "/register", code="NOPE-NOPE", name="A", login="a1",
                password="password1", password2="password1")  # fmt: skip
    assert bad.status_code == 400
    good = _post(client, "/register", code=code_text.lower(), name="Жаңа Мұғалім",
                 login="new-teacher", password="password1", password2="password1")  # fmt: skip
    assert good.status_code == 303
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "new-teacher")).one()
        assert account.role == "teacher" and account.school_id == code.school_id


def test_student_registers_with_a_class_code_and_joins_the_class(client: TestClient) -> None:
    with session_scope() as db:
        code = db.exec(
            select(JoinCode).where(JoinCode.role == "student", col(JoinCode.class_id).is_not(None))
        ).first()
        assert code is not None
        code_text, class_id = code.code, code.class_id
    response = _post(client, "/register", code=code_text, name="Жаңа Оқушы", login="new-student",
                     password="password1", password2="password1")  # fmt: skip
    assert response.status_code == 303
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "new-student")).one()
        student = db.get(Student, account.student_id)
        assert student is not None and student.class_id == class_id


def test_language_follows_choice_then_browser(client: TestClient) -> None:
    assert 'lang="kk"' in client.get("/login", headers={"accept-language": "kk-KZ,ru;q=0.5"}).text
    assert 'lang="ru"' in client.get("/login", headers={"accept-language": "ru"}).text
    _post(client, "/language", language="en", next="/login")
    assert 'lang="en"' in client.get("/login", headers={"accept-language": "kk"}).text
    login(client, "teacher")
    _post(client, "/language", language="kk", next="/")
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "teacher")).one()
        assert account.language == "kk"
        account.language = ""
        db.add(account)


def test_an_initial_password_must_be_replaced_before_anything_else(client: TestClient) -> None:
    with session_scope() as db:
        create_account(db, school_id=None, login="fresh", name="F", role="platform_admin",
                       password="initial-pass", must_change_password=True)  # fmt: skip
    answer = _post(client, "/login", login="fresh", password="initial-pass")
    assert answer.headers["location"] == "/account/password"
    page = client.get("/platform", follow_redirects=False)
    assert page.status_code == 303 and page.headers["location"] == "/account/password"
    form = {"current": "initial-pass", "password": "own-password", "password2": "own-password"}
    assert _post(client, "/account/password", **form).status_code == 303
    assert client.get("/platform", follow_redirects=False).status_code == 200
