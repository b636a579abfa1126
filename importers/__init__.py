"""Timetable files in and out: the Excel workbook, Excel timetable export and iCalendar."""

from importers.excel import WorkbookError, WorkbookProblem, read_workbook, write_workbook
from importers.export_xlsx import export_timetable_xlsx
from importers.ical import export_ical, export_ical_combined

__all__ = [
    "WorkbookError",
    "WorkbookProblem",
    "export_ical",
    "export_ical_combined",
    "export_timetable_xlsx",
    "read_workbook",
    "write_workbook",
]
