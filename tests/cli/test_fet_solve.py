"""`sabaq solve X.fet -o Y.fet`: a complete timetable, and FET itself confirms it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from bench.benchdata import benchdata_file
from importers.fet import fet_times_from_solution, load_fet
from importers.fet.fetcl import run_fet_cl
from importers.solution_json import read_solution
from web.cli import main


def last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def fet_file(name: str) -> Path:
    path = benchdata_file("fet", name)
    if path is None:
        pytest.skip(f"benchdata fet/{name} is absent")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Horario_ISJ.fet", "Brazil.fet", "school.fet"])
def test_solve_a_fet_file_and_fet_confirms_it(name: str, tmp_path: Path, capsys) -> None:
    source = fet_file(name)
    locked, solution = tmp_path / f"locked-{name}", tmp_path / "t.json"
    args = ["solve", str(source), "--time-limit", "60", "--seed", "1", "--json"]
    code = main([*args, "-o", str(locked), "-o", str(solution)])
    summary = last_json(capsys.readouterr().out)
    assert code == 0, summary
    assert summary["placed"] == summary["lessons"] > 0
    assert summary["hard_violations"] == 0
    assert summary["soft_cost"] == summary["objective"]
    assert summary["source_format"] == "fet"
    assert isinstance(summary["unsupported_conditions"], dict)

    code = main(["check", str(source), str(solution), "--json"])
    assert code == 0
    assert last_json(capsys.readouterr().out)["soft_cost"] == summary["soft_cost"]

    if shutil.which("fet-cl") is None:
        pytest.skip("fet-cl is not installed (Debian package `fet`)")
    loaded = load_fet(source)
    ours = fet_times_from_solution(loaded, read_solution(solution, loaded.problem))
    confirm = run_fet_cl(locked, tmp_path / "confirm", time_limit=20, seed=1)
    assert confirm.complete, confirm.log[-2000:]
    assert confirm.times == ours


def test_unknown_output_type_for_a_fet_input_is_refused(tmp_path: Path, capsys) -> None:
    source = fet_file("Horario_ISJ.fet")
    code = main(["solve", str(source), "-o", str(tmp_path / "t.docx")])
    assert code == 2
    assert "t.docx: unknown output type" in capsys.readouterr().err
