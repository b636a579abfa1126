"""The `sabaq` timetable commands end to end: solve, check, template, import, exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from icalendar import Calendar
from sqlalchemy import MetaData, create_engine, func, select

from web.cli import main

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SMALL = EXAMPLES / "small-school.xlsx"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh SQLite store for commands that write (import, demo)."""
    from models.db import dispose_engines
    from models.settings import get_settings

    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    dispose_engines()
    get_settings.cache_clear()


def last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def test_solve_writes_every_output_and_check_agrees(tmp_path: Path, capsys) -> None:
    outs = [tmp_path / "t.json", tmp_path / "t.xlsx", tmp_path / "t.ics"]
    args = ["solve", str(SMALL), "--time-limit", "20", "--seed", "3", "--json"]
    code = main(args + [x for out in outs for x in ("-o", str(out))])
    summary = last_json(capsys.readouterr().out)
    assert code == 0
    assert summary["status"] in ("optimal", "feasible")
    assert summary["hard_violations"] == 0
    assert summary["placed"] == summary["lessons"] > 0
    assert summary["soft_cost"] == summary["objective"]  # validator recounts the solver's cost
    for key in ("seconds", "seconds_to_first", "teacher_gaps", "class_gaps", "building_changes"):
        assert key in summary
    assert all(out.exists() for out in outs)
    assert list((tmp_path / "t-calendars").glob("teacher-*.ics"))
    Calendar.from_ical((tmp_path / "t.ics").read_bytes())
    assert len(openpyxl.load_workbook(outs[1]).sheetnames) > 3

    code = main(["check", str(SMALL), str(outs[0]), "--json"])
    checked = last_json(capsys.readouterr().out)
    assert code == 0
    assert checked["hard_violations"] == 0
    assert checked["soft_cost"] == summary["soft_cost"]


def test_check_finds_a_broken_solution(tmp_path: Path, capsys) -> None:
    out = tmp_path / "t.json"
    assert main(["solve", str(SMALL), "--time-limit", "10", "-o", str(out)]) == 0
    data = json.loads(out.read_text(encoding="utf-8"))
    first, second = data["placements"][0], data["placements"][1]
    second.update(day=first["day"], period_id=first["period_id"], room=first["room"])
    data["placements"] = data["placements"][1:]  # and one lesson lost
    out.write_text(json.dumps(data), encoding="utf-8")
    capsys.readouterr()
    assert main(["check", str(SMALL), str(out), "--json"]) == 1
    checked = last_json(capsys.readouterr().out)
    assert checked["hard_violations"] >= 1
    rules = {v["rule"] for v in checked["violations"] if v["hard"]}
    assert "placed" in rules


def test_unsupported_or_missing_input_is_bad_input(tmp_path: Path, capsys) -> None:
    junk = tmp_path / "junk.xlsx"
    junk.write_text("not a workbook", encoding="utf-8")
    assert main(["solve", str(junk)]) == 2
    assert main(["solve", str(SMALL), "-o", str(tmp_path / "t.docx")]) == 2
    assert main(["solve", str(tmp_path / "missing.xlsx")]) == 2
    err = capsys.readouterr().err
    assert "junk.xlsx" in err and "no such file" in err
    assert "t.docx: unknown output type" in err


def test_template_is_a_workbook_with_every_sheet(tmp_path: Path, capsys) -> None:
    out = tmp_path / "blank.xlsx"
    assert main(["template", str(out)]) == 0
    names = openpyxl.load_workbook(out).sheetnames
    for sheet in ("Instructions", "Teachers", "Lessons", "Bells", "Rooms", "Travel"):
        assert sheet in names


# ---- a dozen deliberate mistakes: a dozen precise messages, exit 2, an unchanged store ----

MISTAKES = [  # (sheet, cell, bad value, words the message must contain)
    ("School", "B4", None, "School!B4"),
    ("Travel", "C4", -5, "Travel!C4"),
    ("Rooms", "C4", "NOPE", "Rooms!C4"),
    ("Rooms", "D5", "thirty", "Rooms!D5"),
    ("Classes", "C4", "3", "Classes!C4"),
    ("Classes", "D5", -1, "Classes!D5"),
    ("Subgroups", "A4", "99Z", "Subgroups!A4"),
    ("Bells", "C5", "8:7x", "Bells!C5"),
    ("Lessons", "C4", "MATHS", "Lessons!C4"),
    ("Lessons", "D5", "T01", "Lessons!D5"),
    ("Lessons", "E6", -3, "Lessons!E6"),
]


def workbook_with_mistakes(tmp_path: Path) -> Path:
    path = tmp_path / "bad.xlsx"
    shutil.copy(SMALL, path)
    wb = openpyxl.load_workbook(path)
    for sheet, cell, value, _ in MISTAKES:
        wb[sheet][cell] = value
    teachers = wb["Teachers"]  # the twelfth: a teacher entered twice
    teachers.append([c.value for c in teachers[4]])
    wb.save(path)
    return path


def row_counts(url: str) -> dict[str, int]:
    engine = create_engine(url)
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as conn:
        counts = {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in meta.sorted_tables
        }
    engine.dispose()
    return counts


def test_a_dozen_mistakes_get_a_dozen_messages_and_nothing_is_written(
    tmp_path: Path, store: str, capsys
) -> None:
    assert main(["import", str(SMALL)]) == 0
    before = row_counts(store)
    assert before["school"] == 1
    capsys.readouterr()

    assert main(["import", str(workbook_with_mistakes(tmp_path))]) == 2
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith("  - ")]
    for _, _, _, where in MISTAKES:
        assert any(f"- {where}: " in line for line in lines), f"no message for {where}:\n{err}"
    assert any("'T001' is used twice" in line for line in lines)
    assert "Lessons!D5: unknown teacher 'T01' — did you mean" in err
    # precise: one message per mistake, plus the one true knock-on (a lesson of the class
    # whose subgroup row now names class 99Z refers to a subgroup that no longer exists)
    assert len(lines) == len(MISTAKES) + 1 + 1, err
    assert row_counts(store) == before


def test_reimport_makes_a_new_version_and_dry_run_writes_nothing(store: str, capsys) -> None:
    assert main(["import", str(SMALL)]) == 0
    first = row_counts(store)
    assert main(["import", str(SMALL), "--dry-run"]) == 0
    assert row_counts(store) == first
    assert "Dry run" in capsys.readouterr().out
    assert main(["import", str(SMALL)]) == 0
    assert "data version 2" in capsys.readouterr().out


def test_impossible_data_is_explained_with_exit_1(tmp_path: Path, capsys) -> None:
    path = tmp_path / "impossible.xlsx"
    shutil.copy(EXAMPLES / "tiny-school.xlsx", path)
    wb = openpyxl.load_workbook(path)
    wb["Classes"]["F4"] = 1  # 5А may have one lesson a day, but needs far more a week
    wb.save(path)
    assert main(["solve", str(path), "--json", "--time-limit", "10"]) == 1
    captured = capsys.readouterr()
    summary = last_json(captured.out)
    assert summary["status"] == "infeasible"
    assert summary["placed"] == 0
    assert any("5А" in line for line in summary["explanation"]), summary["explanation"]
    assert "5А" in captured.err
