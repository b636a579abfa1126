"""Moving lessons by hand: what a move breaks and mends, the room it takes, the grid colours.

The scoped checks of `solver.edit` must say exactly what full `validate` before and after
says; the properties below compare them on random schools, junk timetables and moves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.conditions import Condition, EndsDay, Limit
from solver.edit import CellStatus, Move, check_moves, free_cells
from solver.edit.board import Board
from solver.edit.scope import scope_of
from solver.problem import Fixed, Lesson, Problem
from solver.rules.ids import RuleId
from solver.solution import Placement, Solution, Status
from solver.validate import Violation, summarize, validate
from solver.validation.placements import read_placements
from tests.solver.conditions.test_limits import limits
from tests.solver.conditions.test_timing import any_condition
from tests.solver.strategies import placements, problems, tiny_school

MON, TUE = 0, 1
ASEL, BOLAT, GULNARA = 0, 1, 2
R101, R204, LAB, GYM = 0, 1, 2, 3
A7, B8 = 0, 1
KZ, RU = 0, 1


def lesson(lid: int, label: str, teacher: int, **kw: object) -> Lesson:
    kw.setdefault("course", lid)
    kw.setdefault("subject", 0)
    kw.setdefault("classes", (A7,))
    kw.setdefault("rooms", (R101, R204))
    return Lesson(lid, teachers=(teacher,), label=label, **kw)  # type: ignore[arg-type]


LESSONS = (
    lesson(0, "7A Maths", ASEL, course=0),
    lesson(1, "7A Maths", ASEL, course=0),
    lesson(2, "8B Maths", ASEL, classes=(B8,)),
    lesson(3, "7A Physics", BOLAT, subject=1, rooms=(LAB,)),
    lesson(4, "8B PE", GULNARA, subject=2, classes=(B8,), rooms=(GYM,)),
)
# Asel teaches Monday periods 1 and 3 (a gap, cost 3); 7A goes from 101 to the lab (cost 1).
PLACED = (
    Placement(0, MON, 0, R101),
    Placement(3, MON, 1, LAB),
    Placement(2, MON, 2, R101),
    Placement(1, TUE, 0, R101),
    Placement(4, TUE, 0, GYM),
)


def school(**changes: object) -> Problem:
    return tiny_school(lessons=LESSONS, **changes)


def timetable(*placed: Placement, status: Status = Status.FEASIBLE) -> Solution:
    return Solution(status, placed or PLACED)


def words(found: Sequence[Violation], rule: RuleId | None = None) -> list[str]:
    return [str(v.message) for v in found if rule is None or v.rule == rule]


def test_the_school_before_any_move_breaks_no_hard_rule() -> None:
    summary = summarize(validate(school(), timetable()))
    assert summary.hard_violations == 0 and summary.soft_cost == 4


def test_a_move_onto_the_teachers_other_lesson_is_refused_with_the_clash_in_words() -> None:
    check = check_moves(school(), timetable(), [Move(0, MON, 2)])
    assert not check.allowed
    assert words(check.added, RuleId.TEACHER_CLASH) == [
        "Asel Nurova has 2 lessons at once on Monday, period 3: 7A Maths, 8B Maths"
    ]
    assert check.cost_before == 4


def test_a_move_that_leaves_students_a_free_period_is_refused() -> None:
    check = check_moves(school(), timetable(), [Move(3, MON, 3)])
    assert not check.allowed
    assert [v.rule for v in check.added if v.hard] == [RuleId.CLASS_NO_GAPS]
    assert "Students of 7A have 2 free periods between lessons on Monday" in words(check.added)[0]


def test_a_move_that_closes_the_teachers_gap_is_allowed_and_cheaper() -> None:
    check = check_moves(school(), timetable(), [Move(2, MON, 1)])
    assert check.allowed
    assert check.added == ()
    assert words(check.removed) == [
        "Teacher Asel Nurova has a free period between lessons on Monday (period 2)"
    ]
    assert (check.cost_before, check.cost_after) == (4, 1)
    assert check.placements == (Placement(2, MON, 1, R101),)  # 101 is free then: kept


def test_a_swap_is_two_moves_and_both_cells_count_as_free() -> None:
    check = check_moves(school(), timetable(), [Move(0, MON, 1), Move(3, MON, 0)])
    assert check.allowed
    assert RuleId.TEACHER_GAP in [v.rule for v in check.removed]
    assert check.cost_after == summarize(validate(school(), check.solution)).soft_cost == 1


def test_the_moved_timetable_changes_only_the_moved_lesson() -> None:
    before = timetable(status=Status.OPTIMAL)
    check = check_moves(school(), before, [Move(2, MON, 1)])
    after = check.solution
    assert [p for p in after.placements if p.lesson != 2] == [
        p for p in before.placements if p.lesson != 2
    ]
    assert after.status == Status.FEASIBLE and after.objective == check.cost_after
    assert before.placements == PLACED  # nothing changed in place


def test_the_room_is_kept_when_free_else_a_free_one_is_chosen() -> None:
    # 101 holds 8B Maths on Monday period 3, so 7A Maths moving there takes 204.
    check = check_moves(school(), timetable(), [Move(0, MON, 2)])
    assert check.placements[0].room == R204
    assert RuleId.ROOM_CLASH not in [v.rule for v in check.added]


def test_without_a_free_room_the_room_stays_and_the_clash_is_shown() -> None:
    busy = lesson(5, "8B Language", BOLAT, subject=3, classes=(B8,))
    p = tiny_school(lessons=(*LESSONS, busy))
    sol = timetable(*PLACED, Placement(5, MON, 3, R204))
    check = check_moves(p, sol, [Move(2, MON, 3)])  # 101 free, 204 busy: keeps 101
    assert check.placements[0].room == R101
    check = check_moves(p, sol, [Move(0, MON, 3), Move(2, MON, 0)])
    assert check.placements[0].room == R101  # 204 busy, 101 left by 8B Maths
    crowded = timetable(*PLACED, Placement(5, TUE, 1, R204))
    check = check_moves(p, crowded, [Move(2, TUE, 1)])
    assert check.placements[0].room == R101


def test_a_named_room_is_used_even_when_wrong() -> None:
    check = check_moves(school(), timetable(), [Move(1, TUE, 0, GYM)])
    assert check.placements[0].room == GYM
    assert {RuleId.ROOM_FIT, RuleId.ROOM_CLASH} <= {v.rule for v in check.added}
    assert not check.allowed


def test_moving_a_locked_lesson_breaks_its_lock() -> None:
    p = school(fixed=(Fixed(3, MON, 1),))
    check = check_moves(p, timetable(), [Move(3, MON, 0), Move(0, MON, 1)])
    assert words(check.added, RuleId.FIXED) == [
        "Locked lesson 7A Physics is on Monday, period 1, Lab 1 instead of Monday, period 2"
    ]


@pytest.mark.parametrize(
    "moves",
    [
        [Move(0, MON, 1), Move(0, TUE, 1)],  # twice
        [Move(0, 7, 0)],  # no such day
        [Move(0, MON, 99)],  # no such period
        [Move(0, MON, 1, 99)],  # no such room
    ],
)
def test_impossible_moves_are_refused(moves: list[Move]) -> None:
    with pytest.raises(ValueError):
        check_moves(school(), timetable(), moves)


def test_an_unplaced_lesson_cannot_be_moved() -> None:
    sol = timetable(*PLACED[:-1])
    with pytest.raises(ValueError, match="not placed"):
        check_moves(school(), sol, [Move(4, TUE, 1)])
    with pytest.raises(ValueError, match="not placed"):
        free_cells(school(), sol, 4)


def test_free_cells_colour_the_grid_for_one_lesson() -> None:
    cells = free_cells(school(), timetable(), 2)  # 8B Maths, Monday period 3
    assert len(cells) == 5 * 6
    assert cells[(MON, 1)] == CellStatus.OK  # closes Asel's gap
    assert cells[(MON, 0)] == CellStatus.HARD  # Asel teaches 7A then
    assert cells[(MON, 4)] == CellStatus.COST  # a longer gap
    assert cells[(MON, 2)] == CellStatus.OK  # where it is


def test_with_swap_an_occupied_cell_stands_for_a_swap() -> None:
    p, sol = school(), timetable()
    plain = free_cells(p, sol, 0)  # 7A Maths, Monday period 1
    swaps = free_cells(p, sol, 0, swap=True)
    assert plain[(MON, 1)] == CellStatus.HARD  # onto 7A Physics
    assert swaps[(MON, 1)] == CellStatus.OK  # swapped with 7A Physics: closes the gap


def test_students_linked_by_a_joined_lesson_are_checked_together() -> None:
    joined = lesson(5, "7A·kz + 8B Language", BOLAT, classes=(B8,), groups=(KZ,), subject=3)
    p = tiny_school(lessons=(*LESSONS, joined))
    board = Board(p, timetable(*PLACED, Placement(5, TUE, 1, R204)))
    scope = scope_of(board, [3], [])  # 7A Physics reaches 8B through the joined lesson
    assert scope.classes == (A7, B8)
    assert set(scope.atoms) == set(range(len(p.atoms)))
    assert scope.teachers == (BOLAT,) and scope.rooms == (LAB,)


# ---- the scoped checks equal full validation ---------------------------------------------


def key(v: Violation) -> Hashable:
    return (v.rule, v.hard, v.count, v.cost, str(v.message), v.lessons, v.day, v.period)


def full_diff(p: Problem, before: Solution, after: Solution) -> tuple[Counter, Counter]:
    old = Counter(key(v) for v in validate(p, before))
    new = Counter(key(v) for v in validate(p, after))
    return new - old, old - new


@st.composite
def moves(draw: st.DrawFn, p: Problem, sol: Solution) -> list[Move]:
    placed = sorted(read_placements(p, sol).placed)
    if not placed:
        return []
    chosen = draw(st.lists(st.sampled_from(placed), min_size=1, max_size=2, unique=True))
    room = st.one_of(st.none(), st.integers(0, len(p.rooms) - 1))
    out = []
    for lid in chosen:
        start = st.sampled_from(p.starts(p.lessons[lid])) | st.integers(0, len(p.periods) - 1)
        out.append(Move(lid, draw(st.integers(0, len(p.days) - 1)), draw(start), draw(room)))
    return out


def assert_same_as_full(p: Problem, sol: Solution, change: list[Move]) -> None:
    check = check_moves(p, sol, change)
    added, removed = full_diff(p, sol, check.solution)
    assert Counter(key(v) for v in check.added) == added
    assert Counter(key(v) for v in check.removed) == removed
    assert check.cost_before == summarize(validate(p, sol)).soft_cost
    assert check.cost_after == summarize(validate(p, check.solution)).soft_cost
    assert check.allowed == (not any(k[1] for k in added))
    for m, made in zip(change, check.placements, strict=True):
        assert (made.lesson, made.day, made.period) == (m.lesson, m.day, m.period)
        assert m.room is None or made.room == m.room


PROPERTY = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))


@PROPERTY
@given(st.data())
def test_a_checked_move_says_what_full_validation_says(data: st.DataObject) -> None:
    p = data.draw(problems(max_lessons=14))
    sol = data.draw(placements(p, junk=data.draw(st.booleans())))
    change = data.draw(moves(p, sol))
    if change:
        assert_same_as_full(p, sol, change)


@pytest.mark.slow
@PROPERTY
@given(st.data())
def test_with_imported_conditions_a_checked_move_says_what_full_validation_says(
    data: st.DataObject,
) -> None:
    p = replace(data.draw(problems(max_lessons=10)), fixed=())
    conds: list[Condition] = data.draw(st.lists(any_condition(p), max_size=3))
    conds += data.draw(st.lists(limits(p), max_size=3))
    p = replace(p, conditions=tuple(conds))
    sol = data.draw(placements(p, junk=data.draw(st.booleans())))
    change = data.draw(moves(p, sol))
    if change:
        assert_same_as_full(p, sol, change)


def test_a_lesson_that_ends_the_day_is_broken_by_another_lesson_after_it() -> None:
    # EndsDay names 7A Physics only; moving 7A Maths after it must still show the break.
    p = school(conditions=(EndsDay((3,), weight=5), Limit(("teacher", ASEL), "max_days", 1)))
    assert_same_as_full(p, timetable(), [Move(1, MON, 2)])
    check = check_moves(p, timetable(), [Move(0, MON, 2)])
    assert RuleId.CONDITION_COST in [v.rule for v in check.added]


def _partner(p: Problem, sol: Solution, lid: int, day: int, start: int) -> int | None:
    placed = read_placements(p, sol).placed
    atoms = set(p.lesson_atoms(p.lessons[lid]))
    there = [
        o
        for o, it in placed.items()
        if o != lid and (it.day, it.start) == (day, start)
        if atoms & set(p.lesson_atoms(it.lesson))
    ]
    return there[0] if len(there) == 1 else None


def expected_status(p: Problem, sol: Solution, change: list[Move]) -> CellStatus:
    after = check_moves(p, sol, change).solution
    old, new = summarize(validate(p, sol)), summarize(validate(p, after))
    added, _ = full_diff(p, sol, after)
    if any(k[1] for k in added):
        return CellStatus.HARD
    return CellStatus.COST if new.soft_cost > old.soft_cost else CellStatus.OK


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_each_cell_has_the_status_of_the_move_it_stands_for(data: st.DataObject) -> None:
    p = data.draw(problems(max_lessons=10))
    sol = data.draw(placements(p, junk=data.draw(st.booleans())))
    placed = read_placements(p, sol).placed
    if not placed:
        return
    lid = data.draw(st.sampled_from(sorted(placed)))
    swap = data.draw(st.booleans())
    cells = free_cells(p, sol, lid, swap=swap)
    here = placed[lid]
    shifts = p.lesson_shifts(p.lessons[lid])
    grid = {(d, q.id) for d in range(len(p.days)) for q in p.periods if q.shift in shifts}
    assert set(cells) == grid
    for (day, start), status in cells.items():
        other = _partner(p, sol, lid, day, start) if swap else None
        change = [Move(lid, day, start)]
        if other is not None:
            change.append(Move(other, here.day, here.start))
        assert status == expected_status(p, sol, change), (day, start, other)


def test_a_new_timetable_of_the_same_school_is_read_anew() -> None:
    p = school()
    first, second = timetable(), timetable(*PLACED[:2], Placement(2, MON, 4, R101), *PLACED[3:])
    assert check_moves(p, first, [Move(2, MON, 1)]).cost_before == 4
    # three free periods for Asel (9), 7A's room change (1), 8B Maths in period 5 (1)
    assert check_moves(p, second, [Move(2, MON, 1)]).cost_before == 11
    assert check_moves(p, first, [Move(2, MON, 1)]).cost_before == 4


@pytest.mark.slow
def test_on_the_demo_school_checked_moves_say_what_full_validation_says() -> None:
    import random
    from pathlib import Path

    from importers.inputs import load_input
    from importers.solution_json import read_solution

    examples = Path(__file__).resolve().parents[2] / "examples"
    p = load_input(examples / "demo-school.xlsx").problem
    sol = read_solution(examples / "demo-school.planted.json", p)
    rnd = random.Random(7)
    for _ in range(15):
        a, b = rnd.sample(p.lessons, 2)
        change = [Move(a.id, rnd.randrange(len(p.days)), rnd.choice(p.starts(a)))]
        if rnd.random() < 0.5:
            change.append(Move(b.id, rnd.randrange(len(p.days)), rnd.choice(p.starts(b))))
        assert_same_as_full(p, sol, change)
