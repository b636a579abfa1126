"""Timetable files in and out: our Excel workbook, FET, XHSTT and aSc files, Excel and
iCalendar exports. Submodules are imported where used, so a command loads only what it needs."""
