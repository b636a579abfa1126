"""The school's rule rows in a form: added, edited, switched off, each checked by the codec."""

from __future__ import annotations

import json
from typing import Any

from litestar.testing import TestClient

from tests.web.conftest import DemoStore
from tests.web.test_data_edit import (
    browser_form,
    enter,
    post,
    snapshot_of,
    version_count,
    with_values,
)

SAME_START = {"lessons": ["1А-GRAM", "1А-PMATH"], "what": "day"}


def _refused(response: Any, field: str, words: str) -> None:
    assert response.status_code == 400, response.text[:500]
    text = response.text[response.text.index(f'id="e-{field}"') :].split("</span>")[0]
    assert words in text, text


def test_a_rule_is_added_edited_and_switched_off(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    page = client.get("/data/rules")
    assert page.status_code == 200 and "MinDaysApart" in page.text and "PreferRooms" in page.text
    versions = version_count(demo_store)
    added = with_values(browser_form(client, "/data/rules"), new_kind="SameStart",
                        new_params=json.dumps(SAME_START), new_weight="5")  # fmt: skip
    response = post(client, "/data/rules", added)
    assert response.status_code == 303, response.text[:3000]
    rules = snapshot_of(demo_store).rules
    assert [(r.kind, r.params, r.weight, r.active) for r in rules] == [
        ("SameStart", SAME_START, 5, True)
    ]
    assert version_count(demo_store) == versions + 1
    # a hard rule now, then switched off (kept, not used)
    form = with_values(browser_form(client, "/data/rules"), r0_weight="")
    assert post(client, "/data/rules", form).status_code == 303
    assert snapshot_of(demo_store).rules[0].weight is None
    form = [(k, v) for k, v in browser_form(client, "/data/rules") if k != "r0_active"]
    assert post(client, "/data/rules", form).status_code == 303
    assert snapshot_of(demo_store).rules[0].active is False
    assert version_count(demo_store) == versions + 3


def test_bad_rules_are_named_beside_their_row(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    form = browser_form(client, "/data/rules")
    before = version_count(demo_store)
    bad_lesson = json.dumps({"lessons": ["1А-GRAMM", "1А-PMATH"]})
    response = post(client, "/data/rules", with_values(form, new_kind="NoOverlap",
                                                        new_params=bad_lesson))  # fmt: skip
    _refused(response, "new_params", "1А-GRAMM")
    response = post(client, "/data/rules", with_values(form, new_kind="NoOverlap",
                                                        new_params="[1, 2"))  # fmt: skip
    _refused(response, "new_params", "JSON")
    response = post(client, "/data/rules", with_values(form, new_kind="NoSuchKind",
                                                        new_params="{}"))  # fmt: skip
    _refused(response, "new_kind", "NoSuchKind")
    needs = json.dumps({"lessons": ["1А-GRAM"], "rooms": ["S-101"]})
    response = post(client, "/data/rules", with_values(form, new_kind="PreferRooms",
                                                        new_params=needs))  # fmt: skip
    _refused(response, "new_weight", "weight")
    assert version_count(demo_store) == before


def test_a_teacher_may_not_edit_the_rules(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "teacher")
    before = version_count(demo_store)
    assert client.get("/data/rules").status_code == 403
    response = post(client, "/data/rules", [("_form", "rules"), ("new_kind", "NoOverlap")])
    assert response.status_code == 403
    assert version_count(demo_store) == before


def test_the_overview_links_the_new_forms(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    text = client.get("/data").text
    assert all(f'href="/data/{name}"' in text for name in ("bells", "terms", "rules"))
