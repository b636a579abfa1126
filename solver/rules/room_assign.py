"""Rooms for a timetable whose times and buildings are decided: room wishes, room changes.

CLASS_ROOM_CHANGE depends on the exact rooms, which the main model leaves open; it is
optimised here exactly (a small CP-SAT model per week) and counted by `class_room_changes`.
Soft PreferRooms conditions are split between the two models: the main model charges a
lesson whose cell has no wished room open (`solver.rules.conditions.limits`), this stage the
lessons whose cell has one but that get another room (`room_wish_cost`); hard ones keep the
lesson to wished rooms.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from solver.conditions import PreferRooms
from solver.problem import Fixed, Lesson, Problem
from solver.rules.clashes import maximal_time_points
from solver.rules.rooms import candidate_set
from solver.solution import Placement

Timed = tuple[int, int, int]
"""(day, start period, building) chosen for a lesson; building -1 when it needs no room."""


def class_room_changes(problem: Problem, placements: Sequence[Placement]) -> int:
    """CLASS_ROOM_CHANGE count of a complete timetable (see the RuleId docstring).

    Pairs where either lesson has no room are not counted ("different rooms" needs two rooms).

    Args:
        problem: the problem.
        placements: one placement per lesson, with rooms.

    Returns:
        The count (not weighted).
    """
    room_at: dict[tuple[int, int, int], tuple[int, int | None]] = {}
    for pl in placements:
        lesson = problem.lessons[pl.lesson]
        for q in problem.covered(lesson, pl.period):
            for c in lesson.classes:
                room_at[(c, pl.day, q)] = (pl.lesson, pl.room)
    count = 0
    for klass in problem.classes:
        ids = problem.shifts[klass.shift].periods
        for day in range(len(problem.days)):
            for q1, q2 in itertools.pairwise(ids):
                a, b = room_at.get((klass.id, day, q1)), room_at.get((klass.id, day, q2))
                if a is None or b is None or a[0] == b[0] or a[1] is None or b[1] is None:
                    continue
                count += a[1] != b[1]
    return count


def open_rooms(
    problem: Problem,
    lesson: Lesson,
    day: int,
    periods: Sequence[int],
    building: int,
    fix: Fixed | None,
) -> list[int]:
    """The rooms `lesson` may get in `building` when it occupies `periods` on `day`.

    Args:
        problem: the problem.
        lesson: the lesson.
        day: its day.
        periods: the period ids it covers.
        building: the building of its cell.
        fix: its pin, if any (a pinned room is the only candidate).

    Returns:
        Candidate rooms in the building, open in every covered period, sorted.
    """
    return [
        r
        for r in sorted(candidate_set(problem, lesson, building, fix))
        if not any((day, q) in problem.rooms[r].unavailable for q in periods)
    ]


def _wishes(problem: Problem, lesson: int) -> list[PreferRooms]:
    """The PreferRooms conditions naming `lesson`."""
    ids = dict.fromkeys(problem.conditions_by_lesson.get(lesson, ()))  # once each
    found = (problem.conditions[i] for i in ids)
    return [c for c in found if isinstance(c, PreferRooms) and lesson in c.lessons]


def room_wish_cost(
    problem: Problem, timed: dict[int, Timed], rooms: dict[int, int], fixed: dict[int, Fixed]
) -> int:
    """The PreferRooms cost this stage decides (the rest is in the main model's objective).

    Args:
        problem: the problem.
        timed: lesson id -> (day, start, building) from the main model.
        rooms: lesson id -> room chosen by `assign_rooms`.
        fixed: pins by lesson id.

    Returns:
        The sum of the weights of soft PreferRooms whose lesson had a wished room open in
        its cell but got another.
    """
    cost = 0
    for ls, room in rooms.items():
        day, start, b = timed[ls]
        lesson = problem.lessons[ls]
        options = open_rooms(problem, lesson, day, problem.covered(lesson, start), b, fixed.get(ls))
        for cond in _wishes(problem, ls):
            if cond.weight and room not in cond.rooms and cond.rooms.intersection(options):
                cost += cond.weight
    return cost


def assign_rooms(
    problem: Problem,
    timed: dict[int, Timed],
    fixed: dict[int, Fixed],
    *,
    hint: dict[int, int] | None = None,
    time_limit_s: float = 10.0,
    seed: int = 0,
) -> dict[int, int] | None:
    """Choose a room for every lesson that needs one.

    Args:
        problem: the problem.
        timed: lesson id -> (day, start, building) from the main model.
        fixed: pins by lesson id (a pinned room is kept).
        hint: a previous room per lesson, tried first.
        time_limit_s: limit for this small model.
        seed: random seed.

    Returns:
        lesson id -> room id, or None when no assignment exists or none was found in time.
    """
    model = cp_model.CpModel()
    choice: dict[int, dict[int, cp_model.IntVar]] = {}
    using: dict[tuple[int, int, int], list[cp_model.IntVar]] = defaultdict(list)
    point_of = _points_of(problem)
    for lesson in problem.lessons:
        day, start, b = timed[lesson.id]
        if b < 0:
            continue
        periods = problem.covered(lesson, start)
        rooms = open_rooms(problem, lesson, day, periods, b, fixed.get(lesson.id))
        for cond in _wishes(problem, lesson.id):
            if cond.hard:
                rooms = [r for r in rooms if r in cond.rooms]
        if not rooms:
            return None
        choice[lesson.id] = {r: model.new_bool_var(f"r{lesson.id}_{r}") for r in rooms}
        model.add_exactly_one(choice[lesson.id].values())
        for r, var in choice[lesson.id].items():
            for tp in {i for q in periods for i in point_of[q]}:
                using[(r, day, tp)].append(var)
            if hint and hint.get(lesson.id) == r:
                model.add_hint(var, 1)
    for vars_ in using.values():
        if len(vars_) > 1:
            model.add_at_most_one(vars_)
    changes = _change_terms(problem, model, timed, choice)
    # Room wishes and weighted changes first; the plain number of changes breaks ties (it
    # is what this stage minimised before wishes, also when changes weigh nothing).
    n_changes = cp_model.LinearExpr.sum(changes)
    weight = problem.settings.weights.class_room_change
    cost = weight * n_changes + _wish_terms(problem, choice)
    model.minimize((len(changes) + 1) * cost + n_changes)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.5, time_limit_s)
    solver.parameters.random_seed = seed
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {
        ls: next(r for r, var in opts.items() if solver.boolean_value(var))
        for ls, opts in choice.items()
    }


def _wish_terms(
    problem: Problem, choice: dict[int, dict[int, cp_model.IntVar]]
) -> cp_model.LinearExpr:
    """Weight x (the lesson gets none of its wished rooms) where one of them is open."""
    terms: list[cp_model.LinearExprT] = []
    for ls, opts in choice.items():
        for cond in _wishes(problem, ls):
            wished = [var for r, var in opts.items() if r in cond.rooms]
            if cond.weight and wished:
                terms.append(cond.weight * (1 - sum(wished)))
    return cp_model.LinearExpr.sum(terms)


def _points_of(problem: Problem) -> dict[int, list[int]]:
    out: dict[int, list[int]] = defaultdict(list)
    for i, tp in enumerate(maximal_time_points(problem)):
        for q in tp:
            out[q].append(i)
    return out


def _change_terms(
    problem: Problem,
    model: cp_model.CpModel,
    timed: dict[int, Timed],
    choice: dict[int, dict[int, cp_model.IntVar]],
) -> list[cp_model.LinearExprT]:
    """1 - same(room) for every pair of a class's whole-class lessons in adjacent periods."""
    whole_at: dict[tuple[int, int, int], int] = {}
    for lesson in problem.lessons:
        day, start, _ = timed[lesson.id]
        if lesson.id in choice:
            for q in problem.covered(lesson, start):
                for c in lesson.classes:
                    whole_at[(c, day, q)] = lesson.id
    terms: list[cp_model.LinearExprT] = []
    for klass in problem.classes:
        ids = problem.shifts[klass.shift].periods
        for day in range(len(problem.days)):
            for q1, q2 in itertools.pairwise(ids):
                a, b = whole_at.get((klass.id, day, q1)), whole_at.get((klass.id, day, q2))
                if a is None or b is None or a == b:
                    continue
                common = sorted(set(choice[a]) & set(choice[b]))
                same = []
                for r in common:
                    s = model.new_bool_var("")
                    model.add_implication(s, choice[a][r])
                    model.add_implication(s, choice[b][r])
                    same.append(s)
                terms.append(1 - sum(same))
    return terms
