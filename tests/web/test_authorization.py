"""The authorization matrix: every route, every role; who may see what, and schools stay apart."""

from __future__ import annotations

import re

import pytest
from litestar import Litestar
from litestar.handlers import HTTPRouteHandler
from litestar.testing import TestClient

from models.account_services import create_account
from models.accounts import ROLES
from models.db import session_scope
from tests.web.conftest import DemoStore, login

DEMO_LOGINS = {
    "platform_admin": "admin",
    "school_admin": "director",
    "timetabler": "timetable",
    "teacher": "teacher",
    "psychologist": "psychologist",
    "counsellor": "counsellor",
    "student": "student",
    "parent": "parent",
}
SAMPLE = {"kind": "class", "what": "classes", "name": "x.ics", "token": "x"}


def _handlers(app: Litestar) -> list[tuple[str, str, HTTPRouteHandler]]:
    out = []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if not isinstance(handler, HTTPRouteHandler) or route.path.startswith("/static"):
                continue
            for method in sorted(handler.http_methods - {"OPTIONS", "HEAD"}):
                out.append((route.path, method, handler))
    return out


def _concrete(path: str) -> str:
    def value(match: re.Match[str]) -> str:
        name, kind = match.group(1), match.group(2)
        if kind == "int":
            return "1"
        if kind == "date":
            return "2026-11-20"
        return SAMPLE.get(name, "7A")

    return re.sub(r"\{(\w+):(\w+)\}", value, path)


def test_every_route_declares_who_may_call_it(client: TestClient) -> None:
    undeclared = [
        f"{method} {path}"
        for path, method, handler in _handlers(client.app)
        if "roles" not in handler.opt
    ]
    assert undeclared == []


@pytest.mark.parametrize("role", [None, *ROLES])
def test_matrix(client: TestClient, role: str | None) -> None:
    if role is not None:
        login(client, DEMO_LOGINS[role])
    token = client.cookies.get("sabaq_csrf") or client.get("/login").cookies.get("sabaq_csrf")
    refused, let_through = [], []
    for path, method, handler in _handlers(client.app):
        if path in ("/logout", "/login", "/language"):
            continue  # these change the session the walk depends on; tested on their own
        roles = handler.opt["roles"]
        allowed = roles == "public" or (role is not None and role in roles)
        url = _concrete(path)
        if method == "GET":
            response = client.get(url, follow_redirects=False)
        else:
            response = client.request(method, url, data={"_csrf_token": token or ""},
                                      follow_redirects=False)  # fmt: skip
        to_login = response.status_code in (303, 401) and (
            response.status_code == 401 or "/login" in response.headers.get("location", "")
        )
        # a public page may send an anonymous visitor on to the login page (the start page does)
        blocked = response.status_code == 403 or (to_login and roles != "public")
        if allowed and blocked and not handler.opt.get("may_refuse"):
            let_through.append(f"{method} {url} -> {response.status_code}")
        if not allowed and not blocked:
            refused.append(f"{method} {url} -> {response.status_code}")
    assert refused == [], f"{role} reached routes it must not: {refused}"
    assert let_through == [], f"{role} was refused routes it may use: {let_through}"


def test_a_school_sees_only_its_own_timetable(client: TestClient, demo_store: DemoStore) -> None:
    with session_scope() as db:
        from models.school import School

        other = School(code="OTHER-SCHOOL", name="Басқа мектеп")
        db.add(other)
        db.flush()
        create_account(db, school_id=other.id, login="other-tt", name="Other", role="timetabler",
                       password="other-password")  # fmt: skip
    login(client, "other-tt", "other-password")
    page = client.get("/timetables")
    assert page.status_code == 200
    assert "/timetables/class/" not in page.text  # the demo school's grids are not offered
    assert client.get("/timetables/class/7A").status_code == 404
    assert client.get("/my/timetable").status_code == 200
