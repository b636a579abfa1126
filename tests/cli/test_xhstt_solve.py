"""`sabaq solve` and `sabaq check` on an XHSTT archive report the XHSTT cost beside ours."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.benchdata import benchdata_file
from importers.xhstt import evaluate_file
from web.cli import main


def last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


@pytest.mark.slow
def test_brazil_instance_solved_written_and_priced_alike(tmp_path: Path, capsys) -> None:
    source = benchdata_file("xhstt", "xhstt2014", "BrazilInstance1.xml")
    if source is None:
        pytest.skip("benchdata xhstt is absent")
    ours, group = tmp_path / "t.json", tmp_path / "t.xml"
    args = ["solve", str(source), "--time-limit", "10", "--seed", "1", "--json"]
    assert main([*args, "-o", str(ours), "-o", str(group)]) == 0
    summary = last_json(capsys.readouterr().out)
    native = summary["native_cost"]
    assert summary["source_format"] == "xhstt"
    assert native["infeasibility"] == 0
    # Our objective is the XHSTT objective for the Brazil instances (no constant offset).
    assert native["objective"] == summary["soft_cost"] == summary["objective"]
    (written,) = evaluate_file(group)
    assert (written[2].infeasibility, written[2].objective) == (0, native["objective"])

    assert main(["check", str(source), str(ours), "--json"]) == 0
    checked = last_json(capsys.readouterr().out)
    assert checked["native_cost"] == native
