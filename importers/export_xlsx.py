"""A solved timetable as a printable workbook: master grid, per class, teacher, room, building."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from functools import partial
from os import PathLike

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from importers.grids import (
    Cell,
    Chart,
    Entry,
    Kind,
    Timetable,
    WeekGrid,
    building_chart,
    entry_lines,
    master_of,
    week_of,
)
from solver.problem import Problem
from solver.solution import Placement, Solution

At = tuple[int, int]  # (row, column) in a sheet
_HEAD = PatternFill("solid", fgColor="DDEBF7")
_THIN = Side(style="thin", color="808080")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")
_BAD_TITLE = re.compile(r"[\[\]:*?/\\]")


def export_timetable_xlsx(
    problem: Problem, solution: Solution, path: str | PathLike[str], *, title: str = ""
) -> None:
    """Write the timetable as a workbook ready to print (A4 landscape, one page wide).

    Sheets: "Master" (classes x day/period), then one per class ("C 7A"), teacher ("T ..."),
    room ("R ...") and building ("B ..."). A double lesson is one merged cell where its two
    periods are adjacent, otherwise both cells say "(double)". The grids are those of
    `importers.grids`, the same the web pages and the PDF draw.
    """
    tt = Timetable.from_solution(problem, solution)
    wb = Workbook()
    ex = _Exporter(tt, title or problem.name)
    ex.master(wb.active)
    sheets: tuple[tuple[Kind, str], ...] = (("class", "C"), ("teacher", "T"), ("room", "R"))
    for kind, prefix in sheets:
        for owner in tt.owners(kind):
            heading = owner.code if kind == "class" else f"{owner.name} ({owner.code})"
            grid = week_of(tt, kind, owner.code, all_shifts=True)
            ex.grid(wb.create_sheet(ex.title(prefix, owner.code)), heading, grid)
    for b in tt.owners("building"):
        heading = f"{b.name} ({b.code})"
        ex.building(wb.create_sheet(ex.title("B", b.code)), heading, building_chart(tt, b.code))
    wb.save(path)


def involves(problem: Problem, kind: str, owner: int, p: Placement) -> bool:
    """True when the class, teacher or room with id `owner` takes part in placement `p`."""
    lesson = problem.lessons[p.lesson]
    if kind == "class":
        return owner in problem.audience_classes(lesson)
    if kind == "teacher":
        return owner in lesson.teachers
    return p.room == owner


def _texts(
    rows: Sequence[Sequence[Cell]],
    origin: At,
    label: Callable[[Entry], str],
    *,
    chart: bool = False,
) -> tuple[dict[At, list[str]], list[tuple[At, At]]]:
    """Sheet cell -> texts of its lessons, and the cell pairs of each double lesson.

    On a chart one joined lesson sits in the row of every class, so its double pairs are
    per row; on a week grid a double spans two rows.
    """
    texts: dict[At, list[str]] = defaultdict(list)
    parts: dict[tuple[int, int], list[At]] = defaultdict(list)
    for r, row in enumerate(rows, start=origin[0]):
        for c, cell in enumerate(row, start=origin[1]):
            for entry in cell:
                texts[(r, c)].append(label(entry))
                parts[(entry.index, r if chart else 0)].append((r, c))
    doubles = [(rc[0], rc[1]) for rc in parts.values() if len(rc) == 2]
    return texts, doubles


class _Exporter:
    def __init__(self, tt: Timetable, title: str) -> None:
        self.tt = tt
        self.p = tt.problem
        self.heading = title
        self.used: set[str] = set()

    def title(self, prefix: str, code: str) -> str:
        """A unique sheet title of at most 31 characters without the characters Excel forbids."""
        base = _BAD_TITLE.sub("_", f"{prefix} {code}")[:31]
        name, n = base, 1
        while name.casefold() in self.used:
            n += 1
            name = f"{base[: 31 - len(str(n)) - 1]}~{n}"
        self.used.add(name.casefold())
        return name

    # ---- sheets ----

    def _setup(self, ws: Worksheet, heading: str, header_rows: int) -> None:
        ws["A1"] = f"{self.heading} — {heading}" if self.heading else heading
        ws["A1"].font = Font(bold=True, size=13)
        ps = ws.page_setup
        ps.orientation = "landscape"
        ps.paperSize = ws.PAPERSIZE_A4
        ps.fitToWidth = 1
        ps.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        ws.print_title_rows = f"1:{header_rows}"
        ws.freeze_panes = ws.cell(row=header_rows + 1, column=2)

    def _fill(
        self, ws: Worksheet, cells: dict[At, list[str]], doubles: list[tuple[At, At]]
    ) -> None:
        for (r, c), texts in cells.items():
            cell = ws.cell(r, c, "\n".join(dict.fromkeys(texts)))
            cell.alignment = _WRAP
            cell.border = _BOX
        for a, b in doubles:
            same = cells.get(a) == cells.get(b)
            adjacent = (a[0] == b[0] and abs(a[1] - b[1]) == 1) or (
                a[1] == b[1] and abs(a[0] - b[0]) == 1
            )
            if same and adjacent and ws.cell(*a).coordinate not in ws.merged_cells:
                ws.merge_cells(
                    start_row=min(a[0], b[0]),
                    start_column=min(a[1], b[1]),
                    end_row=max(a[0], b[0]),
                    end_column=max(a[1], b[1]),
                )
            elif not same or not adjacent:
                for rc in (a, b):
                    ws.cell(*rc).value = f"{ws.cell(*rc).value or ''}\n(double)".strip()

    def grid(self, ws: Worksheet, heading: str, grid: WeekGrid) -> None:
        """Rows = periods (with times), columns = days."""
        self._setup(ws, heading, 2)
        self._head(ws, 2, ["", *grid.days])
        view = grid.owner.kind
        for r, row in enumerate(grid.rows, start=3):
            per = self.p.periods[row.period_id]
            shift = (
                f"{self.p.shifts[per.shift].name}: "
                if len(self.p.shifts) > 1 and view != "class"
                else ""
            )
            text = f"{shift}{row.period}\n{row.start}–{row.end}"
            ws.cell(r, 1, text).font = Font(bold=True)
        cells, doubles = _texts(grid.cells, (3, 2), lambda e: "\n".join(entry_lines(e, view)))
        self._fill(ws, cells, doubles)
        ws.column_dimensions["A"].width = 14
        for d in range(len(grid.days)):
            ws.column_dimensions[get_column_letter(d + 2)].width = 24

    def _head(self, ws: Worksheet, row: int, texts: list[str]) -> None:
        for c, text in enumerate(texts, start=1):
            cell = ws.cell(row, c, text)
            cell.font = Font(bold=True)
            cell.fill = _HEAD
            cell.border = _BOX
            cell.alignment = Alignment(horizontal="center", wrap_text=True)

    def _day_period_columns(self, ws: Worksheet, numbers: int) -> dict[tuple[int, int], int]:
        """Header rows 2-3 (day, period number); returns (day, number) -> column."""
        col: dict[tuple[int, int], int] = {}
        for d in range(len(self.p.days)):
            first = 2 + d * numbers
            ws.cell(2, first, self.p.days[d]).font = Font(bold=True)
            ws.merge_cells(
                start_row=2, start_column=first, end_row=2, end_column=first + numbers - 1
            )
            for n in range(1, numbers + 1):
                col[(d, n)] = first + n - 1
                cell = ws.cell(3, first + n - 1, n)
                cell.font, cell.fill, cell.border = Font(bold=True), _HEAD, _BOX
                ws.column_dimensions[get_column_letter(first + n - 1)].width = 9
        return col

    def master(self, ws: Worksheet) -> None:
        """Rows = classes, columns = day x period number of the class's own shift."""
        ws.title = "Master"
        self.used.add("master")
        self._setup(ws, "Master", 3)
        chart = master_of(self.tt)
        self._day_period_columns(ws, len(chart.periods))
        for r, row in enumerate(chart.rows, start=4):
            ws.cell(r, 1, row.code).font = Font(bold=True)
        lines = partial(entry_lines, view="master")
        cells, doubles = _texts(chart.cells, (4, 2), lambda e: "\n".join(lines(e)), chart=True)
        self._fill(ws, cells, doubles)
        ws.column_dimensions["A"].width = 8

    def building(self, ws: Worksheet, heading: str, chart: Chart) -> None:
        """Rows = the building's rooms, columns = day x period number: who is in each room."""
        self._setup(ws, heading, 3)
        self._day_period_columns(ws, len(chart.periods))
        for r, row in enumerate(chart.rows, start=4):
            ws.cell(r, 1, row.code).font = Font(bold=True)
        cells, _ = _texts(chart.cells, (4, 2), self._room_label)
        self._fill(ws, cells, [])
        ws.column_dimensions["A"].width = 10

    def _room_label(self, entry: Entry) -> str:
        """'7A' or, in a school of two shifts, '7A (shift 2)'."""
        if len(self.p.shifts) < 2:
            return entry.audience
        shift = self.p.shifts[self.tt.shift_codes.index(entry.shift)]
        return f"{entry.audience} ({shift.name})"
