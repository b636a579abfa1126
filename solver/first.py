"""The first complete timetable, fast: the hard rules alone, before any soft rule is modelled.

CP-SAT looks for a first solution much faster in a model without the objective and its many
auxiliary literals (gaps, building changes, same-subject days): on the demo school the full
model took about 20 s to its first timetable and this one about 4 s. Its answer becomes the
starting hint of the full model, so the objective is optimised from a valid timetable.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.model import build
from solver.params import SolveParams
from solver.problem import Fixed, Problem
from solver.rules.context import Ctx

Progress = Callable[[float, float | None, float | None], None]


@dataclass(frozen=True)
class FirstTimetable:
    """What the feasibility phase found: cell values per unit (None when nothing was found)."""

    status: cp_model.CpSolverStatus
    status_name: str
    values: dict[int, list[bool]] | None
    seconds: float  # from the start of the whole solve


def find_first(
    problem: Problem,
    fixed: Sequence[Fixed],
    params: SolveParams,
    *,
    t0: float,
    on_progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> FirstTimetable:
    """Solve the hard rules only, within what is left of the time limit.

    Args:
        problem: the problem.
        fixed: pins on top of `problem.fixed`.
        params: time limit (counted from `t0`), seed, workers, log.
        t0: `time.monotonic()` at the start of the whole solve.
        on_progress: called about once a second as (elapsed, None, None) while searching.
        stop: when set, the search ends without a timetable.

    Returns:
        The status and, when a timetable was found, the value of every cell of every unit.
    """
    # Students' days starting at period 1 is a strengthening (all it allows is valid) that
    # propagates far better; most schools' data allows it. If it finds nothing in half the
    # time (or proves it impossible), the plain hard rules get the rest.
    # Only where the school forbids class gaps: elsewhere (FET files) it is rarely true.
    if problem.settings.class_no_gaps:
        half = max(0.1, (params.time_limit_s - (time.monotonic() - t0)) / 2)
        first = _attempt(problem, fixed, params, t0, half, on_progress, stop, start_first=True)
        if first.values is not None or (stop is not None and stop.is_set()):
            return first
    rest = max(0.1, params.time_limit_s - (time.monotonic() - t0))
    return _attempt(problem, fixed, params, t0, rest, on_progress, stop, start_first=False)


def _attempt(
    problem: Problem,
    fixed: Sequence[Fixed],
    params: SolveParams,
    t0: float,
    seconds: float,
    on_progress: Progress | None,
    stop: threading.Event | None,
    *,
    start_first: bool,
) -> FirstTimetable:
    ctx = build(problem, fixed, soft=False, start_first=start_first)
    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = seconds
    p.random_seed = params.seed
    p.num_workers = params.search_workers()
    p.log_search_progress = params.log
    done = threading.Event()
    pump = threading.Thread(target=_tick, args=(solver, t0, on_progress, stop, done), daemon=True)
    pump.start()
    try:
        status = solver.solve(ctx.model)
    finally:
        done.set()
        pump.join()
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    return FirstTimetable(
        status=status,
        status_name=solver.status_name(status),
        values=_values(ctx, solver) if found else None,
        seconds=time.monotonic() - t0,
    )


def _values(ctx: Ctx, solver: cp_model.CpSolver) -> dict[int, list[bool]]:
    return {u: [solver.boolean_value(c.var) for c in cells] for u, cells in ctx.v.cells.items()}


def _tick(
    solver: cp_model.CpSolver,
    t0: float,
    on_progress: Progress | None,
    stop: threading.Event | None,
    done: threading.Event,
) -> None:
    """Progress about once a second, and the stop event turned into StopSearch."""
    while not done.wait(1.0):
        if stop is not None and stop.is_set():
            solver.stop_search()
            return
        if on_progress is not None:
            on_progress(time.monotonic() - t0, None, None)


def first_assumptions(ctx: Ctx, values: dict[int, list[bool]]) -> list[cp_model.LiteralT]:
    """Literals that put the full model's cells where the feasibility phase put them.

    Both models are built by the same code from the same problem, so their cells come in the
    same order.
    """
    out: list[cp_model.LiteralT] = []
    for unit, cells in ctx.v.cells.items():
        for cell, value in zip(cells, values[unit], strict=True):
            out.append(cell.var if value else cell.var.Not())
    return out
