from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings

from importers.excel import read_workbook, write_workbook
from importers.excel.layout import DATA_SHEETS, FIRST_DATA_ROW
from models.snapshot import SchoolSnapshot
from tests.importers.snapshots import small_school, snapshots


def test_small_school_round_trips(tmp_path: Path) -> None:
    s = small_school()
    write_workbook(tmp_path / "s.xlsx", s)
    assert read_workbook(tmp_path / "s.xlsx") == s


@pytest.mark.parametrize("order", [("en", "ru", "kk"), ("ru", "kk", "en")])
def test_round_trip_in_any_language_order(tmp_path: Path, order: tuple[str, ...]) -> None:
    s = small_school()
    write_workbook(tmp_path / "s.xlsx", s, lang_order=order)
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx")["Teachers"]
    assert ws["A1"].value.startswith({"en": "Teacher", "ru": "Код", "kk": "Мұғалім"}[order[0]])
    assert read_workbook(tmp_path / "s.xlsx") == s


def test_bad_lang_order_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        write_workbook(tmp_path / "s.xlsx", small_school(), lang_order=("en", "en", "kk"))


@pytest.mark.slow
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(snapshots())
def test_any_school_round_trips(s: SchoolSnapshot) -> None:
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "s.xlsx"
        write_workbook(path, s)
        assert read_workbook(path) == s


def test_layout_is_friendly(tmp_path: Path) -> None:
    write_workbook(tmp_path / "s.xlsx", small_school())
    wb = openpyxl.load_workbook(tmp_path / "s.xlsx")
    assert wb.sheetnames[0] == "Instructions"
    assert wb["Lists"].sheet_state == "hidden"
    for spec in DATA_SHEETS:
        ws = wb[spec.name]
        assert ws.freeze_panes is not None and ws.freeze_panes.endswith(str(FIRST_DATA_ROW))
        assert ws.column_dimensions["A"].width >= 8
    lessons = wb["Lessons"]
    formulas = {dv.formula1 for dv in lessons.data_validations.dataValidation}
    assert any(f.startswith("Teachers!") for f in formulas)
    assert any(f.startswith("Subjects!") for f in formulas)
    assert any(f.startswith("Rooms!") for f in formulas)
    assert any(f.startswith("Lists!") for f in formulas)  # room kinds
    classes = {dv.formula1 for dv in wb["Classes"].data_validations.dataValidation}
    assert any(f.startswith("Lists!") for f in classes)  # shifts
    assert lessons["B4"].value == "7Ә"  # Unicode codes survive
    assert wb["Teachers"]["B4"].value == "Әсел Нұрова"


def test_blank_template_has_instructions_in_three_languages(tmp_path: Path) -> None:
    write_workbook(tmp_path / "t.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "t.xlsx")
    text = " ".join(str(c.value) for row in wb["Instructions"].iter_rows() for c in row if c.value)
    assert "Деректерді 4-жолдан" in text and "Данные вводите" in text and "Enter data" in text
    assert "7A/kz" in text
    settings_keys = [wb["Settings"].cell(r, 1).value for r in range(FIRST_DATA_ROW, 20)]
    assert "class_no_gaps" in settings_keys and "weight.teacher_gap" in settings_keys
    grid = [c.value for c in wb["Availability"][3]]
    assert "Mon·1·1" in grid and "Sat·2·7" in grid
    for spec in DATA_SHEETS:
        assert [wb[spec.name].cell(r, 1).value is not None for r in (1, 2, 3)] == [True] * 3


def test_formula_like_text_stays_text(tmp_path: Path) -> None:
    from dataclasses import replace

    s = small_school()
    s = replace(s, school=replace(s.school, name="=SUM(A1)"))
    write_workbook(tmp_path / "s.xlsx", s)
    assert read_workbook(tmp_path / "s.xlsx").school.name == "=SUM(A1)"
