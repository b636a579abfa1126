"""ROOM_CLASH/ROOM_FIT in the main model as counting cuts per building and set of rooms.

The main model only decides each lesson's building. For every set S of rooms in a building
that is a union of intersecting candidate sets, the lessons whose candidates there lie inside
S may not outnumber the usable rooms of S at any time point. By Hall's theorem this is exactly
the condition for a room assignment at each time point; `solver.rules.room_assign` then picks
the rooms (consistently for a double) and minimises class room changes.
"""

from __future__ import annotations

import logging
from collections import defaultdict

from solver.problem import Fixed, Lesson, Problem
from solver.rules.clashes import maximal_time_points
from solver.rules.context import Ctx
from solver.rules.ids import RuleId
from solver.variables import Cell, rooms_in

log = logging.getLogger(__name__)

MAX_SETS_PER_BUILDING = 400
"""Beyond this many unions the cuts stop being complete; the room assignment still checks."""


def candidate_set(
    problem: Problem, lesson: Lesson, building: int, fix: Fixed | None
) -> frozenset[int]:
    """The rooms `lesson` may use in `building` (only the pinned one when a Fixed names it)."""
    if fix is not None and fix.room is not None:
        return frozenset({fix.room})
    return frozenset(rooms_in(problem, lesson, building))


def union_closure(sets: set[frozenset[int]], limit: int) -> set[frozenset[int]]:
    """Close `sets` under the union of intersecting members (at most `limit` members)."""
    out = set(sets)
    frontier = list(out)
    while frontier and len(out) < limit:
        a = frontier.pop()
        for b in list(out):
            if a & b and not (a <= b or b <= a):
                u = a | b
                if u not in out:
                    out.add(u)
                    frontier.append(u)
                    if len(out) >= limit:
                        log.warning("room set closure truncated at %d sets", limit)
                        break
    return out


def add_room_capacity(ctx: Ctx) -> None:
    """Lessons needing rooms from a set never outnumber its rooms (ROOM_CLASH, ROOM_FIT).

    A cell's rooms are the lesson's candidates in the cell's building that are open during the
    cell's periods, so closed rooms are handled exactly, period by period.

    Args:
        ctx: the model under construction.
    """
    p = ctx.problem
    by_set: dict[int, dict[frozenset[int], list[Cell]]] = defaultdict(lambda: defaultdict(list))
    for unit in ctx.v.units:
        fix = ctx.v.fixed.get(unit.rep.id)
        for c in ctx.v.cells[unit.id]:
            if c.building < 0:
                continue
            rooms = frozenset(
                r
                for r in candidate_set(p, unit.rep, c.building, fix)
                if not any((c.day, q) in p.rooms[r].unavailable for q in c.periods)
            )
            by_set[c.building][rooms].append(c)
    points = maximal_time_points(p)
    for groups in by_set.values():
        for s in union_closure({g for g in groups if g}, MAX_SETS_PER_BUILDING):
            cells = [c for cs, ids in groups.items() if cs <= s for c in ids]
            _cap_set(ctx, s, cells, points)


def _cap_set(
    ctx: Ctx, rooms: frozenset[int], cells: list[Cell], points: list[tuple[int, ...]]
) -> None:
    at: dict[tuple[int, int], list[Cell]] = defaultdict(list)
    for c in cells:
        for q in c.periods:
            at[(c.day, q)].append(c)
    for day in range(len(ctx.problem.days)):
        for tp in points:
            here = {id(c): c for q in tp for c in at.get((day, q), ())}
            ctx.add_le(
                [c.var for c in here.values()], len(rooms), RuleId.ROOM_CLASH, tuple(sorted(rooms))
            )
