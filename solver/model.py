"""Build the CP-SAT model of a Problem from the rule functions of `solver.rules`."""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from solver.problem import Fixed, Problem
from solver.rules.buildings import add_building_changes, add_travel
from solver.rules.clashes import add_student_clash, add_teacher_clash
from solver.rules.conditions import add_conditions
from solver.rules.context import Ctx
from solver.rules.gaps import add_class_gaps, add_teacher_gaps
from solver.rules.loads import add_class_max_per_day, add_teacher_loads
from solver.rules.placement import add_forbidden, add_placed
from solver.rules.preferences import (
    add_hard_subject_late,
    add_same_subject_day,
    add_teacher_day_off,
)
from solver.rules.rooms import add_room_capacity
from solver.variables import make_vars

HARD = (
    add_placed,
    add_forbidden,
    add_teacher_clash,
    add_student_clash,
    add_room_capacity,
    add_teacher_loads,
    add_class_max_per_day,
    add_class_gaps,  # hard CLASS_NO_GAPS, or the soft CLASS_GAP when gaps are allowed
    add_travel,
    add_building_changes,  # soft BUILDING_CHANGE and the hard BUILDING_CHANGES_CAP
    add_conditions,  # imported conditions: hard ones, and soft ones when soft rules are on
)
SOFT = (add_teacher_gaps, add_same_subject_day, add_hard_subject_late, add_teacher_day_off)


def all_fixed(problem: Problem, fixed: Sequence[Fixed]) -> list[Fixed]:
    """The problem's pins followed by the caller's (a caller's pin of the same lesson wins)."""
    return [*problem.fixed, *fixed]


def build(
    problem: Problem,
    fixed: Sequence[Fixed] = (),
    *,
    guarded: bool = False,
    soft: bool = True,
    start_first: bool = False,
) -> Ctx:
    """The model with every hard rule and the penalty terms of every soft rule.

    Args:
        problem: the problem.
        fixed: pins on top of `problem.fixed`.
        guarded: keep forbidden cells and put each hard rule row under an assumption literal
            (for diagnosis); soft rules are then left out.
        soft: add the soft rules' penalty terms (off for the fast feasibility phase).
        start_first: students' days start at period 1 (a strengthening the fast phase tries).

    Returns:
        The context: model, variables, guards and penalties (the objective is not set).
    """
    model = cp_model.CpModel()
    v = make_vars(problem, model, all_fixed(problem, fixed), relax=guarded)
    ctx = Ctx(problem, model, v, guarded=guarded, start_first=start_first, soft=soft)
    for rule in HARD:
        rule(ctx)
    if guarded or not soft:
        ctx.penalties.clear()
        return ctx
    for soft_rule in SOFT:
        soft_rule(ctx)
    return ctx


def own_cost(ctx: Ctx) -> cp_model.LinearExprT:
    """The timetable's soft cost in the model (every rule except CLASS_ROOM_CHANGE)."""
    return sum(p.weight * p.expr for p in ctx.penalties)
