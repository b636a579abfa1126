"""What must survive a trip through aSc XML, as plain sets to compare."""

from __future__ import annotations

from collections.abc import Iterable

from models.snapshot import SchoolSnapshot
from solver.problem import Problem
from solver.solution import Placement


def _audience(problem: Problem, classes: Iterable[int], groups: Iterable[int]) -> frozenset:
    out = {(problem.classes[c].code, None) for c in classes}
    out |= {
        (problem.classes[problem.groups[g].class_id].code, problem.groups[g].name) for g in groups
    }
    return frozenset(out)


def school_facts(problem: Problem, snapshot: SchoolSnapshot) -> dict[str, object]:
    """Teachers, rooms, subjects, classes, groups and weekly lessons by their codes."""
    lessons: dict[str, list[object]] = {}
    for lesson in problem.lessons:
        key = snapshot.lessons[lesson.course].key
        fact = lessons.setdefault(
            key,
            [
                problem.subjects[lesson.subject].code,
                _audience(problem, lesson.classes, lesson.groups),
                tuple(problem.teachers[t].code for t in lesson.teachers),
                tuple(problem.rooms[r].code for r in lesson.rooms),
                [],
            ],
        )
        fact[-1].append(lesson.length)  # type: ignore[union-attr]
    return {
        "teachers": {(t.code, t.name) for t in problem.teachers},
        "rooms": {
            (r.code, r.name, problem.buildings[r.building].code, r.capacity) for r in problem.rooms
        },
        "subjects": {(s.code, s.name) for s in problem.subjects},
        "classes": {
            (
                c.code,
                c.grade,
                c.size,
                None if c.home_room is None else problem.rooms[c.home_room].code,
            )
            for c in problem.classes
        },
        "groups": {
            (problem.classes[g.class_id].code, g.division, g.name, g.size) for g in problem.groups
        },
        "lessons": {k: (*v[:-1], tuple(sorted(v[-1]))) for k, v in lessons.items()},  # type: ignore[arg-type]
        "days": problem.days,
    }


def placement_facts(
    problem: Problem, snapshot: SchoolSnapshot, placements: Iterable[Placement]
) -> list[tuple[object, ...]]:
    """Each placed lesson as (key, length, day, start clock, end clock, room code), sorted."""
    out = []
    for p in placements:
        lesson = problem.lessons[p.lesson]
        last = problem.covered(lesson, p.period)[-1]
        room = None if p.room is None else problem.rooms[p.room].code
        key = snapshot.lessons[lesson.course].key
        start, end = problem.periods[p.period].start, problem.periods[last].end
        out.append((key, lesson.length, p.day, start, end, room))
    return sorted(out, key=repr)


def fixed_placements(problem: Problem) -> list[Placement]:
    """The problem's locked lessons as placements."""
    return [Placement(f.lesson, f.day, f.period, f.room) for f in problem.fixed]
