"""solve(): validity, exact cost, status mapping, pins, hints, progress and stop."""

from __future__ import annotations

import threading

from hypothesis import HealthCheck, given, settings

from solver.params import SolveParams
from solver.problem import Fixed, Problem
from solver.solution import Placement, Solution, Status
from solver.solve import solve
from solver.validate import summarize, validate
from tests.solver.strategies import planted, problems
from tests.solver.tiny import L, problem


def generated(classes: int, buildings: int, seed: int = 1) -> Problem:
    """A benchmark school (feasible by construction)."""
    from bench.generate import generate_school
    from solver.store import problem_from_snapshot

    return problem_from_snapshot(generate_school(classes, buildings, seed)[0])


FAST = SolveParams(time_limit_s=10, workers=2)


def check(p: Problem, s: Solution) -> None:
    """A complete solution breaks no hard rule and its objective is the validator's cost."""
    summary = summarize(validate(p, s))
    assert summary.hard_violations == 0, validate(p, s)
    assert s.objective == summary.soft_cost
    assert s.bound is not None and s.bound <= s.objective
    assert not s.unplaced and len(s.placements) == len(p.lessons)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(planted())
def test_feasible_problems_are_solved_validly_at_the_validator_cost(case):
    p, _ = case
    s = solve(p, FAST)
    assert s.status in (Status.OPTIMAL, Status.FEASIBLE)
    check(p, s)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(problems())
def test_any_problem_gets_a_valid_timetable_or_an_honest_status(p):
    s = solve(p, FAST)
    if s.status in (Status.OPTIMAL, Status.FEASIBLE):
        check(p, s)
    else:
        assert s.placements == () and set(s.unplaced) == {ls.id for ls in p.lessons}


def test_infeasible_is_proven():
    p = problem([L(0), L(1)], periods=1)
    assert solve(p, FAST).status == Status.INFEASIBLE


def test_optimal_reports_bound_equal_to_cost():
    p = problem([L(0), L(1)], periods=3)
    s = solve(p, FAST)
    assert s.status == Status.OPTIMAL and s.bound == s.objective == 0


def test_fixed_and_problem_fixed_are_both_honoured():
    p = problem([L(0), L(1, teachers=(1,))], periods=4, fixed=[Fixed(0, 0, 3)])
    s = solve(p, FAST, fixed=[Fixed(1, 0, 2)])
    at = {x.lesson: (x.day, x.period) for x in s.placements}
    assert at == {0: (0, 3), 1: (0, 2)}


def test_hint_is_followed_and_disruption_reported_apart():
    p = problem([L(i, course=0) for i in range(3)], days=3, periods=2)
    hint = [Placement(0, 0, 1), Placement(1, 1, 1), Placement(2, 2, 1)]
    s = solve(p, FAST, hint=hint)
    assert s.disruption == 0 and set(s.placements) == set(hint)
    # Pin lesson 0 elsewhere: exactly one lesson moves, and the cost excludes the move.
    s = solve(p, FAST, hint=hint, fixed=[Fixed(0, 0, 0)])
    assert s.disruption == 1
    check(p, s)


def test_hint_never_outweighs_own_cost():
    # The hint puts two units of one course on one day (cost 4); the solver spreads them.
    p = problem([L(0, course=0), L(1, course=0)], days=2, periods=2)
    s = solve(p, FAST, hint=[Placement(0, 0, 0), Placement(1, 0, 1)])
    assert s.objective == 0 and s.disruption == 1


def test_progress_reports_improving_solutions_and_first_time():
    calls: list[tuple[float, float | None, float | None]] = []
    p = problem([L(i, teachers=(i % 2,)) for i in range(6)], days=2, periods=4)
    s = solve(p, FAST, on_progress=lambda e, b, lb: calls.append((e, b, lb)))
    assert calls and calls[-1][1] == s.objective
    assert s.meta.seconds_to_first is not None and s.meta.seconds_to_first <= s.meta.seconds


def test_stop_event_ends_the_search_early():
    stop = threading.Event()
    stop.set()
    s = solve(generated(10, 1), SolveParams(time_limit_s=60, workers=2), stop=stop)
    assert s.meta.seconds < 10
    assert s.status in (Status.FEASIBLE, Status.OPTIMAL, Status.UNKNOWN)


def test_a_day_that_cannot_start_at_period_one_is_still_solved():
    # The fast phase first tries "every student's day starts at period 1"; here the teacher
    # is away at period 1, so only the plain no-gap rule can succeed.
    from solver.problem import Teacher

    away = Teacher(0, "T0", "Teacher away first", unavailable=frozenset({(0, 0)}))
    p = problem([L(0), L(1)], periods=3, teachers=[away, Teacher(1, "T1", "Other")])
    s = solve(p, FAST)
    check(p, s)
    assert sorted(x.period for x in s.placements) == [1, 2]


def test_locks_that_start_the_day_late_are_kept():
    p = problem([L(0), L(1, teachers=(1,))], periods=4, fixed=[Fixed(0, 0, 2)])
    s = solve(p, FAST)
    check(p, s)
    assert {x.period for x in s.placements} in ({1, 2}, {2, 3})
