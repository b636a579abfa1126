from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from dateutil.rrule import rrulestr
from icalendar import Calendar

from importers.export_xlsx import export_timetable_xlsx
from importers.ical import export_ical, export_ical_combined
from solver.problem import Problem
from solver.solution import Placement, Solution, Status
from solver.store import problem_from_snapshot
from tests.importers.snapshots import small_school


@pytest.fixture
def solved() -> tuple[Problem, Solution]:
    """The small school with a hand-made (not necessarily valid) complete timetable."""
    problem = problem_from_snapshot(small_school())
    placements = []
    for lesson in problem.lessons:
        starts = problem.starts(lesson)
        period = starts[lesson.id % len(starts)] if lesson.length == 1 else starts[0]
        room = lesson.rooms[0] if lesson.rooms else None
        placements.append(Placement(lesson.id, lesson.id % len(problem.days), period, room))
    return problem, Solution(Status.FEASIBLE, tuple(placements), objective=0)


def _texts(ws: openpyxl.worksheet.worksheet.Worksheet) -> str:
    return "\n".join(str(c.value) for row in ws.iter_rows() for c in row if c.value is not None)


def test_xlsx_has_every_view_and_survives_unicode(tmp_path: Path, solved) -> None:
    problem, solution = solved
    export_timetable_xlsx(problem, solution, tmp_path / "tt.xlsx", title="Кесте 2026")
    wb = openpyxl.load_workbook(tmp_path / "tt.xlsx")
    names = wb.sheetnames
    assert names[0] == "Master"
    for expected in ("C 7Ә", "C 7Б", "C 2А", "T T-14", "T T-2", "R ЗАЛ", "B MAIN", "B GYM"):
        assert expected in names
    assert "Кесте 2026" in str(wb["Master"]["A1"].value)
    class_sheet = _texts(wb["C 7Ә"])
    assert "Математика" in class_sheet and "Әсел Нұрова" in class_sheet
    assert "Қазақ тілі (kz1)" in class_sheet  # subgroup lessons show their group
    assert "101 (MAIN)" in class_sheet  # room with its building
    assert "7Ә·kz1 + 7Б·kz1 Қазақ тілі" in _texts(wb["T T-3"])
    assert "2А" in _texts(wb["B GYM"])


def test_xlsx_is_printable(tmp_path: Path, solved) -> None:
    problem, solution = solved
    export_timetable_xlsx(problem, solution, tmp_path / "tt.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "tt.xlsx")
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape"
        assert int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.page_setup.fitToWidth == 1
        assert ws.print_options.gridLines
        assert ws.print_title_rows


def test_xlsx_merges_double_lessons(tmp_path: Path, solved) -> None:
    problem, solution = solved
    export_timetable_xlsx(problem, solution, tmp_path / "tt.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "tt.xlsx")
    double = next(p for p in solution.placements if problem.lessons[p.lesson].length == 2)
    ws = wb["C 7Ә"]
    col = double.day + 2
    first_row = 3 + problem.shifts[0].periods.index(double.period)
    merged = [str(r) for r in ws.merged_cells.ranges]
    letter = openpyxl.utils.get_column_letter(col)
    assert f"{letter}{first_row}:{letter}{first_row + 1}" in merged
    assert "Математика" in ws.cell(first_row, col).value


def _occurrences(event) -> list[datetime]:
    start = event.decoded("dtstart")
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start)
    ex = event.get("exdate")
    ex_list = ex if isinstance(ex, list) else ([ex] if ex else [])
    skipped = {d.dt for e in ex_list for d in e.dts}
    return [d for d in rule if d not in skipped]


def test_ical_weekly_events_skip_holidays(solved) -> None:
    problem, solution = solved
    terms = small_school().terms
    cals = export_ical(problem, solution, terms)
    assert {"teacher-T-14", "class-7Ә", "class-7Б", "room-101"} <= set(cals)
    cal = Calendar.from_ical(cals["class-7Ә"])
    assert [c.name for c in cal.walk("VTIMEZONE")] and "Asia/Almaty" in cals["class-7Ә"].decode()
    events = cal.walk("VEVENT")
    assert len(events) == sum(
        1
        for p in solution.placements
        if problem.classes[0].id in problem.audience_classes(problem.lessons[p.lesson])
    )
    holiday = date(2026, 10, 26)  # a Monday: lessons on day 0 must skip it
    monday = [e for e in events if e.decoded("dtstart").weekday() == 0]
    assert monday
    for e in events:
        dates = [d.date() for d in _occurrences(e)]
        assert holiday not in dates
        assert all(date(2026, 9, 1) <= d <= date(2026, 10, 30) for d in dates)
        assert len({d.weekday() for d in dates}) == 1
    for e in monday:
        dates = [d.date() for d in _occurrences(e)]
        # 8 Mondays from 1 Sep to 30 Oct 2026, one of them a holiday
        assert holiday - timedelta(days=7) in dates and len(dates) == 7


def test_ical_summary_location_times_and_stable_uids(solved) -> None:
    problem, solution = solved
    terms = small_school().terms
    first = export_ical(problem, solution, terms)
    again = export_ical(problem, solution, terms)
    uids = lambda data: sorted(str(e["uid"]) for e in Calendar.from_ical(data).walk("VEVENT"))  # noqa: E731
    assert uids(first["teacher-T-14"]) == uids(again["teacher-T-14"])
    ev = next(
        e
        for e in Calendar.from_ical(first["class-7Ә"]).walk("VEVENT")
        if "Математика" in str(e["summary"])
    )
    assert str(ev["summary"]).startswith("7Ә Математика — room ")
    assert "Бас ғимарат" in str(ev["location"])
    start = ev.decoded("dtstart")
    assert str(start.tzinfo) == "Asia/Almaty"
    per = problem.periods[next(p.period for p in solution.placements if p.lesson == 0)]
    if ev.decoded("dtend") - start == timedelta(minutes=45 + 15 + 45):  # the double
        assert (start.hour * 60 + start.minute) == per.start


def test_ical_combined_holds_every_lesson_once_per_term(solved) -> None:
    problem, solution = solved
    data = export_ical_combined(problem, solution, small_school().terms)
    events = Calendar.from_ical(data).walk("VEVENT")
    assert len(events) == len(solution.placements)
    assert len({str(e["uid"]) for e in events}) == len(events)
