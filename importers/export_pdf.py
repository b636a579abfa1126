"""Printable timetables as PDF: one class, teacher, room or building per A4 page, a wall chart."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from os import PathLike
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.pagesizes import A3, A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from importers.grids import (
    Cell,
    Chart,
    Entry,
    Kind,
    Row,
    Timetable,
    WeekGrid,
    entry_lines,
    master_of,
    timetable,
    week_of,
)
from models.i18n import N_, Message, message
from models.pdf_fonts import FONT, FONT_BOLD, register_fonts

if TYPE_CHECKING:
    from models.snapshot import LockedLesson, SchoolSnapshot
    from solver.problem import Problem
    from solver.solution import Solution

Translate = Callable[[str], str]
WEEK_PAGE, CHART_PAGE = landscape(A4), landscape(A3)
MARGIN = 10 * mm
MIN_CHART_COLUMN = 22 * mm  # narrower wall-chart columns print unreadably small
MAX_SHRINK = 0.7  # a wall chart is shrunk onto one page down to this scale, else it flows on
# Light tints per building (in the school's order): readable in colour, quiet in grey.
TINTS = ("#E3F2FD", "#FFF3E0", "#E8F5E9", "#F3E5F5", "#FFFDE7", "#E0F7FA", "#FBE9E7")
HEAD_FILL = colors.HexColor("#DDEBF7")

HEADINGS: dict[str, str] = {
    "class": N_("Class {name}"),
    "teacher": N_("Teacher: {name}"),
    "room": N_("Room: {name}"),
    "building": N_("Building: {name}"),
}


def _identity(text: str) -> str:
    return text


def write_pdf(
    snapshot: SchoolSnapshot,
    placements: Sequence[LockedLesson],
    path: str | PathLike[str],
    *,
    kind: Kind | None = None,
    codes: Sequence[str] | None = None,
    master: bool = False,
    language: str = "en",
    translate: Translate | None = None,
) -> None:
    """Print a timetable version: the wall chart (A3, when `master`), then one A4 landscape page
    per class, teacher, room or building of `kind` (`codes`, or all of them).

    Args:
        snapshot: the school's data.
        placements: the version's placed lessons, by codes.
        path: where to write the PDF.
        kind: "class", "teacher", "room" or "building"; None for the wall chart alone.
        codes: the owners to print, in this order; None = all of `kind`.
        master: put the wall chart of all classes first.
        language: the document's language tag ("kk", "ru", "en").
        translate: maps an English msgid into `language` (the web's gettext); None = English.

    Raises:
        NotFound: a code names nothing of that kind.
        ProblemBuildError: the data or a placement names something that does not exist.
    """
    tt = timetable(snapshot, placements)
    sections: list[tuple[Kind, Sequence[str] | None]] = [] if kind is None else [(kind, codes)]
    _write(tt, path, sections, master, snapshot.school.name, language, translate or _identity)


def export_timetable_pdf(
    problem: Problem,
    solution: Solution,
    path: str | PathLike[str],
    *,
    snapshot: SchoolSnapshot | None = None,
    language: str = "en",
    translate: Translate | None = None,
) -> None:
    """A solver's timetable (any input format) as one PDF: the wall chart, then every class,
    teacher and room on its own page; what `sabaq solve -o OUT.pdf` writes."""
    tt = Timetable.from_solution(problem, solution, snapshot)
    sections: list[tuple[Kind, Sequence[str] | None]] = [
        ("class", None),
        ("teacher", None),
        ("room", None),
    ]
    _write(tt, path, sections, True, problem.name, language, translate or _identity)


def _write(
    tt: Timetable,
    path: str | PathLike[str],
    sections: Iterable[tuple[Kind, Sequence[str] | None]],
    master: bool,
    title: str,
    language: str,
    translate: Translate,
) -> None:
    register_fonts()
    printer = _Printer(tt, title, translate)
    story: list[Flowable] = []
    if master:
        story += [NextPageTemplate("chart"), *printer.chart(master_of(tt))]
    for kind, codes in sections:
        chosen = [o.code for o in tt.owners(kind)] if codes is None else list(codes)
        for code in chosen:
            if story:
                story += [NextPageTemplate("week"), PageBreak()]
            story.append(printer.week(week_of(tt, kind, code)))
    if not story:
        story.append(Paragraph(escape(title), printer.title_style))
    doc = BaseDocTemplate(
        str(path), pagesize=WEEK_PAGE, title=title, author="Sabaq", lang=language, invariant=1
    )
    templates = [_template("week", WEEK_PAGE), _template("chart", CHART_PAGE)]
    if master:  # the first page takes the first template: the chart's
        templates.reverse()
    doc.addPageTemplates(templates)
    doc.build(story)


def _template(name: str, size: tuple[float, float]) -> PageTemplate:
    frame = Frame(MARGIN, MARGIN, size[0] - 2 * MARGIN, size[1] - 2 * MARGIN, id=name)
    return PageTemplate(id=name, frames=[frame], pagesize=size)


class _Printer:
    """Turns grids into flowables: paragraphs in the vendored font, tables with building tints."""

    def __init__(self, tt: Timetable, title: str, translate: Translate) -> None:
        self.tt = tt
        self.title = title
        self.translate = translate
        self.tint = {
            b.code: colors.HexColor(TINTS[b.id % len(TINTS)]) for b in tt.problem.buildings
        }
        self.title_style = ParagraphStyle("title", fontName=FONT_BOLD, fontSize=14, leading=17)
        self.small = ParagraphStyle("small", fontName=FONT, fontSize=8.5, leading=10.2)
        self.tiny = ParagraphStyle("tiny", fontName=FONT, fontSize=6.5, leading=7.6)

    def say(self, msg: Message) -> str:
        return escape(msg.render(self.translate))

    def text(self, lines: Iterable[str], style: ParagraphStyle) -> Paragraph:
        return Paragraph("<br/>".join(escape(x) for x in lines), style)

    # ---- one owner's week ----

    def week(self, grid: WeekGrid) -> Flowable:
        """Title, grid and building legend, shrunk to fit one A4 landscape page."""
        owner = grid.owner
        heading = self.say(message(HEADINGS[owner.kind], name=owner.name))
        width = WEEK_PAGE[0] - 2 * MARGIN
        first = 26 * mm
        days = [self.text([self.translate(d)], self.small) for d in grid.days]
        data: list[list[Any]] = [["", *days]]
        shifts = len({r.shift for r in grid.rows}) > 1
        for row, cells in zip(grid.rows, grid.cells, strict=True):
            data.append([self._row_label(row, shifts), *(self._cell(c, owner.kind) for c in cells)])
        widths = [first] + [(width - first) / len(grid.days)] * len(days)
        table = _filling(data, widths, WEEK_PAGE[1] - 2 * MARGIN - 30 * mm)
        style = _grid_style()
        style.add("FONTNAME", (0, 0), (-1, -1), FONT)
        self._tints(style, grid.cells, 1, 1)
        for day in range(len(grid.days)):
            for r in _double_rows([row[day] for row in grid.cells]):
                style.add("SPAN", (day + 1, r + 1), (day + 1, r + 2))
        table.setStyle(style)
        content: list[Flowable] = [
            Paragraph(f"{escape(self.title)} — {heading}", self.title_style),
            Spacer(1, 4 * mm),
            table,
            Spacer(1, 3 * mm),
            self._legend(grid.buildings),
        ]
        height = WEEK_PAGE[1] - 2 * MARGIN
        return KeepInFrame(width, height, content, mode="shrink")

    def _row_label(self, row: Row, shifts: bool) -> Paragraph:
        if shifts:
            first = message(
                N_("Shift {shift}, period {period}"), shift=row.shift, period=row.period
            )
        else:
            first = message(N_("Period {period}"), period=row.period)
        return Paragraph(f"<b>{self.say(first)}</b><br/>{row.start}–{row.end}", self.small)

    def _cell(self, cell: Cell, view: str, style: ParagraphStyle | None = None) -> Paragraph | str:
        if not cell:
            return ""
        parts = []
        for e in cell:
            lines = [escape(x) for x in entry_lines(e, view)]
            if lines:
                lines[0] = f"<b>{lines[0]}</b>"
            if e.travel is not None:
                lines.append(self._travel(e))
            parts.append("<br/>".join(lines))
        return Paragraph("<br/>".join(parts), style or self.small)

    def _travel(self, e: Entry) -> str:
        """'→ from MAIN, 15 min' (bold and marked when the break is shorter than the walk)."""
        t = e.travel
        assert t is not None
        if t.too_short:
            text = self.say(
                message(
                    N_("from {origin}, {minutes} min; the break is only {gap} min"),
                    origin=t.origin, minutes=t.minutes, gap=t.gap,
                )
            )  # fmt: skip
            return f'<font color="#B00020"><b>⚠ → {text}</b></font>'
        text = self.say(
            message(N_("from {origin}, {minutes} min"), origin=t.origin, minutes=t.minutes)
        )
        return f"<i>→ {text}</i>"

    def _legend(self, used: Iterable[str]) -> Paragraph:
        """'Buildings: MAIN — Main building; GYM — Sports hall', in the school's order."""
        shown = set(used)
        items = [
            f"<b>{escape(b.code)}</b> — {escape(b.name)}"
            for b in self.tt.problem.buildings
            if b.code in shown
        ]
        words = self.say(message(N_("Buildings")))
        travel = self.say(message(N_("→ arrives from another building")))
        return Paragraph(f"{words}: {'; '.join(items) or '—'}. {travel}.", self.small)

    def _tints(self, style: TableStyle, cells: Sequence[Sequence[Cell]], r0: int, c0: int) -> None:
        for r, row in enumerate(cells):
            for c, cell in enumerate(row):
                building = next((e.building for e in cell if e.building), None)
                if building in self.tint:
                    style.add("BACKGROUND", (c + c0, r + r0), (c + c0, r + r0), self.tint[building])

    # ---- the wall chart ----

    def chart(self, chart: Chart) -> list[Flowable]:
        """The master grid on A3 pages: as many days per page as stay readable, each group of
        days on one page when a little shrinking does it, else over several."""
        width, height = CHART_PAGE[0] - 2 * MARGIN, CHART_PAGE[1] - 2 * MARGIN
        first = 16 * mm
        n = len(chart.periods)
        per_page = max(1, int((width - first) // MIN_CHART_COLUMN) // n)
        heading = self.say(message(N_("All classes")))
        legend = {e.building for row in chart.cells for c in row for e in c if e.building}
        out: list[Flowable] = []
        for start in range(0, len(chart.days), per_page):
            days = range(start, min(start + per_page, len(chart.days)))
            if out:
                out.append(PageBreak())
            table = self._chart_table(chart, days, (width - first) / (per_page * n), first)
            page: list[Flowable] = [
                Paragraph(f"{escape(self.title)} — {heading}", self.title_style),
                Spacer(1, 3 * mm),
                table,
                Spacer(1, 2 * mm),
                self._legend(legend),
            ]
            needed = sum(f.wrap(width, height)[1] for f in page)
            fits = needed * MAX_SHRINK <= height
            out += [KeepInFrame(width, height, page, mode="shrink")] if fits else page
        return out

    def _chart_table(self, chart: Chart, days: range, column: float, first: float) -> Table:
        n = len(chart.periods)
        head: list[Any] = [""]
        numbers: list[Any] = [""]
        for d in days:
            head += [self.text([self.translate(chart.days[d])], self.small)] + [""] * (n - 1)
            numbers += [str(p) for p in chart.periods]
        data = [head, numbers]
        shifts = len({r.shift for r in chart.rows}) > 1
        cells = [[row[d * n + i] for d in days for i in range(n)] for row in chart.cells]
        for row, row_cells in zip(chart.rows, cells, strict=True):
            label = [row.code]
            if shifts:
                label.append(message(N_("shift {shift}"), shift=row.shift).render(self.translate))
            data.append(
                [
                    self.text(label, self.small),
                    *(self._cell(c, "master", self.tiny) for c in row_cells),
                ]
            )
        table = Table(data, colWidths=[first] + [column] * (len(days) * n), repeatRows=2)
        style = _grid_style(header_rows=2)
        style.add("FONTNAME", (0, 0), (-1, -1), FONT)
        style.add("FONTSIZE", (0, 1), (-1, 1), 6)
        for i in range(len(days)):
            style.add("SPAN", (1 + i * n, 0), (n + i * n, 0))
            style.add("LINEBEFORE", (1 + i * n, 0), (1 + i * n, -1), 1.2, colors.black)
        self._tints(style, cells, 2, 1)
        for r, row_cells in enumerate(cells):
            for c in _double_rows(row_cells):
                if (c + 1) % n:  # never across two days
                    style.add("SPAN", (c + 1, r + 2), (c + 2, r + 2))
        table.setStyle(style)
        return table


def _filling(data: list[list[Any]], widths: list[float], height: float) -> Table:
    """A table whose period rows share out the page's height when their text needs less."""
    natural = Table(data, colWidths=widths)
    natural.wrap(sum(widths), height)
    rows = natural._rowHeights  # measured by wrap(); reportlab has no public accessor
    even = (height - rows[0]) / max(1, len(rows) - 1)
    return Table(data, colWidths=widths, rowHeights=[rows[0], *(max(h, even) for h in rows[1:])])


def _grid_style(header_rows: int = 1) -> TableStyle:
    """Thin black grid, a tinted header, bold first column: a clear grid on paper."""
    return TableStyle(
        [
            ("GRID", (0, 0), (-1, -1), 0.5, colors.black),
            ("BOX", (0, 0), (-1, -1), 1.2, colors.black),
            ("BACKGROUND", (0, 0), (-1, header_rows - 1), HEAD_FILL),
            ("BACKGROUND", (0, header_rows), (0, -1), HEAD_FILL),
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("ALIGN", (0, 0), (-1, header_rows - 1), "CENTER"),
            ("LEFTPADDING", (0, 0), (-1, -1), 2),
            ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]
    )


def _double_rows(cells: Sequence[Cell]) -> list[int]:
    """Positions i where cells i and i+1 hold the same double lessons (first, then second
    period), so the two can be drawn as one."""
    out = []
    for i in range(len(cells) - 1):
        a, b = cells[i], cells[i + 1]
        same = a and [e.index for e in a] == [e.index for e in b]
        if same and all(e.part == 0 and e.length == 2 for e in a) and all(e.part == 1 for e in b):
            out.append(i)
    return out
