"""Account pages of the school admin: list, create, edit, switch off, reset; schools kept apart."""

from __future__ import annotations

import re

from litestar.testing import TestClient
from sqlmodel import col, func, select

from models.account_services import create_account
from models.accounts import UserAccount
from models.db import session_scope
from models.people import Guardianship, Parent, Student
from models.school import School
from tests.web.conftest import DemoStore
from tests.web.conftest import login as form_login


def login(client: TestClient, login_name: str, password: str = "sabaq-demo") -> None:
    """Log in with English pages, so the words asserted here do not follow the catalogues."""
    client.cookies.set("lang", "en")
    form_login(client, login_name, password)


def _csrf(client: TestClient) -> str:
    token = client.cookies.get("sabaq_csrf")
    if not token:
        client.get("/login")
        token = client.cookies.get("sabaq_csrf")
    return token or ""


def post(client: TestClient, url: str, **form: str):  # type: ignore[no-untyped-def]
    """A form POST as the browser sends it, with the CSRF token."""
    return client.post(url, data={"_csrf_token": _csrf(client), **form}, follow_redirects=False)


def slips_of(html: str) -> list[tuple[str, str]]:
    """(login, initial password) of every slip on a printable page."""
    logins = re.findall(r'<dd class="login">([^<]+)</dd>', html)
    passwords = re.findall(r'<dd class="password">([^<]+)</dd>', html)
    assert len(logins) == len(passwords)
    return list(zip(logins, passwords, strict=True))


def _account(login_name: str) -> UserAccount:
    with session_scope() as db:
        return db.exec(select(UserAccount).where(UserAccount.login == login_name)).one()


def _accounts() -> int:
    with session_scope() as db:
        return int(db.exec(select(func.count()).select_from(UserAccount)).one())


def test_list_filters_by_role_and_name(client: TestClient) -> None:
    login(client, "director")
    everyone = client.get("/accounts?status=all")
    assert everyone.status_code == 200 and "teacher" in everyone.text
    parents = client.get("/accounts?role=parent")
    assert "/accounts/" in parents.text and ">teacher<" not in parents.text
    parent = _account("parent")
    by_name = client.get("/accounts", params={"q": parent.name.upper()})
    assert f"/accounts/{parent.id}" in by_name.text
    assert client.get("/accounts", params={"q": "no such person"}).text.count("/accounts/") < 10
    assert "<td>Parent</td>" in parents.text
    client.cookies.set("lang", "ru")  # role names follow the page's language, macros included
    assert "<td>Родитель</td>" in client.get("/accounts?role=parent").text


def test_create_shows_the_initial_password_once_and_it_must_be_changed(
    client: TestClient, demo_store: DemoStore
) -> None:
    login(client, "director")
    assert client.get("/accounts/new").status_code == 200
    made = post(client, "/accounts/new", role="timetabler", name="Әлия Серікова", login="",
                email="aliya@demo.kz")  # fmt: skip
    assert made.status_code == 200 and made.headers["cache-control"] == "no-store"
    [(login_name, password)] = slips_of(made.text)
    assert login_name == "aliya.serikova"
    with TestClient(client.app) as other:
        other.get("/login")
        first = post(other, "/login", login=login_name, password=password)
        assert first.headers["location"] == "/account/password"
    account = _account(login_name)
    assert account.must_change_password and password not in account.password_hash
    again = client.get(f"/accounts/{account.id}")
    assert password not in again.text and "aliya.serikova" in again.text


def test_form_problems_are_shown_and_nothing_is_created(client: TestClient) -> None:
    login(client, "director")
    before = _accounts()
    answer = post(client, "/accounts/new", role="platform_admin", name="", login="teacher",
                  email="nope")  # fmt: skip
    assert answer.status_code == 400
    for words in ("Choose one of the school", "A name is needed", "The login teacher is taken",
                  "is not an e-mail address"):  # fmt: skip
        assert words in answer.text
    assert _accounts() == before


def test_forms_need_the_csrf_token(client: TestClient) -> None:
    login(client, "director")
    before = _accounts()
    bare = client.post("/accounts/new", data={"role": "teacher", "name": "No Token"},
                       follow_redirects=False)  # fmt: skip
    assert bare.status_code == 403
    forged = client.post("/accounts/new", data={"role": "teacher", "name": "Forged",
                                                "_csrf_token": "forged"})  # fmt: skip
    assert forged.status_code == 403
    teacher = _account("teacher")
    assert client.post(f"/accounts/{teacher.id}/active", data={"active": "0"}).status_code == 403
    assert _accounts() == before and _account("teacher").active


def test_another_schools_accounts_are_out_of_reach(client: TestClient) -> None:
    with session_scope() as db:
        other = School(code="OTHER-ACC", name="Басқа мектеп")
        db.add(other)
        db.flush()
        foreign = create_account(db, school_id=other.id, login="foreign-teacher", name="Бөтен",
                                 role="teacher", password="foreign-password")  # fmt: skip
        fid = foreign.id
    login(client, "director")
    assert "foreign-teacher" not in client.get("/accounts?status=all&q=foreign").text
    assert client.get(f"/accounts/{fid}").status_code == 404
    assert client.get(f"/accounts/{fid}/edit").status_code == 404
    edit = post(client, f"/accounts/{fid}/edit", role="teacher", name="Hacked")
    assert edit.status_code == 404
    assert post(client, f"/accounts/{fid}/active", active="0").status_code == 404
    assert post(client, f"/accounts/{fid}/password").status_code == 404
    after = _account("foreign-teacher")
    assert (after.name, after.active, after.must_change_password) == ("Бөтен", True, False)


def test_a_switched_off_account_cannot_log_in_and_its_session_ends(client: TestClient) -> None:
    login(client, "director")
    post(client, "/accounts/new", role="teacher", name="Switch Me", login="switch-me")
    target = _account("switch-me")
    reset = post(client, f"/accounts/{target.id}/password")
    [(_, password)] = slips_of(reset.text)
    with TestClient(client.app) as person:
        login(person, "switch-me", password)
        assert person.get("/account/password").status_code == 200
        off = post(client, f"/accounts/{target.id}/active", active="0")
        assert off.status_code == 303
        assert person.get("/account/password", follow_redirects=False).status_code == 303
        refused = post(person, "/login", login="switch-me", password=password)
        assert refused.status_code == 400 and "switched off" in refused.text.replace("&#39;", "'")
    assert _account("switch-me").deleted_at is None
    assert "switch-me" in client.get("/accounts?status=inactive").text
    post(client, f"/accounts/{target.id}/active", active="1")
    assert _account("switch-me").active


def test_an_admin_cannot_switch_off_themselves(client: TestClient) -> None:
    login(client, "director")
    me = _account("director")
    answer = post(client, f"/accounts/{me.id}/active", active="0")
    assert answer.status_code == 303
    assert "own account" in client.get(answer.headers["location"]).text
    assert _account("director").active


def test_a_parent_is_linked_to_a_parent_record_and_shows_the_children(client: TestClient) -> None:
    with session_scope() as db:
        link = db.exec(select(Guardianship).order_by(col(Guardianship.id).desc())).first()
        assert link is not None
        parent = db.get(Parent, link.parent_id)
        assert parent is not None
        parent_id, parent_name = parent.id, parent.name
    login(client, "director")
    post(client, "/accounts/new", role="parent", name="Unlinked Parent", login="unlinked-parent")
    account = _account("unlinked-parent")
    page = client.get(f"/accounts/{account.id}")
    assert "not linked to a parent record" in page.text
    form = client.get(f"/accounts/{account.id}/edit").text
    assert f'value="{parent_id}"' in form and 'data-link-for="parent"' in form
    saved = post(client, f"/accounts/{account.id}/edit", role="parent", name=parent_name,
                 login="unlinked-parent", parent_id=str(parent_id), teacher_id="1")  # fmt: skip
    assert saved.status_code == 303
    linked = _account("unlinked-parent")
    assert (linked.parent_id, linked.teacher_id) == (parent_id, None)
    page = client.get(f"/accounts/{account.id}").text
    with session_scope() as db:
        kids = db.exec(
            select(Student.name).join(Guardianship, col(Guardianship.student_id) == Student.id)
            .where(Guardianship.parent_id == parent_id)
        ).all()  # fmt: skip
    assert kids and all(name in page for name in kids)
    assert "changed: name, parent_id" in page


def test_school_admin_pages_are_closed_to_other_roles(client: TestClient) -> None:
    login(client, "teacher")
    assert client.get("/accounts").status_code == 403
    assert post(client, "/accounts/new", role="teacher", name="Sneaky").status_code == 403
    assert client.get("/platform").status_code == 403
