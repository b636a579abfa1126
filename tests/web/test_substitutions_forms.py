"""Substitution forms: absences of every kind with each problem named, a teacher's own report,
locks, and the school's cover settings."""

from __future__ import annotations

import re
from datetime import date, timedelta

from litestar.testing import TestClient
from sqlmodel import col, select

from models.accounts import UserAccount
from models.db import session_scope
from models.outbox import Notice
from models.people import Teacher
from models.school import SchoolSettings
from models.substitutions import Absence, Cover
from tests.web.conftest import login
from tests.web.test_substitutions import _flashes, post


def _english(client: TestClient) -> TestClient:
    client.headers["accept-language"] = "en"
    return client


def _errors(client: TestClient, location: str) -> list[str]:
    return [t for k, t in _flashes(client.get(location).text) if k == "error"]


def test_every_problem_of_an_absence_is_named(client: TestClient) -> None:
    login(_english(client), "timetable")
    answer = post(client, "/substitutions/absences", {
        "date": "2026-09-09", "kind": "teacher", "teacher": "Морозв Олег",
        "starts_on": "2026-09-09", "ends_on": "2026-09-08", "periods": "2, 9",
    })  # fmt: skip
    assert answer.status_code == 303 and answer.headers["location"].endswith("2026-09-09")
    assert _errors(client, answer.headers["location"]) == [
        "There is no teacher “Морозв Олег”. Did you mean Морозов Олег?",
        "The absence ends on 2026-09-08, before it starts on 2026-09-09.",
        "The school has no period 9 (periods 1 to 7).",
    ]
    answer = post(client, "/substitutions/absences", {
        "date": "2026-09-09", "kind": "room", "room": "S-101", "starts_on": "someday",
        "periods": "3-1",
    })  # fmt: skip
    assert _errors(client, answer.headers["location"]) == [
        "From: choose the first day (a date).",
        "Periods: write numbers and ranges such as 1-3, 5 (“3-1” is not).",
    ]
    with session_scope() as db:
        assert db.exec(select(Absence)).all() == []


def test_a_room_a_class_and_a_short_day_are_entered_and_planned(client: TestClient) -> None:
    login(_english(client), "director")
    day = "2026-09-10"
    for form in (
        {"kind": "room", "room": "S-101", "periods": "1-7", "reason": "leak"},
        {"kind": "class", "class": "2А", "reason": "museum"},
        {"kind": "short_day", "periods": "5", "shift": "1", "reason": "heating"},
    ):
        answer = post(client, "/substitutions/absences", {"date": day, "starts_on": day, **form})
        assert answer.status_code == 303
    board = client.get(f"/substitutions?date={day}").text
    assert "Room S-101 closed" in board and "Class 2А away" in board
    assert "lessons after period 5 dropped · shift 1" in board
    post(client, "/substitutions/plan", {"date": day})
    board = client.get(f"/substitutions?date={day}").text
    assert board.count('class="dropped"') > 0 and "museum" in board and "heating" in board
    assert "Not taking place" in board


def test_a_teacher_reports_and_withdraws_their_own_absence(client: TestClient) -> None:
    login(_english(client), "teacher")
    first = date.today() + timedelta(days=7)  # "coming absences" start today
    answer = post(client, "/my/absences", {
        "starts_on": first.isoformat(), "ends_on": (first + timedelta(days=1)).isoformat(),
        "periods": "1-2", "reason": "doctor",
    })  # fmt: skip
    assert answer.status_code == 303
    mine = client.get("/my/absences").text
    assert "doctor" in mine and "Withdraw" in mine
    with session_scope() as db:
        row = db.exec(select(Absence).where(Absence.reason == "doctor")).one()
        teacher = db.exec(select(UserAccount).where(UserAccount.login == "teacher")).one()
        assert (row.ref, row.periods, row.created_by) == ("T001", [1, 2], teacher.id)
        told = db.exec(select(Notice).where(col(Notice.key).like(f"absence-report:%:{row.id}:%")))
        readers = {
            db.get(UserAccount, n.user_id).login
            for n in told  # type: ignore[union-attr]
        }
        assert readers == {"director", "timetable"}
        school_row = Absence(school_id=row.school_id, kind="teacher", ref="T001",
                             starts_on=first, ends_on=first)  # fmt: skip
        db.add(school_row)
        db.flush()
        entered_by_school = school_row.id
    deputy = TestClient(client.app)
    with deputy:
        login(_english(deputy), "timetable")
        board = deputy.get(f"/substitutions?date={first.isoformat()}").text
        assert "reported by the teacher" in board and "doctor" in board
    mine = client.get("/my/absences").text
    assert "entered by the school" in mine
    refused = post(client, f"/my/absences/{entered_by_school}/remove")
    assert _errors(client, refused.headers["location"]) == [
        f"There is no absence {entered_by_school}."
    ]
    assert post(client, f"/my/absences/{row.id}/remove").status_code == 303
    with session_scope() as db:
        assert db.get(Absence, row.id).deleted_at is not None  # type: ignore[union-attr]
        assert db.get(Absence, entered_by_school).deleted_at is None  # type: ignore[union-attr]


def test_lock_and_unlock_a_proposal(client: TestClient) -> None:
    login(_english(client), "timetable")
    day = "2026-09-16"
    post(client, "/substitutions/absences",
         {"date": day, "kind": "teacher", "teacher": "T040", "starts_on": day})  # fmt: skip
    post(client, "/substitutions/plan", {"date": day})
    board = client.get(f"/substitutions?date={day}").text
    cover_id = int(re.findall(r'action="/substitutions/covers/(\d+)/lock"', board)[0])
    post(client, f"/substitutions/covers/{cover_id}/lock", {"locked": "1"})
    with session_scope() as db:
        assert db.get(Cover, cover_id).locked  # type: ignore[union-attr]
    assert "Unlock" in client.get(f"/substitutions?date={day}").text
    post(client, f"/substitutions/covers/{cover_id}/lock", {"locked": "0"})
    with session_scope() as db:
        assert not db.get(Cover, cover_id).locked  # type: ignore[union-attr]
    answer = post(client, "/substitutions/replan", {"date": day})
    assert "Planned" in client.get(answer.headers["location"]).text


def test_cover_settings_name_every_bad_value_and_save_good_ones(client: TestClient) -> None:
    login(_english(client), "director")
    form = client.get("/substitutions/settings")
    assert form.status_code == 200 and 'name="fairness"' in form.text and 'value="100"' in form.text
    bad = post(client, "/substitutions/settings",
               {"weekly_quota": "99", "fairness": "lots", "cover": "40"})  # fmt: skip
    assert bad.status_code == 400
    assert "fairness: “lots” is not a whole number." in bad.text
    assert "Weekly quota must be between 0 and 40; it is 99." in bad.text
    assert 'value="lots"' in bad.text  # the form keeps what was typed
    good = post(client, "/substitutions/settings", {"weekly_quota": "3", "fairness": "60"})
    assert good.status_code == 303
    with session_scope() as db:
        row = db.exec(select(SchoolSettings)).one()
        assert row.cover == {"weights": {"fairness": 60}, "weekly_quota": 3}
    assert 'value="60"' in client.get("/substitutions/settings").text


def test_an_absence_of_a_teacher_the_timetable_lacks_is_named_and_can_be_removed(
    client: TestClient,
) -> None:
    login(_english(client), "timetable")
    day = "2026-09-17"
    with session_scope() as db:
        deputy = db.exec(select(UserAccount).where(UserAccount.login == "timetable")).one()
        db.add(Teacher(school_id=deputy.school_id or 0, code="T999", name="Жаңа Мұғалім"))
    form = {"date": day, "kind": "teacher", "teacher": "T999", "starts_on": day}
    answer = post(client, "/substitutions/absences", form)
    board = client.get(answer.headers["location"])
    assert board.status_code == 200
    assert "The absence names an unknown teacher “T999”." in board.text
    assert "Жаңа Мұғалім" in board.text and "Remove or correct that absence" in board.text
    for url in ("/substitutions/plan", "/substitutions/publish"):
        refused = post(client, url, {"date": day})
        assert _errors(client, refused.headers["location"]) == [
            "The absence names an unknown teacher “T999”."
        ]
    absence_id = re.findall(r'action="/substitutions/absences/(\d+)/remove"', board.text)[0]
    post(client, f"/substitutions/absences/{absence_id}/remove", {"date": day})
    assert "Plan the day" in client.get(f"/substitutions?date={day}").text
