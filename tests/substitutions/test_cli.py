from __future__ import annotations

import json

import pytest

from tests.web.conftest import DemoStore
from web.cli import main

Demo = tuple[DemoStore, int]


def test_substitute_json_reports_the_plan_as_the_validator_counts_it(
    demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["substitute", "--date", "2026-09-08", "--absent", "T001", "Морозов Олег", "T040", "--json"]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    summary = json.loads(out[-1])
    for field in (
        "lessons_affected",
        "covered",
        "uncovered",
        "double_bookings",
        "seconds",
        "covers",
    ):
        assert field in summary
    assert summary["lessons_affected"] > 0
    assert summary["covered"] + summary["uncovered"] == summary["lessons_affected"]
    assert summary["double_bookings"] == 0 and summary["violations"] == 0
    assert sum(c["today"] for c in summary["covers"].values()) == summary["covered"] - summary[
        "actions"
    ].get("merge", 0) - summary["actions"].get("move", 0) - summary["actions"].get("room", 0)
    assert out[0].startswith("Cover plan for 2026-09-08")
    assert len(out) == 2 + summary["lessons_affected"]  # headline, a line per lesson, JSON


def test_absence_commands_add_list_remove(demo: Demo, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["absence", "add", "Морозов Олег", "--from", "2026-09-21", "--periods", "1-3",
                 "--reason", "course"]) == 0  # fmt: skip
    added = capsys.readouterr().out
    assert "teacher T002, 2026-09-21..2026-09-21, periods 1,2,3" in added
    ident = int(added.split()[1].rstrip(":"))
    assert main(["absence", "list", "--date", "2026-09-21"]) == 0
    assert "Морозов Олег" in capsys.readouterr().out
    assert main(["substitute", "--date", "2026-09-21"]) == 0  # the stored absence
    assert "lessons affected" in capsys.readouterr().out
    assert main(["absence", "remove", str(ident)]) == 0
    assert main(["absence", "list", "--date", "2026-09-21"]) == 0
    assert "No absences." in capsys.readouterr().out


def test_unknown_teacher_is_bad_input_with_a_suggestion(
    demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["substitute", "--date", "2026-09-08", "--absent", "Морозв Олег"]) == 2
    assert "Did you mean Морозов Олег?" in capsys.readouterr().err


def test_an_absence_of_one_shift_from_the_command_line(
    demo: Demo, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["absence", "add", "T040", "--from", "2026-09-22", "--periods", "1-2",
                 "--shift", "2"]) == 0  # fmt: skip
    assert "periods 1,2 of shift 2" in capsys.readouterr().out
    assert main(["absence", "list", "--date", "2026-09-22"]) == 0
    assert "periods 1,2/2" in capsys.readouterr().out
    assert main(["absence", "add", "T040", "--from", "2026-09-22", "--shift", "9"]) == 2
    assert "The school has no shift “9” (shifts: 1, 2)." in capsys.readouterr().err
