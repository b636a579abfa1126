"""ICPC and IOI standings on hand-worked examples (pure functions, no store)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from lms.contests.board import board_dict, cell_dict
from lms.contests.standings import Entry, Rules, Run, compute
from models.judge import FAILED, JUDGED, QUEUED

START = datetime(2026, 12, 5, 10, 0, tzinfo=UTC)
END = START + timedelta(hours=5)
FREEZE = END - timedelta(hours=1)
A, B, C = 1, 2, 3
TASKS = [(A, "A"), (B, "B"), (C, "C")]


def at(minute: float) -> datetime:
    return START + timedelta(minutes=minute)


def entry(n: int, name: str = "", school: str = "Мектеп 1") -> Entry:
    return Entry(n, 100 + n, name or f"Оқушы {n}", school, 1)


class Runs:
    """Numbered runs, in the order they are written."""

    def __init__(self) -> None:
        self.runs: list[Run] = []

    def add(self, who: int, task: int, minute: float, verdict: str, status: str = JUDGED,
            score: float = 0.0, subtasks: tuple[float, ...] = ()) -> None:  # fmt: skip
        self.runs.append(Run(len(self.runs) + 1, 100 + who, task, at(minute), status, verdict,
                             score, subtasks))  # fmt: skip


ICPC_RULES = Rules("icpc", START, END, FREEZE, 20)
IOI_RULES = Rules("ioi", START, END, None, 0)


def test_icpc_penalty_worked_example() -> None:
    # A: TLE 8, WA 23, AC 27 -> 27 + 2*20 = 67; B: CE 42 (free), RE 43, AC 52 -> 52 + 20 = 72;
    # C: TLE 58, never solved -> nothing; A again at 59 after its AC -> ignored. Total 139.
    r = Runs()
    for task, minute, verdict in [
        (A, 8, "TLE"),
        (A, 23, "WA"),
        (A, 27, "AC"),
        (B, 42, "CE"),
        (B, 43, "RE"),
        (B, 52, "AC"),
        (C, 58, "TLE"),
        (A, 59, "WA"),
    ]:
        r.add(1, task, minute, verdict)  # fmt: skip
    s = compute(ICPC_RULES, [entry(1)], TASKS, r.runs, reveal=True, now=END)
    row = s.rows[0]
    assert (row.solved, row.penalty, row.last_minute) == (2, 139, 52)
    a, b, c = row.cells
    assert (a.minute, a.wrong, b.minute, b.wrong, c.solved, c.wrong) == (27, 2, 52, 1, False, 1)
    assert [cell_dict(x, "icpc")["t"] for x in row.cells] == ["+2", "+1", "-1"]


def test_minutes_round_down_and_penalty_minutes_are_the_contests() -> None:
    r = Runs()
    r.add(1, A, 0.99, "WA")
    r.add(1, A, 14.99, "AC")  # minute 14, not 15
    rules = Rules("icpc", START, END, None, 10)
    row = compute(rules, [entry(1)], TASKS, r.runs, reveal=True, now=END).rows[0]
    assert row.penalty == 14 + 10


def test_compile_errors_and_internal_errors_and_failed_jobs_cost_nothing() -> None:
    r = Runs()
    r.add(1, A, 5, "CE")
    r.add(1, A, 6, "IE")
    r.add(1, A, 7, "", status=FAILED)
    r.add(1, A, 9, "AC")
    row = compute(ICPC_RULES, [entry(1)], TASKS, r.runs, reveal=True, now=END).rows[0]
    assert (row.solved, row.penalty, row.cells[0].wrong) == (1, 9, 0)


def test_ties_break_by_the_last_accepted_run_then_share_the_place() -> None:
    r = Runs()
    # 1: A at 10, B at 50 -> 60, last 50.  2: A at 30, B at 30 -> 60, last 30 (ahead of 1).
    # 3: A at 30, B at 30 -> exactly as 2: shares 2's place.  4: one task -> behind.
    for who, task, minute in [
        (1, A, 10),
        (1, B, 50),
        (2, A, 30),
        (2, B, 30),
        (3, B, 30),
        (3, A, 30),
        (4, C, 1),
    ]:
        r.add(who, task, minute, "AC")  # fmt: skip
    entries = [entry(1), entry(2, "Бота"), entry(3, "Айдана"), entry(4)]
    s = compute(ICPC_RULES, entries, TASKS, r.runs, reveal=True, now=END)
    assert [(row.entry.participant_id, row.place) for row in s.rows] == [
        (3, 1),
        (2, 1),
        (1, 3),
        (4, 4),
    ]  # tied rows listed by name
    assert [row.penalty for row in s.rows] == [60, 60, 60, 1]


def test_first_to_solve_is_marked() -> None:
    r = Runs()
    r.add(1, A, 12, "AC")
    r.add(2, A, 11, "AC")
    s = compute(ICPC_RULES, [entry(1), entry(2)], TASKS, r.runs, reveal=True, now=END)
    first = {row.entry.participant_id: row.cells[0].first for row in s.rows}
    assert first == {1: False, 2: True}
    assert cell_dict(s.rows[0].cells[0], "icpc")["k"] == "first"


def test_freeze_hides_later_runs_from_everyone_but_the_organiser_until_the_end() -> None:
    r = Runs()
    r.add(1, A, 30, "AC")
    r.add(1, B, 250, "WA")  # after the freeze (minute 240)
    r.add(1, B, 260, "AC")
    r.add(2, C, 245, "AC")
    entries = [entry(1), entry(2)]
    during = END - timedelta(minutes=10)
    public = compute(ICPC_RULES, entries, TASKS, r.runs, reveal=False, now=during)
    full = compute(ICPC_RULES, entries, TASKS, r.runs, reveal=True, now=during)
    after = compute(ICPC_RULES, entries, TASKS, r.runs, reveal=False, now=END)
    assert public.frozen and not full.frozen and not after.frozen
    one = {row.entry.participant_id: row for row in public.rows}
    assert (one[1].solved, one[1].penalty, one[1].cells[1].pending) == (1, 30, 2)
    assert cell_dict(one[1].cells[1], "icpc") == {"t": "?2", "u": "", "k": "pending"}
    assert (one[2].solved, one[2].cells[2].pending) == (0, 1)
    revealed = {row.entry.participant_id: row for row in full.rows}
    assert (revealed[1].solved, revealed[1].penalty) == (2, 30 + 260 + 20)
    assert [(row.entry.participant_id, row.solved) for row in after.rows] == [(1, 2), (2, 1)]


def test_a_run_not_judged_yet_makes_the_rest_pending() -> None:
    r = Runs()
    r.add(1, A, 5, "", status=QUEUED)
    r.add(1, A, 6, "AC")  # may come after an accepted run: unknown until the first is judged
    row = compute(ICPC_RULES, [entry(1)], TASKS, r.runs, reveal=True, now=END).rows[0]
    assert (row.solved, row.cells[0].pending) == (0, 2)


def test_upsolving_and_runs_before_the_start_stay_outside() -> None:
    r = Runs()
    r.add(1, A, -5, "AC")
    r.add(1, A, 300, "AC")  # exactly at the end: upsolving
    r.add(1, B, 299.9, "AC")
    row = compute(ICPC_RULES, [entry(1)], TASKS, r.runs, reveal=True, now=END).rows[0]
    assert (row.solved, row.penalty, row.cells[0].solved) == (1, 299, False)


def test_participants_without_runs_are_listed_with_nothing() -> None:
    s = compute(ICPC_RULES, [entry(1), entry(2)], TASKS, [], reveal=False, now=START)
    assert [row.place for row in s.rows] == [1, 1]
    assert all(c == cell_dict(s.rows[0].cells[0], "icpc") for c in [{"t": "", "u": "",
                                                                     "k": "none"}])  # fmt: skip


def test_ioi_best_score_per_subtask_summed_across_runs() -> None:
    r = Runs()
    # task A has subtasks 40 + 60: run 1 earns the first, run 2 the second -> 100
    r.add(1, A, 10, "WA", score=40, subtasks=(40, 0))
    r.add(1, A, 20, "WA", score=60, subtasks=(0, 60))
    # task B without subtasks: the best whole score
    r.add(1, B, 30, "WA", score=35)
    r.add(1, B, 40, "WA", score=20)
    # participant 2: 75 on A in one run
    r.add(2, A, 15, "WA", score=75, subtasks=(40, 35))
    s = compute(IOI_RULES, [entry(1), entry(2)], TASKS, r.runs, reveal=True, now=END)
    one, two = s.rows
    assert one.entry.participant_id == 1
    assert [c.score for c in one.cells] == [100, 35, None]
    assert (one.score, one.place, two.score, two.place) == (135, 1, 75, 2)
    assert one.cells[0].solved and one.cells[0].attempts == 2
    assert [cell_dict(c, "ioi")["t"] for c in one.cells] == ["100", "35", ""]


def test_ioi_ties_share_the_place_and_pending_runs_show() -> None:
    r = Runs()
    r.add(1, A, 10, "WA", score=50)
    r.add(2, B, 10, "WA", score=50)
    r.add(3, C, 10, "", status=QUEUED)
    s = compute(IOI_RULES, [entry(1), entry(2), entry(3)], TASKS, r.runs, reveal=True, now=END)
    assert [(row.entry.participant_id, row.place) for row in s.rows] == [(1, 1), (2, 1), (3, 3)]
    assert cell_dict(s.rows[2].cells[2], "ioi") == {"t": "?1", "u": "", "k": "pending"}


def test_board_json_carries_names_and_schools_only() -> None:
    r = Runs()
    r.add(1, A, 3, "AC")
    s = compute(ICPC_RULES, [entry(1, "Айгерім Сәрсенова", "№ 5 мектеп")], TASKS, r.runs,
                reveal=False, now=START + timedelta(minutes=5))  # fmt: skip
    row = board_dict(s)["rows"][0]
    assert row["cells"] == [{"t": "+", "u": "3", "k": "first"}, None, None]  # untouched: null
    assert set(row) == {"place", "id", "name", "school", "solved", "penalty", "score", "cells"}
    assert (row["name"], row["school"], row["id"]) == ("Айгерім Сәрсенова", "№ 5 мектеп", 1)
