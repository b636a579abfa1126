"""The first-login tour: pending until done or skipped, then never again; reopenable; per role."""

from __future__ import annotations

from litestar.testing import TestClient

from tests.web.conftest import login


def _finish(client: TestClient, action: str, next_page: str) -> str:
    response = client.post(
        "/onboarding/finish",
        data={"action": action, "next": next_page, "_csrf_token": client.cookies["sabaq_csrf"]},
        follow_redirects=False,
    )
    assert response.status_code == 303
    return response.headers["location"]


def test_the_tour_shows_once_and_skipping_ends_it(client: TestClient) -> None:
    login(client, "student")
    assert client.get("/onboarding/state").json() == {"pending": True}
    first = client.get("/onboarding", params={"next": "/my/timetable"})
    assert first.status_code == 200 and "tour-skip" in first.text
    assert "/onboarding/2?next=/my/timetable" in first.text
    assert _finish(client, "skip", "/my/timetable") == "/my/timetable"
    assert client.get("/onboarding/state").json() == {"pending": False}
    assert _finish(client, "done", "//evil.example") == "/"  # no foreign hop
    assert client.get("/onboarding/state").json() == {"pending": False}
    assert client.get("/onboarding").status_code == 200  # reopenable from the help page


def test_each_role_has_its_own_cards_and_the_last_one_finishes(client: TestClient) -> None:
    login(client, "director")
    last = client.get("/onboarding/4")
    assert last.status_code == 200 and 'value="done"' in last.text
    assert client.get("/onboarding/5").status_code == 404
    assert "Обращения в поддержку" in client.get("/onboarding/3").text  # the school in Russian
    other = client.get("/onboarding/state").json()
    assert other == {"pending": True}  # another account: its own state
