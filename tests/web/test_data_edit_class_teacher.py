"""School data in forms: a class's class teacher, chosen among the school's teachers."""

from __future__ import annotations

from litestar.testing import TestClient

from models.db import session_scope
from models.school_data import list_changes
from tests.web.conftest import DemoStore
from tests.web.test_data_edit import (
    browser_form,
    enter,
    post,
    snapshot_of,
    version_count,
    with_values,
)

URL = "/data/classes/edit?code=2А"


def _lead(store: DemoStore, code: str) -> str | None:
    return next(c.class_teacher for c in snapshot_of(store).classes if c.code == code)


def test_the_class_teacher_is_saved_as_a_new_data_version(
    client: TestClient, demo_store: DemoStore
) -> None:
    enter(client, "timetable")
    before, lead = version_count(demo_store), _lead(demo_store, "2А")
    form = browser_form(client, URL)
    assert lead is not None and ("class_teacher", lead) in form  # the demo's teacher is chosen
    page = client.get(URL).text
    assert "Class teacher" in page and "Морозов Олег (T" in page  # every teacher to choose from
    other = next(t.code for t in snapshot_of(demo_store).teachers if t.code != lead)

    response = post(client, URL, with_values(form, class_teacher=other))

    assert response.status_code == 303, response.text[:2000]
    assert f"saved={before + 1}" in response.headers["location"]
    assert _lead(demo_store, "2А") == other
    with session_scope() as db:
        changes = list_changes(db, school_code=demo_store.school_code, version=before + 1)
    assert [(c.key, c.field, c.old, c.new) for c in changes] == [
        ("2А", "class_teacher", lead, other)
    ]
    name = next(t.name for t in snapshot_of(demo_store).teachers if t.code == other)
    listing = client.get("/data/classes").text
    assert name in listing  # the list names each class's teacher
    # no class teacher at all is a choice too
    response = post(client, URL, with_values(browser_form(client, URL), class_teacher=""))
    assert response.status_code == 303 and _lead(demo_store, "2А") is None


def test_a_teacher_the_school_does_not_have_is_refused(
    client: TestClient, demo_store: DemoStore
) -> None:
    enter(client, "timetable")
    before, lead = version_count(demo_store), _lead(demo_store, "2А")
    response = post(client, URL, with_values(browser_form(client, URL), class_teacher="T999"))
    assert response.status_code == 400
    text = response.text[response.text.index('id="e-class_teacher"') :].split("</span>")[0]
    assert "Class teacher" in text and "T999" in text
    assert version_count(demo_store) == before and _lead(demo_store, "2А") == lead
