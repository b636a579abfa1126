"""solve(): a Problem in, a new Solution out, with time limit, seed, hint, pins, progress, stop."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import ortools
from ortools.sat.python import cp_model

from solver.first import Placed, find_first, first_assumptions
from solver.lns import improve
from solver.model import all_fixed, build, own_cost
from solver.params import SolveParams, cp_solver
from solver.problem import Fixed, Problem
from solver.rules.context import Ctx
from solver.rules.room_assign import Timed, assign_rooms, class_room_changes, room_wish_cost
from solver.solution import Placement, Solution, SolveMeta, Status

log = logging.getLogger(__name__)

Progress = Callable[[float, float | None, float | None], None]

OPENING_SHARE = 0.05
OPENING_LEAST_S = 2.0
"""One CP-SAT run on the whole model gets this share of the time left after the first
timetable, at least OPENING_LEAST_S (small problems are proven optimal there, and its bound
is the one reported); neighbourhood search (`solver.lns`) gets the rest. On the demo school
(60 s, seeds 1-3) a share of 0.05 ended at 1,410-1,729 against 1,484 (seed 1) with 0.15:
the whole-model run improves far more slowly than the neighbourhoods."""


@dataclass
class _Watch(cp_model.CpSolverSolutionCallback):
    """Records the first solution time and reports every improving solution."""

    scale: int
    on_progress: Progress | None
    t0: float = field(default_factory=time.monotonic)
    first: float | None = None
    best: float | None = None
    bound: float | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        cp_model.CpSolverSolutionCallback.__init__(self)

    def on_solution_callback(self) -> None:
        now = time.monotonic() - self.t0
        with self.lock:
            if self.first is None:
                self.first = now
            self.best = float(int(self.objective_value) // self.scale)
            # the model's cost has constant terms, so its raw bound can fall below zero
            self.bound = float(max(0, int(self.best_objective_bound) // self.scale))
        self.report(now)

    def found(self, objective: float, bound: float) -> None:
        """An improvement found outside this watch's solver (neighbourhood search)."""
        with self.lock:
            self.best = float(int(objective) // self.scale)
            self.bound = float(max(0, int(bound) // self.scale))
        self.report()

    def report(self, now: float | None = None) -> None:
        if self.on_progress is not None:
            elapsed = time.monotonic() - self.t0 if now is None else now
            self.on_progress(elapsed, self.best, self.bound)


def solve(
    problem: Problem,
    params: SolveParams,
    *,
    hint: Sequence[Placement] | None = None,
    fixed: Sequence[Fixed] = (),
    on_progress: Progress | None = None,
    stop: threading.Event | None = None,
) -> Solution:
    """Find a timetable satisfying every hard rule at the least soft cost found in time.

    With a hint, each lesson placed at another (day, start) than hinted costs 1 "moved" unit.
    The objective is lexicographic: own cost x (lessons + 1) + moved, so disruption never
    outweighs a single point of the timetable's own cost; it is reported apart as `disruption`.

    Args:
        problem: the problem (not changed).
        params: time limit, seed, workers (0 = CP-SAT's choice), log.
        hint: a previous timetable to start from and stay close to.
        fixed: pins on top of `problem.fixed` (a room in a pin is kept).
        on_progress: called as (elapsed s, best own cost, bound) on improving solutions and
            about once a second.
        stop: when set, the search stops and the best timetable so far is returned.

    Returns:
        A new Solution; status OPTIMAL/FEASIBLE only with every lesson placed.
    """
    t0 = time.monotonic()
    first = None
    if not hint:  # a hint already starts the search from a (nearly) complete timetable
        first = find_first(problem, fixed, params, t0=t0, on_progress=on_progress, stop=stop)
        if first.values is None:
            meta = _meta(params, t0, None, first.status_name)
            return _no_timetable(problem, first.status, meta)
    ctx = build(problem, fixed)
    pins = {f.lesson: f for f in all_fixed(problem, fixed)}
    target = {h.lesson: h for h in hint or ()}
    moved = _add_hint(ctx, target)
    scale = len(target) + 1 if target else 1
    ctx.model.minimize(scale * own_cost(ctx) + moved)  # type: ignore[operator]
    watch = _Watch(scale, on_progress, t0=t0)
    priced = _price(ctx, first.values, params, on_progress, t0) if first and first.values else None
    solver, status, bound = _opening(ctx, params, watch, stop, priced, t0)
    first_at = first.seconds if first else watch.first
    name = solver.status_name(status)
    if not _found(status):
        return _no_timetable(problem, status, _meta(params, t0, first_at, name))
    if status == cp_model.FEASIBLE and not (stop is not None and stop.is_set()):
        solver = improve(
            ctx,
            solver,
            params,
            t0 + params.time_limit_s,
            report=lambda value: watch.found(value, bound),
            stop=stop,
        )
    meta = _meta(params, t0, first_at, name)
    timed = _timed(ctx, solver, hint)
    return _finish(problem, ctx, solver, status, timed, pins, hint, meta, scale, bound)


def _opening(
    ctx: Ctx,
    params: SolveParams,
    watch: _Watch,
    stop: threading.Event | None,
    priced: cp_model.CpSolver | None,
    t0: float,
) -> tuple[cp_model.CpSolver, cp_model.CpSolverStatus, float]:
    """One CP-SAT run on the whole model for a share of the time (all of it while there is
    no timetable yet).

    Returns:
        The solver holding the best timetable (the priced first one when the run found
        none), its status, and the whole model's proven bound.
    """
    left = params.time_limit_s - (time.monotonic() - t0)
    solver = cp_solver(params, min(left, max(OPENING_LEAST_S, left * OPENING_SHARE)))
    status = _run(solver, ctx, watch, stop)
    if not _found(status) and priced is None and not (stop is not None and stop.is_set()):
        solver = cp_solver(params, params.time_limit_s - (time.monotonic() - t0))
        status = _run(solver, ctx, watch, stop)
    bound = _bound(solver)  # valid whatever the neighbourhood search finds later
    if not _found(status) and priced is not None:
        return priced, cp_model.FEASIBLE, bound  # no time left: the first timetable stands
    return solver, status, bound


def _found(status: cp_model.CpSolverStatus) -> bool:
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)


def _bound(solver: cp_model.CpSolver) -> float:
    """The solver's proven lower bound, or 0 when it has none (a cost is never negative)."""
    value = solver.best_objective_bound
    return value if math.isfinite(value) else 0.0


def _price(
    ctx: Ctx,
    values: Placed,
    params: SolveParams,
    on_progress: Progress | None,
    t0: float,
) -> cp_model.CpSolver | None:
    """Complete the first timetable's auxiliary variables and make it the full search's hint.

    With its cells assumed, every other variable follows by propagation, so this is quick; the
    complete assignment then lets the optimising search start from a valid timetable at once
    (a hint of the cells alone took it several seconds to complete).

    Returns:
        The solver holding the priced first timetable, or None when it could not be priced.
    """
    ctx.model.add_assumptions(first_assumptions(ctx, values))
    solver = cp_solver(params, params.time_limit_s, least=10.0)
    solver.parameters.num_workers = 1
    status = solver.solve(ctx.model)
    ctx.model.clear_assumptions()
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        log.warning("the first timetable could not be priced (%s)", solver.status_name(status))
        return None
    ctx.model.clear_hints()  # type: ignore[no-untyped-call]
    model = ctx.model
    for index, value in enumerate(solver.response_proto.solution):
        model.add_hint(model.get_int_var_from_proto_index(index), value)
    if on_progress is not None:
        on_progress(time.monotonic() - t0, solver.objective_value, None)
    return solver


def _run(
    solver: cp_model.CpSolver, ctx: Ctx, watch: _Watch, stop: threading.Event | None
) -> cp_model.CpSolverStatus:
    """Solve with progress reports and the stop event watched from a helper thread."""
    done = threading.Event()
    pump = threading.Thread(target=_pump, args=(solver, watch, stop, done), daemon=True)
    pump.start()
    try:
        return solver.solve(ctx.model, watch)
    finally:
        done.set()
        pump.join()


def _add_hint(ctx: Ctx, target: dict[int, Placement]) -> cp_model.LinearExprT:
    """Hint the cells of `target` and return the number of lessons moved away from it.

    Of a hinted (day, start), the cell in the hinted room's building gets the hint.
    """
    moved: list[cp_model.LinearExprT] = []
    for unit in ctx.v.units:
        hints = [target[ls] for ls in unit.lessons if ls in target]
        if not hints:
            continue
        times = {(h.day, h.period) for h in hints}
        cells = ctx.v.cells[unit.id]
        picked = set()
        for h in hints:
            stay = [c for c in cells if (c.day, c.start) == (h.day, h.period)]
            want = ctx.problem.rooms[h.room].building if h.room is not None else None
            pick = next((c for c in stay if c.building == want), stay[0] if stay else None)
            if pick is not None:
                picked.add(id(pick))
        for c in cells:
            ctx.model.add_hint(c.var, id(c) in picked)
        moved.append(len(hints) - sum(c.var for c in cells if (c.day, c.start) in times))
    return sum(moved)


def _pump(
    solver: cp_model.CpSolver, watch: _Watch, stop: threading.Event | None, done: threading.Event
) -> None:
    """Periodic progress, and the stop event turned into StopSearch."""
    while not done.wait(1.0):
        if stop is not None and stop.is_set():
            solver.stop_search()
            return
        watch.report()


def _meta(params: SolveParams, t0: float, first: float | None, cp_status: str) -> SolveMeta:
    return SolveMeta(
        seed=params.seed,
        workers=params.search_workers(),
        time_limit_s=params.time_limit_s,
        seconds=time.monotonic() - t0,
        seconds_to_first=first,
        solver_version=f"ortools {getattr(ortools, '__version__', '?')}",
        extra=(("cp_status", cp_status),),
    )


def _no_timetable(problem: Problem, status: cp_model.CpSolverStatus, meta: SolveMeta) -> Solution:
    ids = tuple(ls.id for ls in problem.lessons)
    if status == cp_model.INFEASIBLE:
        return Solution(Status.INFEASIBLE, unplaced=ids, meta=meta)
    if status == cp_model.MODEL_INVALID:
        log.error("invalid CP-SAT model (%s)", meta.extra)
    return Solution(Status.UNKNOWN, unplaced=ids, meta=meta)


def _timed(
    ctx: Ctx, solver: cp_model.CpSolver, hint: Sequence[Placement] | None
) -> dict[int, Timed]:
    """Each lesson's (day, start, building): a unit's cells dealt to its lessons, hinted first."""
    wanted = {h.lesson: (h.day, h.period) for h in hint or ()}
    out: dict[int, Timed] = {}
    for unit in ctx.v.units:
        pool = [
            (c.day, c.start, c.building)
            for c in ctx.v.cells[unit.id]
            if solver.boolean_value(c.var)
        ]
        rest = []
        for ls in unit.lessons:
            j = next((k for k, t in enumerate(pool) if t[:2] == wanted.get(ls)), None)
            if j is None:
                rest.append(ls)
            else:
                out[ls] = pool.pop(j)
        out.update(zip(rest, pool, strict=True))
    return out


def _finish(
    problem: Problem,
    ctx: Ctx,
    solver: cp_model.CpSolver,
    status: cp_model.CpSolverStatus,
    timed: dict[int, Timed],
    pins: dict[int, Fixed],
    hint: Sequence[Placement] | None,
    meta: SolveMeta,
    scale: int,
    raw_bound: float,
) -> Solution:
    """Rooms, relabelling towards the hint, exact cost and status of a complete timetable.

    `raw_bound` is the whole model's proven bound (on scale x own cost + moved).
    """
    room_hint = {h.lesson: h.room for h in hint or () if h.room is not None}
    rooms = assign_rooms(problem, timed, pins, hint=room_hint, seed=meta.seed)
    if rooms is None:
        log.error("no room assignment for the timetable found; reporting no timetable")
        return _no_timetable(problem, cp_model.UNKNOWN, meta)
    placements = tuple(
        Placement(ls, d, s, rooms.get(ls)) for ls, (d, s, _) in sorted(timed.items())
    )
    changes = class_room_changes(problem, placements)
    weight = problem.settings.weights.class_room_change
    wishes = room_wish_cost(problem, timed, rooms, pins)  # PreferRooms: the room stage's part
    own = int(solver.value(own_cost(ctx))) + weight * changes + wishes
    hinted = {h.lesson: (h.day, h.period) for h in hint or ()}
    disruption = sum(
        1
        for p in placements
        if p.lesson in hinted
        and hinted[p.lesson]
        != (
            p.day,
            p.period,
        )
    )
    # the model's cost has constant terms, so its raw bound can be below zero
    bound = float(max(0, int(raw_bound) // scale))
    optimal = status == cp_model.OPTIMAL and (changes == 0 or weight == 0) and wishes == 0
    return Solution(
        Status.OPTIMAL if optimal else Status.FEASIBLE,
        placements=placements,
        objective=own,
        bound=bound,
        disruption=disruption,
        meta=meta,
    )
