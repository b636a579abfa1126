"""Imported conditions (`solver.conditions`) in the CP-SAT model, one encoder per family."""

from __future__ import annotations

from solver.rules.conditions.limits import ENCODERS as LIMIT_ENCODERS
from solver.rules.conditions.limits import add_start_chains
from solver.rules.conditions.timing import ENCODERS as TIMING_ENCODERS
from solver.rules.context import Ctx

ENCODERS = {**TIMING_ENCODERS, **LIMIT_ENCODERS}


def add_conditions(ctx: Ctx) -> None:
    """Every condition of the problem: hard ones always, soft ones when `ctx.soft`.

    Hard StartsIn conditions are applied earlier, by removing cells (`solver.variables`).

    Args:
        ctx: the model under construction.

    Raises:
        TypeError: for a condition family no encoder knows (a programming error).
    """
    for index, cond in enumerate(ctx.problem.conditions):
        if cond.weight is not None and not ctx.soft:
            continue
        encode = ENCODERS.get(type(cond))
        if encode is None:
            raise TypeError(f"no encoder for {type(cond).__name__}")
        encode(ctx, index, cond)
    add_start_chains(ctx)
