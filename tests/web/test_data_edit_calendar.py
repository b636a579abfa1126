"""Bell schedules and terms with holidays in forms: each save a new data version."""

from __future__ import annotations

from datetime import date
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


def _refused(response: Any, field: str, words: str) -> None:
    assert response.status_code == 400, response.text[:500]
    text = response.text[response.text.index(f'id="e-{field}"') :].split("</span>")[0]
    assert words in text, text


def _bells(store: DemoStore, shift: str) -> list[tuple[int, str, str]]:
    return [(b.number, b.start, b.end) for b in snapshot_of(store).bells if b.shift == shift]


def test_a_bell_schedule_is_edited_and_a_period_added(
    client: TestClient, demo_store: DemoStore
) -> None:
    enter(client, "timetable")
    before = _bells(demo_store, "1")
    last = len(before)
    form = browser_form(client, "/data/bells")
    changed = with_values(form, **{"start:1:1": "08:05", f"start:1:{last + 1}": "18:00",
                                   f"end:1:{last + 1}": "18:45"})  # fmt: skip
    versions = version_count(demo_store)
    response = post(client, "/data/bells", changed)
    assert response.status_code == 303, response.text[:3000]
    after = _bells(demo_store, "1")
    assert after[0] == (1, "08:05", before[0][2])
    assert after[-1] == (last + 1, "18:00", "18:45")
    assert version_count(demo_store) == versions + 1
    # and the added period goes again
    form = with_values(browser_form(client, "/data/bells"), **{"remove_last:1": "on"})
    assert post(client, "/data/bells", form).status_code == 303
    assert len(_bells(demo_store, "1")) == last


def test_bad_bell_times_are_named_and_nothing_written(
    client: TestClient, demo_store: DemoStore
) -> None:
    enter(client, "timetable")
    form = browser_form(client, "/data/bells")
    before = version_count(demo_store)
    _refused(post(client, "/data/bells", with_values(form, **{"start:1:2": "8h50"})),
             "start:1:2", "HH:MM")  # fmt: skip
    _refused(post(client, "/data/bells", with_values(form, **{"end:1:1": "07:00"})),
             "end:1:1", "end after it starts")  # fmt: skip
    _refused(post(client, "/data/bells", with_values(form, **{"start:1:3": "08:10"})),
             "start:1:3", "before the previous period ends")  # fmt: skip
    assert version_count(demo_store) == before


def test_terms_and_holidays(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    form = browser_form(client, "/data/terms")
    terms = snapshot_of(demo_store).terms
    given = len(terms[0].holidays)
    assert terms[0].start == date(2026, 9, 1) and terms[1].start == date(2026, 11, 3)
    holiday = {f"t0h{given}_name": "Day of the Republic", f"t0h{given}_start": "2026-10-25",
               f"t0h{given}_end": "2026-10-26", "t1_name": "II term"}  # fmt: skip
    response = post(client, "/data/terms", with_values(form, **holiday))
    assert response.status_code == 303, response.text[:3000]
    after = snapshot_of(demo_store).terms
    assert "II term" in {t.name for t in after}
    first = next(t for t in after if t.start == terms[0].start)
    assert first.holidays[-1].start == date(2026, 10, 25)
    before = version_count(demo_store)
    form = browser_form(client, "/data/terms")
    outside = {f"t0h{given}_start": "2026-10-25", f"t0h{given}_end": "2026-10-30"}
    _refused(post(client, "/data/terms", with_values(form, **outside)), f"t0h{given}_start",
             "not inside its term")  # fmt: skip
    _refused(post(client, "/data/terms", with_values(form, t1_start="2026-10-20")), "t1_start",
             "overlaps")  # fmt: skip
    _refused(post(client, "/data/terms", with_values(form, t0_end="2026-08-01")), "t0_end",
             "before the first day")  # fmt: skip
    _refused(post(client, "/data/terms", with_values(form, t2_start="31.12.2026")), "t2_start",
             "YYYY-MM-DD")  # fmt: skip
    assert version_count(demo_store) == before


def test_a_teacher_may_not_edit_the_calendar(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "teacher")
    before = version_count(demo_store)
    for url, name in (("/data/bells", "bells"), ("/data/terms", "terms")):
        assert client.get(url).status_code == 403
        response = post(client, url, [("_form", name), ("t0_name", "X"), ("start:1:1", "07:00")])
        assert response.status_code == 403
    assert version_count(demo_store) == before


def test_a_form_drawn_from_older_data_is_refused(client: TestClient, demo_store: DemoStore) -> None:
    enter(client, "timetable")
    first = browser_form(client, "/data/bells")
    assert (
        post(client, "/data/bells", with_values(first, **{"end:2:1": "13:44"})).status_code == 303
    )
    before = version_count(demo_store)
    response = post(client, "/data/bells", with_values(first, **{"end:2:2": "14:29"}))
    assert response.status_code == 400 and "Someone else changed" in response.text
    assert version_count(demo_store) == before
