"""Write the import workbook: the blank template, or a school's data in the same layout."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from os import PathLike
from typing import Any

from openpyxl import Workbook
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from importers.excel.instructions import write_instructions
from importers.excel.layout import (
    AVAILABILITY,
    DATA_SHEETS,
    DAY_NAMES,
    DEFAULT_LANG_ORDER,
    FIRST_DATA_ROW,
    LANGS,
    LISTS,
    MARK,
    NO,
    ROOM_KINDS,
    WHO,
    YES,
    Column,
    SheetSpec,
)
from importers.excel.rows import availability_rows, grid_slots, settings_rows, snapshot_rows
from importers.excel.values import grid_header
from models.snapshot import SchoolSnapshot, SlotRef

_HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
_MARK_FILL = PatternFill("solid", fgColor="F4B084")
_THIN = Side(style="thin", color="A6A6A6")
_SPARE_ROWS = 500  # rows below the data that still get drop-downs


def write_workbook(
    path: str | PathLike[str],
    snapshot: SchoolSnapshot | None = None,
    *,
    lang_order: Sequence[str] = DEFAULT_LANG_ORDER,
) -> None:
    """Write the import workbook to `path`.

    Args:
        path: the .xlsx file to write (overwritten).
        snapshot: the school to fill in; None writes the blank template (settings rows and an
            availability grid of 6 days x 2 shifts x 7 periods; examples on Instructions).
        lang_order: the order of the three header rows; the first language is also used for
            yes/no, day names and availability types written into cells.

    Raises:
        ValueError: when lang_order is not a permutation of ("kk", "ru", "en").
    """
    langs = tuple(lang_order)
    if sorted(langs) != sorted(LANGS):
        raise ValueError(f"lang_order must order kk, ru and en, got {langs!r}")
    lang = langs[0]
    wb = Workbook()
    write_instructions(wb.active, langs)
    rows = snapshot_rows(snapshot, lang) if snapshot is not None else {}
    if snapshot is None:
        rows["Settings"] = settings_rows(None, lang)
    for spec in DATA_SHEETS:
        ws = wb.create_sheet(spec.name)
        if spec is AVAILABILITY:
            _write_availability(ws, snapshot, langs)
        else:
            _write_table(ws, spec, rows.get(spec.name, []), langs)
    ranges = _write_lists(wb, snapshot, lang)
    for spec in DATA_SHEETS:
        ws = wb[spec.name]
        _add_validations(ws, spec, max(ws.max_row, FIRST_DATA_ROW), ranges)
    wb.save(path)


def _put(ws: Worksheet, row: int, col: int, value: Any) -> None:
    """Set a cell; text that looks like a formula stays text, dates get a date format."""
    if value is None or value == "":
        return
    cell = ws.cell(row=row, column=col, value=value)
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"
    elif isinstance(value, str):
        cell.number_format = "@"


def _write_headers(ws: Worksheet, headers: list[list[str]], widths: list[int]) -> None:
    """Header rows (one per language) with style, column widths and frozen panes."""
    for r, texts in enumerate(headers, start=1):
        for c, text in enumerate(texts, start=1):
            cell = ws.cell(row=r, column=c, value=text)
            cell.font = Font(bold=r == 1, italic=r > 1, color="000000" if r == 1 else "595959")
            cell.fill = _HEAD_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = Border(bottom=_THIN if r == len(headers) else None)
    for c, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = width


def _write_table(
    ws: Worksheet, spec: SheetSpec, rows: list[dict[str, Any]], langs: tuple[str, ...]
) -> None:
    headers = [[col.header(lang) for col in spec.columns] for lang in langs]
    widths = [
        max(col.width, min(30, max(len(h[i]) for h in headers) + 2))
        for i, col in enumerate(spec.columns)
    ]
    _write_headers(ws, headers, widths)
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=2)
    for r, row in enumerate(rows, start=FIRST_DATA_ROW):
        for c, col in enumerate(spec.columns, start=1):
            _put(ws, r, c, row.get(col.key))


def _write_availability(ws: Worksheet, s: SchoolSnapshot | None, langs: tuple[str, ...]) -> None:
    slots = grid_slots(s)
    fixed = AVAILABILITY.columns
    headers = [
        [c.header(lang) for c in fixed] + [grid_header(*slot, lang) for slot in slots]
        for lang in langs
    ]
    _write_headers(ws, headers, [12, 14] + [7] * len(slots))
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=len(fixed) + 1)
    for r, (who, code, marks) in enumerate(availability_rows(s, langs[0]), start=FIRST_DATA_ROW):
        _put(ws, r, 1, who)
        _put(ws, r, 2, code)
        for c, (day, shift, period) in enumerate(slots, start=len(fixed) + 1):
            if SlotRef(day, shift, period) in marks:
                ws.cell(row=r, column=c, value=MARK)
    last = get_column_letter(len(fixed) + len(slots))
    first = get_column_letter(len(fixed) + 1)
    area = f"{first}{FIRST_DATA_ROW}:{last}{max(ws.max_row, FIRST_DATA_ROW) + _SPARE_ROWS}"
    ws.conditional_formatting.add(
        area, FormulaRule(formula=[f"LEN(TRIM({first}{FIRST_DATA_ROW}))>0"], fill=_MARK_FILL)
    )


def _list_values(s: SchoolSnapshot | None, lang: str) -> dict[str, list[str]]:
    kinds = list(ROOM_KINDS)
    if s is not None:
        extra = [r.kind for r in s.rooms] + [x.room_kind for x in s.subjects]
        extra += [x.room_kind for x in s.lessons if x.room_kind]
        kinds += [k for k in dict.fromkeys(extra) if k not in kinds]
    shifts = list(dict.fromkeys(b.shift for b in s.bells)) if s is not None and s.bells else []
    days = s.school.days_per_week if s is not None else 6
    return {
        "yes_no": [YES[lang], NO[lang]],
        "days": list(DAY_NAMES[lang][:days]),
        "room_kinds": kinds,
        "shifts": shifts or ["1", "2"],
        "languages": list(LANGS),
        "who": [WHO[w][lang] for w in WHO],
        "days_per_week": ["5", "6"],
    }


def _write_lists(wb: Workbook, s: SchoolSnapshot | None, lang: str) -> dict[str, str]:
    """The hidden sheet with fixed drop-down lists; returns each list's cell range."""
    ranges: dict[str, str] = {}
    ws = wb.create_sheet(LISTS)
    ws.sheet_state = "hidden"
    for c, (name, values) in enumerate(_list_values(s, lang).items(), start=1):
        ws.cell(row=1, column=c, value=name)
        for r, value in enumerate(values, start=2):
            _put(ws, r, c, value)
        letter = get_column_letter(c)
        ranges[name] = f"{LISTS}!${letter}$2:${letter}${len(values) + 1}"
    return ranges


def _validation_for(col: Column, ranges: dict[str, str]) -> DataValidation | None:
    if col.kind == "day":
        return DataValidation(type="list", formula1=ranges["days"], allow_blank=True)
    if col.choices is not None:
        dv = DataValidation(type="list", formula1=ranges[col.choices], allow_blank=True)
        # room kinds and shifts are open lists: the school may add its own
        dv.showErrorMessage = col.choices not in ("room_kinds", "shifts")
        return dv
    if col.ref is not None:
        dv = DataValidation(
            type="list", formula1=f"{col.ref}!$A${FIRST_DATA_ROW}:$A$5000", allow_blank=True
        )
        # several codes in one cell, or a subgroup after the class, must stay possible
        dv.showErrorMessage = col.kind != "list"
        return dv
    if col.kind == "int":
        return DataValidation(
            type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True
        )
    return None


def _add_validations(ws: Worksheet, spec: SheetSpec, last_row: int, ranges: dict[str, str]) -> None:
    end = last_row + _SPARE_ROWS
    for c, col in enumerate(spec.columns, start=1):
        dv = _validation_for(col, ranges)
        if dv is None:
            continue
        letter = get_column_letter(c)
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{end}")
        ws.add_data_validation(dv)
    if spec is AVAILABILITY and ws.max_column > len(spec.columns):
        dv = DataValidation(type="list", formula1=f'"{MARK}"', allow_blank=True)
        dv.showErrorMessage = False
        first = get_column_letter(len(spec.columns) + 1)
        dv.add(f"{first}{FIRST_DATA_ROW}:{get_column_letter(ws.max_column)}{end}")
        ws.add_data_validation(dv)
