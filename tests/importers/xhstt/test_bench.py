"""bench.xhstt on the two smallest benchdata instances (skipped without benchdata)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bench import xhstt
from bench.benchdata import benchdata_file


def test_benchmark_table_for_small_instances(tmp_path: Path) -> None:
    if benchdata_file("xhstt", "xhstt2014", "ArtificialSudoku4x4.xml") is None:
        pytest.skip("benchdata is absent")
    out = tmp_path / "x.md"
    code = xhstt.main(
        [
            "--only",
            "Sudoku",
            "--only",
            "Denmark",
            "--time-limit",
            "5",
            "--workers",
            "2",
            "--markdown",
            str(out),
        ]
    )
    assert code == 0
    rows = [
        r
        for r in out.read_text(encoding="utf-8").splitlines()
        if r.startswith("| Art") or r.startswith("| Den")
    ]
    assert len(rows) == 2
    for row in rows:
        cells = [c.strip() for c in row.split("|")]
        assert cells[4] == "yes"  # exact translation
        assert cells[6] == "(0, 0)" and cells[7] == "0"  # our cost and proven bound
        assert cells[-2] == "met: zero infeasibility"


def test_verdicts_follow_the_targets() -> None:
    row = xhstt.Row(
        "BrazilInstance1.xml", "B1", 75, True, 0, "optimal", (0, 41), 41, None, 10.0, 0.1, 100.0
    )
    assert xhstt.verdict(row) == "met: optimum proven"
    unproven = xhstt.Row(
        "BrazilInstance1.xml", "B1", 75, True, 0, "feasible", (0, 41), 30, None, 10.0, 0.1, 100.0
    )
    assert xhstt.verdict(unproven).startswith("MISSED")
    other = xhstt.Row(
        "BrazilInstance3.xml",
        "B3",
        200,
        True,
        0,
        "feasible",
        (0, 49),
        10,
        (0, 24, "Lectio"),
        10.0,
        0.1,
        100.0,
    )
    assert xhstt.verdict(other) == "MISSED: more than 2x best-known"
    assert xhstt.verdict(replace(other, ours=(0, 48))) == "met: within 2x"
