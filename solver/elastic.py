"""Limits the search finds hard, paid for instead: a first timetable from a model that
counts each excess gap or building change of a teacher, searched down to no excess.

On FET's secondary_school.fet (every teacher at most 3 gaps a week, every student none)
CP-SAT found no week in 120 s with the teachers' limits hard; with them turned into a cost of
excess gaps it reached a week with no excess in 35 s (load average ~5): an objective gives
its neighbourhood search a way from an invalid week to a valid one, where a pure feasibility
search has none. A week with no excess keeps every hard rule of the original problem.
"""

from __future__ import annotations

import dataclasses

from solver.conditions import Limit
from solver.problem import Problem
from solver.weights import Weights

SOFTENED = (
    "max_gaps_week",
    "max_gaps_day",
    "max_building_changes_day",
    "max_building_changes_week",
    "min_gap_building_change",
)
"""Teachers' hard limits of these measures are paid for per unit of excess. With the
building-change families too, FET's Arabic_Saudi_3.fet (34 teachers with minimum gaps
between building changes, a cap on changes a day) got a week at 39 s; before, none in 60 s."""


def soften(problem: Problem) -> Problem | None:
    """The problem with teachers' hard gap and building-change limits as costs, no other cost.

    Soft conditions and the school's soft weights are left out, so the model's cost is the
    excess gaps alone.

    Returns:
        The softened problem, or None when it has no such limit.
    """
    kept = []
    softened = 0
    for cond in problem.conditions:
        if not cond.hard:
            continue
        if isinstance(cond, Limit) and cond.who[0] == "teacher" and cond.measure in SOFTENED:
            cond = dataclasses.replace(cond, weight=1)
            softened += 1
        kept.append(cond)
    if not softened:
        return None
    zero = Weights(**dict.fromkeys((f.name for f in dataclasses.fields(Weights)), 0))
    return dataclasses.replace(
        problem,
        conditions=tuple(kept),
        settings=dataclasses.replace(problem.settings, weights=zero),
    )
