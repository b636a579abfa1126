"""A small, separate check of the hard rules on placements, used to vouch for planted weeks.

It is deliberately written apart from `solver.validate` (and without OR-Tools), so that a
planted timetable is confirmed twice, by two readings of the rules.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from solver.problem import Problem
from solver.solution import Placement


def hard_problems(problem: Problem, placements: Sequence[Placement]) -> list[str]:
    """Every broken hard rule, one short line each (empty when the week is valid)."""
    out: list[str] = []
    by_lesson = {p.lesson: p for p in placements}
    for lesson in problem.lessons:
        p = by_lesson.get(lesson.id)
        if p is None:
            out.append(f"unplaced {lesson.label}")
            continue
        if p.period not in problem.starts(lesson):
            out.append(f"{lesson.label}: bad start {p.period}")
        if lesson.rooms and p.room not in lesson.rooms:
            out.append(f"{lesson.label}: room {p.room} not a candidate")
    if out:
        return out
    # who is where: (day, period) -> list of (lesson, building)
    teacher_at: dict[int, list[tuple[int, int, int | None, int]]] = defaultdict(list)
    atom_at: dict[int, list[tuple[int, int, int | None, int]]] = defaultdict(list)
    room_at: dict[int, list[tuple[int, int, int | None, int]]] = defaultdict(list)
    for p in placements:
        lesson = problem.lessons[p.lesson]
        b = problem.rooms[p.room].building if p.room is not None else None
        for q in problem.covered(lesson, p.period):
            item = (p.day, q, b, p.lesson)
            for t in lesson.teachers:
                teacher_at[t].append(item)
                if (p.day, q) in problem.teachers[t].unavailable:
                    out.append(f"teacher {t} unavailable day {p.day} period {q}")
            for a in problem.lesson_atoms(lesson):
                atom_at[a].append(item)
            if p.room is not None:
                room_at[p.room].append(item)
                if (p.day, q) in problem.rooms[p.room].unavailable:
                    out.append(f"room {p.room} unavailable day {p.day} period {q}")
    for who, table in (("teacher", teacher_at), ("atom", atom_at), ("room", room_at)):
        for key, items in table.items():
            out += _clashes(problem, f"{who} {key}", items, travel=who != "room")
    out += _teacher_limits(problem, teacher_at)
    out += _atom_days(problem, atom_at)
    return out


def _clashes(
    problem: Problem, who: str, items: list[tuple[int, int, int | None, int]], *, travel: bool
) -> list[str]:
    out = []
    by_day: dict[int, list[tuple[int, int | None, int]]] = defaultdict(list)
    for day, q, b, lesson in items:
        by_day[day].append((q, b, lesson))
    for day, xs in by_day.items():
        for i, (p, b1, l1) in enumerate(xs):
            for q, b2, l2 in xs[i + 1 :]:
                if l1 != l2 and problem.overlap(p, q):
                    out.append(f"{who} clash day {day}: lessons {l1}, {l2}")
                elif (
                    travel
                    and b1 is not None
                    and b2 is not None
                    and problem.travel_conflict(p, b1, q, b2)
                ):
                    out.append(f"{who} cannot walk day {day}: lessons {l1}, {l2}")
    return out


def _teacher_limits(
    problem: Problem, teacher_at: dict[int, list[tuple[int, int, int | None, int]]]
) -> list[str]:
    out = []
    for t in problem.teachers:
        items = teacher_at.get(t.id, [])
        per_day: dict[int, int] = defaultdict(int)
        for day, *_ in items:
            per_day[day] += 1
        if t.max_per_day is not None and max(per_day.values(), default=0) > t.max_per_day:
            out.append(f"teacher {t.code} over max per day")
        if t.max_per_week is not None and len(items) > t.max_per_week:
            out.append(f"teacher {t.code} over max per week")
        if t.max_days is not None and len(per_day) > t.max_days:
            out.append(f"teacher {t.code} over max days")
    return out


def _atom_days(
    problem: Problem, atom_at: dict[int, list[tuple[int, int, int | None, int]]]
) -> list[str]:
    out = []
    for a, items in atom_at.items():
        klass = problem.classes[problem.atoms[a][0]]
        order = problem.shifts[klass.shift].periods
        per_day: dict[int, set[int]] = defaultdict(set)
        for day, q, _, _ in items:
            if problem.periods[q].shift != klass.shift:
                out.append(f"atom {a} outside its shift")
            per_day[day].add(q)
        for day, qs in per_day.items():
            idx = sorted(order.index(q) for q in qs if q in order)
            if problem.settings.class_no_gaps and idx and idx[-1] - idx[0] + 1 != len(idx):
                out.append(f"class {klass.code} atom {a} has a gap on day {day}")
            if klass.max_per_day is not None and len(qs) > klass.max_per_day:
                out.append(f"class {klass.code} over max per day on day {day}")
    return out
