"""Small helpers for the reports' Excel workbooks (openpyxl): headings, widths, bytes."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from journal.assessment import mark_text
from models.i18n import Message

Translate = Callable[[str], str]
HEAD_FILL = PatternFill("solid", fgColor="DDEBF7")
SHEET_NAME = 31  # Excel's limit
FORBIDDEN = str.maketrans({c: " " for c in "[]:*?/\\"})


def same(text: str) -> str:
    """The identity translation (English msgids as they are)."""
    return text


def text(value: Message | str, translate: Translate) -> str:
    """A Message rendered, or a plain string as it is."""
    return value.render(translate) if isinstance(value, Message) else value


def mark(value: str, translate: Translate) -> str:
    """A mark as printed: digits as they are, "pass"/"fail" and levels translated."""
    return text(mark_text(value), translate) if value else ""


def new_book() -> Workbook:
    """An empty workbook (its first sheet removed: every sheet is named by `sheet`)."""
    book = Workbook()
    first = book.active
    if first is not None:
        book.remove(first)
    return book


def sheet(book: Workbook, title: str) -> Worksheet:
    """A new sheet with a name Excel accepts (31 characters, no []:*?/\\)."""
    return book.create_sheet(title.translate(FORBIDDEN)[:SHEET_NAME] or "Sheet")


def heading(ws: Worksheet, values: Sequence[Any]) -> None:
    """A header row: bold, filled, wrapped; the rows above it and it stay in view."""
    ws.append(list(values))
    row = ws.max_row
    for cell in ws[row]:
        cell.font = Font(bold=True)
        cell.fill = HEAD_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    # a coordinate, not ws.cell(): touching a cell below would make the next append skip a row
    ws.freeze_panes = f"{get_column_letter(3 if len(values) > 3 else 1)}{row + 1}"


def title(ws: Worksheet, lines: Iterable[str]) -> None:
    """Title lines above the table (the first in bold), then an empty row."""
    for i, line in enumerate(lines):
        ws.append([line])
        if i == 0:
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True, size=13)
    ws.append([])


def widths(ws: Worksheet, values: Sequence[float]) -> None:
    """Column widths, from column A on."""
    for i, width in enumerate(values, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def to_bytes(book: Workbook) -> bytes:
    """The workbook as an .xlsx file's bytes."""
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def shown(value: float | None) -> float | str:
    """A percent or average as a cell value: the number, or "" for none."""
    return "" if value is None else value
