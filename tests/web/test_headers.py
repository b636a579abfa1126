"""Security headers on every kind of answer: pages, JSON, static files, redirects, the guard's
refusals, the CSRF check, unknown paths, rate-limit refusals and server errors; HSTS behind TLS."""

from __future__ import annotations

import pytest
from litestar import get
from litestar.testing import TestClient

from tests.web.conftest import DemoStore, _point_at, login
from web.auth import PUBLIC
from web.security.headers import CSP

EXPECTED = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
}


@get("/test-only/boom", opt={"roles": PUBLIC}, sync_to_thread=False)
def boom() -> str:
    raise RuntimeError("a bug in a handler")


def _assert_headers(response: object, what: str) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    for name, value in EXPECTED.items():
        assert headers.get(name) == value, f"{what}: {name} is {headers.get(name)!r}"
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-inline" not in headers["content-security-policy"]


def test_every_kind_of_answer_carries_the_headers(
    client: TestClient, demo_store: DemoStore
) -> None:
    client.app.register(boom)
    answers = {
        "page": client.get("/login"),
        "static file": client.get("/static/css/app.css"),
        "static HEAD": client.head("/static/css/app.css"),
        "service worker": client.get("/sw.js"),
        "public site": client.get(f"/s/{demo_store.school_code}"),
        "redirect to login": client.get("/panel", follow_redirects=False),
        "401 JSON": client.get("/api/my/today", headers={"accept": "application/json"}),
        "404 unknown path": client.get("/no/such/page"),
        "404 static": client.get("/static/none.css"),
        "403 no CSRF token": client.post("/login", data={"login": "x"}),
        "405 method": client.put("/login"),
        "500": client.get("/test-only/boom"),
    }
    login(client, "student")
    answers["403 guard"] = client.get("/accounts")
    answers["JSON"] = client.get("/api/my/today")
    answers["calendar"] = client.get("/my/timetable")
    for what, response in answers.items():
        _assert_headers(response, what)
    assert answers["500"].status_code == 500
    assert answers["403 guard"].status_code == 403
    assert answers["401 JSON"].status_code == 401
    assert "a bug in a handler" not in answers["500"].text  # no stack trace for the visitor


def test_a_stricter_policy_of_a_handler_is_kept(client: TestClient) -> None:
    @get("/test-only/sandboxed", opt={"roles": PUBLIC}, sync_to_thread=False,
         response_headers={"content-security-policy": "sandbox"})  # fmt: skip
    def sandboxed() -> str:
        return "file"

    client.app.register(sandboxed)
    assert client.get("/test-only/sandboxed").headers["content-security-policy"] == "sandbox"


def test_no_hsts_over_plain_http_and_hsts_behind_tls(
    demo_store: DemoStore, monkeypatch: pytest.MonkeyPatch, client: TestClient
) -> None:
    assert "strict-transport-security" not in client.get("/login").headers
    from web.app import create_app
    from web.settings import get_web_settings

    monkeypatch.setenv("SABAQ_SECURE_COOKIES", "1")
    _point_at(demo_store.url, demo_store.data_dir)
    try:
        with TestClient(create_app(), base_url="https://testserver.local") as secure:
            first = secure.get("/login")
            for response in (first, secure.get("/nowhere")):
                assert response.headers["strict-transport-security"].startswith("max-age=31536000")
            assert "Secure" in first.headers.get("set-cookie", "")  # the CSRF cookie
    finally:
        monkeypatch.delenv("SABAQ_SECURE_COOKIES")
        get_web_settings.cache_clear()
