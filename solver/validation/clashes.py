"""Two places at once: teacher, student and room clashes.

Periods are compared by clock time through `Problem.time_points`, so lessons of two shifts
that overlap clash. Each distinct conflict is one violation: the set of (lesson, period) pairs
meeting at a time point, kept only when no other time point of that day shows a larger one.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from solver.messages import nmsg
from solver.problem import Problem
from solver.rules.ids import RuleId
from solver.validation.naming import atoms_name, lessons_list
from solver.validation.placements import Placed
from solver.validation.types import Violation, hard

Signature = frozenset[tuple[int, int]]  # (lesson id, period id) pairs meeting at one time


def owners(
    problem: Problem, placed: Iterable[Placed]
) -> tuple[dict[int, list[Placed]], dict[int, list[Placed]], dict[int, list[Placed]]]:
    """The placed lessons of each teacher, each student atom and each room."""
    by_teacher: dict[int, list[Placed]] = {}
    by_atom: dict[int, list[Placed]] = {}
    by_room: dict[int, list[Placed]] = {}
    for item in placed:
        for t in sorted(set(item.lesson.teachers)):
            by_teacher.setdefault(t, []).append(item)
        for a in problem.lesson_atoms(item.lesson):
            by_atom.setdefault(a, []).append(item)
        if item.room is not None:
            by_room.setdefault(item.room, []).append(item)
    return by_teacher, by_atom, by_room


def clash_signatures(problem: Problem, items: Sequence[Placed]) -> list[tuple[int, Signature]]:
    """(day, signature) of every distinct clash among one owner's lessons."""
    by_day: dict[int, dict[int, list[Placed]]] = {}
    for item in items:
        for p in item.periods:
            by_day.setdefault(item.day, {}).setdefault(p, []).append(item)
    out: list[tuple[int, Signature]] = []
    for day in sorted(by_day):
        per = by_day[day]
        found: set[Signature] = set()
        for point in problem.time_points:
            sig = frozenset((it.id, p) for p in point for it in per.get(p, ()))
            if len({lid for lid, _ in sig}) > 1:
                found.add(sig)
        maximal = [s for s in found if not any(s < other for other in found)]
        out.extend((day, s) for s in sorted(maximal, key=sorted))
    return out


def _first_period(problem: Problem, sig: Signature) -> int:
    return min((p for _, p in sig), key=lambda p: (problem.periods[p].start, p))


def _lesson_ids(sig: Signature) -> list[int]:
    return sorted({lid for lid, _ in sig})


def teacher_clashes(problem: Problem, by_teacher: dict[int, list[Placed]]) -> list[Violation]:
    """One TEACHER_CLASH per teacher and distinct clash."""
    out: list[Violation] = []
    for t in sorted(by_teacher):
        for day, sig in clash_signatures(problem, by_teacher[t]):
            ids, p = _lesson_ids(sig), _first_period(problem, sig)
            text = nmsg(
                "{teacher} has {n} lessons at once on {slot}: {lessons}",
                "{teacher} has {n} lessons at once on {slot}: {lessons}",
                len(ids),
                teacher=problem.teachers[t].name,
                slot=problem.describe_slot(day, p),
                lessons=lessons_list(problem, (problem.lessons[i] for i in ids)),
            )
            out.append(hard(RuleId.TEACHER_CLASH, text, lessons=ids, day=day, period=p))
    return out


def room_clashes(problem: Problem, by_room: dict[int, list[Placed]]) -> list[Violation]:
    """One ROOM_CLASH per room and distinct clash."""
    out: list[Violation] = []
    for r in sorted(by_room):
        for day, sig in clash_signatures(problem, by_room[r]):
            ids, p = _lesson_ids(sig), _first_period(problem, sig)
            text = nmsg(
                "Room {room} holds {n} lessons at once on {slot}: {lessons}",
                "Room {room} holds {n} lessons at once on {slot}: {lessons}",
                len(ids),
                room=problem.rooms[r].name,
                slot=problem.describe_slot(day, p),
                lessons=lessons_list(problem, (problem.lessons[i] for i in ids)),
            )
            out.append(hard(RuleId.ROOM_CLASH, text, lessons=ids, day=day, period=p))
    return out


def student_clashes(problem: Problem, by_atom: dict[int, list[Placed]]) -> list[Violation]:
    """One STUDENT_CLASH per distinct clash, naming every class or group caught in it."""
    who: dict[tuple[int, Signature], list[int]] = {}
    for a in sorted(by_atom):
        for key in clash_signatures(problem, by_atom[a]):
            who.setdefault(key, []).append(a)
    out: list[Violation] = []
    for (day, sig), atoms in sorted(who.items(), key=lambda kv: (kv[0][0], sorted(kv[0][1]))):
        ids, p = _lesson_ids(sig), _first_period(problem, sig)
        text = nmsg(
            "Students of {students} have {n} lessons at once on {slot}: {lessons}",
            "Students of {students} have {n} lessons at once on {slot}: {lessons}",
            len(ids),
            students=atoms_name(problem, atoms),
            slot=problem.describe_slot(day, p),
            lessons=lessons_list(problem, (problem.lessons[i] for i in ids)),
        )
        out.append(hard(RuleId.STUDENT_CLASH, text, lessons=ids, day=day, period=p))
    return out
