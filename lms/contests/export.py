"""Results of a contest as an Excel workbook (openpyxl) and a PDF (reportlab, DejaVu for Kazakh):
place, name, school, every task's result and the totals."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any
from xml.sax.saxutils import escape

from lms.contests.board import cell_dict
from lms.contests.standings import Cell, Standings
from models.contests import IOI
from models.i18n import N_
from models.pdf_fonts import FONT_BOLD, register_fonts

Translate = Callable[[str], str]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _same(text: str) -> str:
    return text


def _cell_text(cell: Cell, kind: str) -> str:
    """ICPC: "+1 (34)" = accepted at minute 34 after one rejected run; IOI: the score."""
    shown = cell_dict(cell, kind)
    return f"{shown['t']} ({shown['u']})" if shown["u"] else str(shown["t"])


def results_table(standings: Standings, t: Translate) -> list[list[Any]]:
    """The header and one row per participant, as both files print them."""
    ioi = standings.rules == IOI
    totals = [t(N_("Score"))] if ioi else [t(N_("Solved")), t(N_("Penalty"))]
    head = [t(N_("Place")), t(N_("Name")), t(N_("School")), *standings.labels, *totals]
    rows: list[list[Any]] = [head]
    for r in standings.rows:
        cells = [_cell_text(c, standings.rules) for c in r.cells]
        end: list[Any] = [r.score] if ioi else [r.solved, r.penalty]
        rows.append([r.place, r.entry.name, r.entry.school, *cells, *end])
    return rows


def results_xlsx(standings: Standings, *, title: str, translate: Translate | None = None) -> bytes:
    """The results as a workbook: a title line, then the table with a frozen header.

    Args:
        standings: the organiser's (revealed) standings.
        title: the contest's title.
        translate: msgid -> text in the reader's language.

    Returns:
        The .xlsx file's bytes.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    t = translate or _same
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = t(N_("Results"))[:31]
    ws.append([title])
    ws.cell(row=1, column=1).font = Font(bold=True, size=13)
    ws.append([])
    table = results_table(standings, t)
    for row in table:
        ws.append(row)
    for cell in ws[3]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center")
    ws.freeze_panes = "D4"
    for i, width in enumerate([7, 32, 30, *[9] * len(standings.labels), 9, 9], start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def results_pdf(standings: Standings, *, title: str, translate: Translate | None = None) -> bytes:
    """The results as a landscape A4 PDF with the header repeated on every page.

    Args:
        standings: the organiser's (revealed) standings.
        title: the contest's title.
        translate: msgid -> text in the reader's language.

    Returns:
        The PDF document's bytes.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    t = translate or _same
    font = register_fonts()
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=12 * mm, rightMargin=12 * mm,
                            topMargin=12 * mm, bottomMargin=12 * mm, title=title)  # fmt: skip
    small = ParagraphStyle("cell", fontName=font, fontSize=9, leading=11)
    table = results_table(standings, t)
    body = [[Paragraph(escape(str(v)), small) if i in (1, 2) else str(v) for i, v in enumerate(row)]
            for row in table]  # fmt: skip
    n = len(standings.labels)
    fixed = 12 * mm + 14 * mm * (n + (1 if standings.rules == IOI else 2))
    free = max(landscape(A4)[0] - 24 * mm - fixed, 80 * mm)
    widths = [12 * mm, free * 0.55, free * 0.45, *[14 * mm] * n,
              *[14 * mm] * (1 if standings.rules == IOI else 2)]  # fmt: skip
    style = TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), font), ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
        ("FONTSIZE", (0, 0), (-1, -1), 9), ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3F2FD")),
        ("ALIGN", (3, 0), (-1, -1), "CENTER"), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ])  # fmt: skip
    heading = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=15, leading=19)
    doc.build(
        [
            Paragraph(escape(title), heading),
            Spacer(1, 4 * mm),
            Table(body, colWidths=widths, style=style, repeatRows=1, hAlign="LEFT"),
        ]
    )
    return out.getvalue()
