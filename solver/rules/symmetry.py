"""Symmetry breaking: identical units of one course take their starts in a fixed order."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from solver.problem import Lesson
from solver.rules.context import Ctx
from solver.solution import Placement

Timed = tuple[int, int, int]


def _signature(lesson: Lesson) -> tuple[object, ...]:
    return (
        lesson.course,
        lesson.subject,
        lesson.teachers,
        lesson.classes,
        lesson.groups,
        lesson.length,
        lesson.rooms,
        lesson.size,
    )


def add_unit_order(ctx: Ctx) -> None:
    """Identical, unpinned units of a course start in increasing (day, start) order.

    Any timetable can be relabelled to satisfy this without changing a single cost, so it is
    sound; it removes up to n! equivalent timetables per course of n units.

    Args:
        ctx: the model under construction.
    """
    n_periods = len(ctx.problem.periods)
    for ids in identical_groups(ctx):
        keys = [
            sum((c.day * n_periods + c.start) * c.var for c in ctx.v.cells[ls]) for ls in ids
        ]
        for a, b in zip(keys, keys[1:], strict=False):
            ctx.model.add(a <= b)



def identical_groups(ctx: Ctx) -> list[list[int]]:
    """Lesson ids of identical, unpinned units (groups of two or more), as ordered."""
    groups: dict[tuple[object, ...], list[int]] = defaultdict(list)
    for lesson in ctx.problem.lessons:
        if lesson.id not in ctx.v.fixed:
            groups[_signature(lesson)].append(lesson.id)
    return [ids for ids in groups.values() if len(ids) > 1]


def canonical_hint(ctx: Ctx, hint: Sequence[Placement]) -> dict[int, tuple[int, int]]:
    """The hint as (day, start) per lesson, re-dealt within identical units in start order.

    This keeps the hint compatible with `add_unit_order`; the set of hinted times is the same.
    """
    out = {h.lesson: (h.day, h.period) for h in hint}
    n_periods = len(ctx.problem.periods)
    for ids in identical_groups(ctx):
        hinted = [i for i in ids if i in out]
        if len(hinted) != len(ids):
            continue
        times = sorted((out[i] for i in ids), key=lambda t: t[0] * n_periods + t[1])
        out.update(zip(ids, times, strict=True))
    return out


def match_hint(
    ctx: Ctx, timed: dict[int, Timed], hint: Sequence[Placement]
) -> dict[int, Timed]:
    """Relabel identical units so that as many as possible keep their own hinted time."""
    wanted = {h.lesson: (h.day, h.period) for h in hint}
    out = dict(timed)
    for ids in identical_groups(ctx):
        pool = [timed[i] for i in ids]
        rest = []
        for i in ids:
            j = next((k for k, t in enumerate(pool) if t[:2] == wanted.get(i)), None)
            if j is None:
                rest.append(i)
            else:
                out[i] = pool.pop(j)
        out.update(zip(rest, pool, strict=True))
    return out
