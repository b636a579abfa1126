"""The guidance report as an Excel workbook (openpyxl) and a PDF (reportlab, DejaVu fonts for
Kazakh letters), headed in the reader's language."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from guidance.instruments.schema import pick
from guidance.work.consultations import STATUS_LABELS
from guidance.work.library import TRACK_LABELS
from guidance.work.mock_rules import KIND_LABELS, SUBJECT_LABELS
from guidance.work.reports import GRADE, GuidanceReport
from models.guidance_work import CONSULTATION_STATUSES
from models.i18n import N_
from models.pdf_fonts import FONT, FONT_BOLD, register_fonts

Translate = Callable[[str], str]
Rows = list[list[Any]]
NOT_IN_SHEET_NAMES = str.maketrans({c: " " for c in "[]:*?/\\"})


def _sections(report: GuidanceReport, t: Translate, language: str) -> list[tuple[str, Rows]]:
    """The report's tables: a title and rows (the first row is the heading)."""
    group = t(N_("Grade")) if report.grouped_by == GRADE else t(N_("Class"))
    coverage = [[group, t(N_("Instrument")), t(N_("Students")), t(N_("Took it"))]] + [
        [c.group, pick(c.title, language) or c.instrument, str(c.students), str(c.taken)]
        for c in report.coverage
    ]
    consult = [[t(N_("Track")), *(t(STATUS_LABELS[s]) for s in CONSULTATION_STATUSES),
                t(N_("Students counselled"))]] + [
        [t(TRACK_LABELS[c.track]), *(str(c.by_status[s]) for s in CONSULTATION_STATUSES),
         str(c.students)]
        for c in report.consultations
    ]  # fmt: skip
    programme = [[t(N_("Track")), t(N_("Grade")), t(N_("Planned")), t(N_("Done")), t(N_("Done, %")),
                  t(N_("Overdue"))]] + [
        [t(TRACK_LABELS[p.track]) if p.track else t(N_("All")), p.grade or t(N_("All")), p.planned,
         p.done, "" if p.percent is None else p.percent, p.overdue]
        for p in report.programme
    ]  # fmt: skip
    pairs = [[t(N_("Profile subjects")), t(N_("Students"))]] + [
        [f"{t(SUBJECT_LABELS.get(p.first, p.first))} + {t(SUBJECT_LABELS.get(p.second, p.second))}",
         str(p.students)]
        for p in report.pairs
    ]  # fmt: skip
    mock = [[t(N_("Test")), group, t(N_("Students")), t(N_("Average total")),
             t(N_("Reached the general UNT minimum"))]] + [
        [t(KIND_LABELS[m.kind]), m.group, str(m.students),
         "" if m.average is None else m.average, str(m.reached) if m.kind == "unt" else ""]
        for m in report.mock
    ]  # fmt: skip
    out: list[tuple[str, Rows]] = [
        (t(N_("Instruments taken")), coverage),
        (t(N_("Consultations")), consult),
        (t(N_("Yearly programme")), programme),
        (t(N_("Profile subjects chosen")), pairs),
        (t(N_("Mock tests, latest sitting")), mock),
    ]
    if report.students:
        heads = [t(h) for h in (N_("Class"), N_("Student"), N_("Instruments taken"),
                                    N_("Profile subjects"), N_("Mock tests"))]  # fmt: skip
        out.append((t(N_("Students")), [heads] + [
            [s.class_code, s.name, ", ".join(s.instruments),
             " + ".join(t(SUBJECT_LABELS.get(x, x)) for x in s.subjects),
             ", ".join(f"{t(KIND_LABELS[k])} {v}" for k, v in sorted(s.mock.items()))]
            for s in report.students
        ]))  # fmt: skip
    return out


def _title(report: GuidanceReport, t: Translate) -> str:
    years = f"{report.year}–{report.year + 1}"
    if report.grouped_by == GRADE:
        return t(N_("Guidance work for the district, %(years)s")) % {"years": years}
    return t(N_("Guidance work, %(years)s")) % {"years": years}


def report_xlsx(report: GuidanceReport, *, translate: Translate, language: str) -> bytes:
    """The report as a workbook: a sheet per table.

    Args:
        report: the report.
        translate: the reader's gettext.
        language: the reader's language (instrument titles).

    Returns:
        The .xlsx bytes.
    """
    book = Workbook()
    first = book.active
    assert first is not None
    book.remove(first)
    for title, rows in _sections(report, translate, language):
        ws = book.create_sheet(title.translate(NOT_IN_SHEET_NAMES)[:31])
        ws.append([report.school, _title(report, translate)])
        if report.min_cell:
            note = translate(N_("Counts under %(n)s are hidden (<%(n)s).")) % {"n": report.min_cell}
            ws.append([note])
        ws.append([])
        for row in rows:
            ws.append(row)
        for cell in ws[ws.max_row - len(rows) + 1]:
            cell.font = Font(bold=True)
        for i in range(1, max(len(r) for r in rows) + 1):
            ws.column_dimensions[get_column_letter(i)].width = 22
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_pdf(report: GuidanceReport, *, translate: Translate, language: str) -> bytes:
    """The report as an A4 PDF with every table.

    Args:
        report: the report.
        translate: the reader's gettext.
        language: the reader's language (instrument titles).

    Returns:
        The PDF bytes.
    """
    register_fonts()
    body = ParagraphStyle("body", fontName=FONT, fontSize=9, leading=11)
    head = ParagraphStyle("head", fontName=FONT_BOLD, fontSize=12, leading=15, spaceBefore=8)
    title = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=15, leading=19)
    story: list[Any] = [Paragraph(_title(report, translate), title),
                        Paragraph(report.school, body)]  # fmt: skip
    if report.min_cell:
        note = translate(N_("Counts under %(n)s are hidden (<%(n)s).")) % {"n": report.min_cell}
        story.append(Paragraph(note, body))
    for section, rows in _sections(report, translate, language):
        story += [Spacer(1, 4 * mm), Paragraph(section, head)]
        cells = [[Paragraph(str(v), body) for v in row] for row in rows]
        table = Table(cells, repeatRows=1)
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDEBF7")),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ]))  # fmt: skip
        story.append(table)
    out = io.BytesIO()
    SimpleDocTemplate(out, pagesize=A4, leftMargin=15 * mm, rightMargin=15 * mm,
                      topMargin=15 * mm, bottomMargin=15 * mm).build(story)  # fmt: skip
    return out.getvalue()
