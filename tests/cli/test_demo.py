"""`sabaq demo` on a small school: import, solve, save and publish, export; the store agrees."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import col, select

from lms.contests.schemas import RUNNING, now_utc, phase
from lms.practice.held_back import is_held_back
from models.accounts import UserAccount
from models.contests import Contest, ContestParticipant, ContestTask
from models.db import dispose_engines, session_scope
from models.school_data import read_snapshot
from models.settings import get_settings
from models.timetables import list_timetables, load_timetable
from solver.solution import Solution, Status
from solver.store import placements_from_locked, problem_from_snapshot
from solver.validate import summarize, validate
from tests.cli.test_timetable_commands import SMALL
from web.cli import main


@pytest.fixture(autouse=True)
def _forget_store_settings(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    yield
    dispose_engines()
    get_settings.cache_clear()


@pytest.mark.slow
def test_demo_imports_generates_publishes_and_exports(tmp_path: Path, capsys) -> None:
    data = tmp_path / "demo"
    args = [
        "demo",
        "--workbook",
        str(SMALL),
        "--data-dir",
        str(data),
        "--time-limit",
        "15",
        "--no-serve",
    ]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "published" in out
    for name in ("timetable.xlsx", "timetable.ics"):
        assert (data / "exports" / name).stat().st_size > 0

    with session_scope() as session:  # the demo left DATABASE_URL pointing at its store
        snapshot = read_snapshot(session, school_code="SMALL-SCHOOL")
        versions = list_timetables(session, school_code="SMALL-SCHOOL")
        stored = load_timetable(session, school_code="SMALL-SCHOOL")
    assert [v.published for v in versions] == [True]
    problem = problem_from_snapshot(snapshot)
    placements = placements_from_locked(problem, snapshot, stored)
    assert len(placements) == len(problem.lessons)
    report = summarize(validate(problem, Solution(Status.FEASIBLE, tuple(placements))))
    assert report.hard_violations == 0

    with session_scope() as session:  # a school olympiad runs, its tasks kept out of practice
        contest = session.exec(select(Contest)).one()
        assert phase(contest, now_utc()) == RUNNING
        task_ids = session.exec(select(ContestTask.task_id)).all()
        assert len(task_ids) == 3 and all(is_held_back(session, t) for t in task_ids)
        taking_part = session.exec(
            select(UserAccount.login).join(
                ContestParticipant, col(ContestParticipant.user_id) == col(UserAccount.id)
            )
        ).all()
        assert taking_part == ["student"]

    # a second run starts again from an empty store
    assert main(args) == 0
    with session_scope() as session:
        assert len(list_timetables(session, school_code="SMALL-SCHOOL")) == 1
