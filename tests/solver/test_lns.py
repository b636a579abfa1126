"""Neighbourhood search: it never makes the timetable worse, leaves the model as it was,
and what solve() returns after it is valid at the validator's cost."""

from __future__ import annotations

import time

import pytest
from ortools.sat.python import cp_model

from solver.lns import Hood, Lns, improve
from solver.model import build, own_cost
from solver.params import SolveParams
from solver.rules.context import Ctx
from solver.solution import Status
from solver.solve import solve
from tests.solver.test_solve import check, generated

PARAMS = SolveParams(time_limit_s=10, seed=3, workers=2)


def started() -> tuple[Ctx, cp_model.CpSolver]:
    """The 10-class benchmark school's full model and a first (not optimal) timetable."""
    ctx = build(generated(10, 1))
    ctx.model.minimize(own_cost(ctx))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = 20
    solver.parameters.num_workers = 2
    solver.parameters.stop_after_first_solution = True
    status = solver.solve(ctx.model)
    assert status in (cp_model.FEASIBLE, cp_model.OPTIMAL)
    return ctx, solver


def domains(model: cp_model.CpModel) -> list[tuple[int, ...]]:
    """Every variable's domain, to compare before and after."""
    return [tuple(v.domain) for v in model.proto.variables]


@pytest.mark.slow
def test_improve_never_worsens_and_restores_the_model() -> None:
    ctx, start = started()
    before = domains(ctx.model)
    best = improve(ctx, start, PARAMS, time.monotonic() + 4)
    assert best.objective_value <= start.objective_value
    assert domains(ctx.model) == before


@pytest.mark.slow
def test_a_neighbourhood_only_moves_its_own_lessons() -> None:
    ctx, start = started()
    lns = Lns(ctx, start, PARAMS)
    units = {u.id for u in ctx.v.units[:5]}
    old = list(lns.values)
    if lns.attempt(Hood("classes", units), 3.0, None):
        for c in lns.cells:
            if c.unit not in units:
                assert lns.values[c.var.index] == old[c.var.index]


@pytest.mark.slow
def test_solve_with_neighbourhood_search_is_valid_at_the_validator_cost() -> None:
    p = generated(10, 1)
    s = solve(p, SolveParams(time_limit_s=8, seed=1, workers=2))
    assert s.status in (Status.OPTIMAL, Status.FEASIBLE)
    check(p, s)


def test_every_soft_term_names_the_units_that_decide_it() -> None:
    ctx = build(generated(10, 1))
    ids = {u.id for u in ctx.v.units}
    assert ctx.penalties
    for pen in ctx.penalties:
        assert pen.units and pen.units <= ids, pen.name


@pytest.mark.slow
def test_a_costly_neighbourhood_frees_the_units_of_costly_terms() -> None:
    ctx, start = started()
    lns = Lns(ctx, start, PARAMS)
    hood = lns._costly()
    costly = [pen for pen, cost in zip(lns.penalties, lns.costs, strict=True) if cost > 0]
    assert costly and hood.units
    assert any(pen.units <= hood.units for pen in costly)
