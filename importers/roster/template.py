"""Write the roster workbook: blank, or filled with a school's students and parents to edit."""

from __future__ import annotations

from collections.abc import Sequence
from os import PathLike
from typing import IO

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from importers.excel.layout import DEFAULT_LANG_ORDER, FIRST_DATA_ROW, LANGS, LISTS
from importers.excel.rows import snapshot_rows
from importers.excel.template import _put, _write_table
from importers.excel.values import pair_out
from importers.roster.instructions import write_roster_instructions
from importers.roster.layout import ROSTER_PARENTS, ROSTER_STUDENTS
from models.snapshot import SchoolSnapshot

_SPARE_ROWS = 1000  # rows below the data that still get drop-downs


def write_roster_workbook(
    target: str | PathLike[str] | IO[bytes],
    snapshot: SchoolSnapshot | None = None,
    *,
    lang_order: Sequence[str] = DEFAULT_LANG_ORDER,
) -> None:
    """Write the roster workbook (Instructions, Students, Parents) to a path or a stream.

    Args:
        target: the .xlsx file (overwritten) or a binary stream.
        snapshot: the school whose students and parents fill the sheets (its classes and
            subgroups become drop-downs); None writes the blank template.
        lang_order: the order of the three header rows.

    Raises:
        ValueError: when lang_order is not a permutation of ("kk", "ru", "en").
    """
    langs = tuple(lang_order)
    if sorted(langs) != sorted(LANGS):
        raise ValueError(f"lang_order must order kk, ru and en, got {langs!r}")
    wb = Workbook()
    write_roster_instructions(wb.active, langs)
    rows = snapshot_rows(snapshot, langs[0]) if snapshot is not None else {}
    for spec in (ROSTER_STUDENTS, ROSTER_PARENTS):
        _write_table(wb.create_sheet(spec.name), spec, rows.get(spec.name, []), langs)
    if snapshot is not None:
        _drop_downs(wb, snapshot)
    wb.save(target)


def _drop_downs(wb: Workbook, snapshot: SchoolSnapshot) -> None:
    """The school's classes and subgroups as lists (a hidden sheet) for the Students sheet."""
    lists = wb.create_sheet(LISTS)
    lists.sheet_state = "hidden"
    columns = {
        "classes": [c.code for c in snapshot.classes],
        "subgroups": list(dict.fromkeys(pair_out(g.division, g.code) for g in snapshot.subgroups)),
    }
    ranges = {}
    for c, (name, values) in enumerate(columns.items(), start=1):
        lists.cell(row=1, column=c, value=name)
        for r, value in enumerate(values, start=2):
            _put(lists, r, c, value)
        letter = get_column_letter(c)
        ranges[name] = f"{LISTS}!${letter}$2:${letter}${max(2, len(values) + 1)}"
    ws = wb[ROSTER_STUDENTS.name]
    end = max(ws.max_row, FIRST_DATA_ROW) + _SPARE_ROWS
    keys = [col.key for col in ROSTER_STUDENTS.columns]
    for key, strict in (("class", True), ("subgroups", False)):
        dv = DataValidation(type="list", formula1=ranges[{"class": "classes"}.get(key, key)],
                            allow_blank=True)  # fmt: skip
        dv.showErrorMessage = strict  # several subgroups go in one cell
        letter = get_column_letter(keys.index(key) + 1)
        dv.add(f"{letter}{FIRST_DATA_ROW}:{letter}{end}")
        ws.add_data_validation(dv)
