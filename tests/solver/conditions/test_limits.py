"""Limit and PreferRooms: each measure changes the timetable or the cost, and model == validator."""

from __future__ import annotations

from dataclasses import replace
from typing import get_args

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.conditions import Condition, Limit, Measure, PreferRooms, kind_of
from solver.params import SolveParams
from solver.problem import Fixed, Problem, Room, SchoolClass
from solver.rules.ids import RuleId
from solver.solution import Placement, Solution, Status
from solver.solve import solve
from solver.validate import Violation, summarize, validate
from tests.solver.strategies import planted
from tests.solver.tiny import L, only, problem

FAST = SolveParams(time_limit_s=5, workers=2)
NONE = only()  # every school weight 0: only the conditions cost anything
GAPS_OK = replace(NONE, class_no_gaps=False)
MEASURES: tuple[Measure, ...] = get_args(Measure)
Where = tuple[int, int] | tuple[int, int, int]  # (day, period) or (day, period, room)


def solved(p: Problem, *conds: Condition) -> Solution:
    """Solve with `conds`: complete, valid, and at the validator's cost."""
    p = replace(p, conditions=conds)
    s = solve(p, FAST)
    assert s.status in (Status.OPTIMAL, Status.FEASIBLE), s.status
    summary = summarize(validate(p, s))
    assert summary.hard_violations == 0, [str(v.message) for v in validate(p, s)]
    assert s.objective == summary.soft_cost
    return s


def at(s: Solution) -> dict[int, tuple[int, int]]:
    return {x.lesson: (x.day, x.period) for x in s.placements}


def found(p: Problem, cond: Condition, where: dict[int, Where]) -> list[Violation]:
    """The violations of `cond` the validator reports for a hand-placed timetable."""
    sol = Solution(
        Status.FEASIBLE,
        tuple(Placement(ls, w[0], w[1], w[2] if len(w) == 3 else None) for ls, w in where.items()),
    )
    return [
        v
        for v in validate(replace(p, conditions=(*p.conditions, cond)), sol)
        if v.source == kind_of(cond)
    ]


def units(vs: list[Violation]) -> int:
    return sum(v.count for v in vs)


def teacher(measure: Measure, value: int, weight: int | None = None, **kw: object) -> Limit:
    return Limit(("teacher", 0), measure, value, weight=weight, **kw)  # type: ignore[arg-type]


def own_classes(n: int, **kw: object) -> Problem:
    """Teacher 0 teaches lessons 0..n-1, each to a class of its own."""
    lessons = [L(i, (0,), (i,)) for i in range(n)]
    return problem(lessons, classes=n, settings=NONE, **kw)  # type: ignore[arg-type]


def closed(k: int, slots: set[tuple[int, int]]) -> SchoolClass:
    return SchoolClass(k, f"{k + 5}A", k + 5, 0, 20, unavailable=frozenset(slots))


# ---- loads and days ---------------------------------------------------------------------


def day_off_on_tuesday(p: Problem) -> Problem:
    """Teacher 0 would rather have every lesson on Monday."""
    t = replace(p.teachers[0], day_off=1)
    return replace(p, teachers=(t, *p.teachers[1:]), settings=only(teacher_day_off=1))


def test_max_per_day_spreads_the_lessons_and_counts_each_period_over() -> None:
    p = own_classes(4, days=2, periods=4)
    days = [d for d, _ in at(solved(day_off_on_tuesday(p), teacher("max_per_day", 2))).values()]
    assert days.count(0) == days.count(1) == 2
    vs = found(p, teacher("max_per_day", 2), {i: (0, i) for i in range(4)})
    assert [(v.rule, v.count, v.day) for v in vs] == [(RuleId.CONDITION, 2, 0)]
    assert "Teacher 0 has 4 periods on Monday" in str(vs[0].message)
    s = solved(own_classes(3, days=1, periods=4), teacher("max_per_day", 2, 5))
    assert s.objective == 5  # one period over, weight 5


def test_min_per_day_keeps_a_working_day_full_or_empty() -> None:
    p = own_classes(3, days=2, periods=4)
    assert len({d for d, _ in at(solved(p, teacher("min_per_day", 2))).values()}) == 1
    vs = found(p, teacher("min_per_day", 2), {0: (0, 0), 1: (0, 1), 2: (1, 0)})
    assert [(v.count, v.day) for v in vs] == [(1, 1)]
    strict = teacher("min_per_day", 2, allow_empty=False)
    assert units(found(p, strict, {0: (0, 0), 1: (0, 1), 2: (0, 2)})) == 2  # empty Tuesday
    soft = teacher("min_per_day", 2, 4, allow_empty=False)
    assert solved(p, soft).objective == 4  # best is 2 + 1: one period short


def test_max_continuous_breaks_runs_and_counts_windows() -> None:
    p = own_classes(3, days=1, periods=4)
    periods = sorted(q for _, q in at(solved(p, teacher("max_continuous", 2))).values())
    assert periods in ([0, 1, 3], [0, 2, 3])
    assert units(found(p, teacher("max_continuous", 2), {i: (0, i) for i in range(3)})) == 1
    four = own_classes(4, days=1, periods=4)
    assert units(found(four, teacher("max_continuous", 2), {i: (0, i) for i in range(4)})) == 2
    s = solved(own_classes(3, days=1, periods=3), teacher("max_continuous", 1, 2))
    assert s.objective == 4  # a run of 3 with limit 1: two windows of 2, weight 2


def test_max_days_and_min_days_count_working_days() -> None:
    p = own_classes(2, days=2, periods=2)
    assert len({d for d, _ in at(solved(p, teacher("max_days", 1))).values()}) == 1
    assert len({d for d, _ in at(solved(p, teacher("min_days", 2))).values()}) == 2
    assert units(found(p, teacher("max_days", 1), {0: (0, 0), 1: (1, 0)})) == 1
    assert units(found(p, teacher("min_days", 2), {0: (0, 0), 1: (0, 1)})) == 1
    assert solved(own_classes(3, days=3, periods=1), teacher("max_days", 1, 3)).objective == 6
    assert solved(own_classes(1, days=3, periods=1), teacher("min_days", 3, 1)).objective == 2


def test_interval_max_days_counts_days_with_a_lesson_in_the_interval() -> None:
    late = {(d, q) for d in range(2) for q in (0, 1)}
    p = own_classes(2, days=2, periods=4)
    p = replace(p, classes=(closed(0, late), closed(1, late)))
    cond = teacher("interval_max_days", 1, start=2, end=4)
    assert len({d for d, _ in at(solved(p, cond)).values()}) == 1
    assert units(found(p, cond, {0: (0, 2), 1: (1, 3)})) == 1
    assert units(found(p, cond, {0: (0, 0), 1: (1, 1)})) == 0  # outside the interval
    pinned = replace(p, fixed=(Fixed(0, 0, 2), Fixed(1, 1, 2)))
    assert solved(pinned, replace(cond, weight=2)).objective == 2


# ---- gaps and starts --------------------------------------------------------------------


def test_max_gaps_day_fills_the_gap_for_a_teacher_and_for_students() -> None:
    p = replace(own_classes(3, days=1, periods=4), fixed=(Fixed(0, 0, 0), Fixed(1, 0, 2)))
    assert at(solved(p, teacher("max_gaps_day", 0)))[2] == (0, 1)
    one = own_classes(2, days=1, periods=4)
    one = replace(one, classes=(closed(0, set()), closed(1, {(0, 1)})), fixed=(Fixed(0, 0, 0),))
    assert at(solved(one, teacher("max_gaps_day", 1)))[1] == (0, 2)  # not 3: two gaps
    students = problem([L(0), L(1, (1,))], periods=4, settings=GAPS_OK, fixed=(Fixed(0, 0, 0),))
    atom = Limit(("atom", 0), "max_gaps_day", 0)
    assert at(solved(students, atom))[1] == (0, 1)
    vs = found(p, teacher("max_gaps_day", 0), {0: (0, 0), 1: (0, 3)})
    assert [(v.count, v.day) for v in vs] == [(2, 0)]
    assert "periods 2, 3" in str(vs[0].message)
    ends = replace(p, fixed=(Fixed(0, 0, 0), Fixed(1, 0, 3)), lessons=p.lessons[:2])
    assert solved(ends, teacher("max_gaps_day", 1, 2)).objective == 2


def test_max_gaps_week_adds_the_days_up() -> None:
    p = own_classes(4, days=2, periods=4)
    shut = closed(3, {(0, 1), (1, 1)})
    p = replace(p, classes=(*p.classes[:3], shut))
    p = replace(p, fixed=(Fixed(0, 0, 0), Fixed(1, 0, 2), Fixed(2, 1, 0)))
    assert at(solved(p, teacher("max_gaps_week", 1)))[3] == (0, 3)
    where: dict[int, Where] = {0: (0, 0), 1: (0, 2), 2: (1, 0), 3: (1, 3)}
    vs = found(p, teacher("max_gaps_week", 1), where)
    assert [(v.count, v.day) for v in vs] == [(2, None)]  # 1 + 2 gaps, limit 1
    pinned = replace(p, fixed=tuple(Fixed(ls, w[0], w[1]) for ls, w in where.items()))
    assert solved(pinned, teacher("max_gaps_week", 1, 3)).objective == 6


def test_max_late_starts_moves_the_lessons_to_a_day_that_starts_early() -> None:
    p = problem([L(0), L(1, (1,))], days=2, periods=3, settings=NONE)
    busy = frozenset({(0, 0)})  # both teachers, not the class, are away on Monday at period 1
    p = replace(p, teachers=tuple(replace(t, unavailable=busy) for t in p.teachers))
    late = Limit(("atom", 0), "max_late_starts", 0)
    assert {d for d, _ in at(solved(p, late)).values()} == {1}
    vs = found(p, late, {0: (0, 1), 1: (1, 2)})
    assert sorted(v.count for v in vs) == [1, 1]  # a second-period start and a later one
    assert any("period 3 on Tuesday" in str(v.message) for v in vs)
    one = replace(p, days=p.days[:1], lessons=p.lessons[:1])
    assert solved(one, replace(late, weight=3)).objective == 3
    assert solved(one, replace(late, value=1, weight=3)).objective == 0


def test_skipped_periods_are_no_gaps_and_no_first_period() -> None:
    # FET counts no gap at a person's not-available times and breaks: the importer lists
    # them in `skip`; XHSTT counts them, so its importer leaves `skip` empty.
    p = problem([L(0)], periods=3, settings=NONE)
    late = Limit(("atom", 0), "max_late_starts", 0)
    assert units(found(p, replace(late, skip=frozenset({(0, 0)})), {0: (0, 1)})) == 0
    assert units(found(p, late, {0: (0, 1)})) == 1
    two = own_classes(2, periods=3)
    gaps = teacher("max_gaps_day", 0)
    skipped = replace(gaps, skip=frozenset({(0, 1)}))
    assert units(found(two, skipped, {0: (0, 0), 1: (0, 2)})) == 0
    assert units(found(two, gaps, {0: (0, 0), 1: (0, 2)})) == 1
    pinned = replace(two, fixed=(Fixed(0, 0, 0), Fixed(1, 0, 2)))
    assert solved(pinned, replace(skipped, weight=1)).objective == 0
    assert solved(pinned, replace(gaps, weight=1)).objective == 1


# ---- buildings --------------------------------------------------------------------------


def two_buildings(spec: list[int], days: int, periods: int) -> Problem:
    """Teacher 0's lessons, lesson i in room spec[i] (room 0 in building 0, 1 in 1; -1: none)."""
    rooms = [Room(0, "A", "Room A", 0, 40, "x"), Room(1, "B", "Room B", 1, 40, "x")]
    lessons = [L(i, (0,), (i,), rooms=() if r < 0 else (r,)) for i, r in enumerate(spec)]
    return problem(
        lessons,
        days=days,
        periods=periods,
        classes=len(spec),
        rooms=rooms,
        buildings=2,
        settings=NONE,
    )


def test_max_building_changes_day_keeps_the_odd_lesson_at_an_end() -> None:
    p = two_buildings([0, 1, 0], days=1, periods=3)
    cond = teacher("max_building_changes_day", 1)
    # lessons 0 and 2 pinned at periods 1 and 3; lesson 1 (a hard subject) would rather be
    # at period 2 than late at period 4, but that makes two changes
    four = two_buildings([0, 1, 0], days=1, periods=4)
    other = [replace(ls, subject=1) if ls.id != 1 else ls for ls in four.lessons]
    four = replace(
        four,
        lessons=tuple(other),
        subjects=(replace(four.subjects[0], hard=True), four.subjects[1]),
        settings=replace(only(hard_subject_late=1), late_after=2),
        fixed=(Fixed(0, 0, 0), Fixed(2, 0, 2)),
    )
    assert at(solved(four, cond))[1] == (0, 3)
    assert at(solved(four))[1] == (0, 1)
    vs = found(p, cond, {0: (0, 0, 0), 1: (0, 1, 1), 2: (0, 2, 0)})
    assert [(v.count, v.day) for v in vs] == [(1, 0)]
    assert "Building 0 → Building 1 → Building 0" in str(vs[0].message)
    assert solved(p, replace(cond, value=0, weight=2)).objective == 2


def test_max_building_changes_week_sums_the_days() -> None:
    p = two_buildings([0, 1, 0, 1], days=2, periods=2)
    s = solved(p, teacher("max_building_changes_week", 0))
    assert at(s)[0][0] == at(s)[2][0] != at(s)[1][0] == at(s)[3][0]
    mixed: dict[int, Where] = {0: (0, 0, 0), 1: (0, 1, 1), 2: (1, 0, 0), 3: (1, 1, 1)}
    assert units(found(p, teacher("max_building_changes_week", 1), mixed)) == 1
    one = two_buildings([0, 1, 0, 1], days=1, periods=4)
    assert solved(one, teacher("max_building_changes_week", 0, 5)).objective == 5  # 0,0,1,1


def test_min_gap_building_change_leaves_a_free_period_for_the_walk() -> None:
    p = two_buildings([0, 1], days=1, periods=3)
    cond = teacher("min_gap_building_change", 1)
    assert sorted(q for _, q in at(solved(p, cond)).values()) == [0, 2]
    vs = found(p, cond, {0: (0, 0, 0), 1: (0, 1, 1)})
    assert [(v.count, v.lessons) for v in vs] == [(1, (0, 1))]
    tight = two_buildings([0, 1], days=1, periods=2)
    assert solved(tight, replace(cond, weight=3)).objective == 3
    # a lesson without a room between them is no free period
    between = two_buildings([0, -1, 1], days=1, periods=4)
    assert units(found(between, cond, {0: (0, 0, 0), 1: (0, 1), 2: (0, 2, 1)})) == 1
    assert units(found(between, cond, {0: (0, 0, 0), 1: (0, 1), 2: (0, 3, 1)})) == 0
    assert solved(between, replace(cond, weight=1)).objective == 0


# ---- lesson filters, sentences, preferred rooms -----------------------------------------


def test_a_lesson_filter_counts_only_the_named_lessons() -> None:
    p = own_classes(3, days=2, periods=3)
    s = solved(day_off_on_tuesday(p), teacher("max_per_day", 1, lessons=frozenset({0, 1})))
    assert at(s)[0][0] != at(s)[1][0] and at(s)[2][0] == 0
    same_day: dict[int, Where] = {0: (0, 0), 1: (0, 1)}
    assert units(found(p, teacher("max_per_day", 1, lessons=frozenset({0})), same_day)) == 0
    assert units(found(p, teacher("max_per_day", 1), same_day)) == 1


def test_sentences_name_the_person_the_day_and_the_label() -> None:
    p = problem([L(0), L(1, (1,))], periods=3, settings=GAPS_OK)
    cond = Limit(("atom", 0), "max_gaps_day", 0, label="FET StudentsMaxGapsPerDay #4")
    (v,) = found(p, cond, {0: (0, 0), 1: (0, 2)})
    text = str(v.message)
    assert "5A" in text and "Monday" in text and "FET StudentsMaxGapsPerDay #4" in text
    assert v.source == "Limit.max_gaps_day"


def rooms_problem(n: int, periods: int, rooms: list[Room], buildings: int = 1) -> Problem:
    lessons = [L(i, (i,), (i,), rooms=tuple(r.id for r in rooms)) for i in range(n)]
    return problem(
        lessons,
        periods=periods,
        teachers=n,
        classes=n,
        rooms=rooms,
        buildings=buildings,
        settings=NONE,
    )


def test_prefer_rooms_soft_in_both_stages_and_hard() -> None:
    rooms = [Room(0, "101", "101", 0, 40, "x"), Room(1, "102", "102", 0, 40, "x")]
    p = rooms_problem(1, 1, rooms)
    s = solved(p, PreferRooms((0,), frozenset({1}), weight=3))
    assert s.placements[0].room == 1 and s.objective == 0
    both = rooms_problem(2, 1, rooms)  # both at the same time: one cannot have room 102
    s = solved(both, PreferRooms((0, 1), frozenset({1}), weight=3))
    assert s.objective == 3
    assert solved(p, PreferRooms((0,), frozenset({1}))).placements[0].room == 1  # hard
    vs = found(p, PreferRooms((0,), frozenset({1}), weight=2), {0: (0, 0, 0)})
    assert [(v.rule, v.cost) for v in vs] == [(RuleId.CONDITION_COST, 2)]
    assert "lesson 0 is held in 101" in str(vs[0].message)


def test_prefer_rooms_steers_the_building_and_the_time() -> None:
    rooms = [Room(0, "A", "A", 0, 40, "x"), Room(1, "B", "B", 1, 40, "x", frozenset({(0, 0)}))]
    p = rooms_problem(1, 2, rooms, buildings=2)
    s = solved(p, PreferRooms((0,), frozenset({1}), weight=3))
    assert (s.placements[0].period, s.placements[0].room, s.objective) == (1, 1, 0)
    shut = replace(p, periods=p.periods[:1], shifts=(replace(p.shifts[0], periods=(0,)),))
    assert solved(shut, PreferRooms((0,), frozenset({1}), weight=3)).objective == 3


# ---- properties -------------------------------------------------------------------------


@st.composite
def limits(draw: st.DrawFn, p: Problem) -> Condition:
    """Any Limit on a person of `p` (or a PreferRooms), soft with weight 1..5."""
    if p.rooms and p.lessons and draw(st.integers(0, 5)) == 0:
        lessons = draw(st.lists(st.sampled_from([ls.id for ls in p.lessons]), min_size=1))
        wish = draw(st.lists(st.sampled_from([r.id for r in p.rooms]), min_size=1))
        return PreferRooms(tuple(sorted(set(lessons))), frozenset(wish), weight=2)
    kind = draw(st.sampled_from(["teacher", "atom"]))
    n = len(p.teachers) if kind == "teacher" else len(p.atoms)
    scope = None
    if p.lessons and draw(st.integers(0, 3)) == 0:
        scope = frozenset(draw(st.lists(st.sampled_from([ls.id for ls in p.lessons]))))
    start = draw(st.integers(0, 3))
    return Limit(
        (kind, draw(st.integers(0, n - 1))),  # type: ignore[arg-type]
        draw(st.sampled_from(MEASURES)),
        draw(st.sampled_from([0, 0, 1, 1, 2, 3])),
        weight=draw(st.integers(1, 5)),
        lessons=scope,
        allow_empty=draw(st.booleans()),
        start=start,
        end=draw(st.integers(start, 6)),
    )


@st.composite
def with_limits(draw: st.DrawFn, pin: bool) -> tuple[Problem, Solution]:
    """A planted problem with random limits: hard only where the planted timetable obeys
    them (unless `pin`: then every lesson is pinned where it was planted, all soft)."""
    p, known = draw(planted(max_lessons=14))
    conds: list[Condition] = []
    for cond in draw(st.lists(limits(p), min_size=1, max_size=8)):
        hard = replace(cond, weight=None)
        one = replace(p, conditions=(hard,))
        if not pin and draw(st.booleans()) and not any(v.hard for v in validate(one, known)):
            cond = hard
        conds.append(cond)
    pins = tuple(Fixed(x.lesson, x.day, x.period, x.room) for x in known.placements)
    return replace(p, conditions=tuple(conds), fixed=pins if pin else p.fixed), known


PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.mark.slow
@PROPERTY
@given(with_limits(pin=False))
def test_random_limits_on_a_planted_school_are_obeyed_at_the_validators_cost(
    case: tuple[Problem, Solution],
) -> None:
    p, known = case
    s = solved(p, *p.conditions)
    if s.status == Status.OPTIMAL:
        assert s.objective is not None
        assert s.objective <= summarize(validate(p, known)).soft_cost


@pytest.mark.slow
@PROPERTY
@given(with_limits(pin=True))
def test_the_model_counts_a_pinned_timetable_exactly_as_the_validator(
    case: tuple[Problem, Solution],
) -> None:
    p, known = case
    s = solved(p, *p.conditions)  # every unit of every measure, in a timetable not chosen
    assert at(s) == {x.lesson: (x.day, x.period) for x in known.placements}


def test_no_gaps_and_no_late_starts_chain_a_students_day_without_cutting_valid_weeks() -> None:
    from ortools.sat.python import cp_model

    from solver.model import build

    gapless = Limit(("atom", 0), "max_gaps_week", 0)
    early = Limit(("atom", 0), "max_late_starts", 0)
    p = problem([L(0), L(1, (1,))], periods=4, settings=NONE)
    both = replace(p, conditions=(gapless, early))

    def constraints(q: Problem) -> int:
        return len(build(q, soft=False).model.proto.constraints)

    alone = constraints(replace(p, conditions=(gapless,)))
    late_alone = constraints(replace(p, conditions=(early,))) - constraints(p)
    assert constraints(both) > alone + late_alone  # the chain comes on top of both
    soft_early = replace(both, conditions=(gapless, replace(early, weight=1)))
    assert constraints(soft_early) == alone  # a soft limit is no reason to chain
    # a lesson pinned to period 3 with one other lesson: only presolve is needed to refute it
    pinned = replace(both, fixed=(Fixed(0, 0, 2),))
    solver = cp_model.CpSolver()
    solver.parameters.stop_after_presolve = True
    assert solver.solve(build(pinned, soft=False).model) == cp_model.INFEASIBLE
    # a closed first period (FET's skip) starts the day at the second, as the limits allow
    shut = frozenset({(0, 0)})
    closed = replace(p, classes=(replace(p.classes[0], unavailable=shut),))
    placed = at(solved(closed, replace(gapless, skip=shut), replace(early, skip=shut)))
    assert sorted(period for _, period in placed.values()) == [1, 2]
