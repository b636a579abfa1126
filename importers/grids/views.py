"""Week grids, wall charts, a day by the term calendar, and the school dates of a term."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING

from importers.grids.model import (
    Cell,
    Chart,
    ChartRow,
    DayView,
    Entry,
    Kind,
    SchoolDate,
    WeekGrid,
    natural_key,
)
from importers.grids.timetable import Timetable
from models.errors import NotFound
from models.i18n import N_, message

if TYPE_CHECKING:
    from models.snapshot import LockedLesson, SchoolSnapshot, TermInfo

_CACHE_SIZE = 8
_cache: OrderedDict[tuple[int, tuple[LockedLesson, ...]], tuple[object, Timetable]] = OrderedDict()
_lock = threading.Lock()


def timetable(snapshot: SchoolSnapshot, placements: Sequence[LockedLesson]) -> Timetable:
    """The `Timetable` of a snapshot and its placements, reused while the same snapshot object
    is drawn again (a page shows several grids of one version).

    Raises:
        ProblemBuildError: the data or a placement names something that does not exist.
    """
    key = (id(snapshot), tuple(placements))
    with _lock:
        hit = _cache.get(key)
        if hit is not None and hit[0] is snapshot:  # same object, not a recycled id
            _cache.move_to_end(key)
            return hit[1]
    built = Timetable.from_snapshot(snapshot, key[1])
    with _lock:
        _cache[key] = (snapshot, built)
        while len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return built


def week_grid(
    snapshot: SchoolSnapshot,
    placements: Sequence[LockedLesson],
    *,
    kind: Kind,
    code: str,
    all_shifts: bool = False,
) -> WeekGrid:
    """One class's, teacher's, room's or building's week: periods by days.

    Args:
        snapshot: the school's data.
        placements: the timetable version's placed lessons, by codes.
        kind: "class", "teacher", "room" or "building".
        code: the owner's code ("7A", "T-14", "204", "MAIN").
        all_shifts: also the rows of shifts in which a teacher, room or building has no lesson.

    Returns:
        The grid; each lesson carries its building and, where the owner arrives from another
        building, a travel mark with the minutes from the school's travel table.

    Raises:
        NotFound: nothing of that kind has the code.
        ProblemBuildError: the data or a placement names something that does not exist.
    """
    return week_of(timetable(snapshot, placements), kind, code, all_shifts=all_shifts)


def week_of(tt: Timetable, kind: Kind, code: str, *, all_shifts: bool = False) -> WeekGrid:
    """`week_grid` on a `Timetable` (also one built straight from a solver's answer).

    A class's rows are its shift's periods. A teacher's, room's or building's rows are the
    periods of every shift in clock order; without `all_shifts`, only of the shifts in which
    it has lessons (every shift when it has none).
    """
    owner = tt.owner_id(kind, code)
    mine = tt.placed(kind, owner)
    marks = tt.travel_marks(kind, owner)
    placed = [(q, entry) for i in mine for q, entry in tt.entries(i, marks.get(i))]
    rows = tt.rows(kind, owner)
    used = {tt.problem.periods[q].shift for q, _ in placed}
    if kind != "class" and not all_shifts and used:
        rows = tuple(r for r in rows if tt.problem.periods[r.period_id].shift in used)
    row_of = {r.period_id: i for i, r in enumerate(rows)}
    cells: list[list[list[Entry]]] = [[[] for _ in tt.problem.days] for _ in rows]
    for q, entry in placed:
        if q in row_of:
            cells[row_of[q]][entry.day].append(entry)
    return WeekGrid(
        tt.owner(kind, code),
        tt.problem.days,
        rows,
        tuple(tuple(_ordered(cell) for cell in row) for row in cells),
    )


def master_grid(snapshot: SchoolSnapshot, placements: Sequence[LockedLesson]) -> Chart:
    """The wall chart: every class (natural order) by day x period number of its own shift.

    Raises:
        ProblemBuildError: the data or a placement names something that does not exist.
    """
    return master_of(timetable(snapshot, placements))


def master_of(tt: Timetable) -> Chart:
    """`master_grid` on a `Timetable`; entries carry each class's own travel marks."""
    problem = tt.problem
    owners = tt.owners("class")
    ids = {c.code: c.id for c in problem.classes}
    chart_rows = tuple(
        ChartRow(o.code, o.name, tt.shift_codes[problem.classes[ids[o.code]].shift]) for o in owners
    )
    row_of = {ids[o.code]: r for r, o in enumerate(owners)}
    grid = _empty_chart(tt, len(owners))
    for cid, r in row_of.items():
        marks = tt.travel_marks("class", cid)
        for i in tt.placed("class", cid):
            for _, entry in tt.entries(i, marks.get(i)):
                grid[r][_column(tt, entry)].append(entry)
    return _chart(tt, "", chart_rows, grid)


def building_chart(tt: Timetable, code: str) -> Chart:
    """One building's rooms by day x period number: who is in each room.

    Raises:
        NotFound: no building has the code.
    """
    building = tt.owner_id("building", code)
    rooms = [r for r in tt.problem.rooms if r.building == building]
    row_of = {r.id: i for i, r in enumerate(rooms)}
    grid = _empty_chart(tt, len(rooms))
    for i, p in enumerate(tt.placements):
        if p.room in row_of:
            for _, entry in tt.entries(i):
                grid[row_of[p.room]][_column(tt, entry)].append(entry)
    chart_rows = tuple(ChartRow(r.code, r.name or r.code, "") for r in rooms)
    return _chart(tt, tt.owner("building", code).name, chart_rows, grid)


def _periods(tt: Timetable) -> tuple[int, ...]:
    return tuple(range(1, max((len(s.periods) for s in tt.problem.shifts), default=1) + 1))


def _empty_chart(tt: Timetable, rows: int) -> list[list[list[Entry]]]:
    width = len(tt.problem.days) * len(_periods(tt))
    return [[[] for _ in range(width)] for _ in range(rows)]


def _column(tt: Timetable, entry: Entry) -> int:
    return entry.day * len(_periods(tt)) + entry.period - 1


def _chart(
    tt: Timetable, title: str, rows: tuple[ChartRow, ...], grid: list[list[list[Entry]]]
) -> Chart:
    cells = tuple(tuple(_ordered(cell) for cell in row) for row in grid)
    return Chart(title, tt.problem.days, _periods(tt), rows, cells)


def _ordered(entries: list[Entry]) -> Cell:
    """Parallel lessons in a fixed order: by audience (natural), subject, then placement."""
    return tuple(sorted(entries, key=lambda e: (natural_key(e.audience), e.subject, e.index)))


# ---- the term calendar ----


def school_day(
    terms: Sequence[TermInfo], days_per_week: int, when: date
) -> tuple[TermInfo | None, str | None, int | None]:
    """(term, holiday name, timetable day) of a calendar date.

    The day is None on holidays, outside every term and on weekdays without lessons. A school
    that gave no terms has no calendar: every weekday of its week then counts as a school day.
    """
    weekday = when.weekday()
    lessons_today = weekday if weekday < days_per_week else None
    if not terms:
        return None, None, lessons_today
    term = next((t for t in terms if t.start <= when <= t.end), None)
    if term is None:
        return None, None, None
    holiday = next((h for h in term.holidays if h.start <= when <= h.end), None)
    if holiday is not None:
        return term, holiday.name, None
    return term, None, lessons_today


def day_view(
    snapshot: SchoolSnapshot,
    placements: Sequence[LockedLesson],
    *,
    kind: Kind,
    code: str,
    date: date,
) -> DayView:
    """One owner's lessons on a calendar date: the weekday's column of the week grid, or
    nothing on holidays and outside the terms.

    Raises:
        NotFound: nothing of that kind has the code.
        ProblemBuildError: the data or a placement names something that does not exist.
    """
    return day_of(timetable(snapshot, placements), kind, code, date)


def day_of(tt: Timetable, kind: Kind, code: str, when: date) -> DayView:
    """`day_view` on a `Timetable`."""
    grid = week_of(tt, kind, code)
    term, holiday, day = school_day(tt.terms, len(tt.problem.days), when)
    cells = tuple(() if day is None else row[day] for row in grid.cells)
    name = None if term is None else term.name
    return DayView(grid.owner, when, day, name, holiday, grid.rows, cells)


def term_dates(snapshot: SchoolSnapshot, term: str) -> tuple[SchoolDate, ...]:
    """Every date of the named term on which lessons take place, with its timetable day.

    Raises:
        NotFound: the school has no term of that name.
    """
    found = next((t for t in snapshot.terms if t.name == term), None)
    if found is None:
        raise NotFound("no_such_term", [message(N_("There is no term called {term}."), term=term)])
    out = []
    when = found.start
    while when <= found.end:
        _, _, day = school_day((found,), snapshot.school.days_per_week, when)
        if day is not None:
            out.append(SchoolDate(when, day, found.name))
        when += timedelta(days=1)
    return tuple(out)
