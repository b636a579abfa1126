"""TEACHER_CLASH and STUDENT_CLASH: nobody is in two places at once (by clock time)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.problem import Problem
from solver.rules.context import Ctx
from solver.rules.ids import RuleId


def maximal_time_points(problem: Problem) -> list[tuple[int, ...]]:
    """Time points whose period set is not contained in another's (the others are implied)."""
    points = [set(tp) for tp in problem.time_points]
    out = []
    for i, tp in enumerate(problem.time_points):
        if not any(j != i and points[i] < points[j] for j in range(len(points))):
            out.append(tp)
    return out


def add_teacher_clash(ctx: Ctx) -> None:
    """A teacher teaches at most one lesson at a time (TEACHER_CLASH).

    Args:
        ctx: the model under construction.
    """
    points = maximal_time_points(ctx.problem)
    for t, lessons in ctx.v.by_teacher.items():
        _at_most_one_at_a_time(ctx, lessons, points, RuleId.TEACHER_CLASH, t)


def add_student_clash(ctx: Ctx) -> None:
    """A student atom attends at most one lesson at a time (STUDENT_CLASH).

    Args:
        ctx: the model under construction.
    """
    points = maximal_time_points(ctx.problem)
    seen: set[tuple[int, ...]] = set()
    for a, lessons in ctx.v.by_atom.items():
        key = tuple(sorted(lessons))
        if key in seen:  # two atoms attending the same lessons need one constraint set
            continue
        seen.add(key)
        klass = ctx.problem.atoms[a][0]
        _at_most_one_at_a_time(ctx, lessons, points, RuleId.STUDENT_CLASH, klass)


def _at_most_one_at_a_time(
    ctx: Ctx, lessons: list[int], points: list[tuple[int, ...]], rule: RuleId, row: int
) -> None:
    groups = [
        [c.var for p in tp for c in ctx.v.covering(lessons, day, p)]
        for day in range(len(ctx.problem.days))
        for tp in points
    ]
    if _fills_every_point(ctx, lessons, points, groups):
        # Implied, and far stronger in propagation: a class whose lessons fill every period
        # it can use has a lesson in each (the Brazil FET file went from no timetable in
        # 20 s to one in a few seconds).
        for cells in groups:
            if cells:
                ctx.model.add_exactly_one(cells)
        return
    for cells in groups:
        ctx.add_le(cells, 1, rule, row)


def _fills_every_point(
    ctx: Ctx, lessons: list[int], points: list[tuple[int, ...]], groups: list[list[cp_model.IntVar]]
) -> bool:
    """True when the owner's periods a week equal the time points it can be busy at (one
    period per point, so that each lesson period fills exactly one point)."""
    if ctx.guarded or any(len(tp) != 1 for tp in points):
        return False
    needed = sum(len(ctx.v.units[u].lessons) * ctx.v.units[u].rep.length for u in lessons)
    return needed == sum(1 for cells in groups if cells)
