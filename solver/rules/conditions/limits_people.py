"""What the Limit encoders share: the person's busy literals, exact and/or, and the sink.

A Limit reads one busy literal per period of the person's periods and day (`day_lits`).
Without a lesson filter these are the very literals the fixed rules use (`("teacher", t, d,
q)` of the teacher-gap rule, `("atom", units, d, q)` of the class rules), so limits, no-gaps
and daily maxima propagate into each other; student atoms attending the same units share them.

Every derived literal is exact (equal to what it names both ways), never a one-sided bound
that only the objective tightens: the solver's cost must equal the validator's count in any
timetable it returns, optimal or not.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.conditions import Limit
from solver.rules.conditions.common import person_periods, person_units
from solver.rules.context import Ctx
from solver.rules.loads import works_on

Lit = cp_model.IntVar | None  # None: a literal that can never be true
Expr = cp_model.LinearExprT
Slot = tuple[int, int]


@dataclass(frozen=True)
class Person:
    """A Limit's person as the model sees them."""

    who: tuple[str, int]
    scoped: bool  # only some lessons count (`Limit.lessons`)
    units: tuple[int, ...]
    periods: tuple[int, ...]  # the person's periods in day order
    near: tuple[tuple[int, ...], ...]  # per position: positions overlapping it (itself too)
    closed: tuple[frozenset[int], ...]  # per day: positions the person cannot have lessons in

    def open(self, day: int) -> list[int]:
        """Positions of `day` that are not closed, in order."""
        return [i for i in range(len(self.periods)) if i not in self.closed[day]]

    @property
    def key(self) -> tuple[object, ...]:
        """Identifies the busy literals: equal keys, equal literals."""
        return (self.periods, self.units)

    @property
    def plain(self) -> bool:
        """No two of the person's periods overlap in clock time."""
        return all(len(n) == 1 for n in self.near)


def person(ctx: Ctx, cond: Limit) -> Person:
    """The units, periods, overlaps and closed periods a Limit reads."""
    periods = person_periods(ctx, cond.who)
    p = ctx.problem
    near = tuple(tuple(j for j, q in enumerate(periods) if p.overlap(per, q)) for per in periods)
    units = tuple(sorted(person_units(ctx, cond)))
    shut = cond.skip  # the importer's choice: FET skips not-available times, XHSTT nothing
    closed = tuple(
        frozenset(i for i, q in enumerate(periods) if (d, q) in shut) for d in range(len(p.days))
    )
    return Person(cond.who, cond.lessons is not None, units, periods, near, closed)


def day_lits(ctx: Ctx, pr: Person, day: int) -> list[Lit]:
    """Busy literal per position of `pr.periods` on `day` (shared with the fixed rules)."""
    kind, ident = pr.who
    out: list[Lit] = []
    for q in pr.periods:
        key: tuple[object, ...]
        if not pr.scoped and kind == "teacher":
            key = ("teacher", ident, day, q)  # as `solver.rules.gaps.add_teacher_gaps`
        elif not pr.scoped:
            key = ("atom", pr.units, day, q)  # as `solver.rules.gaps.atom_days`
        else:
            key = ("limits", pr.key, day, q)
        out.append(ctx.v.busy(key, ctx.v.covering(pr.units, day, q)))
    return out


def works(ctx: Ctx, pr: Person, day: int) -> Lit:
    """True when the person has a counted lesson on `day`."""
    kind, ident = pr.who
    if kind == "teacher" and not pr.scoped:
        return works_on(ctx, ident, day)  # shared with TEACHER_MAX_DAYS
    return cached(ctx, ("works", pr.key, day), lambda: lit_or(ctx, day_lits(ctx, pr, day)))


def cached(ctx: Ctx, key: tuple[object, ...], make: Callable[[], Lit]) -> Lit:
    """A literal kept in the model's memo under `key` (made once)."""
    full = ("limits", *key)
    if full not in ctx.v.memo:
        ctx.v.memo[full] = make()
    return ctx.v.memo[full]


def real(lits: Sequence[Lit]) -> list[cp_model.IntVar]:
    """The literals that can be true."""
    return [x for x in lits if x is not None]


def lit_or(ctx: Ctx, lits: Sequence[Lit]) -> Lit:
    """A literal equal to the disjunction (None when every literal is None)."""
    some = real(lits)
    if len(some) <= 1:
        return some[0] if some else None
    out = ctx.model.new_bool_var("")
    ctx.model.add_max_equality(out, some)
    return out


def lit_and(ctx: Ctx, lits: Sequence[cp_model.LiteralT | None]) -> Lit:
    """A literal equal to the conjunction (None, false, when any literal is None or False)."""
    if any(x is None or x is False for x in lits):
        return None
    some = [x for x in lits if x is not True and x is not None]
    if not some:
        return ctx.model.new_constant(1)
    if len(some) == 1 and isinstance(some[0], cp_model.IntVar):
        return some[0]
    m = ctx.model
    out = m.new_bool_var("")
    for x in some:
        m.add_implication(out, x)
    m.add_bool_or([out, *(neg(x) for x in some)])
    return out


def neg(x: cp_model.LiteralT) -> cp_model.LiteralT:
    """The negation of a model literal."""
    return x.Not()  # type: ignore[union-attr]


def lit_not(x: Lit) -> cp_model.LiteralT:
    """The negation of a literal (True for an impossible one)."""
    return True if x is None else x.Not()


def occupied(ctx: Ctx, pr: Person, lits: Sequence[Lit], j: int) -> Lit:
    """True when position j or a period overlapping it is busy (so j is no free period)."""
    if len(pr.near[j]) == 1:
        return lits[j]
    return lit_or(ctx, [lits[k] for k in pr.near[j]])


class Sink:
    """Where one Limit's units go: hard constraints under its guard, or soft unit counts."""

    def __init__(self, ctx: Ctx, guard: list[cp_model.IntVar] | None) -> None:
        self.ctx = ctx
        self.guard = guard  # None: the condition is soft
        self.terms: list[Expr] = []
        self.high = 0  # the most units the terms can add up to

    @property
    def hard(self) -> bool:
        """True for a hard condition."""
        return self.guard is not None

    def at_most(self, expr: Expr, top: int, bound: int) -> None:
        """Units: how far `expr` (at most `top`) goes above `bound`."""
        if top <= bound:
            return
        m = self.ctx.model
        if self.guard is not None:
            m.add(expr <= bound).only_enforce_if(self.guard)
            return
        over = m.new_int_var(0, top - bound, "")
        m.add_max_equality(over, [0, expr - bound])
        self.terms.append(over)
        self.high += top - bound

    def at_least(self, expr: Expr, low: int, bound: int) -> None:
        """Units: how far `expr` (at least `low`) stays below `bound`."""
        if low >= bound:
            return
        m = self.ctx.model
        if self.guard is not None:
            m.add(expr >= bound).only_enforce_if(self.guard)
            return
        short = m.new_int_var(0, bound - low, "")
        m.add_max_equality(short, [0, bound - expr])
        self.terms.append(short)
        self.high += bound - low

    def count(self, lits: Sequence[Lit]) -> None:
        """One unit per true literal (hard: none may be true)."""
        for x in real(lits):
            if self.guard is not None:
                self.ctx.model.add_bool_or([x.Not()]).only_enforce_if(self.guard)
            else:
                self.terms.append(x)
                self.high += 1

    def clause(self, lits: Sequence[cp_model.LiteralT]) -> None:
        """Hard only: one of `lits` holds."""
        assert self.guard is not None
        if any(x is True for x in lits):
            return
        some = [x for x in lits if x is not False]
        self.ctx.model.add_bool_or(some).only_enforce_if(self.guard)
