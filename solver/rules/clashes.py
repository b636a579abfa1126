"""TEACHER_CLASH and STUDENT_CLASH: nobody is in two places at once (by clock time)."""

from __future__ import annotations

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
    for day in range(len(ctx.problem.days)):
        for tp in points:
            cells = [c for p in tp for c in ctx.v.covering(lessons, day, p)]
            ctx.add_le([c.var for c in cells], 1, rule, row)
