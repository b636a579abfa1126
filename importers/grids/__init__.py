"""Timetable grids: one model of weeks, days, terms and wall charts for web, Excel and PDF.

A grid is built from the school's data and a timetable's placements (`week_grid`,
`master_grid`, `day_view`, `term_dates` take a snapshot and placements by codes), or from a
`Timetable` made straight from a solver's answer (`week_of`, `master_of`, `day_of`,
`building_chart`), so every input format can be drawn. Cells hold `Entry` objects: the
lesson's subject, audience, teachers, room and building, and a `Travel` mark where the owner
arrives from another building.
"""

from __future__ import annotations

from importers.grids.model import (
    DAY_LABELS,
    KINDS,
    Cell,
    Chart,
    ChartRow,
    DayView,
    Entry,
    Kind,
    Owner,
    Row,
    SchoolDate,
    Travel,
    WeekGrid,
    entry_lines,
    natural_key,
)
from importers.grids.timetable import Timetable
from importers.grids.views import (
    building_chart,
    day_of,
    day_view,
    master_grid,
    master_of,
    school_day,
    term_dates,
    timetable,
    week_grid,
    week_of,
)

__all__ = [
    "DAY_LABELS",
    "KINDS",
    "Cell",
    "Chart",
    "ChartRow",
    "DayView",
    "Entry",
    "Kind",
    "Owner",
    "Row",
    "SchoolDate",
    "Timetable",
    "Travel",
    "WeekGrid",
    "building_chart",
    "day_of",
    "day_view",
    "entry_lines",
    "master_grid",
    "master_of",
    "natural_key",
    "school_day",
    "term_dates",
    "timetable",
    "week_grid",
    "week_of",
]
