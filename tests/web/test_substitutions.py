"""Issue 5's done-when path through the app: two teachers absent tomorrow, proposals with reasons,
one changed, published; the substitute, the class's student and a parent see it; counters and
the payroll report count it; schools and roles stay apart."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pytest
from icalendar import Calendar
from litestar.testing import TestClient
from openpyxl import load_workbook
from sqlmodel import col, select

from models.accounts import UserAccount
from models.db import session_scope
from models.outbox import EMAIL, IN_APP, Notice
from models.people import Teacher
from models.substitutions import Absence, Cover
from substitutions.services import cover_candidates, day_board
from tests.web.conftest import DemoStore, login
from web.services.calendars import token_for

DAY = date(2026, 9, 8)  # "tomorrow": a Tuesday of the first term
ABSENT = {"T004": "ill", "T012": "training"}  # T004 teaches the demo student's class 2А
TAKEN = "2А Көркем еңбек (бастауыш)"  # the lesson the deputy gives to the demo teacher
SEPTEMBER = "start=2026-09-01&end=2026-09-30"


def post(client: TestClient, url: str, form: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    token = client.cookies.get("sabaq_csrf") or ""
    return client.post(url, data={"_csrf_token": token, **(form or {})}, follow_redirects=False)


def _school_id() -> int:
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == "director")).one()
        assert account.school_id is not None
        return account.school_id


def _teacher(code: str) -> Teacher:
    with session_scope() as db:
        return db.exec(select(Teacher).where(Teacher.code == code)).one()


@pytest.fixture
def english(client: TestClient) -> TestClient:
    """The app's client reading pages in English (accounts follow the browser's language)."""
    client.headers["accept-language"] = "en"
    return client


def _flashes(page: str) -> list[tuple[str, str]]:
    return re.findall(r'class="flash flash-(\w+)"[^>]*>([^<]*)<', page)


@pytest.fixture(scope="module")
def published(demo_store: DemoStore) -> dict[str, int]:
    """The deputy's morning through the app; returns the ids the other tests look at."""
    from web.app import create_app

    with TestClient(create_app()) as client:
        client.headers["accept-language"] = "en"
        login(client, "timetable")
        board = client.get(f"/substitutions?date={DAY.isoformat()}")
        assert board.status_code == 200 and "No absences on this day." in board.text
        for code, reason in ABSENT.items():
            answer = post(client, "/substitutions/absences", {
                "date": DAY.isoformat(), "kind": "teacher", "teacher": code,
                "starts_on": DAY.isoformat(), "reason": reason,
            })  # fmt: skip
            assert answer.status_code == 303
        answer = post(client, "/substitutions/plan", {"date": DAY.isoformat()})
        assert answer.status_code == 303
        board = client.get(answer.headers["location"])
        planned = [t for k, t in _flashes(board.text) if k == "ok" and t.startswith("Planned")]
        assert re.fullmatch(r"Planned: every affected lesson is covered \(\d+\)\.", planned[0])
        for code in ABSENT:
            assert _teacher(code).name in board.text
        assert "free in period" in board.text  # each proposal explains itself
        with session_scope() as db:
            plan = day_board(db, school_id=_school_id(), day=DAY)
        target = next(c for c in plan.covers if c.label == TAKEN)
        choices = client.get(f"/substitutions/covers/{target.id}")
        demo_teacher = _teacher("T001")
        assert choices.status_code == 200 and demo_teacher.name in choices.text
        answer = post(client, f"/substitutions/covers/{target.id}", {
            "action": "cover", "substitute_id": str(demo_teacher.id),
        })  # fmt: skip
        assert answer.status_code == 303 and answer.headers["location"].endswith(DAY.isoformat())
        answer = post(client, "/substitutions/publish", {"date": DAY.isoformat()})
        board = client.get(answer.headers["location"])
        told = [t for k, t in _flashes(board.text) if k == "ok"]
        assert told[-1].startswith("Published as revision 1")
        with session_scope() as db:
            plan = day_board(db, school_id=_school_id(), day=DAY)
        taken = next(c for c in plan.covers if c.label == TAKEN)
        assert taken.substitute == demo_teacher.name and taken.locked and plan.status == "published"
        return {"cover": taken.id, "teacher": demo_teacher.id or 0, "covered": plan.covered}


def test_the_board_shows_absences_proposals_and_their_reasons(
    english: TestClient, published: dict[str, int]
) -> None:
    client = english
    login(client, "director")
    board = client.get(f"/substitutions?date={DAY.isoformat()}").text
    assert "published, revision 1" in board
    assert board.count('class="covered"') == published["covered"]
    assert "training" in board and "ill" in board
    assert "Chosen by the deputy" in board  # the changed cover says why
    assert board.count("Шәріпова Дана takes it") == 1


def test_the_substitute_sees_the_cover_confirms_it_and_has_a_notice_and_an_email(
    english: TestClient, published: dict[str, int]
) -> None:
    client = english
    login(client, "teacher")
    day = client.get(f"/my/timetable?view=today&on={DAY.isoformat()}").text
    absent = _teacher("T004").name
    assert f"Cover: {TAKEN} instead of {absent}" in day
    assert "You keep the register of this lesson" in day
    week = client.get(f"/my/timetable?view=week&on={DAY.isoformat()}").text
    assert f"cover for {absent}" in week  # marked in the week's grid too
    covers = client.get(f"/api/my/covers?on={DAY.isoformat()}").json()["covers"]
    assert [(c["cover"], c["acknowledged"]) for c in covers] == [(published["cover"], False)]
    assert covers[0]["room"] and f"room {covers[0]['room']}" in day  # where to go
    assert post(client, f"/my/covers/{published['cover']}/seen").status_code == 303
    assert client.get(f"/api/my/covers?on={DAY.isoformat()}").json()["covers"][0]["acknowledged"]
    assert "seen" in client.get(f"/my/timetable?view=today&on={DAY.isoformat()}").text
    notices = client.get("/notices").text
    assert "2026-09-08" in notices and TAKEN in notices  # in the school's language (kk)
    with session_scope() as db:
        mails = db.exec(
            select(Notice).where(Notice.channel == EMAIL, Notice.address == "teacher@demo.sabaq.kz")
        ).all()
    assert mails and any(TAKEN in m.body for m in mails)


@pytest.mark.parametrize("who", ["student", "parent"])
def test_the_class_sees_who_takes_its_lesson(
    english: TestClient, published: dict[str, int], who: str
) -> None:
    client = english
    login(client, who)
    day = client.get(f"/my/timetable?view=today&on={DAY.isoformat()}").text
    assert f"{TAKEN}</strong>: Шәріпова Дана takes it" in day
    assert "Шәріпова Дана takes it" in client.get(f"/my/timetable?on={DAY.isoformat()}").text
    assert "Шәріпова Дана takes it" not in client.get("/my/timetable?on=2026-09-15").text
    with session_scope() as db:
        account = db.exec(select(UserAccount).where(UserAccount.login == who)).one()
        mine = db.exec(
            select(Notice).where(Notice.user_id == account.id, Notice.channel == IN_APP)
        ).all()
    assert any(TAKEN in n.body for n in mine)


def test_counters_and_the_payroll_report_count_the_cover(
    english: TestClient, published: dict[str, int]
) -> None:
    client = english
    login(client, "timetable")
    counters = client.get(f"/substitutions/counters?on={DAY.isoformat()}&{SEPTEMBER}")
    assert counters.status_code == 200
    cells = r"<tr><td>Шәріпова Дана</td><td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>"
    row = re.search(cells, counters.text)
    assert row is not None and row.groups() == ("1", "1", "1")
    xlsx = client.get(f"/substitutions/report.xlsx?{SEPTEMBER}")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    covers = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    lines = [r for r in covers.iter_rows(min_row=2, values_only=True)]
    assert len(lines) == published["covered"]
    assert ("2026-09-08", "Шәріпова Дана") in {(r[0], r[2]) for r in lines}
    pdf = client.get(f"/substitutions/report.pdf?{SEPTEMBER}")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")


def test_a_teacher_may_not_plan_or_publish(english: TestClient, published: dict[str, int]) -> None:
    client = english
    login(client, "teacher")
    for url in ("/substitutions/publish", "/substitutions/plan", "/substitutions/absences"):
        assert post(client, url, {"date": DAY.isoformat()}).status_code == 403
    assert client.get(f"/substitutions?date={DAY.isoformat()}").status_code == 403
    assert post(client, f"/substitutions/covers/{published['cover']}/lock").status_code == 403


def test_another_schools_deputy_sees_nothing(
    english: TestClient, published: dict[str, int]
) -> None:
    client = english
    from models.account_services import create_account
    from models.school import School

    with session_scope() as db:
        other = School(code="OTHER-SUBS", name="Басқа мектеп")
        db.add(other)
        db.flush()
        create_account(db, school_id=other.id, login="other-deputy", name="Other",
                       role="timetabler", password="other-password")  # fmt: skip
    login(client, "other-deputy", "other-password")
    board = client.get(f"/substitutions?date={DAY.isoformat()}")
    assert board.status_code == 200 and "has no published timetable" in board.text
    assert _teacher("T004").name not in board.text
    refused = client.get(f"/substitutions/covers/{published['cover']}", follow_redirects=True)
    assert "There is no cover" in refused.text and TAKEN not in refused.text
    unlock = post(client, f"/substitutions/covers/{published['cover']}/lock", {"locked": "0"})
    assert unlock.status_code == 303
    with session_scope() as db:
        cover = db.get(Cover, published["cover"])
        assert cover is not None and cover.locked  # untouched
        before = db.exec(select(Absence).where(col(Absence.deleted_at).is_(None))).all()
    url = f"/substitutions/absences/{before[0].id}/remove"
    assert post(client, url, {"date": DAY.isoformat()}).status_code == 303
    with session_scope() as db:
        absence = db.get(Absence, before[0].id)
        assert absence is not None and absence.deleted_at is None
    counters = client.get(f"/substitutions/counters?{SEPTEMBER}").text
    assert "Шәріпова Дана" not in counters
    report = client.get(f"/substitutions/report.xlsx?{SEPTEMBER}").content
    assert load_workbook(io.BytesIO(report)).worksheets[0].max_row == 1  # the headers only


def _feed(client: TestClient, kind: str, ref: str) -> list[Any]:
    """The VEVENTs of a teacher's or class's subscription, fetched as a calendar app does."""
    with session_scope() as db:
        token = token_for(db, school_id=_school_id(), kind=kind, ref=ref).token
    answer = client.get(f"/ical/{token}.ics")
    assert answer.status_code == 200
    return list(Calendar.from_ical(answer.content).walk("VEVENT"))


def _on_day(events: list[Any], name: str) -> list[Any]:
    return [
        e for e in events if name in e and e.decoded(name).date() == DAY
    ]  # fmt: skip


def test_calendar_feeds_carry_the_published_covers_and_follow_a_republication(
    english: TestClient, published: dict[str, int]
) -> None:
    client = english
    demo_teacher = _teacher("T001").name
    covers = [e for e in _on_day(_feed(client, "teacher", "T001"), "dtstart")
              if str(e["uid"]).startswith("cover-")]  # fmt: skip
    assert len(covers) == 1 and TAKEN in str(covers[0]["summary"]) and covers[0]["location"]
    assert covers[0]["sequence"] == 1 and covers[0].decoded("dtstart").hour >= 12  # shift 2
    away = _on_day(_feed(client, "teacher", "T004"), "recurrence-id")
    assert away and all(str(e["status"]) == "CANCELLED" for e in away)
    assert any(demo_teacher in str(e["summary"]) for e in away)
    klass = _on_day(_feed(client, "class", "2А"), "recurrence-id")
    taken = [e for e in klass if demo_teacher in str(e["summary"])]
    assert len(taken) == 1 and "status" not in taken[0]  # the lesson takes place
    assert _on_day(_feed(client, "class", "11А"), "recurrence-id") == []  # not its lessons
    # the deputy gives the lesson to someone else and publishes again
    login(client, "timetable")
    with session_scope() as db:
        options = cover_candidates(db, school_id=_school_id(), cover_id=published["cover"])
    other = next(o for o in options if o.substitute_id and not o.current and o.clash is None)
    post(client, f"/substitutions/covers/{published['cover']}",
         {"action": other.action, "substitute_id": str(other.substitute_id)})  # fmt: skip
    post(client, "/substitutions/publish", {"date": DAY.isoformat()})
    gone = [e for e in _on_day(_feed(client, "teacher", "T001"), "dtstart")
            if str(e["uid"]).startswith("cover-")]  # fmt: skip
    assert gone == []
    klass = _on_day(_feed(client, "class", "2А"), "recurrence-id")
    now = [e for e in klass if str(other.substitute) in str(e["summary"])]
    assert len(now) == 1 and now[0]["sequence"] == 2
    assert not any(demo_teacher in str(e["summary"]) for e in klass)
