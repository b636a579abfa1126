"""Imported conditions (`solver.conditions`) checked without OR-Tools, one checker per family."""

from __future__ import annotations

from solver.problem import Problem
from solver.validation.conditions.common import Week
from solver.validation.conditions.limits import CHECKERS as LIMIT_CHECKERS
from solver.validation.conditions.timing import CHECKERS as TIMING_CHECKERS
from solver.validation.placements import Placed
from solver.validation.types import Violation

CHECKERS = {**TIMING_CHECKERS, **LIMIT_CHECKERS}


def check_conditions(
    problem: Problem,
    placed: dict[int, Placed],
    by_teacher: dict[int, list[Placed]],
    by_atom: dict[int, list[Placed]],
) -> list[Violation]:
    """Every broken imported condition (hard: CONDITION, soft: CONDITION_COST).

    A condition naming a lesson that is not placed is judged on the lessons that are (the
    missing lesson is a PLACED violation already).

    Raises:
        TypeError: for a condition family no checker knows (a programming error).
    """
    week = Week(problem, placed, by_teacher, by_atom)
    out: list[Violation] = []
    for index, cond in enumerate(problem.conditions):
        check = CHECKERS.get(type(cond))
        if check is None:
            raise TypeError(f"no checker for {type(cond).__name__}")
        out.extend(check(week, index, cond))
    return out
