"""The covers report for payroll: every cover of published days in a date range, and totals per
teacher, as an Excel workbook (openpyxl) or a PDF (ReportLab, the vendored DejaVu font)."""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.i18n import N_, message
from models.pdf_fonts import FONT_BOLD, register_fonts
from models.people import Teacher
from models.substitutions import STUDY, Cover, CoverPlan
from substitutions.published import lesson_infos
from substitutions.store import published_covers, school_row

Translate = Callable[[str], str]
# The font ships with the importers package; read as a file, not imported (no package edge).

HEADERS = (
    N_("Date"), N_("Period"), N_("Teacher"), N_("Lesson"), N_("Classes"), N_("Kind"),
    N_("Instead of"),
)  # fmt: skip
TOTAL_HEADERS = (N_("Teacher"), N_("Covers"), N_("Supervised study"), N_("Total"))
KINDS = {"cover": N_("cover"), "study": N_("supervised study")}


def _same(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class PayrollLine:
    day: date
    shift: str
    period: int
    teacher_code: str
    teacher: str
    lesson: str  # subject name
    classes: str  # "7A", "7A·en1"
    action: str  # cover or study
    absent_teacher: str


def payroll_lines(session: Session, *, school_id: int, start: date, end: date) -> list[PayrollLine]:
    """Every cover and supervised study on published days from `start` to `end` (inclusive).

    Args:
        session: an open session.
        school_id: the school.
        start: the first day.
        end: the last day.

    Returns:
        The lines by teacher name, date and period.

    Raises:
        NotFound: no such school.
    """
    school_row(session, school_id)
    rows = session.exec(
        select(Cover, col(CoverPlan.day))
        .join(CoverPlan, col(CoverPlan.id) == col(Cover.plan_id))
        .where(*published_covers(school_id, start, end))
    ).all()
    teachers = {
        t.id: t for t in session.exec(select(Teacher).where(Teacher.school_id == school_id))
    }
    lessons = lesson_infos(session, school_id, [c.lesson_id for c, _ in rows])
    out = []
    for cover, day in rows:
        t = teachers.get(cover.substitute_id)
        absent = teachers.get(cover.absent_teacher_id)
        out.append(
            PayrollLine(
                day, cover.shift, cover.period, t.code if t else "", t.name if t else "",
                lessons[cover.lesson_id].subject if cover.lesson_id in lessons else "",
                lessons[cover.lesson_id].audience if cover.lesson_id in lessons else "",
                cover.action, absent.name if absent else "",
            )
        )  # fmt: skip
    return sorted(out, key=lambda x: (x.teacher, x.day, x.shift, x.period))


def _totals(lines: list[PayrollLine]) -> list[tuple[str, int, int, int]]:
    by: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for x in lines:
        by[x.teacher][1 if x.action == STUDY else 0] += 1
    return [(name, c, s, c + s) for name, (c, s) in sorted(by.items())]


def _row(x: PayrollLine, translate: Translate) -> list[str | int]:
    period = message(N_("period {number} (shift {shift})"), number=x.period, shift=x.shift)
    return [
        x.day.isoformat(), period.render(translate), x.teacher, x.lesson, x.classes,
        translate(KINDS.get(x.action, x.action)), x.absent_teacher,
    ]  # fmt: skip


def payroll_xlsx(
    session: Session, *, school_id: int, start: date, end: date, translate: Translate | None = None
) -> bytes:
    """The covers report as an Excel workbook: the covers, then totals per teacher.

    Raises:
        NotFound: no such school.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    t = translate or _same
    lines = payroll_lines(session, school_id=school_id, start=start, end=end)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = t(N_("Covers"))[:31]
    sheet.append([t(h) for h in HEADERS])
    for x in lines:
        sheet.append(_row(x, t))
    totals = book.create_sheet(t(N_("Totals"))[:31])
    totals.append([t(h) for h in TOTAL_HEADERS])
    for row in _totals(lines):
        totals.append(list(row))
    for ws in (sheet, totals):
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        for column, width in zip("ABCDEFG", (12, 22, 28, 28, 16, 18, 28), strict=False):
            ws.column_dimensions[column].width = width
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def payroll_pdf(
    session: Session, *, school_id: int, start: date, end: date, translate: Translate | None = None
) -> bytes:
    """The covers report as a PDF (A4): totals per teacher, then every cover.

    Raises:
        NotFound: no such school.
    """
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    t = translate or _same
    school = school_row(session, school_id)
    lines = payroll_lines(session, school_id=school_id, start=start, end=end)
    font = register_fonts()
    title = message(
        N_("Covers from {start} to {end}: {school}"),
        start=start.isoformat(), end=end.isoformat(), school=school.name,
    )  # fmt: skip
    style = TableStyle(
        [
            ("FONTNAME", (0, 0), (-1, -1), font),
            ("FONTNAME", (0, 0), (-1, 0), FONT_BOLD),
            ("FONTSIZE", (0, 0), (-1, -1), 8),
            ("GRID", (0, 0), (-1, -1), 0.25, colors.grey),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E3F2FD")),
        ]
    )
    totals = [[t(h) for h in TOTAL_HEADERS], *[list(r) for r in _totals(lines)]]
    details = [[t(h) for h in HEADERS], *[_row(x, t) for x in lines]]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=landscape(A4), leftMargin=10 * mm, rightMargin=10 * mm)
    heading = ParagraphStyle("h", fontName=FONT_BOLD, fontSize=13, leading=16)
    doc.build(
        [
            Paragraph(title.render(t), heading),
            Spacer(1, 4 * mm),
            Table(totals, style=style, repeatRows=1, hAlign="LEFT"),
            Spacer(1, 6 * mm),
            Table(details, style=style, repeatRows=1, hAlign="LEFT"),
        ]
    )
    return out.getvalue()
