"""The JSON API fuzzed with schemathesis from its own OpenAPI document: every operation, with
generated path values, queries and bodies (inside and outside the schema), as a logged-in
teacher, student and school admin (session cookie and CSRF header), against `sabaq serve` on
a loopback port over a fresh demo store; no answer may be a 5xx.

Marked slow: about 30 examples per operation and role. Rate limits are off for this server
(they would answer 429 long before the examples run out: no server error, but it hides the
handlers from the fuzzer).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from bench.web_server import serve
from tests.browser.conftest import _restoring_store_env
from tests.web.conftest import build_demo_store
from web.demo_accounts import DEMO_PASSWORD

pytestmark = pytest.mark.slow
ROLES = ("teacher", "student", "director")  # director: the school admin (office routes)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    saved = os.environ.get("SABAQ_RATE_LIMITS")
    os.environ["SABAQ_RATE_LIMITS"] = "off"  # the server process inherits it
    try:
        with _restoring_store_env():
            store = build_demo_store(Path(tmp_path_factory.mktemp("fuzz")))
        with serve(store.url, store.data_dir) as running:
            yield running.url
    finally:
        if saved is None:
            os.environ.pop("SABAQ_RATE_LIMITS", None)
        else:
            os.environ["SABAQ_RATE_LIMITS"] = saved


@pytest.fixture(scope="module")
def sessions(server: str) -> dict[str, dict[str, Any]]:
    """Cookies and the CSRF header of a logged-in browser per role."""
    out = {}
    for role in ROLES:
        with httpx.Client(base_url=server) as client:
            client.get("/login")
            form = {"login": role, "password": DEMO_PASSWORD,
                    "_csrf_token": client.cookies["sabaq_csrf"]}  # fmt: skip
            assert client.post("/login", data=form).status_code == 303
            cookies = dict(client.cookies.items())
        out[role] = {"cookies": cookies, "headers": {"x-csrftoken": cookies["sabaq_csrf"]}}
    return out


@pytest.fixture(scope="module")
def api_schema(server: str) -> Any:
    return schemathesis.openapi.from_url(f"{server}/schema/openapi.json")


schema = schemathesis.pytest.from_fixture("api_schema")
FUZZ = settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))


def _call(case: Any, role: str, server: str, sessions: dict[str, dict[str, Any]]) -> None:
    who = sessions[role]
    response = case.call(base_url=server, cookies=who["cookies"], headers=who["headers"])
    assert response.status_code < 500, (
        f"{role}: {case.method} {case.formatted_path} -> {response.status_code}\n"
        f"{case.as_curl_command()}\n{response.text[:500]}"
    )


@schema.parametrize()
@FUZZ
def test_no_server_errors_as_a_teacher(
    case: Any, server: str, sessions: dict[str, dict[str, Any]]
) -> None:
    _call(case, "teacher", server, sessions)


@schema.parametrize()
@FUZZ
def test_no_server_errors_as_a_student(
    case: Any, server: str, sessions: dict[str, dict[str, Any]]
) -> None:
    _call(case, "student", server, sessions)


@schema.parametrize()
@FUZZ
def test_no_server_errors_as_the_school_admin(
    case: Any, server: str, sessions: dict[str, dict[str, Any]]
) -> None:
    _call(case, "director", server, sessions)
