"""Open a workbook and find its sheets, header rows and columns; cells stay raw values here."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from importers.excel.errors import Problems, did_you_mean
from importers.excel.layout import (
    AVAILABILITY,
    DATA_SHEETS,
    INSTRUCTIONS,
    LANGS,
    LISTS,
    NOTE_PREFIX,
    SheetSpec,
    all_sheet_titles,
    sheet_by_name,
)
from importers.excel.values import grid_header_in, is_blank, text_in
from solver.messages import msg

_MAX_HEADER_ROWS = 5


@dataclass
class Cells:
    """One data row: its spreadsheet row number and raw values by column key."""

    row: int
    values: dict[str, Any]
    grid: dict[str, Any] = field(default_factory=dict)  # availability: column letter -> value


@dataclass
class Table:
    """A data sheet as found in the file."""

    spec: SheetSpec
    title: str  # the sheet's title in the file (what messages name)
    letters: dict[str, str]  # column key -> letter
    rows: list[Cells]
    grid: dict[str, tuple[str, tuple[int, str, int] | None]] = field(default_factory=dict)
    # availability: column letter -> (header text, (day, shift, period) or None if unreadable)

    def letter(self, key: str) -> str:
        """The letter of a column, or '' when the sheet lacks it."""
        return self.letters.get(key, "")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("*", "")).strip().casefold()


def open_workbook(path: str | PathLike[str], problems: Problems) -> dict[str, Table] | None:
    """Every data sheet found, by English sheet name; None when the file is not a workbook."""
    name = Path(path).name
    if not Path(path).is_file():
        problems.add("file_missing", msg("file '{name}' does not exist", name=name))
        return None
    try:
        wb = load_workbook(path, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError, IndexError) as exc:
        problems.add(
            "not_xlsx",
            msg("'{name}' is not an Excel .xlsx workbook ({error})", name=name, error=exc),
        )
        return None
    except Exception as exc:  # openpyxl raises many kinds on damaged files; never a traceback
        problems.add(
            "not_xlsx",
            msg("'{name}' is not an Excel .xlsx workbook ({error})", name=name, error=exc),
        )
        return None
    tables: dict[str, Table] = {}
    for ws in wb.worksheets:
        spec = sheet_by_name(ws.title)
        if spec is None:
            _unknown_sheet(ws, problems)
        elif spec.name in tables:
            problems.add(
                "duplicate_sheet",
                msg(
                    "sheet '{title}' repeats sheet '{other}'",
                    title=ws.title,
                    other=tables[spec.name].title,
                ),
                sheet=ws.title,
            )
        else:
            table = read_table(ws, spec, problems)
            if table is not None:
                tables[spec.name] = table
    for spec in DATA_SHEETS:
        if spec.required and spec.name not in tables and not _mentioned(problems, spec):
            problems.add("missing_sheet", msg("the workbook has no sheet '{name}'", name=spec.name))
    return tables


def _mentioned(problems: Problems, spec: SheetSpec) -> bool:
    """True when a problem about this sheet's header was already recorded."""
    titles = {spec.name, spec.kk, spec.ru}
    return any(p.sheet in titles for p in problems.items)


def _unknown_sheet(ws: Worksheet, problems: Problems) -> None:
    if ws.title in (*INSTRUCTIONS, LISTS) or ws.title.startswith(NOTE_PREFIX):
        return
    if ws.max_row <= 1 and ws.max_column <= 1 and is_blank(ws.cell(1, 1).value):
        return  # an empty extra sheet does no harm
    problems.add(
        "unknown_sheet",
        msg("unknown sheet '{title}'", title=ws.title),
        sheet=ws.title,
        hint=did_you_mean(ws.title, all_sheet_titles()),
    )


def _header_texts(spec: SheetSpec) -> dict[str, str]:
    """Normalised header text (any language) -> column key."""
    out: dict[str, str] = {}
    for col in spec.columns:
        for lang in LANGS:
            out[_norm(col.header(lang))] = col.key
    return out


def _is_header_row(ws: Worksheet, r: int, known: dict[str, str], grid: bool) -> bool:
    """True when most of the row's filled cells are header texts (so data rows never are)."""
    hits = filled = 0
    for c in range(1, ws.max_column + 1):
        v = ws.cell(r, c).value
        if is_blank(v) or text_in(v).startswith(NOTE_PREFIX):
            continue  # a note column's header says nothing about the row
        filled += 1
        text = text_in(v)
        if _norm(text) in known or (grid and grid_header_in(text)):
            hits += 1
    return hits > 0 and 2 * hits >= filled


def read_table(ws: Worksheet, spec: SheetSpec, problems: Problems) -> Table | None:
    """Find the header rows and columns of one data sheet and collect its non-empty rows."""
    known = _header_texts(spec)
    is_grid = spec is AVAILABILITY
    found = [
        r
        for r in range(1, min(ws.max_row, _MAX_HEADER_ROWS) + 1)
        if _is_header_row(ws, r, known, is_grid)
    ]
    # the header block is the first run of consecutive header rows; data follows it
    heads = [r for i, r in enumerate(found) if r == found[0] + i]
    if not heads:
        if ws.max_row > 1 or not is_blank(ws.cell(1, 1).value) or spec.required:
            problems.add(
                "no_header",
                msg("sheet '{title}' has no header row the importer recognises", title=ws.title),
                sheet=ws.title,
                hint=msg("copy the header rows from a fresh template"),
            )
        return None if spec.required else Table(spec, ws.title, {}, [])
    table = Table(spec, ws.title, {}, [])
    _map_columns(ws, table, heads, known, problems)
    _collect_rows(ws, table, heads[-1] + 1)
    return table


def _map_columns(
    ws: Worksheet, table: Table, heads: list[int], known: dict[str, str], problems: Problems
) -> None:
    spec = table.spec
    for c in range(1, ws.max_column + 1):
        letter = get_column_letter(c)
        texts = [text_in(ws.cell(r, c).value) for r in heads if not is_blank(ws.cell(r, c).value)]
        if not texts or any(t.startswith(NOTE_PREFIX) for t in texts):
            continue
        keys = {known[_norm(t)] for t in texts if _norm(t) in known}
        if keys:
            key = keys.pop()
            if key in table.letters:
                problems.add(
                    "duplicate_column",
                    msg("column '{header}' appears twice", header=texts[0]),
                    sheet=ws.title,
                    column=letter,
                )
            else:
                table.letters[key] = letter
        elif spec is AVAILABILITY:
            slot = next((s for t in texts if (s := grid_header_in(t)) is not None), None)
            table.grid[letter] = (texts[-1], slot)
        else:
            problems.add(
                "unknown_column",
                msg("unknown column '{header}'", header=texts[-1]),
                sheet=ws.title,
                column=letter,
                hint=did_you_mean(
                    texts[-1], [col.header(lang) for col in spec.columns for lang in LANGS]
                ),
            )
    for col in spec.columns:
        if col.required and col.key not in table.letters:
            problems.add(
                "missing_column",
                msg("required column '{header}' is missing", header=col.title),
                sheet=ws.title,
            )


def _collect_rows(ws: Worksheet, table: Table, first: int) -> None:
    index = {key: _col_index(letter) for key, letter in table.letters.items()}
    grid = {letter: _col_index(letter) for letter in table.grid}
    for r, row in enumerate(ws.iter_rows(min_row=first, values_only=True), start=first):
        values = {key: row[i - 1] if i - 1 < len(row) else None for key, i in index.items()}
        marks = {
            letter: row[i - 1]
            for letter, i in grid.items()
            if i - 1 < len(row) and not is_blank(row[i - 1])
        }
        if all(is_blank(v) for v in values.values()) and not marks:
            continue
        table.rows.append(Cells(r, values, marks))


def _col_index(letter: str) -> int:
    from openpyxl.utils import column_index_from_string

    index: int = column_index_from_string(letter)
    return index
