"""Join codes (school admin, teachers) and the platform admin's schools."""

from __future__ import annotations

import re

from litestar.testing import TestClient
from sqlmodel import col, select

from models.accounts import JoinCode, UserAccount
from models.classes import SchoolClass
from models.db import session_scope
from models.join_codes import classes_taught
from tests.web.test_accounts import login, post, slips_of


def _live_teacher_codes() -> list[str]:
    with session_scope() as db:
        rows = db.exec(
            select(JoinCode).where(JoinCode.role == "teacher", col(JoinCode.revoked_at).is_(None))
        ).all()
        return [row.code for row in rows]


def test_the_admin_shows_and_renews_the_teacher_code(client: TestClient) -> None:
    login(client, "director")
    [old] = _live_teacher_codes()
    assert old in client.get("/join-codes").text
    assert post(client, "/join-codes/teacher").status_code == 303
    [new] = _live_teacher_codes()
    assert new != old and new in client.get("/join-codes").text
    with TestClient(client.app) as stranger:
        stranger.get("/register")
        refused = post(stranger, "/register", code=old, login="late-teacher", name="Кеш",
                       email="", password="long-password", password2="long-password")  # fmt: skip
        assert refused.status_code == 400


def test_a_teacher_makes_codes_only_for_the_classes_they_teach(client: TestClient) -> None:
    with session_scope() as db:
        teacher = db.exec(select(UserAccount).where(UserAccount.login == "teacher")).one()
        taught = classes_taught(db, school_id=teacher.school_id or 0, teacher_id=teacher.teacher_id)
        classes = db.exec(select(SchoolClass)).all()
    mine = sorted(taught)[0]
    other = next(c.id for c in classes if c.id not in taught)
    login(client, "teacher")
    page = client.get("/join-codes")
    assert page.status_code == 200 and "Code for teachers" not in page.text
    assert page.text.count('name="class_id"') == len(taught)
    assert post(client, "/join-codes/class", class_id=str(mine)).status_code == 303
    with session_scope() as db:
        live = db.exec(
            select(JoinCode).where(JoinCode.class_id == mine, col(JoinCode.revoked_at).is_(None))
        ).all()
    assert len(live) == 1 and live[0].code in client.get("/join-codes").text
    assert post(client, "/join-codes/class", class_id=str(other)).status_code == 403
    assert post(client, "/join-codes/teacher").status_code == 403


def test_students_and_parents_see_no_codes(client: TestClient) -> None:
    login(client, "student")
    assert client.get("/join-codes").status_code == 403


def test_the_platform_admin_lists_schools_and_creates_one_with_its_admin(
    client: TestClient,
) -> None:
    login(client, "admin")
    listing = client.get("/platform")
    assert listing.status_code == 200 and "AL-017" in listing.text
    assert client.get("/platform/schools/new").status_code == 200
    bad = post(client, "/platform/schools/new", name="Dup", code="AL-017", language="kk",
               admin_name="X")  # fmt: skip
    assert bad.status_code == 400 and "The school code AL-017 is taken." in bad.text
    made = post(client, "/platform/schools/new", name="Жаңа мектеп", code="NEW-1", city="Шымкент",
                region="Түркістан", language="kk", admin_name="Дәурен Әлиев",
                admin_login="", admin_email="dauren@new.kz")  # fmt: skip
    assert made.status_code == 200 and "Жаңа мектеп" in made.text
    [(login_name, password)] = slips_of(made.text)
    assert login_name == "dauren.aliev"
    assert re.search(r"NEW-1</td>\s*<td>Шымкент", client.get("/platform").text)
    with TestClient(client.app) as newcomer:
        login(newcomer, login_name, password)
        newcomer.cookies.set("lang", "en")
        # the initial password is replaced before anything else opens
        assert newcomer.get("/accounts", follow_redirects=False).headers["location"] == (
            "/account/password"
        )
        own = {"current": password, "password": "own-password-1", "password2": "own-password-1"}
        assert post(newcomer, "/account/password", **own).status_code == 303
        accounts = newcomer.get("/accounts")
        assert accounts.status_code == 200 and "dauren.aliev" in accounts.text
        assert "teacher" not in re.findall(r'<td class="login">([^<]+)</td>', accounts.text)
