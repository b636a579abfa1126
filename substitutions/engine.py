"""plan_day(): the day's cover plan as a whole with CP-SAT, one option per affected lesson.

Hard: one answer per lesson; nobody in two places at once or unable to walk between buildings
in a break; no room taken twice; a merged room holds everyone; a lesson swapped at most once;
nobody over their daily maximum; the deputy's locks kept. Soft (minimised): the options' own
costs, fairness (squares of term cover counts), the weekly quota, cancellations less where a
class may start later or leave earlier, and changes against the previous plan.
"""

from __future__ import annotations

import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

from ortools.sat.python import cp_model

from models.substitutions import CANCEL, MERGE, MOVE
from substitutions.explain import explain
from substitutions.options import Option, option_of, options_for, step_cost
from substitutions.params import CoverParams
from substitutions.plan import CoverPlanResult, PlanStatus, Proposal
from substitutions.problem import CoverProblem
from substitutions.validate import validate

_STATUS = {
    cp_model.OPTIMAL: PlanStatus.OPTIMAL,
    cp_model.FEASIBLE: PlanStatus.FEASIBLE,
    cp_model.INFEASIBLE: PlanStatus.INFEASIBLE,
    cp_model.UNKNOWN: PlanStatus.UNKNOWN,
    cp_model.MODEL_INVALID: PlanStatus.UNKNOWN,
}


@dataclass
class _Model:
    cp: CoverProblem
    options: list[list[Option]]  # per affected lesson
    x: list[list[cp_model.IntVar]]
    model: cp_model.CpModel

    def chosen(self, solver: cp_model.CpSolver) -> list[Option]:
        return [
            next(o for o, v in zip(opts, xs, strict=True) if solver.boolean_value(v))
            for opts, xs in zip(self.options, self.x, strict=True)
        ]

    def flat(self) -> list[tuple[Option, cp_model.IntVar]]:
        return [
            (o, v)
            for opts, xs in zip(self.options, self.x, strict=True)
            for o, v in zip(opts, xs, strict=True)
        ]


def plan_day(problem: CoverProblem, params: CoverParams | None = None) -> CoverPlanResult:
    """Answer every affected lesson of the day at the least total cost found in time.

    Args:
        problem: the day (not changed).
        params: time limit, seed, workers.

    Returns:
        A new CoverPlanResult; OPTIMAL/FEASIBLE with one proposal per affected lesson, each
        with its sentence. INFEASIBLE only when the locked choices clash with each other.
    """
    params = params or CoverParams()
    t0 = time.monotonic()
    if not problem.affected:
        return CoverPlanResult(PlanStatus.OPTIMAL, objective=0, seed=params.seed)
    m = _build(problem)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = params.time_limit_s
    solver.parameters.random_seed = params.seed
    solver.parameters.num_workers = max(1, params.workers)
    status = _STATUS.get(solver.solve(m.model), PlanStatus.UNKNOWN)
    seconds = time.monotonic() - t0
    if status not in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE):
        return _no_plan(problem, status, seconds, params.seed)
    chosen = m.chosen(solver)
    locked = {c.affected for c in problem.locks}
    reasons = explain(problem, chosen)
    proposals = tuple(
        Proposal(o.choice, reasons[i], o.cost, o.choice.affected in locked)
        for i, o in enumerate(chosen)
    )
    return CoverPlanResult(
        status,
        proposals,
        objective=int(solver.objective_value),
        bound=float(solver.best_objective_bound),
        seconds=seconds,
        seed=params.seed,
    )


def _no_plan(cp: CoverProblem, status: PlanStatus, seconds: float, seed: int) -> CoverPlanResult:
    """No plan: the locked choices clash (said in words by the validator), or no time."""
    messages = tuple(v.message for v in validate(cp, cp.locks, partial=True))
    return CoverPlanResult(status, seconds=seconds, seed=seed, messages=messages)


def _build(cp: CoverProblem) -> _Model:
    model = cp_model.CpModel()
    locks = {c.affected: c for c in cp.locks}
    options = [
        [option_of(cp, locks[a.id])] if a.id in locks else options_for(cp, a) for a in cp.affected
    ]
    x = [
        [model.new_bool_var(f"a{a}o{i}") for i in range(len(opts))]
        for a, opts in enumerate(options)
    ]
    m = _Model(cp, options, x, model)
    for xs in x:
        model.add_exactly_one(xs)
    _one_place(m)
    _walks(m)
    _daily_max(m)
    _rooms_and_partners(m)
    cost: list[cp_model.LinearExprT] = [o.cost * v for o, v in m.flat()]
    cost += _fairness(m) + _edges(m) + _changes(m)
    model.minimize(sum(cost))
    _hint_cancel(m)
    return m


def _uses_by_teacher(m: _Model) -> dict[int, list[tuple[int, int | None, cp_model.IntVar]]]:
    by: dict[int, list[tuple[int, int | None, cp_model.IntVar]]] = defaultdict(list)
    for o, v in m.flat():
        for t, period, building in o.uses:
            by[t].append((period, building, v))
    return by


def _one_place(m: _Model) -> None:
    """A teacher gives at most one lesson at a time (the background is already free)."""
    for uses in _uses_by_teacher(m).values():
        for point in m.cp.time_points:
            at = [v for period, _, v in uses if period in point]
            if len(at) > 1:
                m.model.add_at_most_one(at)


def _walks(m: _Model) -> None:
    """A teacher does not take two new lessons without time to walk between their buildings."""
    for uses in _uses_by_teacher(m).values():
        placed = [u for u in uses if u[1] is not None]
        for i, (p1, b1, v1) in enumerate(placed):
            for p2, b2, v2 in placed[i + 1 :]:
                if v1 is not v2 and m.cp.travel_conflict((p1, b1), (p2, b2)):
                    m.model.add_bool_or([v1.Not(), v2.Not()])


def _daily_max(m: _Model) -> None:
    """Nobody over their maximum periods a day."""
    load: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for o, v in m.flat():
        for t, n in o.load:
            load[t].append((n, v))
    for t, terms in load.items():
        teacher = m.cp.teachers[t]
        if teacher.max_per_day is not None:
            room = max(0, teacher.max_per_day - len(teacher.busy))
            m.model.add(sum(n * v for n, v in terms) <= room)


def _rooms_and_partners(m: _Model) -> None:
    """A room taken once; a merged lesson's room holds everyone; a lesson swapped at most once
    and, if swapped away, not joined by another group."""
    rooms: dict[tuple[int, int], list[cp_model.IntVar]] = defaultdict(list)
    merged: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    swapped: dict[int, list[cp_model.IntVar]] = defaultdict(list)
    for o, v in m.flat():
        for use in o.rooms:
            rooms[use].append(v)
        if o.choice.action == MERGE and o.choice.partner is not None:
            merged[o.choice.partner].append((o.merge_size, v))
        if o.choice.action == MOVE and o.choice.partner is not None:
            swapped[o.choice.partner].append(v)
    for vs in rooms.values():
        if len(vs) > 1:
            m.model.add_at_most_one(vs)
    for partner, joins in merged.items():
        ls = m.cp.lessons[partner]
        seats = 0 if ls.room is None else m.cp.rooms[ls.room].capacity - ls.size
        m.model.add(sum(n * v for n, v in joins) <= seats)
        for s in swapped.get(partner, []):
            for _, v in joins:
                m.model.add_bool_or([s.Not(), v.Not()])
    for vs in swapped.values():
        if len(vs) > 1:
            m.model.add_at_most_one(vs)


def _fairness(m: _Model) -> list[cp_model.LinearExprT]:
    """Each teacher's k-th new cover costs more than the (k-1)-th: squares of term counts,
    plus the weekly quota and maximum (see `CoverWeights`)."""
    covers: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    for o, v in m.flat():
        if o.cover_for is not None:
            covers[o.cover_for].append((o.choice.affected, v))
    terms: list[cp_model.LinearExprT] = []
    for t, chosen in covers.items():
        periods = {m.cp.lesson_of(a).period for a, _ in chosen}
        steps = [m.model.new_bool_var(f"t{t}k{k}") for k in range(1, len(periods) + 1)]
        m.model.add(sum(v for _, v in chosen) == sum(steps))
        for a, b in pairwise(steps):
            m.model.add_implication(b, a)
        for k, step in enumerate(steps, start=1):
            terms.append(step_cost(m.cp, t, k) * step)
    return terms


def _edges(m: _Model) -> list[cp_model.LinearExprT]:
    """A cancellation costs less when its classes then start later or go home earlier: every
    lesson of theirs before (after) it is cancelled too and none takes place."""
    cp = m.cp
    cancel = {o.choice.affected: v for o, v in m.flat() if o.choice.action == CANCEL}
    terms: list[cp_model.LinearExprT] = []
    for a in cp.affected:
        if a.id not in cancel:
            continue
        ls = cp.lessons[a.lesson]
        start = cp.periods[ls.period].start
        edge_vars = []
        for side in (-1, 1):
            if _has_lesson_on_side(cp, ls.classes, start, side):
                continue
            others = [
                cancel.get(b.id)
                for b in cp.affected
                if b.id != a.id
                and set(cp.lessons[b.lesson].classes) & set(ls.classes)
                and side * (cp.periods[cp.lessons[b.lesson].period].start - start) > 0
            ]
            if any(v is None for v in others):
                continue  # a locked lesson on that side is not cancelled
            edge = m.model.new_bool_var(f"edge{a.id}{side}")
            for v in [cancel[a.id], *others]:
                m.model.add_implication(edge, v)  # type: ignore[arg-type]
            edge_vars.append(edge)
        if edge_vars:
            m.model.add_at_most_one(edge_vars)
            terms.extend(-cp.weights.cancel_edge * e for e in edge_vars)
    return terms


def _has_lesson_on_side(cp: CoverProblem, classes: Sequence[int], start: int, side: int) -> bool:
    wanted = set(classes)
    return any(
        side * (cp.periods[ls.period].start - start) > 0 and wanted & set(ls.classes)
        for ls in cp.background
    )


def _changes(m: _Model) -> list[cp_model.LinearExprT]:
    """Re-planning: each lesson whose answer differs from the previous plan costs `change`."""
    previous = {c.affected: c for c in m.cp.previous}
    terms: list[cp_model.LinearExprT] = []
    for a, (opts, xs) in enumerate(zip(m.options, m.x, strict=True)):
        before = previous.get(a)
        for o, v in zip(opts, xs, strict=True):
            if before is not None and o.choice == before:
                terms.append(m.cp.weights.change * (1 - v))
                m.model.add_hint(v, True)
    return terms


def _hint_cancel(m: _Model) -> None:
    """Start from cancelling everything not locked or kept: always a valid plan."""
    hinted = {c.affected for c in m.cp.previous}
    for a, (opts, xs) in enumerate(zip(m.options, m.x, strict=True)):
        if a in hinted or len(opts) == 1:
            continue
        for o, v in zip(opts, xs, strict=True):
            m.model.add_hint(v, o.choice.action == CANCEL)
