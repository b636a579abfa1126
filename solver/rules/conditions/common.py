"""Literals the condition encoders share: where a lesson is, when a person is busy."""

from __future__ import annotations

from collections.abc import Sequence

from ortools.sat.python import cp_model

from solver.conditions import Condition, Limit, lessons_of
from solver.rules.context import Ctx
from solver.rules.ids import RuleId
from solver.variables import Cell

Lit = cp_model.IntVar | None  # None: a literal that can never be true


def unit_of(ctx: Ctx, lesson: int) -> int:
    """The unit holding `lesson` (a lesson named by a condition is a unit of its own)."""
    return ctx.v.unit_of[lesson]


def cells_of(ctx: Ctx, lesson: int) -> list[Cell]:
    """Every candidate cell of `lesson`."""
    return ctx.v.cells[unit_of(ctx, lesson)]


def on_day(ctx: Ctx, lesson: int, day: int) -> Lit:
    """True when `lesson` takes place on `day`."""
    cells = [c for c in cells_of(ctx, lesson) if c.day == day]
    return ctx.v.busy(("on_day", lesson, day), cells)


def occupies(ctx: Ctx, lesson: int, day: int, period: int) -> Lit:
    """True when `lesson` covers (`day`, `period`)."""
    cells = ctx.v.covering([unit_of(ctx, lesson)], day, period)
    return ctx.v.busy(("occupies", lesson, day, period), cells)


def person_periods(ctx: Ctx, who: tuple[str, int]) -> tuple[int, ...]:
    """A person's periods in day order: the timeline for a teacher, the shift for an atom."""
    p = ctx.problem
    kind, ident = who
    if kind == "teacher":
        return p.timeline
    klass = p.classes[p.atoms[ident][0]]
    return p.shifts[klass.shift].periods


def person_units(ctx: Ctx, cond: Limit) -> list[int]:
    """The units a Limit counts: the person's, narrowed to `cond.lessons` when given."""
    kind, ident = cond.who
    units = (ctx.v.by_teacher if kind == "teacher" else ctx.v.by_atom).get(ident, [])
    if cond.lessons is None:
        return list(units)
    wanted = {unit_of(ctx, ls) for ls in cond.lessons}
    return [u for u in units if u in wanted]


def enforce_or_count(
    ctx: Ctx, index: int, cond: Condition, terms: Sequence[cp_model.LinearExprT], name: str
) -> None:
    """Each term counts units of violation: a hard condition forces them all to 0 (under its
    guard), a soft one adds `weight * sum(terms)` to the objective."""
    if not terms:
        return
    if cond.weight is None:
        for t in terms:
            ctx.model.add(t == 0).only_enforce_if(ctx.guard(RuleId.CONDITION, index))
        return
    if ctx.soft:
        units = {unit_of(ctx, ls) for ls in lessons_of(cond) if ls in ctx.v.unit_of}
        ctx.penalize(RuleId.CONDITION_COST, name, sum(terms), cond.weight, units)
