"""Buildings: TRAVEL (hard), BUILDING_CHANGE (soft) and BUILDING_CHANGES_CAP (hard)."""

from __future__ import annotations

from itertools import combinations

from ortools.sat.python import cp_model

from solver.rules.context import Ctx
from solver.rules.ids import RuleId

Lit = cp_model.IntVar | None


def _conflicts(ctx: Ctx, buildings: list[int]) -> list[tuple[int, int, int, int]]:
    """(p, b1, q, b2) with p before q in the timeline where travel makes the pair impossible."""
    p = ctx.problem
    return [
        (x, b1, y, b2)
        for x, y in combinations(p.timeline, 2)
        for b1 in buildings
        for b2 in buildings
        if p.travel_conflict(x, b1, y, b2)
    ]


def add_travel(ctx: Ctx) -> None:
    """TRAVEL: no teacher or student atom has two lessons too close in time for the walk.

    Args:
        ctx: the model under construction.
    """
    people: list[tuple[RuleId, object, list[int]]] = [
        (RuleId.TRAVEL, ("teacher", t), ls) for t, ls in ctx.v.by_teacher.items()
    ]
    seen: set[tuple[int, ...]] = set()
    for a, ls in ctx.v.by_atom.items():
        if tuple(sorted(ls)) not in seen:
            seen.add(tuple(sorted(ls)))
            people.append((RuleId.TRAVEL, ("class", ctx.problem.atoms[a][0]), ls))
    for rule, row, lessons in people:
        buildings = sorted(ctx.v.buildings(lessons))
        if len(buildings) < 2:
            continue
        conflicts = _conflicts(ctx, buildings)
        for d in range(len(ctx.problem.days)):
            for x, b1, y, b2 in conflicts:
                first = [c.var for c in ctx.v.covering(lessons, d, x) if c.building == b1]
                second = [c.var for c in ctx.v.covering(lessons, d, y) if c.building == b2]
                if first and second:
                    ctx.add_le(first + second, 1, rule, row)


def add_building_changes(ctx: Ctx) -> None:
    """BUILDING_CHANGE count per teacher and day, its weight, and the hard cap when set.

    Args:
        ctx: the model under construction.
    """
    p = ctx.problem
    weight = p.settings.weights.building_change if ctx.soft else 0
    for t, lessons in ctx.v.by_teacher.items():
        cap = p.teachers[t].max_building_changes
        cap = p.settings.max_building_changes if cap is None else cap
        buildings = sorted(ctx.v.buildings(lessons))
        if len(buildings) < 2 or (not weight and cap is None):
            continue
        for d in range(len(p.days)):
            changes = _day_changes(ctx, t, lessons, d, buildings)
            if changes is None:
                continue
            if cap is not None:
                ct = ctx.model.add(changes <= cap)
                ct.only_enforce_if(ctx.guard(RuleId.BUILDING_CHANGES_CAP, t))
            name = f"building changes: {p.teachers[t].name}, {p.days[d]}"
            ctx.penalize(RuleId.BUILDING_CHANGE, name, changes, weight, lessons)


def _day_changes(
    ctx: Ctx, t: int, lessons: list[int], d: int, buildings: list[int]
) -> cp_model.LinearExprT | None:
    """Building runs entered during the day minus one (when the teacher works): the changes."""
    m = ctx.model
    inb: list[dict[int, Lit]] = []
    for q in ctx.problem.timeline:
        cells = ctx.v.covering(lessons, d, q)
        inb.append(
            {
                b: ctx.v.busy(("in", t, d, q, b), [c for c in cells if c.building == b])
                for b in buildings
            }
        )
    every = [x for row in inb for x in row.values() if x is not None]
    if not every:
        return None
    cur: dict[int, Lit] = {b: None for b in buildings}
    entries: list[cp_model.IntVar] = []
    for row in inb:
        here = [x for x in row.values() if x is not None]
        if not here:
            continue  # cur carries over unchanged
        nxt: dict[int, Lit] = {}
        for b in buildings:
            x, prev = row[b], cur[b]
            if x is not None:
                entries.append(x if prev is None else _and_not(m, x, prev))
            if x is None and prev is None:
                nxt[b] = None
                continue
            c = m.new_bool_var("")
            if x is not None:
                m.add_implication(x, c)
            others = [y for y in here if y is not x]
            if prev is not None:
                m.add_bool_or([c, prev.Not(), *here])  # stayed: nobody teaches elsewhere now
            m.add_bool_or([c.Not()] + [z for z in (x, prev) if z is not None])
            for y in others:
                m.add_implication(c, y.Not())
            nxt[b] = c
        cur = nxt
    works = m.new_bool_var("")
    m.add_max_equality(works, every)
    return sum(entries) - works


def _and_not(m: cp_model.CpModel, x: cp_model.IntVar, y: cp_model.IntVar) -> cp_model.IntVar:
    """A literal equal to x and not y."""
    z = m.new_bool_var("")
    m.add_implication(z, x)
    m.add_implication(z, y.Not())
    m.add_bool_or([z, x.Not(), y])
    return z
