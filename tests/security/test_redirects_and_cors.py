"""Small controls the ASVS walk names: the login's `next` stays on this site, and no answer
grants another origin access (no CORS headers, whatever Origin a request claims)."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from web.demo_accounts import DEMO_PASSWORD


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "javascript:x"])
def test_login_never_sends_people_to_another_site(client: TestClient, target: str) -> None:
    client.get("/login")
    form = {"login": "teacher", "password": DEMO_PASSWORD, "next": target,
            "_csrf_token": client.cookies.get("sabaq_csrf") or ""}  # fmt: skip
    answer = client.post("/login", data=form, follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"] == "/"


def test_a_local_next_is_kept(client: TestClient) -> None:
    client.get("/login")
    form = {"login": "teacher", "password": DEMO_PASSWORD, "next": "/my/timetable",
            "_csrf_token": client.cookies.get("sabaq_csrf") or ""}  # fmt: skip
    answer = client.post("/login", data=form, follow_redirects=False)
    assert answer.headers["location"] == "/my/timetable"


def test_no_cross_origin_access_is_granted(client: TestClient) -> None:
    origin = {"origin": "https://evil.example"}
    for answer in (
        client.get("/schema/openapi.json", headers=origin),
        client.get("/login", headers=origin),
        client.options("/api/sync", headers={**origin, "access-control-request-method": "POST"}),
    ):
        assert not any(h.startswith("access-control-") for h in answer.headers)
