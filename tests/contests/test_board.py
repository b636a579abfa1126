"""Standings, markers, monitoring and results read from a real store."""

from __future__ import annotations

import io
from datetime import UTC, timedelta

from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import Session

from lms.contests import (
    load_standings,
    monitoring,
    open_task,
    register_student,
    results_pdf,
    results_xlsx,
    task_access,
)
from lms.contests.board import board_marker, earned_by_subtask, subtask_plan
from models.contests import TaskOpening
from models.judge import JUDGED, QUEUED, RUN
from tests.contests.conftest import World, city_contest, submit


def test_icpc_standings_from_the_store(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    a, b = world.tasks["sum-of-two"], world.tasks["divisors"]
    s1, s2, s3 = world.students[0][0], world.students[1][0], world.students[2][0]
    submit(db, contest, s1, a, 3, "WA")
    submit(db, contest, s1, a, 7, "AC")  # 7 + 20
    submit(db, contest, s2, a, 5, "CE")
    submit(db, contest, s2, a, 6, "AC")  # 6
    submit(db, contest, s2, b, 25, "AC")  # 25 -> 2 solved, 31
    submit(db, contest, s3, b, 29, "", status=QUEUED)
    run = submit(db, contest, s3, a, 1, "AC")
    run.purpose = RUN  # "run my code" inside a contest never counts
    db.add(run)
    db.commit()
    s = load_standings(db, contest.id or 0, reveal=False)
    top = [(r.entry.name, r.place, r.solved, r.penalty) for r in s.rows[:2]]
    assert top == [("Мария Иванова", 1, 2, 31), ("Айгерім Сәрсенова", 2, 1, 27)]
    third = next(r for r in s.rows if r.entry.user_id == s3.user_id)
    assert (third.place, third.cells[1].pending, third.cells[0].solved) == (3, 1, False)
    assert [r.place for r in s.rows] == [1, 2, *[3] * 7]
    assert s.meta["phase"] == "running"
    assert s.rows[0].entry.school == "Школа-лицей № 2"


def test_ioi_subtasks_come_from_the_task_folder_and_per_test_points(
    db: Session, world: World
) -> None:
    contest = city_contest(db, world, rules="ioi", freeze=None)
    divisors = world.tasks["divisors"]  # subtasks: 40 points on tests 1-3, 60 on tests 4-6
    assert subtask_plan("tasks/divisors-0/v1") == ((40, (1, 2, 3)), (60, (4, 5, 6)))

    def tests(passed: set[int]) -> list[dict[str, object]]:
        return [{"test": n, "verdict": "AC" if n in passed else "WA",
                 "points": 1.0 if n in passed else 0.0} for n in range(1, 7)]  # fmt: skip

    student = world.students[1][2]
    submit(db, contest, student, divisors, 10, "WA", score=40, tests=tests({1, 2, 3}))
    submit(db, contest, student, divisors, 20, "WA", score=60, tests=tests({4, 5, 6}))
    submit(db, contest, student, divisors, 30, "CE", score=0)
    row = next(r for r in load_standings(db, contest.id or 0, reveal=True).rows
               if r.entry.user_id == student.user_id)  # fmt: skip
    assert (row.place, row.score, row.cells[1].score, row.cells[1].attempts) == (1, 100, 100, 3)
    # what the judge recorded per subtask for the version a run met comes first
    other = world.students[0][2]
    recorded = {"subtasks": [{"subtask": 1, "points": 40, "earned": 40},
                             {"subtask": 2, "points": 60, "earned": 30}]}  # fmt: skip
    submit(db, contest, other, divisors, 11, "WA", score=70, details=recorded)
    second = next(r for r in load_standings(db, contest.id or 0, reveal=True).rows
                  if r.entry.user_id == other.user_id)  # fmt: skip
    assert (second.place, second.score) == (2, 70)
    half = [{"test": n, "points": 0.5} for n in range(1, 7)]
    assert earned_by_subtask(((40, (1, 2, 3)), (60, (4, 5, 6))), half) == (20, 30)


def test_the_marker_moves_with_runs_verdicts_and_participants(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    cid, s1 = contest.id or 0, world.students[0][0]
    first = board_marker(db, cid)
    run = submit(db, contest, s1, world.tasks["divisors"], 4, "", status=QUEUED)
    sent = board_marker(db, cid)
    run.status, run.verdict, run.judged_at = JUDGED, "WA", run.created_at + timedelta(seconds=2)
    db.add(run)
    db.commit()
    judged = board_marker(db, cid)
    assert len({first, sent, judged}) == 3
    assert board_marker(db, cid) == judged  # nothing happened: the same


def test_monitoring_numbers(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    cid = contest.id or 0
    a, b = world.tasks["sum-of-two"], world.tasks["divisors"]
    s1, s2 = world.students[0][0], world.students[0][1]
    opened = open_task(db, task_access(db, s1, cid, "A"), s1.user_id)
    assert opened is not None
    start = contest.starts_at.replace(tzinfo=UTC)
    opened.opened_at = start + timedelta(minutes=5)
    db.add(opened)
    db.add(TaskOpening(contest_id=cid, user_id=s2.user_id, task_id=a,
                       opened_at=start + timedelta(minutes=2)))  # fmt: skip
    db.commit()
    submit(db, contest, s1, a, 20, "WA")
    submit(db, contest, s1, a, 25, "AC")  # 20 minutes after opening
    submit(db, contest, s2, a, 12, "AC")  # 10 minutes after opening
    submit(db, contest, world.students[1][0], b, 40, "TLE")
    submit(db, contest, world.students[1][0], b, 400, "AC")  # upsolving: feed only
    m = monitoring(db, cid)
    task_a, task_b = m.tasks
    assert (task_a.sent, task_a.solvers, task_a.verdicts) == (3, 2, {"WA": 1, "AC": 2})
    assert (task_a.median_minutes, task_a.mean_minutes, task_a.timed) == (15.0, 15.0, 2)
    assert (task_b.sent, task_b.solvers, task_b.verdicts) == (1, 0, {"TLE": 1})
    by_school = {s.school: (s.participants, s.solved, s.total) for s in m.schools}
    assert by_school == {"№ 1 мектеп-гимназия": (3, (2, 0), 2),
                         "Школа-лицей № 2": (3, (0, 0), 0),
                         "Әл-Фараби мектебі": (3, (0, 0), 0)}  # fmt: skip
    newest = m.feed[0]
    assert (newest.name, newest.label, newest.verdict, newest.minute, newest.upsolving) == (
        "Мария Иванова", "B", "AC", 400, True)  # fmt: skip
    assert [f.minute for f in m.feed] == [400, 40, 12, 25, 20]  # newest sent first


def test_results_as_excel_and_pdf_with_kazakh_names(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    s1 = world.students[2][1]
    submit(db, contest, s1, world.tasks["sum-of-two"], 9, "WA")
    submit(db, contest, s1, world.tasks["sum-of-two"], 11, "AC")
    standings = load_standings(db, contest.id or 0, reveal=True)
    book = load_workbook(io.BytesIO(results_xlsx(standings, title=contest.title)))
    rows = list(book.active.iter_rows(values_only=True))  # type: ignore[union-attr]
    assert rows[0][0] == "Қалалық олимпиада"
    assert rows[2][:7] == ("Place", "Name", "School", "A", "B", "Solved", "Penalty")
    assert rows[3][:7] == (1, "Ғалия Мұратқызы", "Әл-Фараби мектебі", "+1 (11)", None, 1, 31)
    pdf = PdfReader(io.BytesIO(results_pdf(standings, title=contest.title)))
    text = "".join(page.extract_text() for page in pdf.pages)
    assert "Ғалия Мұратқызы" in text and "Қалалық олимпиада" in text and "+1 (11)" in text


def test_a_late_student_joins_the_board(db: Session, world: World) -> None:
    contest = city_contest(db, world)
    before = len(load_standings(db, contest.id or 0, reveal=False).rows)
    from models.accounts import STUDENT, UserAccount

    late = UserAccount(school_id=world.schools[2], login="late", name="Жаңа Оқушы",
                       role=STUDENT, password_hash="-")  # fmt: skip
    db.add(late)
    db.commit()
    from lms.contests import Actor

    actor = Actor(late.id or 0, STUDENT, world.schools[2])
    register_student(db, actor, contest.id or 0, actor.user_id)
    db.commit()
    assert len(load_standings(db, contest.id or 0, reveal=False).rows) == before + 1
