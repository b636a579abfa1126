"""Timetable pages: staff grids, my timetable per role, exports, calendar subscriptions."""

from __future__ import annotations

import re

from litestar.testing import TestClient

from tests.web.conftest import login


def test_staff_see_every_grid_with_buildings(client: TestClient) -> None:
    login(client, "timetable")
    index = client.get("/timetables")
    assert index.status_code == 200
    link = re.search(r'href="(/timetables/class/[^"?]+)"', index.text)
    assert link is not None
    page = client.get(link.group(1))
    assert page.status_code == 200
    assert 'class="lesson' in page.text and "building-tag" in page.text
    assert client.get("/timetables/master").status_code == 200
    assert client.get("/timetables/print/teacher").text.count('class="print-page"') > 10


def test_teacher_sees_own_week_and_today(client: TestClient) -> None:
    login(client, "teacher")
    page = client.get("/my/timetable")
    assert page.status_code == 200
    assert page.text.count('class="lesson') > 5
    assert client.get("/my/timetable?view=today&on=2026-11-24").status_code == 200


def test_parent_sees_only_own_child_and_no_school_grids(client: TestClient) -> None:
    login(client, "parent")
    page = client.get("/my/timetable")
    assert page.status_code == 200 and 'class="lesson' in page.text
    assert client.get("/timetables").status_code == 403
    assert client.get("/timetables/class/7A").status_code == 403
    assert client.get("/exports/timetable.xlsx").status_code == 403


def test_student_grid_keeps_only_own_subgroups(client: TestClient) -> None:
    login(client, "student")
    mine = client.get("/my/timetable").text
    assert 'class="lesson' in mine
    # the class grid a teacher sees has every subgroup's lesson; the student's has fewer
    title = re.search(r"<h2>[^<]*· ([^<]+)</h2>", mine)
    assert title is not None
    class_code = title.group(1).strip()
    other = TestClient(client.app)
    with other:
        login(other, "timetable")
        whole = other.get(f"/timetables/class/{class_code}").text
    assert mine.count('class="lesson') < whole.count('class="lesson')


def test_exports_are_real_files(client: TestClient) -> None:
    login(client, "director")
    xlsx = client.get("/exports/timetable.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    pdf = client.get("/exports/pdf/classes")
    assert pdf.status_code == 200 and pdf.content[:5] == b"%PDF-"


def test_calendar_subscription_follows_the_published_timetable(client: TestClient) -> None:
    login(client, "teacher")
    page = client.get("/calendar")
    url = re.search(r'value="http://[^/]+(/ical/[^"]+\.ics)"', page.text)
    assert url is not None
    anonymous = TestClient(client.app)
    with anonymous:
        feed = anonymous.get(url.group(1))
        assert feed.status_code == 200
        assert feed.text.startswith("BEGIN:VCALENDAR") and "RRULE:FREQ=WEEKLY" in feed.text
        assert anonymous.get("/ical/not-a-token.ics").status_code == 404


def test_todays_lessons_as_json_for_the_classroom(client: TestClient) -> None:
    login(client, "teacher")
    week = client.get("/my/timetable").text
    for day in range(6):
        on = f"2026-11-{23 + day:02d}"  # Monday 23 November 2026 onwards, inside the autumn term
        data = client.get(f"/api/my/today?on={on}").json()
        assert data["date"] == on and len(data["timetables"]) == 1
        if data["timetables"][0]["lessons"]:
            lesson = data["timetables"][0]["lessons"][0]
            assert lesson["subject"] in week and lesson["start"] < lesson["end"]
            return
    raise AssertionError("the teacher has no lesson all week")
