"""School data in forms: classes with subgroups, lessons, rooms, subjects, buildings and travel."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from litestar.testing import TestClient

from models.db import session_scope
from models.school_data import apply_snapshot
from models.snapshot import LockedLesson, TravelInfo
from tests.web.conftest import DemoStore
from tests.web.test_data_edit import (
    browser_form,
    enter,
    post,
    snapshot_of,
    version_count,
    with_values,
)


def _one(items: Any, **match: Any) -> Any:
    return next(x for x in items if all(getattr(x, k) == v for k, v in match.items()))


def _refused(response: Any, field: str, words: str) -> None:
    assert response.status_code == 400, response.text[:500]
    text = response.text
    if field:
        text = text[text.index(f'id="e-{field}"') :].split("</span>")[0]
    assert words in text


def _remove(client: TestClient, kind: str, code: str) -> Any:
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(f"/data/{kind}/remove?code={code}",
                       data={"confirm": "yes", "_csrf_token": token})  # fmt: skip


def test_a_class_and_its_subgroups(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    url = "/data/classes/edit?code=2А"
    form = browser_form(client, url)
    rows = int(dict(form)["sg_count"])
    blank = rows - 2  # the first blank row
    added = with_values(form, size=27, **{f"sg{blank}_division": "lang", f"sg{blank}_code": "kz",
                                          f"sg{blank}_size": 12})  # fmt: skip
    response = post(client, url, added)
    assert response.status_code == 303, response.text[:3000]
    data = snapshot_of(demo_store)
    assert _one(data.classes, code="2А").size == 27
    assert _one(data.subgroups, class_code="2А", division="lang", code="kz").size == 12
    # en1 is taught as its own lesson: it cannot go, and nothing is written
    before = version_count(demo_store)
    form = browser_form(client, url)
    en1 = next(k for k, v in form if v == "en1").removesuffix("_code")
    response = post(client, url, with_values(form, **{f"{en1}_remove": "on"}))
    _refused(response, "", "2А-ENG-en1")
    response = post(client, url, with_values(browser_form(client, url), **{f"{en1}_size": 40}))
    _refused(response, f"{en1}_size", "Students")  # a subgroup larger than its class
    assert version_count(demo_store) == before


def test_add_and_remove_a_class(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    form = with_values(browser_form(client, "/data/classes/new"), code="11Ж", grade=11, size=18,
                       home_room="S-101")  # fmt: skip
    response = post(client, "/data/classes/new", form)
    assert response.status_code == 303, response.text[:3000]
    assert _one(snapshot_of(demo_store).classes, code="11Ж").home_room == "S-101"
    bad = with_values(form, code="11З", grade=13, shift="9")
    response = post(client, "/data/classes/new", bad)
    _refused(response, "grade", "Grade")
    _refused(response, "shift", "Shift")
    page = _remove(client, "classes", "2А")  # it has lessons and students
    flashes = re.findall(r'class="flash flash-error"[^>]*>([^<]*)<', page.text)
    assert any("2А-PLANG" in f for f in flashes) and any("students" in f for f in flashes), flashes
    assert any(c.code == "2А" for c in snapshot_of(demo_store).classes)
    _remove(client, "classes", "11Ж")
    assert all(c.code != "11Ж" for c in snapshot_of(demo_store).classes)


def test_a_lesson_requirement(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    url = "/data/lessons/edit?code=2А-ENG-en1"
    response = post(client, url, with_values(browser_form(client, url), periods_per_week=3,
                                             doubles=1))  # fmt: skip
    assert response.status_code == 303, response.text[:3000]
    lesson = _one(snapshot_of(demo_store).lessons, key="2А-ENG-en1")
    assert (lesson.periods_per_week, lesson.doubles) == (3, 1)
    before = version_count(demo_store)
    form = browser_form(client, url)
    _refused(post(client, url, with_values(form, doubles=2)), "doubles", "double")
    _refused(post(client, url, with_values(form, audience=[])), "audience", "Who learns it")
    _refused(post(client, url, with_values(form, teachers="T999")), "teachers", "T999")
    _refused(post(client, url, with_values(form, periods_per_week=99)), "periods_per_week",
             "Periods a week")  # fmt: skip
    assert version_count(demo_store) == before
    drawn = browser_form(client, "/data/lessons/new?class=2А", "/data/lessons/new")
    new = with_values(drawn, subject="PLANG", teachers=["T001"], periods_per_week=2)
    assert ("audience", "2А|") in new  # the class the page was opened for
    response = post(client, "/data/lessons/new", new)
    assert response.status_code == 303, response.text[:3000]
    created = _one(snapshot_of(demo_store).lessons, key="2А-PLANG-2")  # 2А-PLANG exists
    assert created.teachers == ("T001",) and created.audience[0].class_code == "2А"
    assert "2А-PLANG-2" in client.get("/data/lessons?class=2А").text
    _remove(client, "lessons", "2А-PLANG-2")
    assert all(x.key != "2А-PLANG-2" for x in snapshot_of(demo_store).lessons)


def test_locks_on_units_a_lesson_no_longer_has_are_dropped(
    client: TestClient, demo_store: DemoStore
) -> None:
    with session_scope() as db:
        data = snapshot_of(demo_store)
        locks = (LockedLesson("2А-ENG-en2", 0, 0, "1", 1), LockedLesson("2А-ENG-en2", 1, 1, "1", 2))
        apply_snapshot(db, replace(data, locked=locks), source="tests")
    enter(client, "timetable")
    url = "/data/lessons/edit?code=2А-ENG-en2"
    response = post(client, url, with_values(browser_form(client, url), periods_per_week=1))
    assert response.status_code == 303, response.text[:3000]
    kept = [x for x in snapshot_of(demo_store).locked if x.lesson_key == "2А-ENG-en2"]
    assert [x.unit for x in kept] == [0]


def test_rooms_and_subjects(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    url = "/data/rooms/edit?code=S-101"
    response = post(client, url, with_values(browser_form(client, url), capacity=34))
    assert response.status_code == 303
    assert _one(snapshot_of(demo_store).rooms, code="S-101").capacity == 34
    form = browser_form(client, url)
    _refused(post(client, url, with_values(form, capacity=0)), "capacity", "Seats")
    _refused(post(client, url, with_values(form, building="NOWHERE")), "building", "NOWHERE")
    assert "home room" in _remove(client, "rooms", "M-101").text  # 1А's home room
    subject = with_values(browser_form(client, "/data/subjects/new"), code="ASTRO",
                          name="Астрономия", room_kind="lab_physics", hard="on")  # fmt: skip
    assert post(client, "/data/subjects/new", subject).status_code == 303
    assert _one(snapshot_of(demo_store).subjects, code="ASTRO").hard
    url = "/data/teachers/edit?code=T005"
    teacher_form = browser_form(client, url)
    subjects = [v for k, v in teacher_form if k == "subjects"] + ["ASTRO"]
    assert post(client, url, with_values(teacher_form, subjects=subjects)).status_code == 303
    _remove(client, "subjects", "ASTRO")  # teachers who listed it no longer do
    data = snapshot_of(demo_store)
    assert all(s.code != "ASTRO" for s in data.subjects)
    assert "ASTRO" not in _one(data.teachers, code="T005").subjects
    assert "lessons" in _remove(client, "subjects", "GRAM").text


def test_buildings_and_travel_minutes(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    form = browser_form(client, "/data/buildings")
    assert ("travel:MAIN:SENIOR", "5") in form
    response = post(client, "/data/buildings", with_values(form, **{"travel:MAIN:SENIOR": 7}))
    assert response.status_code == 303, response.text[:3000]
    assert TravelInfo("MAIN", "SENIOR", 7) in snapshot_of(demo_store).travel
    before = version_count(demo_store)
    form = browser_form(client, "/data/buildings")
    bad = post(client, "/data/buildings", with_values(form, **{"travel:MAIN:HALL": 999}))
    _refused(bad, "travel:MAIN:HALL", "Travel minutes")
    _refused(post(client, "/data/buildings", with_values(form, **{"remove:HALL": "on"})),
             "remove:HALL", "rooms")  # fmt: skip
    assert version_count(demo_store) == before
    added = with_values(form, new_code="ANNEX", new_name="Қосымша ғимарат")
    assert post(client, "/data/buildings", added).status_code == 303
    again = browser_form(client, "/data/buildings")
    assert ("travel:MAIN:ANNEX", "") in again  # a row and a column for it in the matrix
    post(client, "/data/buildings", with_values(again, **{"travel:SENIOR:ANNEX": 3}))
    assert TravelInfo("SENIOR", "ANNEX", 3) in snapshot_of(demo_store).travel
    post(client, "/data/buildings", with_values(browser_form(client, "/data/buildings"),
                                                **{"remove:ANNEX": "on"}))  # fmt: skip
    data = snapshot_of(demo_store)
    assert all(b.code != "ANNEX" for b in data.buildings)
    assert all("ANNEX" not in (t.a, t.b) for t in data.travel)


def test_a_save_that_breaks_the_data_says_so(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    url = "/data/teachers/edit?code=T004"
    response = post(client, url, with_values(browser_form(client, url), max_per_week=1))
    assert response.status_code == 303
    shown = client.get(response.headers["location"])
    assert "may teach at most 1 a week" in shown.text  # the new data check, flashed
    overview = client.get("/data")
    assert "may teach at most 1 a week" in overview.text and "Error" in overview.text
