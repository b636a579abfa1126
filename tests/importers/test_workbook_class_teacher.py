"""The Classes sheet's class-teacher column: written, read back, and checked against Teachers."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from importers.excel import WorkbookError, read_workbook, write_workbook
from importers.excel.layout import CLASSES
from tests.importers.snapshots import small_school


def _written(tmp_path: Path) -> Path:
    path = tmp_path / "school.xlsx"
    write_workbook(path, small_school())
    return path


def _column() -> str:
    return CLASSES.letter("class_teacher")


def test_the_column_is_headed_in_three_languages_and_read_back(tmp_path: Path) -> None:
    path = _written(tmp_path)
    ws = openpyxl.load_workbook(path)["Classes"]
    letter = _column()
    heads = [ws[f"{letter}{row}"].value for row in (1, 2, 3)]
    assert heads == ["Сынып жетекшісі", "Классный руководитель", "Class teacher"]
    assert [ws[f"{letter}{row}"].value for row in (4, 5, 6)] == ["T-14", "T-3", None]
    leads = {c.code: c.class_teacher for c in read_workbook(path).classes}
    assert leads == {"7Ә": "T-14", "7Б": "T-3", "2А": None}


def test_a_class_teacher_typed_in_by_the_school_is_read(tmp_path: Path) -> None:
    path = _written(tmp_path)
    wb = openpyxl.load_workbook(path)
    wb["Classes"][f"{_column()}6"] = "T-2"
    wb.save(path)
    assert {c.code: c.class_teacher for c in read_workbook(path).classes}["2А"] == "T-2"


def test_an_unknown_class_teacher_names_its_cell_and_what_to_write(tmp_path: Path) -> None:
    path = _written(tmp_path)
    wb = openpyxl.load_workbook(path)
    letter = _column()
    wb["Classes"][f"{letter}5"] = "T-33"  # close to T-3
    wb["Classes"][f"{letter}6"] = "Директор"  # no teacher like that at all
    wb.save(path)
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    problems = info.value.problems
    assert [(p.sheet, p.row, p.column, p.code) for p in problems] == [
        ("Classes", 5, letter, "unknown_ref"),
        ("Classes", 6, letter, "unknown_ref"),
    ]
    assert [str(p) for p in problems] == [
        f"Classes!{letter}5: unknown teacher 'T-33' — did you mean 'T-3'?",
        f"Classes!{letter}6: unknown teacher 'Директор' — write the code of a teacher from the "
        "Teachers sheet, or leave the cell empty",
    ]


def test_the_column_may_be_missing_from_an_older_workbook(tmp_path: Path) -> None:
    path = _written(tmp_path)
    wb = openpyxl.load_workbook(path)
    ws = wb["Classes"]
    ws.delete_cols(ws[f"{_column()}1"].column)
    wb.save(path)
    assert all(c.class_teacher is None for c in read_workbook(path).classes)
