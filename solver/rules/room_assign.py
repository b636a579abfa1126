"""Rooms for a timetable whose times and buildings are decided, minimising class room changes.

CLASS_ROOM_CHANGE depends on the exact rooms, which the main model leaves open; it is
optimised here exactly (a small CP-SAT model per week) and counted by `class_room_changes`.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Sequence

from ortools.sat.python import cp_model

from solver.problem import Fixed, Problem
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
        rooms = [
            r
            for r in sorted(candidate_set(problem, lesson, b, fixed.get(lesson.id)))
            if not any((day, q) in problem.rooms[r].unavailable for q in periods)
        ]
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
    model.minimize(sum(_change_terms(problem, model, timed, choice)))
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
