"""The harness: a child process reports a run; the page states every target, met or missed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.run import Run, markdown, run_child, table, verdicts

TINY = str(Path(__file__).resolve().parents[2] / "examples" / "tiny-school.xlsx")


def _run(name: str, instance: str, limit: float, **result: object) -> Run:
    base = {"status": "feasible", "classes": 27, "lessons": 858, "periods": 900}
    return Run(name, instance, limit, {**base, **result}, peak_mb=300.0, wall_s=limit)


def test_verdicts_report_met_and_missed_targets_with_their_numbers() -> None:
    demo = _run("demo school", "x.xlsx", 60, seconds_to_first=3.2, cost=105)
    long = _run("demo school", "x.xlsx", 600, seconds_to_first=3.0, cost=100)
    big = _run("generated 100 classes, 4 buildings", "gen:100:4:1", 60, seconds_to_first=41.0)
    lines = verdicts([demo, big], long)
    assert any("≤ 5 s: met (first at 3.2 s)" in x for x in lines)
    assert any("gap 5.0%" in x and ": met" in x for x in lines)
    assert any("≤ 30 s: MISSED (first at 41.0 s)" in x for x in lines)
    assert any("Peak memory ≤ 2 GB: met (300 MB)" in x for x in lines)


def test_a_run_without_a_timetable_misses_the_targets() -> None:
    demo = _run("demo school", "x.xlsx", 60, status="unknown", seconds_to_first=None, cost=None)
    lines = verdicts([demo], None)
    assert "MISSED" in lines[0] and "–" in lines[0]


def test_markdown_has_the_command_and_a_row_per_run() -> None:
    runs = [_run("demo school", "x.xlsx", 60, seconds_to_first=1.0, cost=10, bound=4.0)]
    page = markdown(runs, None, "python -m bench.run --time-limit 60")
    assert "python -m bench.run --time-limit 60" in page
    assert table(runs)[-1].startswith("| demo school | 27 |")
    assert table(runs)[-1] in page
    assert "## Instances" in page and "| generated 100 classes, 4 buildings, tight |" in page


@pytest.mark.slow
def test_a_child_process_solves_and_reports_peak_memory() -> None:
    run = run_child("tiny", TINY, time_limit=5, seed=1, workers=1)
    assert run.result["classes"] == 3
    assert run.result["status"] in ("optimal", "feasible", "unknown")
    if run.result["complete"]:
        assert run.result["hard_violations"] == 0
        assert run.result["seconds_to_first"] <= 5
    assert 20 < run.peak_mb < 2048


def test_the_plain_baseline_finds_a_week_for_a_small_school_and_not_for_an_impossible_one() -> None:
    from dataclasses import replace

    from bench.baseline import solve_plain
    from examples.demo_school import small_planted
    from solver.store import problem_from_snapshot

    snapshot, _ = small_planted("small-school")
    assert solve_plain(problem_from_snapshot(snapshot), 20, workers=1)["status"] in (
        "optimal",
        "feasible",
    )
    # one class with more lessons than its week has periods: no week exists
    first = snapshot.lessons[0]
    bigger = replace(first, periods_per_week=first.periods_per_week + 40)
    impossible = replace(snapshot, lessons=(bigger, *snapshot.lessons[1:]))
    assert solve_plain(problem_from_snapshot(impossible), 20, workers=1)["status"] == "infeasible"
