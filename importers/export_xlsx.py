"""A solved timetable as a printable workbook: master grid, per class, teacher, room, building."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import partial
from os import PathLike

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from solver.problem import Lesson, Problem
from solver.solution import Placement, Solution

Cell = tuple[int, int]  # (row, column) in a sheet
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
    periods are adjacent, otherwise both cells say "(double)".
    """
    wb = Workbook()
    ex = _Exporter(problem, solution, title or problem.name)
    ex.master(wb.active)
    for c in problem.classes:
        ex.grid(
            wb.create_sheet(ex.title("C", c.code)),
            f"{c.code}",
            partial(involves, problem, "class", c.id),
            problem.shifts[c.shift].periods,
            "class",
        )
    for t in problem.teachers:
        ex.grid(
            wb.create_sheet(ex.title("T", t.code)),
            f"{t.name} ({t.code})",
            partial(involves, problem, "teacher", t.id),
            problem.timeline,
            "teacher",
        )
    for r in problem.rooms:
        ex.grid(
            wb.create_sheet(ex.title("R", r.code)),
            f"{r.name or r.code} ({r.code})",
            partial(involves, problem, "room", r.id),
            problem.timeline,
            "room",
        )
    for b in problem.buildings:
        ex.building(wb.create_sheet(ex.title("B", b.code)), b.id)
    wb.save(path)


def involves(problem: Problem, kind: str, owner: int, p: Placement) -> bool:
    """True when the class, teacher or room with id `owner` takes part in placement `p`."""
    lesson = problem.lessons[p.lesson]
    if kind == "class":
        return owner in problem.audience_classes(lesson)
    if kind == "teacher":
        return owner in lesson.teachers
    return p.room == owner


class _Exporter:
    def __init__(self, problem: Problem, solution: Solution, title: str) -> None:
        self.p = problem
        self.s = solution
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

    # ---- words ----

    def who(self, lesson: Lesson) -> str:
        """'7A' / '7A·kz + 7B·kz': the audience."""
        parts = [self.p.classes[c].code for c in lesson.classes]
        for g in lesson.groups:
            group = self.p.groups[g]
            parts.append(f"{self.p.classes[group.class_id].code}·{group.name}")
        return " + ".join(parts)

    def where(self, p: Placement) -> str:
        """'204 (MAIN)' or ''."""
        if p.room is None:
            return ""
        room = self.p.rooms[p.room]
        return f"{room.code} ({self.p.buildings[room.building].code})"

    def text(self, p: Placement, view: str) -> str:
        """What a cell says about one placement, seen from a class, teacher or room sheet."""
        lesson = self.p.lessons[p.lesson]
        subject = self.p.subjects[lesson.subject].name
        teachers = ", ".join(self.p.teachers[t].name for t in lesson.teachers)
        groups = ", ".join(dict.fromkeys(self.p.groups[g].name for g in lesson.groups))
        lines = {
            "class": [subject + (f" ({groups})" if groups else ""), teachers, self.where(p)],
            "teacher": [f"{self.who(lesson)} {subject}", self.where(p)],
            "room": [f"{self.who(lesson)} {subject}", teachers],
            "master": [f"{subject}" + (f" ({groups})" if groups else ""), self.where(p)],
        }[view]
        return "\n".join(x for x in lines if x)

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
        self, ws: Worksheet, cells: dict[Cell, list[str]], doubles: list[tuple[Cell, Cell]]
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

    def grid(
        self,
        ws: Worksheet,
        heading: str,
        mine: Callable[[Placement], bool],
        periods: tuple[int, ...],
        view: str,
    ) -> None:
        """Rows = periods (with times), columns = days."""
        self._setup(ws, heading, 2)
        row_of = {pid: i for i, pid in enumerate(periods, start=3)}
        self._head(ws, 2, ["", *(self.p.days[d] for d in range(len(self.p.days)))])
        for pid, r in row_of.items():
            per = self.p.periods[pid]
            shift = (
                f"{self.p.shifts[per.shift].name}: "
                if len(self.p.shifts) > 1 and view != "class"
                else ""
            )
            ws.cell(
                r, 1, f"{shift}{per.number}\n{_clock(per.start)}–{_clock(per.end)}"
            ).font = Font(bold=True)
        cells: dict[Cell, list[str]] = defaultdict(list)
        doubles: list[tuple[Cell, Cell]] = []
        for p in self.s.placements:
            if not mine(p):
                continue
            covered = [
                (row_of[q], p.day + 2)
                for q in self.p.covered(self.p.lessons[p.lesson], p.period)
                if q in row_of
            ]
            for rc in covered:
                cells[rc].append(self.text(p, view))
            if len(covered) == 2:
                doubles.append((covered[0], covered[1]))
        self._fill(ws, cells, doubles)
        ws.column_dimensions["A"].width = 14
        for d in range(len(self.p.days)):
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
        numbers = max((len(s.periods) for s in self.p.shifts), default=1)
        col = self._day_period_columns(ws, numbers)
        row_of = {c.id: r for r, c in enumerate(self.p.classes, start=4)}
        for c in self.p.classes:
            ws.cell(row_of[c.id], 1, c.code).font = Font(bold=True)
        cells: dict[Cell, list[str]] = defaultdict(list)
        doubles: list[tuple[Cell, Cell]] = []
        for p in self.s.placements:
            lesson = self.p.lessons[p.lesson]
            covered = self.p.covered(lesson, p.period)
            for cid in self.p.audience_classes(lesson):
                rcs = [(row_of[cid], col[(p.day, self.p.periods[q].number)]) for q in covered]
                for rc in rcs:
                    cells[rc].append(self.text(p, "master"))
                if len(rcs) == 2:
                    doubles.append((rcs[0], rcs[1]))
        self._fill(ws, cells, doubles)
        ws.column_dimensions["A"].width = 8

    def building(self, ws: Worksheet, building: int) -> None:
        """Rows = the building's rooms, columns = day x period number: who is in each room."""
        b = self.p.buildings[building]
        self._setup(ws, f"{b.name} ({b.code})", 3)
        numbers = max((len(s.periods) for s in self.p.shifts), default=1)
        col = self._day_period_columns(ws, numbers)
        rooms = [r for r in self.p.rooms if r.building == building]
        row_of = {r.id: i for i, r in enumerate(rooms, start=4)}
        for r in rooms:
            ws.cell(row_of[r.id], 1, r.code).font = Font(bold=True)
        cells: dict[Cell, list[str]] = defaultdict(list)
        for p in self.s.placements:
            if p.room not in row_of:
                continue
            lesson = self.p.lessons[p.lesson]
            for q in self.p.covered(lesson, p.period):
                per = self.p.periods[q]
                label = self.who(lesson) + (
                    f" ({self.p.shifts[per.shift].name})" if len(self.p.shifts) > 1 else ""
                )
                cells[(row_of[p.room], col[(p.day, per.number)])].append(label)
        self._fill(ws, cells, [])
        ws.column_dimensions["A"].width = 10


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
