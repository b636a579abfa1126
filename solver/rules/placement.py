"""PLACED, and the cell filters (availability, shift, FIXED) when diagnosis keeps every cell."""

from __future__ import annotations

from solver.rules.context import Ctx
from solver.rules.ids import RuleId


def add_placed(ctx: Ctx) -> None:
    """Every lesson takes place exactly once a week (PLACED): a unit fills one cell per lesson.

    Args:
        ctx: the model under construction.
    """
    for unit in ctx.v.units:
        cells = ctx.v.cells[unit.id]
        if not cells:
            ctx.model.add_bool_or([]).only_enforce_if(ctx.guard(RuleId.PLACED, unit.rep.id))
        elif len(unit.lessons) == 1:
            ctx.model.add_exactly_one(c.var for c in cells)
        else:
            ctx.model.add(sum(c.var for c in cells) == len(unit.lessons))


def add_forbidden(ctx: Ctx) -> None:
    """Cells kept by a relaxed build are switched off under the guard of the rule forbidding them.

    This covers TEACHER_UNAVAILABLE, CLASS_UNAVAILABLE, ROOM_UNAVAILABLE and FIXED; without
    diagnosis those cells are never created.

    Args:
        ctx: the model under construction.
    """
    for cell, (rule, row) in ctx.v.forbidden:
        ctx.model.add(cell.var == 0).only_enforce_if(ctx.guard(rule, row))
