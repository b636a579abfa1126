"""Timetable files in and out: the Excel workbook, Excel timetable export and iCalendar."""
