from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest

from importers.grids import (
    Timetable,
    day_view,
    entry_lines,
    master_grid,
    natural_key,
    term_dates,
    timetable,
    week_grid,
    week_of,
)
from models.errors import NotFound
from models.snapshot import BellPeriod, ClassInfo, LockedLesson, SchoolSnapshot, TravelInfo
from solver.solution import Solution, Status
from solver.store import placements_from_locked, problem_from_snapshot
from tests.importers.snapshots import small_school

# small_school(): 7Ә and 7Б in shift 1 (08:00, 09:00, 10:00, 11:00), 2А in shift 2 (14:00,
# 15:00, 16:00); rooms 101 and 204 in MAIN, ЗАЛ in GYM; 7Ә-MATH is 5 periods with one double.
PLACED = (
    LockedLesson("7Ә-MATH", 0, 0, "1", 1, "101"),  # Monday 1-2, a double
    LockedLesson("7Ә-MATH", 1, 1, "1", 3, "101"),  # Tuesday 3
    LockedLesson("7Ә-MATH", 2, 2, "1", 1, "101"),
    LockedLesson("7Ә-MATH", 3, 3, "1", 1, "101"),
    LockedLesson("KAZ-J", 0, 0, "1", 3, "204"),  # Monday 3 in MAIN
    LockedLesson("KAZ-J", 1, 1, "1", 1, "ЗАЛ"),  # Tuesday 1 in GYM ...
    LockedLesson("KAZ-J", 2, 1, "1", 2, "101"),  # ... and Tuesday 2 back in MAIN
    LockedLesson("2А-PE", 0, 0, "2", 1, "ЗАЛ"),  # Monday, shift 2, in GYM
    LockedLesson("2А-PE", 1, 4, "2", 2, "ЗАЛ"),
)


@pytest.fixture
def school() -> SchoolSnapshot:
    """The small school with a 20-minute walk between MAIN and GYM (breaks are 15 minutes)."""
    return replace(small_school(), travel=(TravelInfo("MAIN", "GYM", 20),))


def _texts(cell) -> list[str]:
    return [f"{e.subject}@{e.room}" for e in cell]


def test_class_week_has_its_shift_rows_lessons_and_a_double(school) -> None:
    grid = week_grid(school, PLACED, kind="class", code="7Ә")
    assert grid.owner.name == "7Ә"
    assert [(r.shift, r.period, r.start, r.end) for r in grid.rows] == [
        ("1", 1, "08:00", "08:45"),
        ("1", 2, "09:00", "09:45"),
        ("1", 3, "10:00", "10:45"),
        ("1", 4, "11:00", "11:45"),
    ]
    assert grid.days[:2] == ("Monday", "Tuesday") and len(grid.days) == 6
    first, second = grid.cells[0][0][0], grid.cells[1][0][0]
    assert first.index == second.index and (first.part, second.part) == (0, 1)
    assert first.length == 2 and first.subject == "Математика"
    assert first.teachers == ("Әсел Нұрова",) and first.building == "MAIN"
    # the joined group lesson shows in the class's grid with its subgroup
    kaz = grid.cells[2][0][0]
    assert kaz.groups == ("kz1", "kz1") and kaz.audience == "7Ә·kz1 + 7Б·kz1"
    assert kaz.classes == ("7Ә", "7Б") and kaz.teachers == ("Ғалым Өтегенұлы", "Іңкәр Үсенова")
    assert entry_lines(kaz, "class") == [
        "Қазақ тілі (kz1)",
        "Ғалым Өтегенұлы, Іңкәр Үсенова",
        "204 (MAIN)",
    ]
    assert _texts(grid.cells[3][0]) == []  # period 4 on Monday is free
    assert grid.buildings == ("MAIN", "GYM")


def test_teacher_room_and_building_weeks(school) -> None:
    teacher = week_grid(school, PLACED, kind="teacher", code="T-2")
    assert teacher.owner.name == "Ғалым Өтегенұлы"
    assert {e.subject for e in teacher.entries()} == {"Қазақ тілі", "Дене шынықтыру"}
    room = week_grid(school, PLACED, kind="room", code="101")
    assert sorted((e.day, e.period) for e in room.entries()) == [
        (0, 1), (0, 2), (1, 2), (1, 3), (2, 1), (3, 1),
    ]  # fmt: skip
    gym = week_grid(school, PLACED, kind="building", code="GYM")
    assert sorted((e.key, e.day) for e in gym.entries()) == [
        ("2А-PE", 0), ("2А-PE", 4), ("KAZ-J", 1),
    ]  # fmt: skip
    assert entry_lines(next(gym.entries()), "building")[1] == "ЗАЛ"


def test_travel_marks_where_the_owner_changes_building(school) -> None:
    teacher = week_grid(school, PLACED, kind="teacher", code="T-3")
    marked = [(e.day, e.shift, e.period, e.travel) for e in teacher.entries() if e.travel]
    assert len(marked) == 1
    day, shift, period, travel = marked[0]
    assert (day, shift, period) == (1, "1", 2)  # Tuesday: GYM at 08:00, MAIN at 09:00
    assert (travel.origin, travel.target, travel.minutes, travel.gap) == ("GYM", "MAIN", 20, 15)
    assert travel.too_short
    # T-2 also walks to GYM on Monday afternoon: the long break is enough
    monday = [e.travel for e in week_grid(school, PLACED, kind="teacher", code="T-2").entries()
              if e.travel and e.day == 0]  # fmt: skip
    assert [(t.origin, t.target, t.gap, t.too_short) for t in monday] == [
        ("MAIN", "GYM", 14 * 60 - (10 * 60 + 45), False)
    ]


def test_travel_marks_follow_each_group_of_a_split_class(school) -> None:
    # 7Ә·kz1 walks GYM -> MAIN on Tuesday; 7Ә·kz2 has only the maths lesson that day
    grid = week_grid(school, PLACED, kind="class", code="7Ә")
    marks = {(e.day, e.period, e.key): e.travel for e in grid.entries() if e.travel}
    assert list(marks) == [(1, 2, "KAZ-J")]
    assert marks[(1, 2, "KAZ-J")].origin == "GYM"
    # a room and a building never travel
    assert not any(e.travel for e in week_grid(school, PLACED, kind="room", code="ЗАЛ").entries())


def test_other_rows_follow_the_clock_across_shifts(school) -> None:
    # shift 2 starts while shift 1 is still running: the teacher's rows interleave by time
    bells = (
        *(b for b in school.bells if b.shift == "1"),
        BellPeriod("2", 1, "10:30", "11:15"),
        BellPeriod("2", 2, "11:30", "12:15"),
        BellPeriod("2", 3, "12:30", "13:15"),
    )
    overlapped = replace(school, bells=bells)
    teacher = week_grid(overlapped, PLACED, kind="teacher", code="T-2")
    assert [(r.shift, r.period) for r in teacher.rows] == [
        ("1", 1), ("1", 2), ("1", 3), ("2", 1), ("1", 4), ("2", 2), ("2", 3),
    ]  # fmt: skip
    # a teacher with shift-1 lessons only sees shift 1, unless every shift is asked for
    only_first = week_grid(school, PLACED, kind="teacher", code="T-14")
    assert {r.shift for r in only_first.rows} == {"1"}
    every = week_grid(school, PLACED, kind="teacher", code="T-14", all_shifts=True)
    assert [r.start for r in every.rows][-3:] == ["14:00", "15:00", "16:00"]
    # a class sees only its own shift
    assert [r.shift for r in week_grid(school, PLACED, kind="class", code="2А").rows] == ["2"] * 3


def test_master_grid_has_classes_in_natural_order_by_day_and_period(school) -> None:
    more = replace(
        school,
        classes=(*school.classes, ClassInfo("10А", 10, "1", 20), ClassInfo("9Б", 9, "1", 20)),
    )
    chart = master_grid(more, PLACED)
    assert [r.code for r in chart.rows] == ["2А", "7Ә", "7Б", "9Б", "10А"]
    assert [r.shift for r in chart.rows] == ["2", "1", "1", "1", "1"]
    assert chart.periods == (1, 2, 3, 4)
    assert _texts(chart.cell(1, 0, 1)) == ["Математика@101"]
    assert _texts(chart.cell(1, 0, 2)) == ["Математика@101"]
    assert _texts(chart.cell(0, 0, 1)) == ["Дене шынықтыру@ЗАЛ"]  # 2А's period 1 of shift 2
    # the joined lesson is in both classes' rows
    assert _texts(chart.cell(1, 0, 3)) == _texts(chart.cell(2, 0, 3)) == ["Қазақ тілі@204"]


def test_natural_key_sorts_numbers_by_value_and_letters_by_the_kazakh_alphabet() -> None:
    codes = ["10А", "9Б", "1Б", "1Ә", "1А", "11A", "2"]
    assert sorted(codes, key=natural_key) == ["1А", "1Ә", "1Б", "2", "9Б", "10А", "11A"]


def test_day_view_follows_terms_and_holidays(school) -> None:
    # 1 тоқсан: 2026-09-01 .. 2026-10-30, Республика күні on Monday 2026-10-26
    def lessons(when: date) -> list[str]:
        view = day_view(school, PLACED, kind="class", code="7Ә", date=when)
        return [e.subject for cell in view.cells for e in cell]

    monday = day_view(school, PLACED, kind="class", code="7Ә", date=date(2026, 10, 19))
    assert (monday.day, monday.term, monday.holiday) == (0, "1 тоқсан", None)
    assert lessons(date(2026, 10, 19)) == ["Математика", "Математика", "Қазақ тілі"]
    holiday = day_view(school, PLACED, kind="class", code="7Ә", date=date(2026, 10, 26))
    assert (holiday.day, holiday.holiday) == (None, "Республика күні")
    assert lessons(date(2026, 10, 26)) == []
    assert lessons(date(2026, 11, 2)) == []  # after the term
    assert lessons(date(2026, 8, 31)) == []  # before it
    assert day_view(school, PLACED, kind="class", code="7Ә", date=date(2026, 9, 6)).day is None
    assert day_view(school, PLACED, kind="class", code="7Ә", date=date(2026, 9, 5)).day == 5


def test_a_school_without_terms_has_lessons_every_weekday(school) -> None:
    bare = replace(school, terms=())
    view = day_view(bare, PLACED, kind="class", code="7Ә", date=date(2030, 1, 7))  # a Monday
    assert view.day == 0 and view.term is None and any(view.cells)


def test_term_dates_skip_sundays_and_holidays(school) -> None:
    dates = term_dates(school, "1 тоқсан")
    expected = [
        date(2026, 9, 1) + timedelta(days=i)
        for i in range((date(2026, 10, 30) - date(2026, 9, 1)).days + 1)
    ]
    expected = [d for d in expected if d.weekday() != 6 and d != date(2026, 10, 26)]
    assert [d.date for d in dates] == expected
    assert all(d.day == d.date.weekday() and d.term == "1 тоқсан" for d in dates)
    with pytest.raises(NotFound):
        term_dates(school, "5 тоқсан")


def test_unknown_owner_is_not_found(school) -> None:
    with pytest.raises(NotFound) as caught:
        week_grid(school, PLACED, kind="class", code="99Z")
    assert caught.value.code == "no_such_class"
    assert "99Z" in str(caught.value)


def test_timetable_is_reused_for_the_same_snapshot_object(school) -> None:
    assert timetable(school, PLACED) is timetable(school, list(PLACED))
    assert timetable(replace(school), PLACED) is not timetable(school, PLACED)


def test_a_solver_answer_draws_the_same_grid_without_the_snapshot(school) -> None:
    problem = problem_from_snapshot(school)
    solution = Solution(Status.FEASIBLE, tuple(placements_from_locked(problem, school, PLACED)))
    bare = Timetable.from_solution(problem, solution)
    for kind, code in (("class", "7Ә"), ("teacher", "T-2"), ("room", "ЗАЛ")):
        ours = week_grid(school, PLACED, kind=kind, code=code)
        theirs = week_of(bare, kind, code)
        assert [replace(e, key="") for e in ours.entries()] == [
            replace(e, key="") for e in theirs.entries()
        ]
        assert ours.rows == theirs.rows


def test_demo_school_grids_hold_every_placed_period() -> None:
    from examples.demo_school import demo_planted

    snapshot, placed = demo_planted()
    tt = timetable(snapshot, placed)
    problem = tt.problem
    covered = {
        i: len(problem.covered(problem.lessons[p.lesson], p.period))
        for i, p in enumerate(tt.placements)
    }
    for owner in tt.owners("teacher")[:10]:
        grid = week_grid(snapshot, placed, kind="teacher", code=owner.code)
        mine = tt.placed("teacher", tt.owner_id("teacher", owner.code))
        assert sum(1 for _ in grid.entries()) == sum(covered[i] for i in mine)
    chart = master_grid(snapshot, placed)
    assert [r.code for r in chart.rows][:4] == ["1А", "1Ә", "1Б", "2А"]
    seen = {e.index for row in chart.cells for cell in row for e in cell}
    assert seen == set(range(len(placed)))
