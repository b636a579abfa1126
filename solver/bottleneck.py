"""Nearly full special rooms first: place their lessons on a small model, then the rest.

When a school's labs, gyms and workshops are booked to about 90 % of their open periods,
CP-SAT on the whole school finds no week for 50 or 100 classes in a minute, although with
those lessons pinned where a valid week has them the rest follows in about a second
(generated 50 classes: 1.0 s). So the bottleneck lessons are placed first, on a model that
holds only them (with every subgroup lesson and every lesson of a busy teacher) and knows
the other, whole-class lessons only through each class's day lengths: a day runs from
period 1 without gaps, so a lesson at period k needs at least k lessons that day, and the
days add up to the student's week. The whole school is then solved with the
bottleneck lessons pinned to those times (their buildings and rooms stay free).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Sequence

from ortools.sat.python import cp_model

from solver.params import SolveParams, cp_solver
from solver.problem import Fixed, Problem
from solver.rules.buildings import add_building_changes, add_travel
from solver.rules.clashes import add_student_clash, add_teacher_clash
from solver.rules.context import Ctx
from solver.rules.loads import add_class_max_per_day, add_teacher_loads
from solver.rules.placement import add_forbidden, add_placed
from solver.rules.rooms import add_room_capacity
from solver.variables import Cell, lesson_buildings, make_vars

TIGHT = 0.75
"""A set of candidate rooms booked beyond this share of its open periods is a bottleneck."""
BUSY_TEACHER = 0.5
"""A teacher teaching beyond this share of their open periods has all lessons placed first."""
MIN_SHARE = 0.05
"""Worth a first step of its own only when bottleneck lessons are this share of all."""
MIN_LESSONS = 600
"""Smaller schools are solved whole in a few seconds; the first step would only cost time."""

RULES = (
    add_placed,
    add_forbidden,
    add_teacher_clash,
    add_student_clash,
    add_room_capacity,
    add_teacher_loads,  # upper bounds only, so they hold for a subset of the lessons too
    add_class_max_per_day,
    add_travel,
    add_building_changes,
)


def tight_lessons(problem: Problem) -> list[int]:
    """Ids of lessons whose candidate rooms are booked beyond TIGHT of their open periods."""
    need: dict[tuple[int, ...], int] = defaultdict(int)
    for ls in problem.lessons:
        if ls.rooms:
            need[tuple(sorted(ls.rooms))] += ls.length
    week = len(problem.days) * len(problem.periods)
    share = {
        rooms: n / max(1, sum(week - len(problem.rooms[r].unavailable) for r in rooms))
        for rooms, n in need.items()
    }
    return [ls.id for ls in problem.lessons if ls.rooms and share[tuple(sorted(ls.rooms))] > TIGHT]


def split_or_busy_teacher(problem: Problem) -> set[int]:
    """Lessons placed with the bottleneck ones: every subgroup lesson (the rest are whole-class
    lessons, so a class's subgroups are busy at the same periods), and every lesson of a
    teacher with little free time (whose lessons must find periods the others leave free)."""
    week = len(problem.days) * len(problem.periods)
    load: dict[int, int] = defaultdict(int)
    for ls in problem.lessons:
        for t in ls.teachers:
            load[t] += ls.length
    busy = {
        t.id
        for t in problem.teachers
        if load[t.id] > BUSY_TEACHER * max(1, week - len(t.unavailable))
    }
    return {ls.id for ls in problem.lessons if ls.groups or busy & set(ls.teachers)}


def applies(problem: Problem, tight: Sequence[int]) -> bool:
    """Whether the first step is worth it and sound for this problem.

    Imported conditions may tie a bottleneck lesson to one that is left out (and lower bounds
    would not hold for a part of the lessons), so problems with conditions are solved whole.
    """
    return (
        problem.settings.class_no_gaps
        and not problem.conditions
        and len(problem.lessons) >= MIN_LESSONS
        and len(tight) >= MIN_SHARE * len(problem.lessons)
    )


def place_bottleneck(
    problem: Problem,
    tight: Sequence[int],
    fixed: Sequence[Fixed],
    params: SolveParams,
    seconds: float,
    run: Callable[[cp_model.CpSolver, cp_model.CpModel], cp_model.CpSolverStatus],
) -> list[Fixed] | None:
    """Times for the bottleneck lessons, every subgroup lesson and every lesson of a busy
    teacher (`split_or_busy_teacher`) that leave every student a gapless week.

    Args:
        problem: the whole problem (it has no conditions, see `applies`).
        tight: the bottleneck lessons' ids.
        fixed: every pin of the whole problem (pins of other lessons are left out).
        params: seed and workers.
        seconds: time for this step.
        run: solves the model with the solver (progress and the stop event are its business).

    Returns:
        A pin (day, start, no room) per such lesson not pinned already, or None when none
        were found.
    """
    placed = set(tight) | split_or_busy_teacher(problem)
    sub, ids = _sub_problem(problem, sorted(placed))
    back = {new: old for new, old in enumerate(ids)}
    new_of = {old: new for new, old in back.items()}
    pins = [dataclasses.replace(f, lesson=new_of[f.lesson]) for f in fixed if f.lesson in new_of]
    model = cp_model.CpModel()
    ctx = Ctx(sub, model, make_vars(sub, model, pins), start_first=True, soft=False)
    for rule in RULES:
        rule(ctx)
    _day_lengths(ctx, problem, placed)
    solver = cp_solver(params, seconds)
    status = run(solver, model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    out: list[Fixed] = []
    for unit in ctx.v.units:
        chosen = [c for c in ctx.v.cells[unit.id] if solver.boolean_value(c.var)]
        for lesson, cell in zip(unit.lessons, chosen, strict=True):
            if lesson not in ctx.v.fixed:  # a pin of the caller's stays as it was (its room)
                out.append(Fixed(back[lesson], cell.day, cell.start))
    return out


def _sub_problem(problem: Problem, keep: Sequence[int]) -> tuple[Problem, list[int]]:
    """The problem with only the `keep` lessons, renumbered from 0 (and the old ids)."""
    ids = sorted(keep)
    lessons = tuple(
        dataclasses.replace(problem.lessons[old], id=new) for new, old in enumerate(ids)
    )
    return dataclasses.replace(problem, lessons=lessons, fixed=(), conditions=()), ids


def _day_lengths(ctx: Ctx, whole: Problem, placed: set[int]) -> None:
    """Each class's days: as long as its latest placed lesson, adding up to the week.

    A day runs from period 1 without gaps (the fast phase's strengthening), so its length is
    the number of periods it holds. Every lesson left out is a whole-class lesson (subgroup
    lessons are all placed here), so the subgroups of a class are busy with placed lessons at
    the same periods and their days are equally long. A walk to another building also needs
    the neighbouring periods free or in a building near enough.
    """
    p = ctx.problem
    total: dict[int, int] = defaultdict(int)
    homes: dict[int, set[int]] = defaultdict(set)
    for ls in whole.lessons:
        for a in whole.lesson_atoms(ls):
            total[a] += ls.length
        if ls.id not in placed:
            for c in whole.audience_classes(ls):
                homes[c].update(b for b in lesson_buildings(whole, ls) if b >= 0)
    atoms: dict[int, list[int]] = defaultdict(list)
    for a, (c, _) in enumerate(p.atoms):
        atoms[c].append(a)
    for c, members in atoms.items():
        shared = len({total[a] for a in members}) == 1
        groups = [members] if shared else [[a] for a in members]
        home = next(iter(homes[c])) if len(homes[c]) == 1 else None
        for group in groups:
            _class_days(ctx, group, total[group[0]], home)
        if shared and len(members) > 1:
            _same_periods(ctx, members)


def _class_days(ctx: Ctx, atoms: list[int], total: int, home: int | None) -> None:
    """One length per day for `atoms` (alike students of one class), adding up to `total`."""
    p = ctx.problem
    klass = p.classes[p.atoms[atoms[0]][0]]
    periods = p.shifts[klass.shift].periods
    cap = min(len(periods), klass.max_per_day or len(periods))
    days = [_length_flags(ctx, cap) for _ in p.days]
    ctx.model.add(sum(sum(flags) for flags in days) == total)
    for a in atoms:
        units = ctx.v.by_atom.get(a, [])
        for u in units:
            for cell in ctx.v.cells[u]:
                _hold(ctx, cell, days[cell.day], periods, units, home)


def _same_periods(ctx: Ctx, atoms: list[int]) -> None:
    """Subgroups of one class have placed lessons at the same periods (see `_day_lengths`)."""
    p = ctx.problem
    periods = p.shifts[p.classes[p.atoms[atoms[0]][0]].shift].periods
    for d in range(len(p.days)):
        for q in periods:
            busy = [
                ctx.v.busy(("atom", a, d, q), ctx.v.covering(ctx.v.by_atom.get(a, []), d, q))
                for a in atoms
            ]
            lits = [b for b in busy if b is not None]
            if len(lits) < len(busy):
                for b in lits:
                    ctx.model.add(b == 0)
                continue
            for b in lits[1:]:
                ctx.model.add(b == lits[0])


def _length_flags(ctx: Ctx, cap: int) -> list[cp_model.IntVar]:
    """flags[j] is true when the day has more than j periods (an order encoding)."""
    flags = [ctx.model.new_bool_var("") for _ in range(cap)]
    for longer, shorter in zip(flags[1:], flags, strict=False):
        ctx.model.add_implication(longer, shorter)
    return flags


def _hold(
    ctx: Ctx,
    cell: Cell,
    flags: list[cp_model.IntVar],
    periods: tuple[int, ...],
    units: list[int],
    home: int | None,
) -> None:
    """The day holding `cell` reaches its last period; walks to and from it can be made."""
    first = periods.index(cell.start)
    last = first + len(cell.periods) - 1
    if last >= len(flags):
        ctx.model.add(cell.var == 0)
        return
    ctx.model.add_implication(cell.var, flags[last])
    if home is None or cell.building < 0 or cell.building == home:
        return
    p = ctx.problem
    if first > 0 and p.travel_conflict(periods[first - 1], home, cell.start, cell.building):
        near = _near(ctx, units, cell, periods[first - 1], before=True)
        ctx.model.add_bool_or([cell.var.Not(), *near])
    after = last + 1
    if after < len(flags) and p.travel_conflict(periods[last], cell.building, periods[after], home):
        near = _near(ctx, units, cell, periods[after], before=False)
        ctx.model.add_bool_or([cell.var.Not(), flags[after].Not(), *near])


def _near(
    ctx: Ctx, units: list[int], cell: Cell, period: int, *, before: bool
) -> list[cp_model.IntVar]:
    """Bottleneck cells of the same student at `period` (just before or after `cell`) whose
    building is near enough to walk between."""
    p = ctx.problem
    out = []
    for c in ctx.v.covering(units, cell.day, period):
        if c.building < 0:
            continue
        if before:
            far = p.travel_conflict(period, c.building, cell.start, cell.building)
        else:
            far = p.travel_conflict(cell.periods[-1], cell.building, period, c.building)
        if not far:
            out.append(c.var)
    return out
