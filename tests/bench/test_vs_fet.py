"""bench.vs_fet: medians, ratios, targets and tables from made-up runs; the JSON and summary
parsing; and one real FET-side run when fet-cl and benchdata are here."""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import pytest

from bench.benchdata import benchdata_file
from bench.vs_fet import _last_json, fet_attempt, soft_by_type
from bench.vs_fet_report import Attempt, by_file, markdown, median_first, median_soft, targets


def run(
    solver: str,
    first: float | None,
    *,
    file: str = "a.fet",
    seed: int = 1,
    soft: dict[str, int] | None = None,
    confirmed: bool | None = None,
    peak: float = 20.0,
) -> Attempt:
    return Attempt(
        file=file,
        solver=solver,
        seed=seed,
        complete=first is not None,
        wall_s=first if first is not None else 300.0,
        first_s=first,
        placed=10 if first is not None else 9,
        total=10,
        peak_mb=peak,
        status="feasible" if first is not None else "unknown",
        hard=0 if first is not None else None,
        soft=soft or {},
        confirmed=confirmed,
    )


def test_median_counts_incomplete_runs_as_endless() -> None:
    assert median_first([run("fet", 1.0), run("fet", 3.0), run("fet", 2.0)]) == 2.0
    assert median_first([run("fet", 1.0), run("fet", None), run("fet", 5.0)]) == 5.0
    assert median_first([run("fet", 1.0), run("fet", None), run("fet", None)]) == math.inf
    assert median_first([]) is None


def test_ratio_only_where_both_medians_are_finite() -> None:
    attempts = [
        run("fet", 2.0), run("ours", 1.0), run("fet", 4.0, seed=2), run("ours", 3.0, seed=2),
        run("fet", None, file="b.fet"), run("ours", 9.0, file="b.fet"),
    ]  # fmt: skip
    a, b = by_file(attempts)
    assert (a.file, a.fet_median, a.ours_median, a.ratio) == ("a.fet", 3.0, 2.0, 2.0 / 3.0)
    assert b.fet_median == math.inf and b.ratio is None


def test_soft_counts_are_medians_over_complete_runs() -> None:
    attempts = [
        run("ours", 1.0, soft={"Limit": 4, "MinDaysApart": 1}),
        run("ours", 1.0, soft={"Limit": 2}),
        run("ours", 1.0, soft={"Limit": 6, "MinDaysApart": 3}),
        run("ours", None, soft={"Limit": 100}),  # not complete: left out
    ]
    assert median_soft(attempts) == {"Limit": 4, "MinDaysApart": 1}


def test_targets_say_met_and_missed() -> None:
    attempts = [
        run("fet", 1.0, file="quick.fet"),
        run("ours", 3.0, file="quick.fet", confirmed=True),
        run("fet", 100.0, file="slow.fet"),
        run("ours", 10.0, file="slow.fet", confirmed=False),
        run("fet", None, file="Lycee-Goulmima.fet"),
        run("ours", None, file="Lycee-Goulmima.fet", peak=5000.0),
    ]
    lines = "\n".join(targets(by_file(attempts)))
    # ratios 3.0 and 0.1: median 1.55
    assert "ours/FET: 1.55 (target ≤ 1.0): MISSED" in lines
    assert "Files FET completes that we complete too: 2/2." in lines
    assert "under 2 s: 0/1; MISSED: quick.fet." in lines
    assert "fet-cl confirms: 1/2; MISSED: slow.fet." in lines
    assert "Lycee-Goulmima.fet completed by us: MISSED (0/1)" in lines
    assert "Our peak memory ≤ 4 GB: MISSED (largest 5000 MB)" in lines


def test_markdown_has_one_row_per_file_and_per_run() -> None:
    attempts = [
        run("fet", 0.5, soft={"Limit": 2}),
        run("ours", 0.25, soft={"teacher_gaps": 1}, confirmed=True),
        run("fet", None, file="b.fet"),
        run("ours", 7.0, file="b.fet", confirmed=True),
    ]
    text = markdown(attempts, 300, "python -m bench.vs_fet", "here")
    rows = [line for line in text.splitlines() if line.startswith("| a.fet |")]
    assert rows[0].split(" | ")[1:9] == [
        "10", "1/1", "0.50", "1/1", "0.25", "0.50", "Limit 2", "teacher_gaps 1",
    ]  # fmt: skip
    assert len(rows) == 3  # the file row and two run rows
    b_row = next(line for line in text.splitlines() if line.startswith("| b.fet | 10 |"))
    assert "| 0/1 | > 300 |" in b_row
    assert "- a.fet: none" in text


def test_unsupported_kinds_are_listed_per_file() -> None:
    ours = run("ours", 1.0)
    ours.unsupported = {"ConstraintActivitiesOccupyMaxDifferentRooms": 4}
    text = markdown([run("fet", 1.0), ours], 300, "cmd", "here")
    assert "- a.fet: ConstraintActivitiesOccupyMaxDifferentRooms ×4" in text


def test_summary_parsing() -> None:
    summary = {
        "condition_violations": {"Limit": 3, "SameStart": 0},
        "cost_by_rule": {"building_change": 5, "same_subject_day": 4, "condition_cost": 9},
        "teacher_gaps": 38,  # counted, but without weight in this problem: not a violation
        "class_gaps": 0,
        "building_changes": 1,
    }
    assert soft_by_type(summary) == {
        "Limit": 3,
        "building_changes": 1,
        "same_subject_day (cost)": 4,
    }
    assert _last_json('progress\n{"status": "feasible"}\n') == {"status": "feasible"}
    assert _last_json("Traceback ...\nTypeError: boom\n") is None
    assert _last_json("") is None


def test_fet_side_on_a_quick_file(tmp_path: Path) -> None:
    source = benchdata_file("fet", "Horario_ISJ.fet")
    if source is None or shutil.which("fet-cl") is None:
        pytest.skip("needs benchdata and fet-cl")
    attempt = fet_attempt(source, 3, 30, tmp_path, loaded=None)
    assert attempt.complete and attempt.placed == attempt.total == 116
    assert attempt.first_s == attempt.wall_s < 10
    assert attempt.hard is None  # no reading of ours given: no counts
