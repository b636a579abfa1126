"""Why no timetable exists: the hard-rule rows that conflict, found with assumption literals."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import cast

from ortools.sat.python import cp_model

from solver.conditions import kind_of
from solver.messages import Msg, msg, nmsg
from solver.model import build
from solver.problem import Problem
from solver.rules.ids import RuleId
from solver.validation.naming import days_list

Key = tuple[RuleId, object]
Check = Callable[[Sequence[int], float], "list[int] | None"]


def explain_infeasible(problem: Problem, *, time_limit_s: float = 30, seed: int = 0) -> list[Msg]:
    """Name a small set of hard conditions that cannot all hold together.

    Every hard rule row (a teacher's availability, a class's no-gap rule, a lock, ...) gets an
    assumption literal; one CP-SAT worker returns a sufficient subset, which is shrunk by
    deleting members one by one while time allows.

    Args:
        problem: the problem (its pins included).
        time_limit_s: total time for the search and the shrinking.
        seed: random seed.

    Returns:
        A header sentence followed by one sentence per conflicting condition; a single
        sentence when a timetable exists or no conflict was found in time.
    """
    t0 = time.monotonic()
    ctx = build(problem, guarded=True)
    keys = list(ctx.guards)
    lits = [ctx.guards[k] for k in keys]

    def infeasible(subset: Sequence[int], limit: float) -> list[int] | None:
        ctx.model.clear_assumptions()
        ctx.model.add_assumptions([lits[i] for i in subset])
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = seed
        solver.parameters.max_time_in_seconds = max(0.1, limit)
        if solver.solve(ctx.model) != cp_model.INFEASIBLE:
            return None
        core = set(solver.sufficient_assumptions_for_infeasibility())
        return [i for i in subset if lits[i].index in core]

    core = infeasible(range(len(lits)), time_limit_s)
    if core is None:
        return [msg("No conflict between the hard conditions was found in {s} s.", s=time_limit_s)]
    core = _shrink(core, infeasible, t0 + time_limit_s)
    parts = [describe(problem, keys[i]) for i in core]
    if len(parts) == 1:
        return [msg("This condition cannot hold on its own:"), *parts]
    together = nmsg(
        "These {n} conditions cannot all hold together:",
        "These {n} conditions cannot all hold together:",
        len(parts),
    )
    return [together, *parts]


def _shrink(core: list[int], check: Check, deadline: float) -> list[int]:
    """Deletion filter: drop each member whose removal keeps the rest infeasible."""
    i = 0
    while i < len(core) and time.monotonic() < deadline:
        rest = core[:i] + core[i + 1 :]
        left = deadline - time.monotonic()
        smaller = check(rest, min(2.0, left)) if rest else None
        if smaller is not None:
            core = [x for x in rest if x in set(smaller)] or rest
        else:
            i += 1
    return core


def _days(problem: Problem, unavailable: frozenset[tuple[int, int]]) -> Msg:
    free = [
        d
        for d in range(len(problem.days))
        if any((d, p.id) not in unavailable for p in problem.periods)
    ]
    if len(free) == len(problem.days):
        return msg("some periods closed")
    return msg("{days} only", days=days_list(problem, free)) if free else msg("never")


def describe(problem: Problem, key: Key) -> Msg:
    """One condition in words: the rule's family and the row (person, class, room, lesson)."""
    rule, row = key
    p = problem
    if rule == RuleId.TEACHER_UNAVAILABLE:
        t = p.teachers[row]  # type: ignore[call-overload]
        return msg(
            "availability of teacher {name} ({days})", name=t.name, days=_days(p, t.unavailable)
        )
    if rule == RuleId.CLASS_UNAVAILABLE:
        c = p.classes[row]  # type: ignore[call-overload]
        return msg(
            "availability of class {name} ({days})", name=c.code, days=_days(p, c.unavailable)
        )
    if rule in (RuleId.ROOM_UNAVAILABLE, RuleId.ROOM_CLASH):
        rooms = [p.rooms[r].name for r in row]  # type: ignore[attr-defined]
        names, n = ", ".join(rooms), len(rooms)
        if rule == RuleId.ROOM_UNAVAILABLE:
            return nmsg(
                "availability of room(s) {rooms}", "availability of room(s) {rooms}", n, rooms=names
            )
        return nmsg(
            "one lesson at a time in room(s) {rooms}",
            "one lesson at a time in room(s) {rooms}",
            n,
            rooms=names,
        )
    if rule == RuleId.CONDITION:
        cond = p.conditions[row]  # type: ignore[call-overload]
        return msg("imported condition {label}", label=cond.label or kind_of(cond))
    if rule in (RuleId.FIXED, RuleId.PLACED):
        lesson = p.lessons[row]  # type: ignore[call-overload]
        n = [ls.id for ls in p.lessons if ls.course == lesson.course].index(lesson.id) + 1
        if rule == RuleId.FIXED:
            return msg("lock of lesson {label} #{n}", label=lesson.label, n=n)
        return msg("lesson {label} #{n} has no possible period", label=lesson.label, n=n)
    return _person_rule(p, rule, row)


def _person_rule(p: Problem, rule: RuleId, row: object) -> Msg:
    if rule == RuleId.TRAVEL:
        kind, who = cast(tuple[str, int], row)
        name = p.teachers[who].name if kind == "teacher" else p.classes[who].code
        return msg("travel time between buildings for {who}", who=name)
    if rule in (RuleId.STUDENT_CLASH, RuleId.CLASS_NO_GAPS, RuleId.CLASS_MAX_PER_DAY):
        c = p.classes[row]  # type: ignore[call-overload]
        if rule == RuleId.STUDENT_CLASH:
            return msg("one lesson at a time for class {name}", name=c.code)
        if rule == RuleId.CLASS_NO_GAPS:
            return msg("no gaps for class {name}", name=c.code)
        return msg("at most {n} periods a day for class {name}", n=c.max_per_day, name=c.code)
    t = p.teachers[row]  # type: ignore[call-overload]
    if rule == RuleId.TEACHER_CLASH:
        return msg("one lesson at a time for teacher {name}", name=t.name)
    if rule == RuleId.TEACHER_MAX_PER_DAY:
        return msg("at most {n} periods a day for teacher {name}", n=t.max_per_day, name=t.name)
    if rule == RuleId.TEACHER_MAX_PER_WEEK:
        return msg("at most {n} periods a week for teacher {name}", n=t.max_per_week, name=t.name)
    if rule == RuleId.TEACHER_MAX_DAYS:
        return msg("at most {n} working days for teacher {name}", n=t.max_days, name=t.name)
    cap = t.max_building_changes
    cap = p.settings.max_building_changes if cap is None else cap
    return msg("at most {n} building changes a day for teacher {name}", n=cap, name=t.name)
