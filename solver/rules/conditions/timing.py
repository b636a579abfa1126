"""Encoders of the timing condition families: when lessons take place relative to each other.

Pair counts (MinDaysApart, NoOverlap, MinGap, SameStart, Block) share one exact primitive,
`_meet`: a literal true exactly when two lessons' placements share a "point" (a day, a slot, a
padded period position). Each placement of the first lesson is grouped by its point set, so a
pair costs one literal and about two clauses per group. Hard pair families avoid pairs
altogether: "no two in a window" is one at-most-one constraint per window, linear in the
lessons.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Sequence

from ortools.sat.python import cp_model

from solver.conditions import (
    Before,
    Block,
    Condition,
    EndsDay,
    MinDaysApart,
    MinGap,
    NoOverlap,
    SameStart,
    Spread,
    StartsIn,
    kind_of,
)
from solver.rules.conditions.common import (
    Lit,
    cells_of,
    enforce_or_count,
    occupies,
    on_day,
    person_periods,
)
from solver.rules.context import Ctx
from solver.rules.ids import RuleId
from solver.variables import Cell

Points = Callable[[Cell], Iterable[Hashable]]
Encoder = Callable[[Ctx, int, Condition], None]
Terms = list[cp_model.LinearExprT]


def _distinct(lessons: Iterable[int]) -> list[int]:
    """The lessons in order, each once (a repeated id adds nothing to a condition)."""
    return list(dict.fromkeys(lessons))


def _name(index: int, cond: Condition) -> str:
    """The penalty's name in words: the family, the condition's index and its label."""
    label = f" ({cond.label})" if cond.label else ""
    return f"condition {index} {kind_of(cond)}{label}"


def _next(ctx: Ctx, period: int) -> int | None:
    """The period right after `period` in its shift (None after the last)."""
    p = ctx.problem
    shift = p.shifts[p.periods[period].shift].periods
    i = shift.index(period)
    return shift[i + 1] if i + 1 < len(shift) else None


def _position(ctx: Ctx, period: int) -> tuple[int, int]:
    """(shift, 0-based position of `period` in its shift)."""
    p = ctx.problem
    shift = p.periods[period].shift
    return shift, p.shifts[shift].periods.index(period)


def _or(ctx: Ctx, a: Lit, b: Lit) -> Lit:
    """The exact OR of two literals (None is false)."""
    if a is None or b is None:
        return a if b is None else b
    out = ctx.model.new_bool_var("")
    ctx.model.add_max_equality(out, [a, b])
    return out


def _and(ctx: Ctx, lits: Sequence[cp_model.IntVar]) -> cp_model.IntVar:
    """The exact AND of literals."""
    if len(lits) == 1:
        return lits[0]
    out = ctx.model.new_bool_var("")
    for x in lits:
        ctx.model.add_implication(out, x)
    ctx.model.add_bool_or([out, *(x.Not() for x in lits)])
    return out


def _meet(ctx: Ctx, a: int, b: int, tag: Hashable, pts_a: Points, pts_b: Points) -> cp_model.IntVar:
    """A literal true exactly when some point of `a`'s placement is a point of `b`'s.

    `pts_a` and `pts_b` give the points of a cell (unique within one cell); `tag` names the
    pair of point functions, so literals are cached across conditions. Exact because each
    lesson fills exactly one cell: per point set P of `a`, "a in P and b at a point of P"
    implies the literal, and the literal with "a in P" implies "b at a point of P".
    """
    key = ("meet", tag, a, b)
    if key in ctx.v.memo:
        found = ctx.v.memo[key]
        assert found is not None
        return found
    at_b: dict[Hashable, list[Cell]] = defaultdict(list)
    for c in cells_of(ctx, b):
        for pt in pts_b(c):
            at_b[pt].append(c)
    groups: dict[frozenset[Hashable], list[Cell]] = defaultdict(list)
    for c in cells_of(ctx, a):
        groups[frozenset(pts_a(c))].append(c)
    m = ctx.model.new_bool_var(f"meet_{a}_{b}")
    for pts, cells in groups.items():
        here = ctx.v.busy(("meet_a", tag, a, pts), cells)
        assert here is not None
        there = [ctx.v.busy(("meet_b", tag, b, pt), at_b[pt]) for pt in pts if pt in at_b]
        lits = [x for x in there if x is not None]
        for x in lits:
            ctx.model.add_bool_or([here.Not(), x.Not(), m])
        ctx.model.add_bool_or([m.Not(), here.Not(), *lits])
    ctx.v.memo[key] = m
    return m


def _day(c: Cell) -> tuple[int]:
    return (c.day,)


def _near(days: int) -> Points:
    """Days less than `days` away from a cell's day (a point set for `_meet`)."""
    return lambda c: range(c.day - days + 1, c.day + days)


def _follows(ctx: Ctx, a: int, b: int) -> cp_model.IntVar:
    """True exactly when `b` starts in the period right after `a` ends (same day and shift)."""

    def after(c: Cell) -> tuple[tuple[int, int], ...]:
        nxt = _next(ctx, c.periods[-1])
        return () if nxt is None else ((c.day, nxt),)

    return _meet(ctx, a, b, "follows", after, lambda c: ((c.day, c.start),))


def _back_to_back(ctx: Ctx, a: int, b: int) -> cp_model.IntVar:
    """True exactly when `a` and `b` are back to back in either order."""

    def mine(c: Cell) -> list[tuple[object, ...]]:
        nxt = _next(ctx, c.periods[-1])
        return [("start", c.day, c.start), *([("after", c.day, nxt)] if nxt is not None else [])]

    def theirs(c: Cell) -> list[tuple[object, ...]]:
        nxt = _next(ctx, c.periods[-1])
        return [("after", c.day, c.start), *([("start", c.day, nxt)] if nxt is not None else [])]

    return _meet(ctx, a, b, "adjacent", mine, theirs)


def _min_days(ctx: Ctx, index: int, cond: Condition) -> None:
    """MinDaysApart: hard as "at most one lesson in any `days` consecutive days"; soft (or
    with the same-day flag and `days` 0) as exact per-pair counts."""
    assert isinstance(cond, MinDaysApart)
    lessons = _distinct(cond.lessons)
    if len(lessons) < 2:
        return
    n_days = len(ctx.problem.days)
    if cond.hard and cond.days >= 1:
        span = min(cond.days, n_days)
        for first in range(n_days - span + 1):
            lits = [on_day(ctx, ls, d) for ls in lessons for d in range(first, first + span)]
            ctx.add_le([x for x in lits if x is not None], 1, RuleId.CONDITION, index)
        return
    terms: Terms = []
    for a, b in itertools.combinations(lessons, 2):
        if cond.days >= 1:
            terms.append(_meet(ctx, a, b, ("near", cond.days), _day, _near(cond.days)))
        if cond.adjacent_if_same_day:
            same = _meet(ctx, a, b, ("near", 1), _day, _near(1))
            terms.append(same - _back_to_back(ctx, a, b))
    enforce_or_count(ctx, index, cond, terms, _name(index, cond))


def _start_key(ctx: Ctx, what: str) -> Points:
    """The respect in which SameStart compares starts: slot, day or period number."""
    if what == "slot":
        return lambda c: ((c.day, c.start),)
    if what == "day":
        return _day
    periods = ctx.problem.periods
    return lambda c: (periods[c.start].number,)


def _same_start(ctx: Ctx, index: int, cond: Condition) -> None:
    """SameStart: hard as equal "starts at key" literals; soft as one `_meet` per lesson."""
    assert isinstance(cond, SameStart)
    lessons = _distinct(cond.lessons)
    if len(lessons) < 2:
        return
    key = _start_key(ctx, cond.what)
    if not cond.hard:
        terms: Terms = [
            1 - _meet(ctx, lessons[0], o, ("same", cond.what), key, key) for o in lessons[1:]
        ]
        enforce_or_count(ctx, index, cond, terms, _name(index, cond))
        return
    guard = ctx.guard(RuleId.CONDITION, index)
    first = _key_lits(ctx, lessons[0], cond.what, key)
    for other in lessons[1:]:
        lits = _key_lits(ctx, other, cond.what, key)
        for k in first.keys() | lits.keys():
            x, y = first.get(k), lits.get(k)
            if x is not None and y is not None:
                ctx.model.add(x == y).only_enforce_if(guard)
            elif x is not None or y is not None:
                ctx.model.add((x if y is None else y) == 0).only_enforce_if(guard)


def _key_lits(ctx: Ctx, lesson: int, what: str, key: Points) -> dict[Hashable, Lit]:
    """Per start key of `lesson`, the literal "it starts with that key"."""
    by: dict[Hashable, list[Cell]] = defaultdict(list)
    for c in cells_of(ctx, lesson):
        for k in key(c):
            by[k].append(c)
    return {k: ctx.v.busy(("start_key", what, lesson, k), cells) for k, cells in by.items()}


def _no_overlap(ctx: Ctx, index: int, cond: Condition) -> None:
    """NoOverlap: hard as at most one lesson per (day, period); soft as exact pair counts."""
    assert isinstance(cond, NoOverlap)
    lessons = _distinct(cond.lessons)
    if cond.hard:
        slots = {(c.day, q) for ls in lessons for c in cells_of(ctx, ls) for q in c.periods}
        for d, q in sorted(slots):
            lits = [occupies(ctx, ls, d, q) for ls in lessons]
            ctx.add_le([x for x in lits if x is not None], 1, RuleId.CONDITION, index)
        return

    def slots_of(c: Cell) -> list[tuple[int, int]]:
        return [(c.day, q) for q in c.periods]

    terms: Terms = [
        _meet(ctx, a, b, "overlap", slots_of, slots_of)
        for a, b in itertools.combinations(lessons, 2)
    ]
    enforce_or_count(ctx, index, cond, terms, _name(index, cond))


def _block(ctx: Ctx, index: int, cond: Condition) -> None:
    """Block: the lessons form a chain of "b starts right after a ends" links; ordered, the
    chain in the given order, grouped, any of the (mutually exclusive) orders."""
    assert isinstance(cond, Block)
    lessons = _distinct(cond.lessons)
    if len(lessons) < 2:
        return
    orders = [lessons] if cond.ordered else [list(o) for o in itertools.permutations(lessons)]
    chains = [_and(ctx, [_follows(ctx, a, b) for a, b in itertools.pairwise(o)]) for o in orders]
    if cond.hard:
        ctx.model.add_bool_or(chains).only_enforce_if(ctx.guard(RuleId.CONDITION, index))
        return
    enforce_or_count(ctx, index, cond, [1 - sum(chains)], _name(index, cond))


def _before(ctx: Ctx, index: int, cond: Condition) -> None:
    """Before: a lesson's (day, clock time) as one linear expression of its cells, so that
    "first ends no later than second starts" is a single linear constraint."""
    assert isinstance(cond, Before)
    p = ctx.problem
    width = 1 + max(per.end for per in p.periods)
    firsts, seconds = cells_of(ctx, cond.first), cells_of(ctx, cond.second)
    end = cp_model.LinearExpr.weighted_sum(
        [c.var for c in firsts], [c.day * width + p.periods[c.periods[-1]].end for c in firsts]
    )
    start = cp_model.LinearExpr.weighted_sum(
        [c.var for c in seconds], [c.day * width + p.periods[c.start].start for c in seconds]
    )
    if cond.hard:
        ctx.model.add(end <= start).only_enforce_if(ctx.guard(RuleId.CONDITION, index))
        return
    late = ctx.model.new_bool_var(f"late{index}")
    ctx.model.add(end <= start).only_enforce_if(late.Not())
    ctx.model.add(end >= start + 1).only_enforce_if(late)
    enforce_or_count(ctx, index, cond, [late], _name(index, cond))


def _starts_in(ctx: Ctx, index: int, cond: Condition) -> None:
    """StartsIn, soft: per lesson, the sum of its cells outside the slots (0 or 1). Hard ones
    removed their cells already (`solver.variables`)."""
    assert isinstance(cond, StartsIn)
    if cond.hard:
        return
    terms: Terms = []
    for ls in _distinct(cond.lessons):
        outside = [
            c.var
            for c in cells_of(ctx, ls)
            if (
                any((c.day, q) not in cond.slots for q in c.periods)
                if cond.whole
                else (c.day, c.start) not in cond.slots
            )
        ]
        if outside:
            terms.append(sum(outside))
    enforce_or_count(ctx, index, cond, terms, _name(index, cond))


def _later(ctx: Ctx, atom: int, day: int, period: int) -> Lit:
    """True when student `atom` has a lesson on `day` in a period starting no earlier than
    `period` ends (an exact suffix OR of its busy literals, cached per atom and day)."""
    p = ctx.problem
    units = ctx.v.by_atom.get(atom, [])
    base = tuple(sorted(units))
    line = person_periods(ctx, ("atom", atom))
    first = next(
        (i for i, q in enumerate(line) if p.periods[q].start >= p.periods[period].end), None
    )
    if first is None:
        return None
    rest: Lit = None
    for i in range(len(line) - 1, first - 1, -1):
        key = ("later", base, day, i)
        if key not in ctx.v.memo:
            here = ctx.v.busy(("atom", base, day, line[i]), ctx.v.covering(units, day, line[i]))
            ctx.v.memo[key] = _or(ctx, here, rest)
        rest = ctx.v.memo[key]
    return rest


def _ends_day(ctx: Ctx, index: int, cond: Condition) -> None:
    """EndsDay: per lesson and end (day, period), no attending atom has a later lesson."""
    assert isinstance(cond, EndsDay)
    p = ctx.problem
    guard = ctx.guard(RuleId.CONDITION, index)
    terms: Terms = []
    for ls in _distinct(cond.lessons):
        atoms = p.lesson_atoms(p.lessons[ls])
        ends: dict[tuple[int, int], list[Cell]] = defaultdict(list)
        for c in cells_of(ctx, ls):
            ends[(c.day, c.periods[-1])].append(c)
        bad = None if cond.hard else ctx.model.new_bool_var(f"not_last{index}_{ls}")
        for (d, q), cells in ends.items():
            here = ctx.v.busy(("ends_at", ls, d, q), cells)
            assert here is not None
            later = [x for a in atoms if (x := _later(ctx, a, d, q)) is not None]
            for x in later:
                clause = [here.Not(), x.Not(), *([bad] if bad is not None else [])]
                ctx.model.add_bool_or(clause).only_enforce_if(guard if bad is None else [])
            if bad is not None:
                ctx.model.add_bool_or([bad.Not(), here.Not(), *later])
        if bad is not None:
            terms.append(bad)
    enforce_or_count(ctx, index, cond, terms, _name(index, cond))


def _min_gap(ctx: Ctx, index: int, cond: Condition) -> None:
    """MinGap: each lesson padded by `periods` positions after its end; a pair is too close
    exactly when the padded intervals share a position. Hard: at most one lesson per window
    of `periods` + 1 positions; soft: exact pair counts."""
    assert isinstance(cond, MinGap)
    lessons = _distinct(cond.lessons)
    gap = max(0, cond.periods)

    def padded(c: Cell) -> list[tuple[int, int, int]]:
        shift, i = _position(ctx, c.start)
        return [(c.day, shift, k) for k in range(i, i + len(c.periods) + gap)]

    if not cond.hard:
        terms: Terms = [
            _meet(ctx, a, b, ("pad", gap), padded, padded)
            for a, b in itertools.combinations(lessons, 2)
        ]
        enforce_or_count(ctx, index, cond, terms, _name(index, cond))
        return
    spans: dict[tuple[int, int], list[tuple[int, int, cp_model.IntVar]]] = defaultdict(list)
    for ls in lessons:
        for c in cells_of(ctx, ls):
            shift, i = _position(ctx, c.start)
            spans[(c.day, shift)].append((i, i + len(c.periods) - 1, c.var))
    for (_, shift), items in spans.items():
        n = len(ctx.problem.shifts[shift].periods)
        for k in range(min(gap, n - 1), n):  # window k - gap .. k (earlier ones are inside)
            lits = [x for i, j, x in items if i <= k and j >= k - gap]
            ctx.add_le(lits, 1, RuleId.CONDITION, index)


def _spread(ctx: Ctx, index: int, cond: Condition) -> None:
    """Spread: per group, the number of lessons starting in it is a plain sum of cells."""
    assert isinstance(cond, Spread)
    lessons = _distinct(cond.lessons)
    guard = ctx.guard(RuleId.CONDITION, index)
    terms: Terms = []
    for g, group in enumerate(cond.groups):
        cells = [c.var for ls in lessons for c in cells_of(ctx, ls) if (c.day, c.start) in group]
        count = cp_model.LinearExpr.sum(cells)
        top = min(len(lessons), len(cells))
        if cond.hard:
            if top > cond.most:
                ctx.model.add(count <= cond.most).only_enforce_if(guard)
            if cond.least > 0:
                ctx.model.add(count >= cond.least).only_enforce_if(guard)
            continue
        if top > cond.most:
            over = ctx.model.new_int_var(0, top - cond.most, f"over{index}_{g}")
            ctx.model.add_max_equality(over, [0, count - cond.most])
            terms.append(over)
        if cond.least > 0:
            under = ctx.model.new_int_var(0, cond.least, f"under{index}_{g}")
            ctx.model.add_max_equality(under, [0, cond.least - count])
            terms.append(under)
    enforce_or_count(ctx, index, cond, terms, _name(index, cond))


ENCODERS: dict[type[Condition], Encoder] = {
    MinDaysApart: _min_days,
    SameStart: _same_start,
    NoOverlap: _no_overlap,
    Block: _block,
    Before: _before,
    StartsIn: _starts_in,
    EndsDay: _ends_day,
    MinGap: _min_gap,
    Spread: _spread,
}
