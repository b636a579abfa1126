"""Limit measures on buildings: changes per day and week, free periods before a change.

A cell carries its building, so "in building b at position k" is a busy literal over the
cells of that building; lessons without a room (building -1) are skipped, as the measures
state. A change is the first position of a lesson held in another building than the
person's previous lesson with a room that day (`change_at`).
"""

from __future__ import annotations

import itertools

from ortools.sat.python import cp_model

from solver.conditions import Limit
from solver.rules.conditions.limits_people import (
    Lit,
    Person,
    Sink,
    day_lits,
    lit_and,
    lit_or,
    occupied,
    real,
)
from solver.rules.context import Ctx


def _in(ctx: Ctx, pr: Person, day: int, buildings: list[int]) -> list[dict[int, Lit]]:
    """Per position: literal "busy in building b" for each building."""
    out: list[dict[int, Lit]] = []
    for q in pr.periods:
        cells = ctx.v.covering(pr.units, day, q)
        out.append(
            {
                b: ctx.v.busy(
                    ("limits", "in", pr.key, day, q, b), [c for c in cells if c.building == b]
                )
                for b in buildings
            }
        )
    return out


def _roomed(ctx: Ctx, pr: Person, day: int) -> list[Lit]:
    """Per position: busy with a lesson held in a room."""
    out: list[Lit] = []
    for q in pr.periods:
        cells = [c for c in ctx.v.covering(pr.units, day, q) if c.building >= 0]
        out.append(ctx.v.busy(("limits", "roomed", pr.key, day, q), cells))
    return out


def _stay(m: cp_model.CpModel, x: Lit, prev: Lit, here: list[cp_model.IntVar]) -> Lit:
    """After this position, the last lesson with a room is in this building:
    x or (prev and no lesson with a room here), exactly."""
    if x is None and prev is None:
        return None
    c = m.new_bool_var("")
    if x is not None:
        m.add_implication(x, c)
    if prev is not None:
        m.add_bool_or([c, prev.Not(), *here])
    m.add_bool_or([c.Not(), *real([x, prev])])
    for y in here:
        if y is not x:
            m.add_implication(c, y.Not())
    return c


def change_at(ctx: Ctx, pr: Person, day: int, buildings: list[int]) -> list[Lit]:
    """Per position: a lesson starts here in another building than the previous one."""
    marker = ("limits", "changes", pr.key, day)
    n = len(pr.periods)
    if marker in ctx.v.memo:
        return [ctx.v.memo[(*marker, k)] for k in range(n)]
    m = ctx.model
    cur: dict[int, Lit] = {b: None for b in buildings}
    started: Lit = None  # some lesson with a room before this position
    out: list[Lit] = []
    for row in _in(ctx, pr, day, buildings):
        here = real(list(row.values()))
        if not here:
            out.append(None)
            continue
        entries: list[Lit] = []
        for b in buildings:
            x, prev = row[b], cur[b]
            if x is not None:
                entries.append(x if prev is None else lit_and(ctx, [x, prev.Not()]))
        out.append(lit_and(ctx, [lit_or(ctx, entries), started]) if started is not None else None)
        cur = {b: _stay(m, row[b], cur[b], here) for b in buildings}
        started = lit_or(ctx, [started, *here])
    for k, lit in enumerate(out):
        ctx.v.memo[(*marker, k)] = lit
    ctx.v.memo[marker] = None
    return out


def _buildings(ctx: Ctx, pr: Person) -> list[int]:
    return sorted(ctx.v.buildings(pr.units))


def max_changes(ctx: Ctx, pr: Person, cond: Limit, out: Sink) -> None:
    """max_building_changes_day / _week: changes per day, or summed over the week."""
    buildings = _buildings(ctx, pr)
    if len(buildings) < 2:
        return
    weekly: list[cp_model.IntVar] = []
    for d in range(len(ctx.problem.days)):
        if out.hard and cond.value == 0:
            _one_building(ctx, pr, d, buildings, out)
            continue
        daily = cond.measure == "max_building_changes_day"
        if out.hard and daily and cond.value == 1 and _few_triples(pr, buildings):
            _two_runs(ctx, pr, d, buildings, out)
            continue
        changes = real(change_at(ctx, pr, d, buildings))
        if daily:
            out.at_most(sum(changes), len(changes), cond.value)
        else:
            weekly.extend(changes)
    if weekly:
        out.at_most(sum(weekly), len(weekly), cond.value)


TRIPLE_CLAUSES = 2000
"""Most clauses per person and day for "at most one change" as forbidden triples."""


def _few_triples(pr: Person, buildings: list[int]) -> bool:
    n, b = len(pr.periods), len(buildings)
    return n * (n - 1) * (n - 2) // 6 * b * (b - 1) ** 2 <= TRIPLE_CLAUSES


def _two_runs(ctx: Ctx, pr: Person, day: int, buildings: list[int], out: Sink) -> None:
    """At most one change: no three lessons in time order whose buildings change twice
    (x, then y != x, then z != y). As clauses they propagate when two lessons are placed;
    the counting chain needs the whole day before it can say anything."""
    rows = _in(ctx, pr, day, buildings)
    for i, j, k in itertools.combinations(range(len(rows)), 3):
        for a in buildings:
            for b in buildings:
                for c in buildings:
                    x, y, z = rows[i][a], rows[j][b], rows[k][c]
                    if a == b or b == c or x is None or y is None or z is None:
                        continue
                    out.clause([x.Not(), y.Not(), z.Not()])


def _one_building(ctx: Ctx, pr: Person, day: int, buildings: list[int], out: Sink) -> None:
    """No change at all: at most one building used on the day (clauses propagate at once)."""
    rows = _in(ctx, pr, day, buildings)
    used = [lit_or(ctx, [row[b] for row in rows]) for b in buildings]
    for a, b in itertools.combinations(real(used), 2):
        out.clause([a.Not(), b.Not()])


def min_gap(ctx: Ctx, pr: Person, cond: Limit, out: Sink) -> None:
    """min_gap_building_change: a change needs `value` free periods since the last lesson."""
    v = cond.value
    buildings = _buildings(ctx, pr)
    if v <= 0 or len(buildings) < 2:
        return
    for d in range(len(ctx.problem.days)):
        rows = _in(ctx, pr, d, buildings)
        if out.hard:  # two buildings within v positions: a change with too few free periods
            for j, k in itertools.combinations(range(len(rows)), 2):
                if k - j > v:
                    continue
                for b1, b2 in itertools.permutations(buildings, 2):
                    x, y = rows[j][b1], rows[k][b2]
                    if x is not None and y is not None:
                        out.clause([x.Not(), y.Not()])
        roomless = any(c.building < 0 for u in pr.units for c in ctx.v.cells[u] if c.day == d)
        if pr.plain and not roomless:
            if not out.hard:  # every period between two lessons is free: distance decides
                roomed = _roomed(ctx, pr, d)
                for k, ch in enumerate(change_at(ctx, pr, d, buildings)):
                    close = lit_or(ctx, roomed[max(0, k - v) : k])
                    out.count([lit_and(ctx, [ch, close])])
            continue
        _free_counter(ctx, pr, d, buildings, v, out)


def _free_counter(ctx: Ctx, pr: Person, day: int, buildings: list[int], v: int, out: Sink) -> None:
    """Free periods since the last lesson with a room, counted up to v; a change while the
    count is below v is a unit (lessons without a room and overlapping periods are not free)."""
    m = ctx.model
    lits = day_lits(ctx, pr, day)
    roomed = _roomed(ctx, pr, day)
    changes = change_at(ctx, pr, day, buildings)
    since = m.new_constant(v)
    for k in range(len(lits)):
        ch = changes[k]
        if ch is not None:
            if out.guard is not None:
                m.add(since >= v).only_enforce_if([ch, *out.guard])
            else:
                close = m.new_bool_var("")
                m.add(since <= v - 1).only_enforce_if(close)
                m.add(since >= v).only_enforce_if(close.Not())
                out.count([lit_and(ctx, [ch, close])])
        busy = occupied(ctx, pr, lits, k)
        capped = m.new_int_var(0, v, "")
        m.add_min_equality(capped, [v, since + (1 if busy is None else 1 - busy)])
        r = roomed[k]
        if r is None:
            since = capped
            continue
        nxt = m.new_int_var(0, v, "")
        m.add(nxt == 0).only_enforce_if(r)
        m.add(nxt == capped).only_enforce_if(r.Not())
        since = nxt
