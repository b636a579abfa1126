"""Olympiad pages through TestClient: organising, registering, tenancy, the board, tasks,
monitoring and results on the demo store (with two more schools)."""

from __future__ import annotations

import io
import re
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook
from sqlmodel import col, select

from lms.contests import (
    Actor,
    ContestInput,
    TaskChoice,
    create_contest,
    register_school,
    register_student,
)
from models.account_services import create_account
from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN, STUDENT, TEACHER, UserAccount
from models.contests import Contest, TaskOpening
from models.db import session_scope
from models.jobs import Job
from models.judge import JUDGED, OLYMPIAD, JudgeTask, Submission
from models.school import School
from tests.web.conftest import DemoStore, login
from web.scheduler import schedule_settings

EXAMPLES = Path(__file__).resolve().parents[2] / "lms" / "judge" / "examples"
PASSWORD = "contest-pass-1"


@dataclass(frozen=True)
class Olympiad:
    """Three schools: the demo school and two more, with their staff and students."""

    demo: int
    schools: tuple[int, int]
    tasks: tuple[int, int]
    ids: dict[str, int]  # login -> account id


def _account(db: Any, school_id: int | None, login_name: str, name: str, role: str) -> int:
    account = create_account(db, school_id=school_id, login=login_name, name=name, role=role,
                             password=PASSWORD)  # fmt: skip
    assert account.id is not None
    return account.id


@pytest.fixture(scope="module")
def olympiad(demo_store: DemoStore) -> Olympiad:
    with session_scope() as db:
        demo = db.exec(select(School).where(School.code == demo_store.school_code)).one()
        tasks = []
        for slug in ("sum-of-two", "divisors"):
            folder = f"tasks/contest-{slug}/v1"
            shutil.copytree(EXAMPLES / slug, demo_store.data_dir / folder)
            row = JudgeTask(slug=slug, title={"en": slug.title()}, folder=folder)
            db.add(row)
            db.flush()
            tasks.append(row.id or 0)
        schools, ids = [], {}
        for n, name in ((2, "Школа-лицей № 2"), (3, "Әл-Фараби мектебі")):
            school = School(code=f"OLY-{n}", name=name, city="Алматы")
            db.add(school)
            db.flush()
            sid = school.id or 0
            schools.append(sid)
            ids[f"head{n}"] = _account(db, sid, f"head{n}", f"Директор {n}", SCHOOL_ADMIN)
            ids[f"teacher{n}"] = _account(db, sid, f"teacher{n}", f"Мұғалім {n}", TEACHER)
            for letter, pupil in zip("ab", (f"Ұлжан Бекова {n}", f"Тимур Ахметов {n}"),
                                     strict=True):  # fmt: skip
                ids[f"pupil{n}{letter}"] = _account(db, sid, f"pupil{n}{letter}", pupil, STUDENT)
        for login_name in ("admin", "director", "teacher", "student"):
            ids[login_name] = (
                db.exec(select(UserAccount.id).where(UserAccount.login == login_name)).one() or 0
            )
        return Olympiad(demo.id or 0, (schools[0], schools[1]), (tasks[0], tasks[1]), ids)


def _local(moment: datetime) -> str:
    return moment.astimezone(schedule_settings().timezone).strftime("%Y-%m-%dT%H:%M")


def _csrf(client: TestClient) -> str:
    return client.cookies.get("sabaq_csrf") or ""


def _as(client: TestClient, login_name: str) -> TestClient:
    client.headers["accept-language"] = "en"
    login(client, login_name, PASSWORD if login_name[-1].isdigit() or "pupil" in login_name
          else "sabaq-demo")  # fmt: skip
    return client


def _city_contest(o: Olympiad, *, minutes_ago: int = 10, freeze_ago: int | None = None,
                  public: bool = True, register: bool = True) -> int:  # fmt: skip
    """A city-wide contest (platform admin) with the two extra schools and their pupils."""
    start = datetime.now(UTC) - timedelta(minutes=minutes_ago)
    freeze = datetime.now(UTC) - timedelta(minutes=freeze_ago) if freeze_ago else None
    with session_scope() as db:
        contest = create_contest(db, Actor(o.ids["admin"], PLATFORM_ADMIN, None), ContestInput(
            title="Қалалық информатика олимпиадасы", rules="icpc", starts_at=start,
            ends_at=start + timedelta(hours=3), freeze_at=freeze, public_board=public,
            tasks=(TaskChoice("A", o.tasks[0]), TaskChoice("B", o.tasks[1]))))  # fmt: skip
        cid = contest.id or 0
        if register:
            for n, sid in zip((2, 3), o.schools, strict=True):
                register_school(db, Actor(o.ids[f"head{n}"], SCHOOL_ADMIN, sid), cid)
                for letter in "ab":
                    pupil = Actor(o.ids[f"pupil{n}{letter}"], STUDENT, sid)
                    register_student(db, pupil, cid, pupil.user_id)
    return cid


def _verdict(o: Olympiad, contest_id: int, login_name: str, task: int, minute: float,
             verdict: str) -> None:  # fmt: skip
    with session_scope() as db:
        contest = db.get(Contest, contest_id)
        assert contest is not None
        account = db.get(UserAccount, o.ids[login_name])
        assert account is not None
        sent = contest.starts_at.replace(tzinfo=UTC) + timedelta(minutes=minute)
        db.add(Submission(school_id=account.school_id, user_id=account.id or 0, task_id=task,
                          contest_id=contest_id, purpose=OLYMPIAD, language="py", source="-",
                          status=JUDGED, verdict=verdict, score=100.0 * (verdict == "AC"),
                          created_at=sent, judged_at=sent))  # fmt: skip


def test_an_organiser_creates_a_contest_in_the_form(client: TestClient, olympiad: Olympiad) -> None:
    _as(client, "director")
    start = datetime.now(UTC) + timedelta(days=1)
    form = {
        "_csrf_token": _csrf(client), "title": "Мектепішілік олимпиада", "rules": "ioi",
        "starts_at": _local(start), "ends_at": _local(start + timedelta(hours=2)),
        "penalty_minutes": "20", "public_board": "on", "upsolving": "on",
        "registration_open": "on", "label_0": "a", "task_0": str(olympiad.tasks[1]),
    }  # fmt: skip
    response = client.post("/contests/new", data=form, follow_redirects=False)
    assert response.status_code == 303, response.text[:2000]
    page = client.get(response.headers["location"])
    assert "Мектепішілік олимпиада" in page.text and "IOI" in page.text
    with session_scope() as db:
        contest = db.exec(select(Contest).where(Contest.title == "Мектепішілік олимпиада")).one()
        assert contest.school_id == olympiad.demo and contest.rules == "ioi"
    assert "Мектепішілік олимпиада" in client.get("/contests").text


def test_every_problem_of_the_form_is_shown_at_once(client: TestClient, olympiad: Olympiad) -> None:
    _as(client, "teacher")
    start = datetime.now(UTC) + timedelta(days=1)
    form = {"_csrf_token": _csrf(client), "title": "", "rules": "icpc",
            "starts_at": _local(start), "ends_at": _local(start - timedelta(hours=1)),
            "freeze_at": "tomorrow", "penalty_minutes": "20"}  # fmt: skip
    response = client.post("/contests/new", data=form)
    assert response.status_code == 400
    assert "Board freeze: a date and time, e.g. 2026-12-05T10:00." in response.text
    form["freeze_at"] = ""
    response = client.post("/contests/new", data=form)
    assert response.status_code == 400
    assert "The contest needs a title." in response.text
    assert "The contest must end after it starts." in response.text


def test_schools_and_students_register_through_the_pages(
    client: TestClient, olympiad: Olympiad
) -> None:
    cid = _city_contest(olympiad, minutes_ago=-60, register=False)
    _as(client, "head2")
    assert client.post(f"/contests/{cid}/school", data={"_csrf_token": _csrf(client)},
                       follow_redirects=False).status_code == 303  # fmt: skip
    _as(client, "pupil2a")
    client.post(f"/contests/{cid}/join", data={"_csrf_token": _csrf(client)})
    assert "You are registered." in client.get(f"/contests/{cid}").text
    _as(client, "pupil3a")  # school 3 has not registered
    answer = client.post(f"/contests/{cid}/join", data={"_csrf_token": _csrf(client)})
    assert "Your school is not registered for this contest yet." in answer.text
    _as(client, "teacher2")
    other = olympiad.ids["pupil3b"]  # another school's pupil: refused
    answer = client.post(f"/contests/{cid}/students", data={
        "_csrf_token": _csrf(client), "action": "add", f"student_{olympiad.ids['pupil2b']}": "on",
    })  # fmt: skip
    assert "Students registered: 1." in answer.text
    answer = client.post(f"/contests/{cid}/students", data={
        "_csrf_token": _csrf(client), "action": "add", f"student_{other}": "on"})  # fmt: skip
    assert "You may register only your school&#39;s students." in answer.text
    page = client.get(f"/contests/{cid}/students").text
    assert "Ұлжан Бекова 2" in page and "Тимур Ахметов 2" in page
    assert "Бекова 3" not in page and "Ахметов 3" not in page  # only the school's own students
    assert "/contests/" in page and page.count('<span class="badge ok">Yes</span>') == 2


def test_another_schools_contest_is_not_found(client: TestClient, olympiad: Olympiad) -> None:
    with session_scope() as db:
        own = create_contest(db, Actor(olympiad.ids["director"], SCHOOL_ADMIN, olympiad.demo),
                             ContestInput(title="Тек біздің мектеп", rules="icpc",
                                          starts_at=datetime.now(UTC),
                                          ends_at=datetime.now(UTC) + timedelta(hours=1),
                                          public_board=False))  # fmt: skip
    _as(client, "head2")
    assert client.get(f"/contests/{own.id}").status_code == 404
    assert client.get(f"/contests/{own.id}/standings").status_code == 404
    assert "Тек біздің мектеп" not in client.get("/contests").text
    assert client.get(f"/contests/{own.id}/monitor").status_code == 404


def test_the_public_board_shows_names_and_schools_only(
    client: TestClient, olympiad: Olympiad
) -> None:
    cid = _city_contest(olympiad)
    _verdict(olympiad, cid, "pupil3a", olympiad.tasks[0], 7, "AC")
    board = client.get(f"/contests/{cid}/board")  # nobody logged in
    assert board.status_code == 200
    assert "Ұлжан Бекова 3" in board.text and "Әл-Фараби мектебі" in board.text
    assert "pupil3a" not in board.text and "/static/js/scoreboard.js" in board.text
    kazakh = client.get(f"/contests/{cid}/board", headers={"accept-language": "kk"}).text
    assert '<th class="c">Орын</th>' in kazakh and "Шешілді" in kazakh  # macros in kk too
    data = client.get(f"/contests/{cid}/board.json").json()
    assert {key for row in data["rows"] for key in row} == {
        "place", "id", "name", "school", "solved", "penalty", "score", "cells"}  # fmt: skip
    first = data["rows"][0]
    assert (first["name"], first["solved"], first["cells"][0]) == (
        "Ұлжан Бекова 3", 1, {"t": "+", "u": "7", "k": "first"})  # fmt: skip
    hidden = _city_contest(olympiad, public=False)
    answer = client.get(f"/contests/{hidden}/board", follow_redirects=False)
    assert answer.status_code == 303 and "/login" in answer.headers["location"]


def test_the_freeze_hides_runs_from_the_board_but_not_from_the_organiser(
    client: TestClient, olympiad: Olympiad
) -> None:
    client.headers["accept-language"] = "en"
    cid = _city_contest(olympiad, minutes_ago=60, freeze_ago=30)
    _verdict(olympiad, cid, "pupil2b", olympiad.tasks[1], 45, "AC")  # after the freeze
    cells = [r["cells"][1] for r in client.get(f"/contests/{cid}/board.json").json()["rows"]]
    assert {"t": "?1", "u": "", "k": "pending"} in cells
    assert "The board is frozen" in client.get(f"/contests/{cid}/board").text
    _as(client, "admin")
    page = client.get(f"/contests/{cid}/standings").text
    assert "Organiser" in page and "the freeze does not apply" in page
    assert re.search(r'cell k-first">\+<small>45</small>', page)
    _as(client, "pupil2a")  # a participant sees the frozen board
    assert re.search(r'cell k-pending">\?1<', client.get(f"/contests/{cid}/standings").text)


def test_a_task_opens_for_participants_and_takes_a_solution(
    client: TestClient, olympiad: Olympiad
) -> None:
    cid = _city_contest(olympiad)
    _as(client, "pupil2a")
    page = client.get(f"/contests/{cid}/tasks/A")
    assert page.status_code == 200 and "Sum of two numbers" in page.text  # statement.en.md
    assert '<option value="py">Python 3</option>' in page.text
    assert "<h1>Sum of two numbers</h1>" in page.text  # the statement's Markdown as HTML
    with session_scope() as db:
        opened = db.exec(select(TaskOpening).where(TaskOpening.contest_id == cid)).all()
        assert [(o.user_id, o.task_id) for o in opened] == [
            (olympiad.ids["pupil2a"], olympiad.tasks[0])]  # fmt: skip
    answer = client.post(f"/contests/{cid}/tasks/A", data={
        "_csrf_token": _csrf(client), "language": "py",
        "source": "a, b = map(int, input().split())\nprint(a + b)\n"})  # fmt: skip
    assert "Sent. The verdict appears below when it is ready." in answer.text
    with session_scope() as db:
        sent = db.exec(select(Submission).where(Submission.contest_id == cid)).one()
        job = db.get(Job, sent.job_id)
        assert (sent.purpose, sent.task_id, job.kind if job else "") == (
            OLYMPIAD, olympiad.tasks[0], "judge")  # fmt: skip
        assert job is not None and job.params["stop_early"] is True  # ICPC stops at a failure
    later = _city_contest(olympiad, minutes_ago=-30)
    closed = client.get(f"/contests/{later}/tasks/A")
    assert closed.status_code == 403 and "The tasks open when the contest starts." in closed.text
    _as(client, "pupil3a")  # registered in the first contest only
    assert client.get(f"/contests/{later}/tasks/Z").status_code == 404


def test_monitoring_and_results_are_the_organisers(client: TestClient, olympiad: Olympiad) -> None:
    cid = _city_contest(olympiad)
    _verdict(olympiad, cid, "pupil2a", olympiad.tasks[0], 3, "WA")
    _verdict(olympiad, cid, "pupil2a", olympiad.tasks[0], 9, "AC")
    _as(client, "teacher2")  # takes part, does not organise a city-wide contest
    assert client.get(f"/contests/{cid}/monitor").status_code == 404
    assert client.get(f"/contests/{cid}/results.xlsx").status_code == 404
    _as(client, "admin")
    page = client.get(f"/contests/{cid}/monitor")
    assert page.status_code == 200
    assert "Ұлжан Бекова 2" in page.text and "Школа-лицей № 2" in page.text
    answer = client.get(f"/contests/{cid}/results.xlsx")
    assert answer.status_code == 200
    rows = list(load_workbook(io.BytesIO(answer.content)).active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[3][:6] == (1, "Ұлжан Бекова 2", "Школа-лицей № 2", "+1 (9)", None, 1)
    pdf = client.get(f"/contests/{cid}/results.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    with session_scope() as db:
        ours = db.exec(select(col(Submission.id)).where(Submission.contest_id == cid)).all()
    assert len(ours) == 2
