"""Buildings: travel too long for the break, building changes per teacher and their cap."""

from __future__ import annotations

from itertools import combinations

from solver.messages import N_, joined, msg, nmsg
from solver.problem import Problem
from solver.rules.ids import RuleId
from solver.validation.naming import atoms_name, day_name, period_name
from solver.validation.placements import Placed
from solver.validation.types import Violation, hard, soft

Leg = tuple[int, int, int, int]  # (first period, its building, second period, its building)


def _building(problem: Problem, item: Placed) -> int | None:
    return None if item.room is None else problem.rooms[item.room].building


def _tightest_leg(problem: Problem, a: Placed, b: Placed) -> Leg | None:
    """The closest pair of periods of a and b that the travel between them does not allow."""
    ba, bb = _building(problem, a), _building(problem, b)
    if ba is None or bb is None or ba == bb:
        return None
    legs: list[tuple[int, Leg]] = []
    for p in a.periods:
        for q in b.periods:
            if not problem.travel_conflict(p, ba, q, bb):
                continue
            pp, pq = problem.periods[p], problem.periods[q]
            if pp.end <= pq.start:
                legs.append((pq.start - pp.end, (p, ba, q, bb)))
            else:
                legs.append((pp.start - pq.end, (q, bb, p, ba)))
    return min(legs)[1] if legs else None


def _travel_pairs(problem: Problem, items: list[Placed]) -> list[tuple[int, Leg, list[int]]]:
    """(day, leg, lesson ids) for each pair of one owner's lessons too close for the travel."""
    out: list[tuple[int, Leg, list[int]]] = []
    ordered = sorted(items, key=lambda it: (it.day, it.id))
    for a, b in combinations(ordered, 2):
        if a.day != b.day:
            continue
        leg = _tightest_leg(problem, a, b)
        if leg is not None:
            out.append((a.day, leg, sorted((a.id, b.id))))
    return out


def _travel_text(problem: Problem, day: int, leg: Leg) -> dict[str, object]:
    p, b1, q, b2 = leg
    return {
        "origin": problem.buildings[b1].name,
        "target": problem.buildings[b2].name,
        "minutes": problem.travel[b1][b2],
        "gap": problem.periods[q].start - problem.periods[p].end,
        "day": day_name(problem, day),
        "first": period_name(problem, p),
        "second": period_name(problem, q),
    }


_TEACHER_TRAVEL = N_(
    "Teacher {teacher} must travel from {origin} to {target} ({minutes} min) during a "
    "{gap}-minute break on {day} between period {first} and {second}"
)
_STUDENT_TRAVEL = N_(
    "Students of {students} must travel from {origin} to {target} ({minutes} min) during a "
    "{gap}-minute break on {day} between period {first} and {second}"
)


def travel(
    problem: Problem, by_teacher: dict[int, list[Placed]], by_atom: dict[int, list[Placed]]
) -> list[Violation]:
    """One TRAVEL per teacher, or per group of students, and pair of lessons too close."""
    out: list[Violation] = []
    for t in sorted(by_teacher):
        name = problem.teachers[t].name
        for day, leg, ids in _travel_pairs(problem, by_teacher[t]):
            text = msg(_TEACHER_TRAVEL, teacher=name, **_travel_text(problem, day, leg))
            out.append(hard(RuleId.TRAVEL, text, lessons=ids, day=day, period=leg[2]))
    students: dict[tuple[int, Leg, tuple[int, ...]], list[int]] = {}
    for a in sorted(by_atom):
        for day, leg, ids in _travel_pairs(problem, by_atom[a]):
            students.setdefault((day, leg, tuple(ids)), []).append(a)
    for (day, leg, pair), atoms in sorted(students.items()):
        names = atoms_name(problem, atoms)
        text = msg(_STUDENT_TRAVEL, students=names, **_travel_text(problem, day, leg))
        out.append(hard(RuleId.TRAVEL, text, lessons=pair, day=day, period=leg[2]))
    return out


def _route(problem: Problem, items: list[Placed]) -> list[tuple[Placed, int]]:
    """A teacher's lessons of one day with a room, in time order, with their buildings."""
    route: list[tuple[Placed, int]] = []
    for it in sorted(items, key=lambda it: (problem.periods[it.start].start, it.start, it.id)):
        b = _building(problem, it)
        if b is not None:
            route.append((it, b))
    return route


def building_changes(problem: Problem, by_teacher: dict[int, list[Placed]]) -> list[Violation]:
    """BUILDING_CHANGE (soft) per teacher and day, and BUILDING_CHANGES_CAP over the cap."""
    out: list[Violation] = []
    for t in sorted(by_teacher):
        days: dict[int, list[Placed]] = {}
        for it in by_teacher[t]:
            days.setdefault(it.day, []).append(it)
        for day in sorted(days):
            out.extend(_day_changes(problem, t, day, days[day]))
    return out


def _day_changes(problem: Problem, t: int, day: int, items: list[Placed]) -> list[Violation]:
    """One teacher's building changes on one day, and the cap if they pass it."""
    teacher = problem.teachers[t]
    cap = teacher.max_building_changes
    if cap is None:
        cap = problem.settings.max_building_changes
    route = _route(problem, items)
    moves = [i for i in range(1, len(route)) if route[i][1] != route[i - 1][1]]
    if not moves:
        return []
    ids = sorted({route[i][0].id for i in moves} | {route[i - 1][0].id for i in moves})
    path = [route[0][1]] + [route[i][1] for i in moves]
    params = {
        "teacher": teacher.name,
        "day": day_name(problem, day),
        "path": joined((problem.buildings[b].name for b in path), " → "),
    }
    text = nmsg(
        "Teacher {teacher} changes building once on {day}: {path}",
        "Teacher {teacher} changes building {n} times on {day}: {path}",
        len(moves),
        **params,
    )
    weights = problem.settings.weights
    out = [soft(RuleId.BUILDING_CHANGE, weights, len(moves), text, lessons=ids, day=day)]
    if cap is not None and len(moves) > cap:
        text = nmsg(
            "Teacher {teacher} changes building once on {day}, more than the limit of {cap}: "
            "{path}",
            "Teacher {teacher} changes building {n} times on {day}, more than the limit of "
            "{cap}: {path}",
            len(moves),
            cap=cap,
            **params,
        )
        rule = RuleId.BUILDING_CHANGES_CAP
        out.append(hard(rule, text, count=len(moves) - cap, lessons=ids, day=day))
    return out
