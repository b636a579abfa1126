"""The help pages: the "?" of a page lands on its section, search, and sections in the language."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.web.conftest import login


def test_question_mark_of_the_register_opens_the_register_section(client: TestClient) -> None:
    login(client, "teacher")
    page = client.get("/my/timetable")
    assert 'class="help-link" href="/help/for?page=/my/timetable"' in page.text
    response = client.get("/help/for", params={"page": "/registers/2026-11-20/1/1"},
                          follow_redirects=False)  # fmt: skip
    assert response.status_code == 303
    assert response.headers["location"].startswith("/help/register?page=")
    section = client.get(response.headers["location"])
    assert section.status_code == 200
    assert 'id="register"' in section.text
    assert "/support/new?page=" in section.text


def test_foreign_addresses_are_not_carried(client: TestClient) -> None:
    login(client, "teacher")
    response = client.get("/help/for", params={"page": "//evil.example/x"}, follow_redirects=False)
    assert response.headers["location"] == "/help/start"


def test_guide_search_and_language(client: TestClient) -> None:
    login(client, "parent")
    page = client.get("/help", params={"q": "homework"})
    assert page.status_code == 200 and 'href="/help/journal"' in page.text
    token = client.cookies.get("sabaq_csrf", "")
    client.post("/language", data={"language": "kk", "next": "/help", "_csrf_token": token})
    assert "Журнал: бағалар" in client.get("/help").text
    assert client.get("/help/no-such-section").status_code == 404


def test_help_needs_a_login(client: TestClient) -> None:
    response = client.get("/help", follow_redirects=False)
    assert response.status_code in (303, 401)
