from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from importers.excel import WorkbookError, read_workbook, write_workbook
from tests.importers.snapshots import small_school


def _written(tmp_path: Path) -> tuple[Path, openpyxl.Workbook]:
    path = tmp_path / "school.xlsx"
    write_workbook(path, small_school())
    return path, openpyxl.load_workbook(path)


def _problems(path: Path) -> list[str]:
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    assert all(p.code != "internal" for p in info.value.problems), info.value
    return [str(p) for p in info.value.problems]


def test_a_dozen_mistakes_get_a_dozen_precise_messages(tmp_path: Path) -> None:
    path, wb = _written(tmp_path)
    wb["Lessons"]["D4"] = "T-014"  # typo in a teacher code
    wb["Rooms"]["D4"] = None  # required capacity left empty
    wb["Classes"]["D5"] = "жиырма"  # words where a number belongs
    wb["Teachers"].append(["T-2", "Екінші Ғалым"])  # duplicate code, row 7
    wb["Bells"]["C5"] = "8h00"  # not a time
    wb["Bells"]["D6"] = "09:30"  # ends before it starts (10:00)
    wb["Bells"]["C9"] = "14:30"  # shift 2 period 2 now overlaps period 1 (14:00-14:45)
    wb["Classes"]["C6"] = "3"  # a shift without bells
    wb["Subgroups"].append(["7Z", "lang", "kz", 10])  # subgroup of a class that does not exist
    wb["Lessons"]["E6"] = -2  # negative periods a week
    wb["Lessons"]["F4"] = 3  # 3 doubles in 5 periods
    wb["Travel"]["B4"] = "SPORT"  # travel to an unknown building
    wb["Holidays"]["C4"] = date(2026, 12, 1)  # holiday outside its term
    wb["Holidays"]["D4"] = date(2026, 12, 1)
    wb.create_sheet("Teachrs")["A1"] = "?"  # an unknown sheet
    wb.save(path)

    got = _problems(path)

    expected = [
        "Holidays!C4: the holiday is not inside term '1 тоқсан' (2026-09-01 – 2026-10-30)",
        "Travel!B4: unknown building 'SPORT'",
        "Rooms!D4: 'Capacity' is required here",
        "Teachers!A7: 'T-2' is used twice (also on row 5)",
        "Classes!D5: 'жиырма' is not a whole number",
        "Classes!C6: unknown shift '3': the Bells sheet has no periods for it",
        "Subgroups!A7: unknown class '7Z'",
        "Bells!C5: '8h00' is not a time like 08:00",
        "Bells!D6: the period ends at 09:30, not after it starts at 10:00",
        "Bells!C9: period 2 of shift 2 (14:30–15:45) overlaps period 1 (14:00–14:45, row 8)",
        "Lessons!D4: unknown teacher 'T-014' — did you mean 'T-14'?",
        "Lessons!F4: 3 double lessons need 6 periods, but the lesson has 5 a week",
        "Lessons!E6: -2 is too small here: the least allowed is 1",
        "Teachrs: unknown sheet 'Teachrs' — did you mean 'Teachers'?",
    ]
    assert sorted(got) == sorted(expected)
    # listed in the workbook's sheet order, file-level problems at the end
    assert got.index(expected[1]) < got.index(expected[2]) < got.index(expected[10])


def test_problem_records_carry_cell_value_and_codes(tmp_path: Path) -> None:
    path, wb = _written(tmp_path)
    wb["Lessons"]["D5"] = "T-2, Т-3"  # Cyrillic Т: looks the same, is not
    wb.save(path)
    with pytest.raises(WorkbookError) as info:
        read_workbook(path)
    (p,) = info.value.problems
    assert (p.sheet, p.row, p.column, p.code) == ("Lessons", 5, "D", "unknown_ref")
    assert p.value == "T-2, Т-3"
    assert p.message.template == "unknown teacher '{value}'"
    assert p.hint is not None and "T-3" in str(p.hint)


def test_missing_sheet_and_missing_column(tmp_path: Path) -> None:
    path, wb = _written(tmp_path)
    del wb["Lessons"]
    wb["Rooms"].delete_cols(4)  # capacity
    wb.save(path)
    got = _problems(path)
    assert "the workbook has no sheet 'Lessons'" in got
    assert "Rooms: required column 'Capacity' is missing" in got


def test_unknown_column_gets_a_hint_and_note_columns_are_skipped(tmp_path: Path) -> None:
    path, wb = _written(tmp_path)
    ws = wb["Teachers"]
    ws.cell(1, 20, "# ескерту")
    ws.cell(4, 20, "кез келген мәтін")
    ws.cell(3, 21, "Emial")
    ws.cell(4, 21, "x@y.kz")
    wb.save(path)
    assert _problems(path) == ["Teachers!U: unknown column 'Emial' — did you mean 'E-mail'?"]


def test_only_one_header_row_and_reordered_columns_still_read(tmp_path: Path) -> None:
    path, wb = _written(tmp_path)
    ws = wb["Teachers"]
    ws.delete_rows(1, 2)  # keep only the English header row
    ws.move_range("A1:A10", rows=0, cols=15)  # move the code column to the far right
    wb.save(path)
    assert read_workbook(path) == small_school()


def test_sheets_may_be_named_in_kazakh_or_russian(tmp_path: Path) -> None:
    path, wb = _written(tmp_path)
    wb["Teachers"].title = "Мұғалімдер"
    wb["Lessons"].title = "Нагрузка"
    wb.save(path)
    assert read_workbook(path) == small_school()


def test_locked_lesson_checks(tmp_path: Path) -> None:
    path, wb = _written(tmp_path)
    wb["Locked"].append(["7Ә-MATH", 9, "Жексенбі", "2", 7, "999"])
    wb.save(path)
    assert sorted(_problems(path)) == sorted(
        [
            "Locked!B5: lesson 7Ә-MATH has units 0 to 3, not 9",
            "Locked!C5: Жексенбі is not a school day (the week has 6 days)",
            "Locked!E5: shift 2 has no period 7",
            "Locked!F5: unknown room '999'",
        ]
    )


def test_students_parents_settings_rules(tmp_path: Path) -> None:
    path, wb = _written(tmp_path)
    wb["Students"]["D4"] = "lang/kz9"
    wb["Parents"]["C4"] = "S1, S2"
    wb["Settings"].append(["weight.teacher_gapp", 3])
    wb["Rules"]["B4"] = "{not json"
    wb.save(path)
    got = _problems(path)
    assert "Students!D4: class 7Ә has no subgroup 'lang/kz9'" in got
    assert "Parents!C4: unknown student 'S2'" in got  # too far from S1 for a hint
    assert (
        "Settings!A14: unknown setting 'weight.teacher_gapp' — did you mean 'weight.teacher_gap'?"
        in got
    )
    assert any(p.startswith("Rules!B4: the parameters are not valid JSON") for p in got)


def test_availability_marks_outside_the_bells(tmp_path: Path) -> None:
    path, wb = _written(tmp_path)
    ws = wb["Availability"]
    col = ws.max_column + 1
    for r, text in enumerate(("Дс·1·9", "Пн·1·9", "Mon·1·9"), start=1):
        ws.cell(r, col, text)
    ws.cell(4, col, "x")
    ws.cell(5, 2, "T-99")
    wb.save(path)
    letter = openpyxl.utils.get_column_letter(col)
    assert sorted(_problems(path)) == [
        f"Availability!{letter}4: 'Mon·1·9' is not a period of the school's week and bells",
        "Availability!B5: unknown teacher 'T-99'",
    ]


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, world\n1,2,3\n", bytes(range(256)) * 4, "Мұғалім;Пән\n".encode()],
)
def test_junk_files_get_one_clear_problem(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "junk.xlsx"
    path.write_bytes(content)
    (p,) = _problems(path)
    assert p.startswith("'junk.xlsx' is not an Excel .xlsx workbook")


def test_a_zip_that_is_not_a_workbook(tmp_path: Path) -> None:
    path = tmp_path / "archive.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("readme.txt", "not a workbook")
    (p,) = _problems(path)
    assert "is not an Excel .xlsx workbook" in p


def test_missing_file(tmp_path: Path) -> None:
    assert _problems(tmp_path / "nope.xlsx") == ["file 'nope.xlsx' does not exist"]


def test_empty_workbook_names_every_required_sheet(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    openpyxl.Workbook().save(path)
    got = _problems(path)
    for name in ("School", "Buildings", "Rooms", "Subjects", "Teachers", "Classes", "Bells"):
        assert f"the workbook has no sheet '{name}'" in got
