"""Properties tying the CP-SAT model to the independent validator on random small schools."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver.params import SolveParams
from solver.problem import Problem
from solver.solution import Solution, Status
from solver.solve import solve
from solver.validate import summarize, validate
from tests.solver.strategies import planted, problems

PARAMS = SolveParams(time_limit_s=10, seed=1, workers=2)
SLOW_DATA = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.slow
@SLOW_DATA
@given(planted())
def test_a_feasible_school_gets_a_valid_timetable_at_the_validators_cost(
    case: tuple[Problem, Solution],
) -> None:
    problem, known = case
    solution = solve(problem, PARAMS)
    # The planted timetable proves a complete one exists; 10 s is ample for these sizes.
    assert solution.status in (Status.OPTIMAL, Status.FEASIBLE), solution.messages
    assert solution.complete
    report = summarize(validate(problem, solution))
    assert report.hard_violations == 0, [str(v.message) for v in validate(problem, solution)]
    assert report.soft_cost == solution.objective
    if solution.status == Status.OPTIMAL:  # optimal can be no worse than the planted timetable
        assert solution.objective <= summarize(validate(problem, known)).soft_cost
    if solution.bound is not None:
        assert solution.bound <= solution.objective + 1e-6


@pytest.mark.slow
@SLOW_DATA
@given(problems(), st.integers(0, 3))
def test_any_school_either_validates_or_is_reported_without_a_timetable(
    problem: Problem, seed: int
) -> None:
    solution = solve(problem, SolveParams(time_limit_s=5, seed=seed, workers=2))
    if solution.complete:
        report = summarize(validate(problem, solution))
        assert report.hard_violations == 0
        assert report.soft_cost == solution.objective
    else:
        assert solution.status in (Status.INFEASIBLE, Status.UNKNOWN)
        assert solution.objective is None or solution.unplaced
