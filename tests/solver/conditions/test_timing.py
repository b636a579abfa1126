"""Timing conditions: each family changes the timetable or the cost, and model == validator."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from solver.conditions import (
    Before,
    Block,
    Condition,
    EndsDay,
    MinDaysApart,
    MinGap,
    NoOverlap,
    SameStart,
    Spread,
    StartsIn,
    lessons_of,
)
from solver.diagnose import explain_infeasible
from solver.model import own_cost
from solver.params import SolveParams
from solver.problem import Fixed, Group, Problem, Teacher
from solver.rules.conditions import add_conditions
from solver.rules.context import Ctx
from solver.rules.ids import RuleId
from solver.rules.placement import add_placed
from solver.solution import Placement, Solution, Status
from solver.solve import solve
from solver.validate import Violation, summarize, validate
from solver.variables import make_vars
from solver.weights import Settings
from tests.solver.strategies import placements, planted, problems
from tests.solver.tiny import L, only, problem

FAST = SolveParams(time_limit_s=5, workers=2)
NONE = only()  # every school weight 0: only the conditions cost anything
GAPS_OK = replace(NONE, class_no_gaps=False)
At = dict[int, tuple[int, int]]


def solved(p: Problem, *conds: Condition) -> tuple[Solution, At]:
    """Solve with `conds`; the timetable is complete, valid, and costs what the validator says."""
    p = replace(p, conditions=conds)
    s = solve(p, FAST)
    assert s.status in (Status.OPTIMAL, Status.FEASIBLE), s.status
    summary = summarize(validate(p, s))
    assert summary.hard_violations == 0, [str(v.message) for v in validate(p, s)]
    assert s.objective == summary.soft_cost
    return s, {x.lesson: (x.day, x.period) for x in s.placements}


def found(p: Problem, cond: Condition, at: At) -> list[Violation]:
    """The condition violations the validator reports for a hand-placed timetable."""
    sol = Solution(Status.FEASIBLE, tuple(Placement(ls, d, q) for ls, (d, q) in at.items()))
    return [
        v
        for v in validate(replace(p, conditions=(cond,)), sol)
        if v.rule in (RuleId.CONDITION, RuleId.CONDITION_COST)
    ]


def apart(
    n: int = 2,
    *,
    days: int = 1,
    periods: int = 3,
    teachers: Sequence[Teacher] = (),
    school: Settings = NONE,
    fixed: Sequence[Fixed] = (),
) -> Problem:
    """Lessons 0..n-1, each with a teacher and a class of its own (they never clash)."""
    lessons = [L(i, teachers=(i,), classes=(i,)) for i in range(n)]
    staff = teachers or n
    return problem(
        lessons, days=days, periods=periods, teachers=staff, classes=n, settings=school, fixed=fixed
    )


def off(day: int, n: int = 3) -> tuple[Teacher, ...]:
    """Teachers whose preferred day off is `day`."""
    return tuple(Teacher(t, f"T{t}", f"Teacher {t}", day_off=day) for t in range(n))


# ---- MinDaysApart ----


def test_min_days_apart_hard_pushes_onto_the_disliked_day():
    p = problem([L(0), L(1)], days=3, periods=1, teachers=off(2), fixed=[Fixed(0, 0, 0)])
    p = replace(p, settings=only(teacher_day_off=1))
    assert solved(p)[1][1] == (1, 0)  # Tuesday: Wednesday is the teacher's day off
    assert solved(p, MinDaysApart((0, 1), days=2))[1][1] == (2, 0)


def test_min_days_apart_hard_one_day_apart_is_one_lesson_a_day():
    p = apart(3, days=3, teachers=off(2), school=only(teacher_day_off=1))
    s, at = solved(p)
    assert s.objective == 0 and 2 not in {d for d, _ in at.values()}
    s, at = solved(p, MinDaysApart((0, 1, 2), days=1))
    assert sorted(d for d, _ in at.values()) == [0, 1, 2] and s.objective == 1


def test_min_days_apart_reported_per_pair_in_words():
    p = problem([L(0), L(1), L(2)], days=3, periods=3)
    cond = MinDaysApart((0, 1, 2), days=2, label="FET MinDays #4")
    out = found(p, cond, {0: (0, 0), 1: (1, 0), 2: (2, 0)})
    assert [(v.rule, v.count, v.lessons) for v in out] == [
        (RuleId.CONDITION, 1, (0, 1)),
        (RuleId.CONDITION, 1, (1, 2)),
    ]
    assert str(out[0].message) == (
        "FET MinDays #4: lesson 0 (Monday) and lesson 1 (Tuesday) should be at least 2 days apart"
    )


def test_min_days_apart_same_day_flag_counts_pairs_not_back_to_back_twice():
    p = problem([L(0), L(1), L(2)], periods=4, settings=NONE)
    cond = MinDaysApart((0, 1, 2), days=1, adjacent_if_same_day=True, weight=3)
    out = found(p, cond, {0: (0, 0), 1: (0, 1), 2: (0, 3)})
    assert [v.count for v in out] == [1, 2, 2] and sum(v.cost for v in out) == 15
    assert str(out[1].message) == (
        "lesson 0 and lesson 2 are both on Monday, not back to back; they should be on "
        "different days"
    )


def test_min_days_apart_soft_prefers_back_to_back_on_one_day():
    p = problem([L(0), L(1)], periods=3, settings=NONE, fixed=[Fixed(0, 0, 0)])
    cond = MinDaysApart((0, 1), days=1, adjacent_if_same_day=True, weight=5)
    s, at = solved(p, cond)
    assert at[1] == (0, 1) and s.objective == 5  # the pair on one day: 1 unit
    away = Teacher(0, "T0", "Away", unavailable=frozenset({(0, 1)}))
    s, at = solved(replace(p, teachers=(away,), settings=GAPS_OK), cond)
    assert at[1] == (0, 2) and s.objective == 10  # and not back to back: 1 more


# ---- SameStart ----


@pytest.mark.parametrize(
    ("what", "expect"), [("slot", (1, 2)), ("day", (1, 0)), ("period", (0, 2))]
)
def test_same_start_hard_follows_the_pinned_lesson(what: str, expect: tuple[int, int]):
    p = apart(days=2, teachers=off(1), school=only(teacher_day_off=1), fixed=[Fixed(0, 1, 2)])
    assert solved(p)[1][1][0] == 0  # Tuesday is everyone's day off
    at = solved(p, SameStart((0, 1), what=what))[1]  # type: ignore[arg-type]
    assert at[1] == expect if what != "day" else at[1][0] == 1


def test_same_start_counts_each_lesson_unlike_the_first():
    p = apart(3, days=2)
    cond = SameStart((0, 1, 2), what="day", weight=4)
    out = found(p, cond, {0: (0, 0), 1: (1, 0), 2: (1, 1)})
    assert [v.count for v in out] == [1, 1] and sum(v.cost for v in out) == 8
    assert str(out[0].message) == "lesson 1 is on Tuesday, not on the same day as lesson 0 (Monday)"
    by_period = found(p, SameStart((0, 1, 2), what="period"), {0: (0, 0), 1: (1, 0), 2: (1, 1)})
    assert [v.lessons for v in by_period] == [(0, 2)]


# ---- NoOverlap ----


def test_no_overlap_hard_separates_lessons_that_would_share_a_period():
    p = apart(periods=2, school=replace(only(hard_subject_late=5), late_after=1))
    p = replace(p, subjects=(replace(p.subjects[0], hard=True), p.subjects[1]))
    s, at = solved(p)
    assert at[0] == at[1] == (0, 0)
    s, at = solved(p, NoOverlap((0, 1)))
    assert at[0] != at[1] and s.objective == 5
    s, at = solved(p, NoOverlap((0, 1), weight=2))  # cheaper to overlap than to go late
    assert at[0] == at[1] and s.objective == 2


def test_no_overlap_counts_pairs_once_however_many_periods_they_share():
    p = problem([L(0, length=2), L(1, length=2, teachers=(1,), classes=(1,))], classes=2)
    out = found(p, NoOverlap((0, 1), weight=7), {0: (0, 0), 1: (0, 0)})
    assert [(v.count, v.cost) for v in out] == [(1, 7)]
    assert str(out[0].message) == "lesson 0 and lesson 1 overlap on Monday, period 1"


# ---- Block ----


def test_block_ordered_puts_the_first_right_before_the_second():
    p = problem([L(0), L(1)], periods=4, fixed=[Fixed(1, 0, 2)], settings=GAPS_OK)
    assert solved(p, Block((0, 1)))[1][0] == (0, 1)
    assert solved(p, Block((1, 0)))[1][0] == (0, 3)
    assert solved(p, Block((0, 1), ordered=False))[1][0] in ((0, 1), (0, 3))


def test_block_grouped_of_three_is_one_run_in_any_order():
    p = problem([L(i) for i in range(3)], days=2, periods=4, settings=GAPS_OK)
    at = solved(replace(p, fixed=(Fixed(0, 1, 1),)), Block((0, 1, 2), ordered=False))[1]
    rows = sorted(at.values())
    assert {d for d, _ in rows} == {1} and [q for _, q in rows] in ([0, 1, 2], [1, 2, 3])


def test_block_reported_once_with_the_slots():
    p = problem([L(0), L(1)], periods=4)
    out = found(p, Block((0, 1), weight=2), {0: (0, 2), 1: (0, 1)})
    assert [(v.rule, v.count, v.cost) for v in out] == [(RuleId.CONDITION_COST, 1, 2)]
    assert str(out[0].message) == (
        "lesson 0, lesson 1 should run back to back in this order on one day; they are at "
        "Monday, period 3; Monday, period 2"
    )
    assert found(p, Block((0, 1), ordered=False), {0: (0, 2), 1: (0, 1)}) == []


# ---- Before ----


def test_before_moves_the_second_lesson_after_the_first():
    p = apart(days=2, teachers=off(1), school=only(teacher_day_off=1), fixed=[Fixed(0, 1, 1)])
    assert solved(p)[1][1][0] == 0
    assert solved(p, Before(1, 0))[1][1][0] == 0
    s, at = solved(p, Before(0, 1))
    assert at[1] == (1, 2) and s.objective == 2


def test_before_reports_the_wrong_order():
    p = apart(days=2)
    out = found(p, Before(0, 1, weight=3, label="FET ordered #1"), {0: (1, 0), 1: (0, 2)})
    assert [(v.count, v.cost) for v in out] == [(1, 3)]
    assert str(out[0].message) == (
        "FET ordered #1: lesson 0 (Tuesday, period 1) should end before lesson 1 "
        "(Monday, period 3) starts"
    )
    assert found(p, Before(0, 1), {0: (0, 1), 1: (0, 2)}) == []


# ---- StartsIn ----


def test_starts_in_soft_costs_each_lesson_outside():
    cond = StartsIn((0, 1), frozenset({(1, 2)}), weight=4)
    s, at = solved(apart(days=2), cond)
    assert at == {0: (1, 2), 1: (1, 2)} and s.objective == 0
    s, at = solved(apart(days=2, fixed=[Fixed(0, 0, 0)]), cond)
    assert at[1] == (1, 2) and s.objective == 4


def test_starts_in_hard_and_whole_are_checked():
    p = problem([L(0, length=2)], days=2, periods=3)
    whole = StartsIn((0,), frozenset({(0, 0), (0, 1)}), whole=True)
    assert solved(p, whole)[1][0] == (0, 0)
    out = found(p, whole, {0: (0, 1)})
    assert [(v.rule, v.count, v.period) for v in out] == [(RuleId.CONDITION, 1, 2)]
    assert str(out[0].message) == (
        "lesson 0 takes place on Monday, period 3, outside its allowed time slots"
    )
    starts = StartsIn((0,), frozenset({(0, 1)}))
    assert [v.day for v in found(p, starts, {0: (1, 1)})] == [1]


# ---- EndsDay ----


def test_ends_day_puts_the_lesson_last_for_its_students():
    p = problem([L(0), L(1, subject=1), L(2, subject=1)], periods=3)
    p = replace(p, subjects=(replace(p.subjects[0], hard=True), p.subjects[1]))
    p = replace(p, settings=replace(only(hard_subject_late=1), late_after=2))
    assert solved(p)[1][0] != (0, 2)
    s, at = solved(p, EndsDay((0,)))
    assert at[0] == (0, 2) and s.objective == 1


def test_ends_day_concerns_only_the_students_attending():
    groups = [Group(0, 0, "lang", "kz", 10), Group(1, 0, "lang", "ru", 10)]
    kz = L(0, classes=(), groups=(0,))
    ru = L(1, teachers=(1,), classes=(), groups=(1,))
    everyone = L(2, teachers=(1,))
    p = problem([kz, ru, everyone], periods=3, groups=groups)
    assert [v.count for v in found(p, EndsDay((0,)), {0: (0, 0), 1: (0, 1), 2: (0, 2)})] == [1]
    assert found(p, EndsDay((0,)), {0: (0, 1), 1: (0, 2), 2: (0, 0)}) == []
    out = found(p, EndsDay((0,), weight=2), {0: (0, 0), 2: (0, 1), 1: (0, 2)})
    assert [(v.count, v.cost) for v in out] == [(1, 2)]
    assert str(out[0].message) == (
        "lesson 0 should end the day of 5A·kz, but they have lesson 2 after it on Monday"
    )


# ---- MinGap ----


def test_min_gap_hard_leaves_free_periods_between():
    p = apart(school=replace(only(hard_subject_late=1), late_after=2))
    p = replace(p, subjects=(replace(p.subjects[0], hard=True), p.subjects[1]))
    assert solved(p)[0].objective == 0
    s, at = solved(p, MinGap((0, 1), periods=1))
    assert sorted(q for _, q in at.values()) == [0, 2] and s.objective == 1


def test_min_gap_counts_close_and_overlapping_pairs():
    p = apart()
    out = found(p, MinGap((0, 1), periods=2), {0: (0, 0), 1: (0, 2)})
    assert [(v.rule, v.count) for v in out] == [(RuleId.CONDITION, 1)]
    assert str(out[0].message) == (
        "lesson 0 and lesson 1 on Monday have 1 free periods between them, fewer than 2"
    )
    assert [v.count for v in found(p, MinGap((0, 1), periods=1), {0: (0, 0), 1: (0, 0)})] == [1]
    assert found(p, MinGap((0, 1), periods=1), {0: (0, 0), 1: (0, 2)}) == []


# ---- Spread ----


def test_spread_bounds_the_lessons_of_each_group():
    p = problem([L(i, course=0) for i in range(4)], days=2, periods=4)
    p = replace(p, settings=only(same_subject_day=1))
    days = tuple(frozenset((d, q) for q in range(4)) for d in range(2))
    assert solved(p)[0].objective == 2  # two a day
    s, at = solved(p, Spread((0, 1, 2, 3), days[:1], least=4, most=4))
    assert {d for d, _ in at.values()} == {0} and s.objective == 3
    pinned = replace(p, fixed=(Fixed(0, 0, 0), Fixed(1, 0, 1), Fixed(2, 0, 2)))
    s, at = solved(pinned, Spread((0, 1, 2, 3), days, most=2, weight=5))
    assert at[3][0] == 1 and s.objective == 5 + 2  # Monday: 1 over, and 2 extra of the course
    out = found(p, Spread((0, 1, 2, 3), days, least=2, most=2), {i: (0, i) for i in range(4)})
    assert [v.count for v in out] == [2, 2]
    assert str(out[0].message) == (
        "4 of lesson 0, lesson 1, lesson 2, lesson 3 start in time group 1 (Monday), more than 2"
    )


IMPOSSIBLE = [
    (problem([L(0), L(1)], periods=2), MinDaysApart((0, 1), 1, label="FET MinDays #3")),
    (
        problem([L(0), L(1)], days=2, periods=2, fixed=[Fixed(0, 0, 0), Fixed(1, 1, 0)]),
        SameStart((0, 1), "day", label="FET same day #1"),
    ),
    (
        problem([L(0), L(1)], periods=3, fixed=[Fixed(0, 0, 0), Fixed(1, 0, 2)]),
        Block((0, 1), label="FET consecutive #2"),
    ),
    (problem([L(0), L(1)], periods=2, fixed=[Fixed(1, 0, 1)]), EndsDay((0,), label="FET end #5")),
]


@pytest.mark.parametrize(("p", "cond"), IMPOSSIBLE, ids=lambda x: getattr(x, "label", ""))
def test_diagnosis_names_an_impossible_condition(p: Problem, cond: Condition):
    p = replace(p, conditions=(cond,))
    assert solve(p, FAST).status == Status.INFEASIBLE
    said = [str(m) for m in explain_infeasible(p, time_limit_s=5)]
    assert f"imported condition {cond.label}" in said, said


# ---- properties: the model and the validator agree on every family ----

FAMILIES = ("days", "same", "overlap", "block", "before", "starts", "ends", "gap", "spread")


@st.composite
def any_condition(draw: st.DrawFn, p: Problem) -> Condition:
    """A timing condition of any family on a few distinct lessons of `p`, hard or soft."""
    most = min(4, len(p.lessons))
    size = draw(st.integers(min(2, most), most))
    ids = tuple(draw(st.permutations(range(len(p.lessons))))[:size])
    weight = draw(st.sampled_from([None, 1, 2, 3]))
    slots = st.frozensets(st.sampled_from(list(p.slots())), max_size=8)
    family = draw(st.sampled_from(FAMILIES))
    if family == "days":
        flag = draw(st.booleans())
        return MinDaysApart(ids, draw(st.sampled_from([1, 2, 0, 3])), flag, weight=weight)
    if family == "same":
        return SameStart(ids, draw(st.sampled_from(["slot", "day", "period"])), weight=weight)
    if family == "overlap":
        return NoOverlap(ids, weight=weight)
    if family == "block":
        return Block(ids[:3], draw(st.booleans()), weight=weight)
    if family == "before":
        return Before(ids[0], ids[-1], weight=weight)
    if family == "starts":
        return StartsIn(ids, draw(slots), draw(st.booleans()), weight=weight)
    if family == "ends":
        return EndsDay(ids, weight=weight)
    if family == "gap":
        return MinGap(ids, draw(st.integers(0, 2)), weight=weight)
    groups = tuple(draw(st.lists(slots, min_size=1, max_size=3)))
    return Spread(ids, groups, draw(st.integers(0, 2)), draw(st.integers(0, 3)), weight=weight)


def priced(p: Problem, sol: Solution, sense: int = 1) -> int | None:
    """The model's cost of the conditions for one fixed timetable, minimised (`sense` 1) or
    maximised (-1) over the auxiliary literals; None when a hard condition breaks.

    Every lesson is pinned (so each is a unit of its own) and the build is relaxed, so the
    school's own hard rules do not apply: any timetable, clashes and all, can be priced.
    """
    model = cp_model.CpModel()
    v = make_vars(p, model, [Fixed(x.lesson, x.day, x.period) for x in sol.placements], relax=True)
    ctx = Ctx(p, model, v)
    add_placed(ctx)
    add_conditions(ctx)
    for cell, (rule, _) in v.forbidden:
        if rule == RuleId.CONDITION:  # hard StartsIn: these cells do not exist in a real build
            model.add(cell.var == 0)
    for x in sol.placements:
        cells = v.cells[v.unit_of[x.lesson]]
        model.add(next(c.var for c in cells if (c.day, c.start) == (x.day, x.period)) == 1)
    model.minimize(sense * own_cost(ctx))  # type: ignore[operator]
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return None
    assert status == cp_model.OPTIMAL
    return sense * round(solver.objective_value)


@st.composite
def crowded(draw: st.DrawFn, p: Problem) -> Solution:
    """A complete timetable packed into two days, so that lessons often touch or overlap."""
    day = st.integers(0, min(2, len(p.days)) - 1)
    out = [Placement(x.id, draw(day), draw(st.sampled_from(p.starts(x)))) for x in p.lessons]
    return Solution(Status.FEASIBLE, tuple(out))


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_the_model_prices_any_timetable_as_the_validator_does(data: st.DataObject):
    # Exact both ways: the soft terms can take no other value than the validator's count
    # (a one-sided encoding would show when maximised), and a hard condition is infeasible
    # exactly when the validator reports it broken.
    p = replace(data.draw(problems()), fixed=())
    conds = data.draw(st.lists(any_condition(p), min_size=1, max_size=4))
    sol = data.draw(st.one_of(placements(p, junk=False), crowded(p)))
    for hard in [c for c in conds if c.hard]:
        broken = found(p, hard, {x.lesson: (x.day, x.period) for x in sol.placements})
        assert (priced(replace(p, conditions=(hard,)), sol) is None) == bool(broken), hard
    soft = replace(p, conditions=tuple(c for c in conds if not c.hard))
    out = [v for v in validate(soft, sol) if v.rule == RuleId.CONDITION_COST]
    cost = sum(v.cost for v in out)
    assert priced(soft, sol) == priced(soft, sol, -1) == cost, [str(v.message) for v in out]


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_the_validator_reads_any_timetable_with_conditions(data: st.DataObject):
    p = data.draw(problems())
    p = replace(p, conditions=tuple(data.draw(st.lists(any_condition(p), max_size=4))))
    for v in validate(p, data.draw(placements(p))):
        if v.rule in (RuleId.CONDITION, RuleId.CONDITION_COST):
            assert v.count >= 1 and str(v.message) and v.source


def holds(p: Problem, cond: Condition, sol: Solution) -> bool:
    return not found(p, cond, {x.lesson: (x.day, x.period) for x in sol.placements})


@st.composite
def true_condition(draw: st.DrawFn, p: Problem, sol: Solution) -> Condition:
    """Any condition; a hard one is made true in `sol` (lessons pruned, bounds widened)."""
    cond = draw(any_condition(p))
    if not cond.hard or holds(p, cond, sol):
        return cond
    if isinstance(cond, Block):
        ids = range(len(p.lessons))
        pairs = [ab for ab in itertools.permutations(ids, 2) if holds(p, Block(ab), sol)]
        if not pairs:
            return replace(cond, weight=1)
        a, b = draw(st.sampled_from(pairs))
        chain = (a, b, *[c for (x, c) in pairs if x == b and c != a][:1])
        return Block(chain if cond.ordered else tuple(draw(st.permutations(chain))), cond.ordered)
    if isinstance(cond, Before):
        turned = Before(cond.second, cond.first)
        return turned if holds(p, turned, sol) else replace(cond, weight=1)
    if isinstance(cond, StartsIn):
        mine = [x for x in sol.placements if x.lesson in cond.lessons]
        taken = {(x.day, q) for x in mine for q in p.covered(p.lessons[x.lesson], x.period)}
        return replace(cond, slots=cond.slots | taken | {(x.day, x.period) for x in mine})
    if isinstance(cond, Spread):
        n = [
            sum((x.day, x.period) in g for x in sol.placements if x.lesson in cond.lessons)
            for g in cond.groups
        ]
        return replace(cond, least=min(cond.least, *n), most=max(cond.most, *n))
    kept: list[int] = []  # pairwise families: keep the lessons that keep it true
    for ls in dict.fromkeys([*lessons_of(cond), *draw(st.permutations(range(len(p.lessons))))]):
        if len(kept) < 4 and holds(p, replace(cond, lessons=(*kept, ls)), sol):
            kept.append(ls)
    return replace(cond, lessons=tuple(kept))


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(st.data())
def test_planted_schools_with_conditions_are_solved_at_the_validators_cost(data: st.DataObject):
    p, known = data.draw(planted(max_classes=3, max_lessons=24))
    if not p.lessons:
        return
    conds = data.draw(st.lists(true_condition(p, known), min_size=1, max_size=5))
    p = replace(p, conditions=tuple(conds))
    assert not [v for v in validate(p, known) if v.hard]  # the planted timetable still holds
    solved(p, *conds)
