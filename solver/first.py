"""The first complete timetable, fast: the hard rules alone, before any soft rule is modelled.

CP-SAT looks for a first solution much faster in a model without the objective and its many
auxiliary literals (gaps, building changes, same-subject days): on the demo school the full
model took about 20 s to its first timetable and this one about 4 s. Its answer becomes the
starting hint of the full model, so the objective is optimised from a valid timetable.

In order: nearly full special rooms' lessons first (`solver.bottleneck`, large gapless
schools), then every student's day from period 1 (gapless schools), then the plain hard
rules; where teachers' gap limits can be paid for (`solver.elastic`), the plain rules get a
short try and a search down to no excess gaps the rest.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ortools.sat.python import cp_model

from solver.bottleneck import applies, place_bottleneck, tight_lessons
from solver.elastic import soften
from solver.model import all_fixed, build, own_cost
from solver.params import SolveParams, cp_solver
from solver.problem import Fixed, Problem
from solver.rules.context import Ctx

Progress = Callable[[float, float | None, float | None], None]


Placed = dict[int, tuple[int, int, int]]
"""Each lesson's (day, start period, building)."""

BOTTLENECK_SHARE = 0.5
"""Placing the bottleneck lessons first (`solver.bottleneck`) may take this share of the time;
when it finds nothing, the whole school is solved at once in the rest."""


PLAIN_BEFORE_ELASTIC_S = 10.0
"""Where teachers' gap limits can be paid for (`solver.elastic`), the plain hard rules get
this long (at most a quarter of the time) first: small files (FET's Brazil.fet, 3.7 s) are
found so at once; the rest of the time goes to the softened search."""


@dataclass(frozen=True)
class FirstTimetable:
    """What the feasibility phase found: each lesson's place (None when nothing was found)."""

    status: cp_model.CpSolverStatus
    status_name: str
    values: Placed | None
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
    if problem.settings.class_no_gaps:
        first = _bottleneck_first(problem, fixed, params, t0, on_progress, stop)
        if first is not None:
            return first
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
    softened = soften(problem)
    if softened is None:
        return _attempt(problem, fixed, params, t0, rest, on_progress, stop)
    plain = min(PLAIN_BEFORE_ELASTIC_S, rest * 0.25)
    if plain > 0:
        first = _attempt(problem, fixed, params, t0, plain, on_progress, stop)
        if first.values is not None or first.status == cp_model.INFEASIBLE:
            return first
    rest = max(0.1, params.time_limit_s - (time.monotonic() - t0))
    return _attempt(softened, fixed, params, t0, rest, on_progress, stop, pay_excess=True)


def _bottleneck_first(
    problem: Problem,
    fixed: Sequence[Fixed],
    params: SolveParams,
    t0: float,
    on_progress: Progress | None,
    stop: threading.Event | None,
) -> FirstTimetable | None:
    """Nearly full special rooms' lessons first, then the whole school around them.

    Returns:
        The timetable, or None when the problem does not call for it or it found none in
        its share of the time (a new seed is tried while time is left).
    """
    tight = tight_lessons(problem)
    if not applies(problem, tight):
        return None
    pins = all_fixed(problem, fixed)
    deadline = t0 + BOTTLENECK_SHARE * params.time_limit_s
    for attempt in range(3):
        left = deadline - time.monotonic()
        if left < 1.0 or (stop is not None and stop.is_set()):
            return None
        tried = dataclasses.replace(params, seed=params.seed + attempt)
        placed = place_bottleneck(
            problem, tight, pins, tried, left, lambda s, m: _run(s, m, t0, on_progress, stop)
        )
        if placed is None:
            return None
        left = deadline - time.monotonic()
        first = _attempt(
            problem,
            [*fixed, *placed],
            tried,
            t0,
            max(1.0, left),
            on_progress,
            stop,
            start_first=True,
        )
        if first.values is not None:
            return first
    return None


def _attempt(
    problem: Problem,
    fixed: Sequence[Fixed],
    params: SolveParams,
    t0: float,
    seconds: float,
    on_progress: Progress | None,
    stop: threading.Event | None,
    *,
    start_first: bool = False,
    pay_excess: bool = False,
) -> FirstTimetable:
    """One search for a week: the hard rules, or with `pay_excess` a softened problem
    (`solver.elastic`) searched down to no excess, which only then counts as a week."""
    ctx = build(problem, fixed, soft=pay_excess, start_first=start_first)
    if pay_excess:
        ctx.model.minimize(own_cost(ctx))
    solver = cp_solver(params, seconds)
    status = _run(solver, ctx.model, t0, on_progress, stop)
    found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
    if pay_excess and found and solver.objective_value > 0:
        found, status = False, cp_model.UNKNOWN
    return FirstTimetable(
        status=status,
        status_name=solver.status_name(status),
        values=_values(ctx, solver) if found else None,
        seconds=time.monotonic() - t0,
    )


def _run(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    t0: float,
    on_progress: Progress | None,
    stop: threading.Event | None,
) -> cp_model.CpSolverStatus:
    """Solve with progress about once a second and the stop event watched."""
    done = threading.Event()
    pump = threading.Thread(target=_tick, args=(solver, t0, on_progress, stop, done), daemon=True)
    pump.start()
    try:
        return solver.solve(model)
    finally:
        done.set()
        pump.join()


def _values(ctx: Ctx, solver: cp_model.CpSolver) -> Placed:
    """Each lesson's place: a unit's chosen cells dealt to its lessons in order."""
    out: Placed = {}
    for unit in ctx.v.units:
        chosen = [c for c in ctx.v.cells[unit.id] if solver.boolean_value(c.var)]
        for lesson, c in zip(unit.lessons, chosen, strict=True):
            out[lesson] = (c.day, c.start, c.building)
    return out


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


def first_assumptions(ctx: Ctx, placed: Placed) -> list[cp_model.LiteralT]:
    """Literals that put the full model's cells where the feasibility phase put the lessons.

    The feasibility phase's units may differ (lessons it pinned are units of their own), so
    the places are matched per lesson: a unit takes one cell per lesson placed there.
    """
    out: list[cp_model.LiteralT] = []
    for unit in ctx.v.units:
        wanted = Counter(placed[ls] for ls in unit.lessons)
        for cell in ctx.v.cells[unit.id]:
            key = (cell.day, cell.start, cell.building)
            take = wanted[key] > 0
            wanted[key] -= take
            out.append(cell.var if take else cell.var.Not())
    return out
