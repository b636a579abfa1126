"""Large neighbourhood search: re-optimise one corner of the timetable at a time.

One long CP-SAT run on a whole school improves slowly once it has a timetable (the demo
school: 3,031 after 60 s against 1,723 after ten minutes). Here most of the timetable is
fixed and CP-SAT re-optimises a neighbourhood for a second or two: the lessons of a few
classes, of a few teachers, or of two days (moved only between those days). An
improvement becomes the new timetable; the neighbourhoods grow when CP-SAT settles them
quickly and shrink when it runs out of time. The model is built once; a neighbourhood only
narrows the domains of the cells outside it.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.params import SolveParams
from solver.rules.context import Ctx
from solver.variables import Cell

log = logging.getLogger(__name__)

Report = Callable[[float], None]
"""Called with the objective value of each improving timetable."""

KINDS = ("classes", "teachers", "days", "costly")
"""Drawn with equal odds (drawing "costly" three times as often changed nothing measurable)."""
MIN_ATTEMPT_S = 1.0
MAX_ATTEMPT_S = 5.0
"""Each neighbourhood gets a twentieth of the time left, within these bounds (0.5-2 s
gave the same costs on the demo school)."""


@dataclass
class Hood:
    """A neighbourhood: the units that may move, and (for days) where they may go."""

    kind: str
    units: set[int]
    days: set[int] | None = None


@dataclass
class Sizes:
    """How much each kind of neighbourhood frees, adapted as the search goes."""

    share: dict[str, float] = field(
        default_factory=lambda: {"classes": 0.15, "teachers": 0.1, "days": 2.0, "costly": 0.15}
    )

    def grow(self, kind: str) -> None:
        self.share[kind] = min(self.share[kind] * 1.25, 0.5 if kind != "days" else 4.0)

    def shrink(self, kind: str) -> None:
        self.share[kind] = max(self.share[kind] * 0.85, 0.02 if kind != "days" else 1.0)


class Lns:
    """The search state: the model, the best timetable so far and the neighbourhood maker."""

    def __init__(self, ctx: Ctx, best: cp_model.CpSolver, params: SolveParams) -> None:
        self.ctx = ctx
        self.params = params
        self.best = best
        self.best_value = best.objective_value
        self.values = list(best.response_proto.solution)
        self.rng = random.Random(params.seed)
        self.sizes = Sizes()
        self.cells: list[Cell] = [c for cells in ctx.v.cells.values() for c in cells]
        p = ctx.problem
        self.unit_classes = {u.id: set(p.audience_classes(u.rep)) for u in ctx.v.units}
        self.unit_teachers = {u.id: set(u.rep.teachers) for u in ctx.v.units}
        self.iterations = 0
        self.improvements = 0
        self.tally: dict[str, list[int]] = {k: [0, 0] for k in KINDS}  # tries, improvements
        self.penalties = [pen for pen in ctx.penalties if pen.units]
        self.costs = self._costs()

    def _costs(self) -> list[float]:
        """What each soft term costs in the best timetable."""
        best = self.best
        return [pen.weight * best.value(pen.expr) for pen in self.penalties]

    def _costly(self) -> Hood:
        """The units behind soft terms drawn by their cost, up to the neighbourhood size."""
        target = max(1, round(self.sizes.share["costly"] * len(self.ctx.v.units)))
        weights = [max(0.0, c) for c in self.costs]
        units: set[int] = set()
        if not self.penalties or not any(weights):
            return Hood("costly", units)
        for _ in range(len(self.penalties)):
            pen = self.rng.choices(self.penalties, weights=weights)[0]
            units |= pen.units
            if len(units) >= target:
                break
        return Hood("costly", units)

    def hood(self) -> Hood:
        """A random neighbourhood of a random kind, sized by `self.sizes`."""
        p = self.ctx.problem
        kind = self.rng.choice(KINDS)
        share = self.sizes.share[kind]
        if kind == "costly":
            return self._costly()
        if kind == "days" and len(p.days) > 1:
            k = min(len(p.days), max(1, round(share)))
            days = set(self.rng.sample(range(len(p.days)), k))
            on = {c.unit for c in self.cells if c.day in days and self.values[c.var.index]}
            return Hood(kind, on, days)
        if kind == "teachers" and p.teachers:
            k = max(1, round(share * len(p.teachers)))
            teachers = set(self.rng.sample(range(len(p.teachers)), min(k, len(p.teachers))))
            return Hood(kind, {u for u, ts in self.unit_teachers.items() if ts & teachers})
        k = max(1, round(self.sizes.share["classes"] * len(p.classes)))
        classes = set(self.rng.sample(range(len(p.classes)), min(k, len(p.classes))))
        return Hood("classes", {u for u, cs in self.unit_classes.items() if cs & classes})

    def attempt(self, hood: Hood, seconds: float, stop: threading.Event | None) -> bool:
        """Re-optimise `hood` with the rest fixed; keep the result when it is better."""
        model = self.ctx.model
        variables = model.proto.variables
        saved: list[tuple[int, int, int]] = []
        hints: list[tuple[cp_model.IntVar, int]] = []
        for c in self.cells:
            value = self.values[c.var.index]
            free = c.unit in hood.units and (hood.days is None or c.day in hood.days)
            if free:
                hints.append((c.var, value))
                continue
            dom = variables[c.var.index].domain
            saved.append((c.var.index, dom[0], dom[1]))
            dom[0] = value
            dom[1] = value
        model.clear_hints()  # type: ignore[no-untyped-call]
        for var, value in hints:
            model.add_hint(var, value)
        solver = cp_model.CpSolver()
        solver.parameters.max_time_in_seconds = seconds
        solver.parameters.random_seed = self.params.seed + self.iterations
        solver.parameters.num_workers = self.params.search_workers()
        try:
            status = _solve(solver, model, stop)
        finally:
            for index, lo, hi in saved:
                dom = variables[index].domain
                dom[0] = lo
                dom[1] = hi
        self.iterations += 1
        self.tally[hood.kind][0] += 1
        found = status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        better = found and solver.objective_value < self.best_value
        # Growing only when CP-SAT settles a neighbourhood: growing on every gain (almost
        # every attempt gains early on) made the demo's 60-s cost worse (1,936-2,167 against
        # 1,410-1,469 in two seeds).
        if status == cp_model.OPTIMAL:
            self.sizes.grow(hood.kind)
        elif not better:
            self.sizes.shrink(hood.kind)
        if not better:
            return False
        self.best, self.best_value = solver, solver.objective_value
        self.values = list(solver.response_proto.solution)
        self.costs = self._costs()
        self.improvements += 1
        self.tally[hood.kind][1] += 1
        return True


def _solve(
    solver: cp_model.CpSolver, model: cp_model.CpModel, stop: threading.Event | None
) -> cp_model.CpSolverStatus:
    """Solve, turning the stop event into StopSearch from a helper thread."""
    if stop is None:
        return solver.solve(model)
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if stop.is_set():
                solver.stop_search()
                return

    helper = threading.Thread(target=watch, daemon=True)
    helper.start()
    try:
        return solver.solve(model)
    finally:
        done.set()
        helper.join()


def improve(
    ctx: Ctx,
    start: cp_model.CpSolver,
    params: SolveParams,
    deadline: float,
    *,
    report: Report | None = None,
    stop: threading.Event | None = None,
) -> cp_model.CpSolver:
    """Improve the timetable in `start` by neighbourhood search until `deadline`.

    Args:
        ctx: the full model with its objective set (it is restored after each attempt).
        start: a solver holding a complete solution of that model.
        params: seed and worker count for the neighbourhood solves.
        deadline: `time.monotonic()` at which to stop.
        report: called with the objective of each improvement.
        stop: when set, the search ends with the best timetable so far.

    Returns:
        The solver holding the best solution (`start` when nothing better was found). Its
        bound is only a bound for the last neighbourhood, not for the whole problem.
    """
    lns = Lns(ctx, start, params)
    while not (stop is not None and stop.is_set()):
        left = deadline - time.monotonic()
        if left < 0.2:
            break
        seconds = min(left, max(MIN_ATTEMPT_S, min(MAX_ATTEMPT_S, left / 20)))
        if lns.attempt(lns.hood(), seconds, stop) and report is not None:
            report(lns.best_value)
    log.info("lns: tries and improvements by kind %s", lns.tally)
    return lns.best
