"""One tiny problem per rule: the rule changes the timetable (hard) or shows in the cost (soft)."""

from __future__ import annotations

from dataclasses import replace

from solver.params import SolveParams
from solver.problem import Fixed, Group, Problem, Room, SchoolClass, Subject, Teacher
from solver.solution import Solution, Status
from solver.solve import solve
from solver.validate import summarize, validate
from solver.weights import Settings
from tests.solver.tiny import L, only, problem

FAST = SolveParams(time_limit_s=10, workers=2)


def run(p: Problem) -> Solution:
    s = solve(p, FAST)
    if s.complete:
        summary = summarize(validate(p, s))
        assert summary.hard_violations == 0
        assert s.objective == summary.soft_cost
    return s


def at(s: Solution) -> dict[int, tuple[int, int]]:
    return {x.lesson: (x.day, x.period) for x in s.placements}


def test_placed_every_lesson_once_at_a_start_its_length_fits():
    s = run(problem([L(0, length=2)], periods=2))
    assert at(s) == {0: (0, 0)}


def test_teacher_clash():
    assert run(problem([L(0, classes=(0,)), L(1, classes=(1,))], periods=1, classes=2)).status == (
        Status.INFEASIBLE
    )
    assert run(
        problem([L(0, teachers=(0,)), L(1, teachers=(1,))], periods=1, classes=1)
    ).status == (Status.INFEASIBLE)


def test_student_clash_lets_groups_of_one_division_meet_in_parallel():
    same = [Group(0, 0, "lang", "kz", 10), Group(1, 0, "lang", "ru", 10)]
    lessons = [L(0, classes=(), groups=(0,)), L(1, teachers=(1,), classes=(), groups=(1,))]
    assert run(problem(lessons, periods=1, groups=same)).complete
    other = [Group(0, 0, "lang", "kz", 10), Group(1, 0, "inf", "1", 10)]
    assert run(problem(lessons, periods=1, groups=other)).status == Status.INFEASIBLE


def test_room_clash_and_fit_use_distinct_candidate_rooms():
    rooms = [Room(i, f"R{i}", f"10{i}", 0, 30, "lab") for i in range(2)]
    one = [L(0, rooms=(0,)), L(1, teachers=(1,), classes=(1,), rooms=(0,))]
    assert run(problem(one, periods=1, classes=2, rooms=rooms)).status == Status.INFEASIBLE
    two = [L(0, rooms=(0, 1)), L(1, teachers=(1,), classes=(1,), rooms=(0, 1))]
    s = run(problem(two, periods=1, classes=2, rooms=rooms))
    assert {x.room for x in s.placements} == {0, 1}


def test_availability_of_teacher_class_and_room():
    t = (Teacher(0, "T0", "Asel", unavailable=frozenset({(0, 0)})),)
    assert at(run(problem([L(0)], periods=2, teachers=t))) == {0: (0, 1)}
    c = (SchoolClass(0, "7A", 7, 0, 20, unavailable=frozenset({(0, 1)})),)
    assert at(run(problem([L(0)], periods=2, classes=c))) == {0: (0, 0)}
    r = (Room(0, "R0", "101", 0, 30, "ordinary", unavailable=frozenset({(0, 0)})),)
    assert at(run(problem([L(0, rooms=(0,))], periods=2, rooms=r))) == {0: (0, 1)}


def test_shift_keeps_a_class_in_its_own_periods():
    c = (SchoolClass(0, "7A", 7, 1, 20),)
    s = run(problem([L(0), L(1)], periods=2, shifts=2, classes=c))
    assert {pl for _, pl in at(s).values()} == {2, 3}


def test_class_no_gaps_hard_and_class_gap_soft():
    t = (Teacher(0, "T0", "A"), Teacher(1, "T1", "B", unavailable=frozenset({(0, 1)})))
    lessons = [L(0), L(1, teachers=(1,))]
    p = problem(lessons, periods=3, teachers=t, fixed=[Fixed(0, 0, 0)])
    assert run(p).status == Status.INFEASIBLE
    soft = replace(only(class_gap=10), class_no_gaps=False)
    s = run(replace(p, settings=soft))
    assert s.complete and s.objective == 10


def test_teacher_limits_per_day_week_and_days():
    lessons = [L(0), L(1)]
    per_day = (Teacher(0, "T0", "A", max_per_day=1),)
    s = run(problem(lessons, days=2, periods=2, teachers=per_day))
    assert {d for d, _ in at(s).values()} == {0, 1}
    per_week = (Teacher(0, "T0", "A", max_per_week=1),)
    assert run(problem(lessons, days=2, teachers=per_week)).status == Status.INFEASIBLE
    # Class 0 only has Monday; the teacher prefers Monday off, so without the cap on working
    # days lesson 1 would go to Tuesday.
    two_classes = [L(0, classes=(0,)), L(1, classes=(1,))]
    c = (
        SchoolClass(0, "0A", 5, 0, 20, unavailable=frozenset({(1, 0), (1, 1)})),
        SchoolClass(1, "1A", 5, 0, 20),
    )
    for cap, days_used in ((None, {0, 1}), (1, {0})):
        t = (Teacher(0, "T0", "A", max_days=cap, day_off=0),)
        s = run(problem(two_classes, days=2, periods=2, teachers=t, classes=c))
        assert {d for d, _ in at(s).values()} == days_used


def test_class_max_per_day():
    c = (SchoolClass(0, "7A", 7, 0, 20, max_per_day=1),)
    s = run(problem([L(0), L(1, teachers=(1,))], days=2, periods=2, classes=c))
    assert {d for d, _ in at(s).values()} == {0, 1}


def _two_buildings(minutes: int) -> dict[str, object]:
    rooms = [Room(0, "R0", "101", 0, 30, "ordinary"), Room(1, "R1", "201", 1, 30, "ordinary")]
    return {"rooms": rooms, "buildings": 2, "travel": [[0, minutes], [minutes, 0]]}


def test_travel_between_buildings_needs_a_long_enough_break():
    lessons = [L(0, rooms=(0,)), L(1, classes=(1,), rooms=(1,))]
    far = problem(lessons, periods=2, classes=2, **_two_buildings(20))  # type: ignore[arg-type]
    assert run(far).status == Status.INFEASIBLE
    near = problem(lessons, periods=2, classes=2, **_two_buildings(5))  # type: ignore[arg-type]
    assert run(near).complete


def test_building_changes_cap_and_cost():
    lessons = [L(0, rooms=(0,)), L(1, classes=(1,), rooms=(1,))]
    p = problem(lessons, days=2, periods=2, classes=2, **_two_buildings(5))  # type: ignore[arg-type]
    capped = replace(p, settings=replace(Settings(), max_building_changes=0))
    s = run(capped)
    assert {d for d, _ in at(s).values()} == {0, 1}
    one_day = replace(p, days=p.days[:1], settings=only(building_change=6))
    assert run(one_day).objective == 6


def test_fixed_pins_time_and_room():
    rooms = [Room(i, f"R{i}", f"10{i}", 0, 30, "ordinary") for i in range(2)]
    p = problem([L(0, rooms=(0, 1))], periods=3, rooms=rooms, fixed=[Fixed(0, 0, 2, 1)])
    s = run(p)
    assert s.placements[0].period == 2 and s.placements[0].room == 1


def test_teacher_gap_cost():
    lessons = [L(0, classes=(0,)), L(1, classes=(1,))]
    p = problem(lessons, periods=3, classes=2, settings=only(teacher_gap=3))
    assert run(p).objective == 0
    pinned = replace(p, fixed=(Fixed(0, 0, 0), Fixed(1, 0, 2)))
    assert run(pinned).objective == 3


def test_same_subject_day_cost():
    p = problem(
        [L(0, course=0), L(1, course=0)], days=1, periods=2, settings=only(same_subject_day=4)
    )
    assert run(p).objective == 4
    assert run(replace(p, days=("Monday", "Tuesday"))).objective == 0


def test_hard_subject_late_cost():
    subjects = (Subject(0, "M", "Maths", hard=True),)
    settings = replace(only(hard_subject_late=1), late_after=1)
    p = problem([L(0, length=2)], periods=3, subjects=subjects, settings=settings)
    assert run(p).objective == 1  # a double covers period 2 at least


def test_teacher_day_off_cost():
    t = (Teacher(0, "T0", "A", day_off=0),)
    p = problem([L(0), L(1)], days=2, periods=1, teachers=t, settings=only(teacher_day_off=2))
    assert run(p).objective == 2  # one of the two must be on Monday


def test_class_room_change_cost():
    rooms = [Room(i, f"R{i}", f"10{i}", 0, 30, "ordinary") for i in range(2)]
    lessons = [L(0, rooms=(0,)), L(1, teachers=(1,), rooms=(1,))]
    p = problem(lessons, periods=2, rooms=rooms, settings=only(class_room_change=1))
    assert run(p).objective == 1
    free = problem(
        [L(0, rooms=(0, 1)), L(1, teachers=(1,), rooms=(0, 1))],
        periods=2,
        rooms=rooms,
        settings=only(class_room_change=1),
    )
    assert run(free).objective == 0
