"""Rate limits through the app: each limited kind of route answers 429 after its N calls, with
Retry-After and a translated page or JSON, and lets calls through again once the window moved.

Counts are scaled down (SABAQ_RATE_LIMITS) where the written limit is large, so each test makes
a handful of requests; the clock of the app's counters is the test's, so recovery is instant.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from litestar.testing import TestClient

from tests.web.conftest import DemoStore, _point_at, login
from web.security.ratelimit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 5000.0

    def __call__(self) -> float:
        return self.now


def _app_client(
    store: DemoStore, monkeypatch: pytest.MonkeyPatch, scale: str
) -> Iterator[tuple[TestClient, Clock]]:
    from web.app import create_app

    monkeypatch.setenv("SABAQ_RATE_LIMITS", scale)
    _point_at(store.url, store.data_dir)
    app = create_app()
    limiter = next(g.__self__ for g in app.guards if isinstance(getattr(g, "__self__", None),
                                                               RateLimiter))  # fmt: skip
    clock = Clock()
    limiter.windows.clock = clock
    with TestClient(app) as test_client:
        yield test_client, clock


@pytest.fixture
def full(
    demo_store: DemoStore, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, Clock]]:
    yield from _app_client(demo_store, monkeypatch, "1")


@pytest.fixture
def small(
    demo_store: DemoStore, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[TestClient, Clock]]:
    yield from _app_client(demo_store, monkeypatch, "0.05")


def _csrf(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or client.get("/login").cookies.get("sabaq_csrf") or ""


def _forgot(client: TestClient, who: str, **headers: str) -> object:
    return client.post("/password/forgot", data={"login": who, "_csrf_token": _csrf(client)},
                       headers=headers)  # fmt: skip


def test_password_reset_requests_per_account_then_recovery(full: tuple[TestClient, Clock]) -> None:
    client, clock = full
    for _ in range(5):
        assert _forgot(client, "Victim@Example.kz").status_code == 200
    refused = _forgot(client, "victim@example.kz")  # the same account, however it is written
    assert refused.status_code == 429
    assert 3500 <= int(refused.headers["retry-after"]) <= 3600
    assert "Retry" not in refused.text and "429" in refused.text
    assert refused.headers["x-frame-options"] == "DENY"  # the refusal carries the headers too
    assert _forgot(client, "someone-else@example.kz").status_code == 200  # others still may
    clock.now += 3601
    assert _forgot(client, "victim@example.kz").status_code == 200


def test_password_reset_requests_per_address(full: tuple[TestClient, Clock]) -> None:
    client, clock = full
    for n in range(20):
        assert _forgot(client, f"person{n}@example.kz").status_code == 200
    assert _forgot(client, "one-more@example.kz").status_code == 429
    clock.now += 15 * 60 + 1
    assert _forgot(client, "one-more@example.kz").status_code == 200


def test_the_429_page_speaks_the_readers_language(full: tuple[TestClient, Clock]) -> None:
    client, _ = full
    for _ in range(5):
        _forgot(client, "kk@example.kz")
    kazakh = _forgot(client, "kk@example.kz", **{"accept-language": "kk"})
    assert kazakh.status_code == 429
    assert "Тым көп сұрау" in kazakh.text
    russian = _forgot(client, "kk@example.kz", **{"accept-language": "ru"})
    assert "Слишком много запросов" in russian.text


def test_reset_token_guessing_is_limited_per_token(full: tuple[TestClient, Clock]) -> None:
    client, _ = full
    form = {"password": "x" * 10, "password2": "x" * 10, "_csrf_token": _csrf(client)}
    for _ in range(5):
        assert client.post("/password/reset/not-a-token", data=form).status_code == 400
    assert client.post("/password/reset/not-a-token", data=form).status_code == 429
    assert client.post("/password/reset/another-token", data=form).status_code == 400


def test_join_code_registration_is_limited(full: tuple[TestClient, Clock]) -> None:
    client, clock = full
    form = {"code": "NOPE-NOPE", "login": "guesser", "name": "G", "password": "p" * 10,
            "password2": "p" * 10, "_csrf_token": _csrf(client)}  # fmt: skip
    for _ in range(10):
        assert client.post("/register", data=form).status_code == 400  # a wrong code
    assert client.post("/register", data=form).status_code == 429
    clock.now += 15 * 60 + 1
    assert client.post("/register", data=form).status_code == 400


def test_code_submissions_per_account_answer_json_for_the_ide(
    full: tuple[TestClient, Clock],
) -> None:
    client, clock = full
    login(client, "student")
    form = {"language": "python", "source": "print(1)", "_csrf_token": _csrf(client)}
    json = {"accept": "application/json"}
    for _ in range(10):  # a task that does not exist: counted all the same, before the handler
        assert client.post("/tasks/999999/submit", data=form, headers=json).status_code != 429
    refused = client.post("/tasks/999999/run", data=form, headers=json)
    assert refused.status_code == 429
    body = refused.json()
    assert body["code"] == "too_many_requests" and body["retry_after"] >= 1
    assert isinstance(body["error"], list) and body["error"][0]  # the IDE shows these lines
    clock.now += 61
    assert client.post("/tasks/999999/submit", data=form, headers=json).status_code != 429


def test_search_suggestions_per_account(small: tuple[TestClient, Clock]) -> None:
    client, clock = small
    login(client, "student")
    for _ in range(6):  # 120 a minute, scaled by 0.05
        assert client.get("/search/suggest?q=python").status_code == 200
    refused = client.get("/search/suggest?q=python")
    assert refused.status_code == 429 and refused.json()["retry_after"] >= 1
    clock.now += 61
    assert client.get("/search/suggest?q=python").status_code == 200


def test_the_sync_endpoint_per_account(small: tuple[TestClient, Clock]) -> None:
    client, _ = small
    login(client, "teacher")
    for _ in range(3):  # 60 a minute, scaled
        assert client.get("/api/offline").status_code == 200
    refused = client.get("/api/offline")
    assert refused.status_code == 429 and "retry-after" in refused.headers


def test_public_site_and_feeds_per_address(
    small: tuple[TestClient, Clock], demo_store: DemoStore
) -> None:
    client, clock = small
    urls = [f"/s/{demo_store.school_code}/feed.atom", f"/s/{demo_store.school_code}",
            f"/s/{demo_store.school_code}/bells"]  # fmt: skip
    answers = [client.get(url).status_code for url in urls * 21]
    assert 429 in answers and answers.index(429) == 60  # 1,200 a minute, scaled: 60
    clock.now += 61
    assert client.get(urls[0]).status_code != 429


def test_unlimited_routes_and_refused_callers_are_not_counted(
    small: tuple[TestClient, Clock],
) -> None:
    client, _ = small
    for _ in range(30):
        assert client.get("/login").status_code == 200
        assert client.get("/api/offline").status_code == 401  # not logged in: never counted
    login(client, "teacher")
    assert client.get("/api/offline").status_code == 200


def test_limits_can_be_turned_off(demo_store: DemoStore, monkeypatch: pytest.MonkeyPatch) -> None:
    for client, _ in _app_client(demo_store, monkeypatch, "off"):
        for _ in range(8):
            assert _forgot(client, "off@example.kz").status_code == 200
