"""Teachers' hard gap limits paid for in the first phase (`solver.elastic`, `solver.first`)."""

from __future__ import annotations

import time
from dataclasses import astuple, replace

import pytest

from solver import first
from solver.conditions import Limit, MinDaysApart
from solver.elastic import soften
from solver.params import SolveParams
from solver.solve import solve
from solver.validate import summarize, validate
from tests.solver.tiny import L, problem

PARAMS = SolveParams(time_limit_s=10, workers=2, seed=1)


def school():  # type: ignore[no-untyped-def]
    """Teacher 0 teaches three classes, at most 1 gap a week; a soft wish on the side."""
    p = problem([L(0, (0,), (0,)), L(1, (0,), (1,)), L(2, (0,), (2,))], classes=3, periods=5)
    limit = Limit(("teacher", 0), "max_gaps_week", 1)
    return replace(p, conditions=(limit, MinDaysApart(lessons=(0, 1), days=1, weight=5)))


def test_softening_pays_for_teachers_gap_limits_and_drops_every_other_cost() -> None:
    p = school()
    soft = soften(p)
    assert soft is not None
    (limit,) = soft.conditions  # the soft wish is gone; the limit costs 1 per excess gap
    assert limit.weight == 1 and isinstance(limit, Limit)
    assert not any(astuple(soft.settings.weights))
    students = replace(p, conditions=(Limit(("atom", 0), "max_gaps_week", 0),))
    assert soften(students) is None  # only teachers' limits are softened


def test_the_softened_search_ends_at_a_week_that_keeps_the_hard_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    p = replace(school(), settings=replace(school().settings, class_no_gaps=False))
    monkeypatch.setattr(first, "PLAIN_BEFORE_ELASTIC_S", 0.0)  # go straight to the softened
    calls = []
    original = first._attempt

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append((kwargs.get("pay_excess", False), original(*args, **kwargs)))
        return calls[-1][1]

    monkeypatch.setattr(first, "_attempt", spy)
    found = first.find_first(p, (), PARAMS, t0=time.monotonic())
    assert calls and calls[-1] == (True, found)  # the softened search found the week
    assert found.values is not None and len(found.values) == 3
    solution = solve(p, PARAMS)
    assert summarize(validate(p, solution)).hard_violations == 0


def test_teachers_building_change_limits_are_paid_for_too() -> None:
    p = school()
    walks = Limit(("teacher", 0), "min_gap_building_change", 1)
    soft = soften(replace(p, conditions=(walks,)))
    assert soft is not None and soft.conditions[0].weight == 1
    classes = Limit(("atom", 0), "max_building_changes_day", 0)
    assert soften(replace(p, conditions=(classes,))) is None
