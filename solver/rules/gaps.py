"""Free periods inside a day: CLASS_NO_GAPS (hard), CLASS_GAP and TEACHER_GAP (soft)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from ortools.sat.python import cp_model

from solver.rules.context import Ctx
from solver.rules.ids import RuleId

Lit = cp_model.IntVar | None  # None: a literal that can never be true


def _or(ctx: Ctx, a: Lit, b: Lit) -> Lit:
    if a is None or b is None:
        return a if b is None else b
    out = ctx.model.new_bool_var("")
    ctx.model.add_max_equality(out, [a, b])
    return out


def span_flags(ctx: Ctx, lits: Sequence[Lit]) -> tuple[list[Lit], list[Lit]]:
    """(before, after): before[i] is true iff some lits[j<i] is, after[i] iff some lits[j>i]."""
    n = len(lits)
    before: list[Lit] = [None] * n
    after: list[Lit] = [None] * n
    for i in range(1, n):
        before[i] = _or(ctx, before[i - 1], lits[i - 1])
    for i in range(n - 2, -1, -1):
        after[i] = _or(ctx, after[i + 1], lits[i + 1])
    return before, after


def gap_flags(ctx: Ctx, lits: Sequence[Lit], blockers: Sequence[Sequence[Lit]]) -> list[Lit]:
    """gap[i] == before[i] and after[i] and no literal of blockers[i] (exactly, both ways)."""
    before, after = span_flags(ctx, lits)
    out: list[Lit] = []
    for i in range(len(lits)):
        b, a = before[i], after[i]
        if b is None or a is None:
            out.append(None)
            continue
        busy = [x for x in blockers[i] if x is not None]
        g = ctx.model.new_bool_var("")
        ctx.model.add_implication(g, b)
        ctx.model.add_implication(g, a)
        for x in busy:
            ctx.model.add_implication(g, x.Not())
        ctx.model.add_bool_or([g, b.Not(), a.Not(), *busy])
        out.append(g)
    return out


def atom_days(ctx: Ctx) -> list[tuple[int, int, int, list[Lit]]]:
    """(class id, day, atoms, busy literal per period of the class's shift) per distinct atom.

    Atoms attending the same units share one entry; `atoms` says how many they are.
    """
    out = []
    p = ctx.problem

    def key_of(atom: int, lessons: list[int]) -> tuple[object, ...]:
        # Atoms of classes with another shift or daily maximum obey other rules.
        klass = p.classes[p.atoms[atom][0]]
        return (tuple(sorted(lessons)), klass.shift, klass.max_per_day)

    same: dict[tuple[object, ...], int] = {}
    for a, lessons in ctx.v.by_atom.items():
        key = key_of(a, lessons)
        same[key] = same.get(key, 0) + 1
    seen: set[tuple[object, ...]] = set()
    for a, lessons in ctx.v.by_atom.items():
        key = key_of(a, lessons)
        if key in seen:
            continue
        seen.add(key)
        klass = p.classes[p.atoms[a][0]]
        for d in range(len(p.days)):
            lits = [
                ctx.v.busy(("atom", key[0], d, q), ctx.v.covering(lessons, d, q))
                for q in p.shifts[klass.shift].periods
            ]
            out.append((klass.id, d, same[key], lits))
    return out


def add_class_gaps(ctx: Ctx) -> None:
    """CLASS_NO_GAPS when the school forbids gaps, else the soft CLASS_GAP count.

    Args:
        ctx: the model under construction.
    """
    p = ctx.problem
    hard = p.settings.class_no_gaps
    weight = p.settings.weights.class_gap if ctx.soft else 0
    of_class: dict[int, list[int]] = {}
    for unit in ctx.v.units:
        for c in p.audience_classes(unit.rep):
            of_class.setdefault(c, []).append(unit.id)
    for klass, d, atoms, lits in atom_days(ctx):
        if ctx.start_first:
            _start_first(ctx, lits)
        elif hard:
            _no_gaps(ctx, klass, lits)
        elif weight:
            gaps = [g for g in gap_flags(ctx, lits, [[x] for x in lits]) if g is not None]
            name = f"class gaps: {p.classes[klass].code}, {p.days[d]}"
            ctx.penalize(RuleId.CLASS_GAP, name, atoms * sum(gaps), weight, of_class[klass])


def _start_first(ctx: Ctx, lits: Sequence[Lit]) -> None:
    """Busy in a period means busy in the one before: the day runs from period 1, no gaps.

    Stronger than CLASS_NO_GAPS (so every timetable it allows is valid) and it propagates far
    better; the fast phase tries it first because schools do start their classes at period 1.
    """
    for before, after in itertools.pairwise(lits):
        if after is None:
            continue
        if before is None:
            ctx.model.add(after == 0)
        else:
            ctx.model.add_implication(after, before)


def _no_gaps(ctx: Ctx, klass: int, lits: Sequence[Lit]) -> None:
    """Busy at i and at k means busy at every j between (CLASS_NO_GAPS), as plain clauses.

    One clause per (i, j, k) rather than chains of "some lesson before/after" literals: with
    near-full school days the clauses propagate at once, and the solver found the demo
    school's first timetable several times faster with them.
    """
    guard = ctx.guard(RuleId.CLASS_NO_GAPS, klass)
    n = len(lits)
    for i in range(n):
        first = lits[i]
        if first is None:
            continue
        for k in range(i + 2, n):
            last = lits[k]
            if last is None:
                continue
            for j in range(i + 1, k):
                middle = lits[j]
                clause = [first.Not(), last.Not(), *([middle] if middle is not None else [])]
                ctx.model.add_bool_or(clause).only_enforce_if(guard)


def add_teacher_gaps(ctx: Ctx) -> None:
    """TEACHER_GAP: free timeline periods between a teacher's first and last lesson of a day.

    Args:
        ctx: the model under construction.
    """
    p = ctx.problem
    weight = p.settings.weights.teacher_gap
    if not weight:
        return
    line = p.timeline
    overlapping = [[j for j, q in enumerate(line) if p.overlap(q, per)] for per in line]
    for t, lessons in ctx.v.by_teacher.items():
        for d in range(len(p.days)):
            lits = [ctx.v.busy(("teacher", t, d, q), ctx.v.covering(lessons, d, q)) for q in line]
            if sum(x is not None for x in lits) < 2:
                continue
            gaps = gap_flags(ctx, lits, [[lits[j] for j in js] for js in overlapping])
            name = f"teacher gaps: {p.teachers[t].name}, {p.days[d]}"
            total = sum(g for g in gaps if g is not None)
            ctx.penalize(RuleId.TEACHER_GAP, name, total, weight, lessons)
