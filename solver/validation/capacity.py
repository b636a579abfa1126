"""Counting for the data checks: where lessons can go, and what people and rooms can hold.

Plain numbers about each lesson, class, teacher and set of rooms; `solver.checks` and
`solver.validation.advice` put them in words.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from solver.problem import Lesson, Problem

Option = tuple[int, int]  # (day, start period id)
Only = tuple[str, int] | None  # ("teacher", id), ("class", id), ("rooms", 0) or everything


def free(
    problem: Problem,
    lesson: Lesson,
    day: int,
    start: int,
    *,
    room: int | None = None,
    only: Only = None,
) -> bool:
    """True when the lesson's teachers, classes and one of its rooms are available throughout.

    Args:
        problem: the problem.
        lesson: the lesson.
        day: a day index.
        start: a start period id of the lesson.
        room: when given, only this room is considered.
        only: check one resource alone (see `Only`); None checks them all.

    Returns:
        Whether the lesson could take place there as far as availability goes.
    """
    covered = problem.covered(lesson, start)
    if len(covered) < lesson.length:
        return False
    slots = [(day, p) for p in covered]
    what = None if only is None else only[0]
    if what in (None, "teacher"):
        teachers = lesson.teachers if only is None else (only[1],)
        if any(s in problem.teachers[t].unavailable for t in teachers for s in slots):
            return False
    if what in (None, "class"):
        classes = problem.audience_classes(lesson) if only is None else (only[1],)
        if any(s in problem.classes[c].unavailable for c in classes for s in slots):
            return False
    if what in (None, "rooms") and (lesson.rooms or room is not None):
        rooms = lesson.rooms if room is None else (room,)
        return any(all(s not in problem.rooms[r].unavailable for s in slots) for r in rooms)
    return True


def lesson_options(problem: Problem, lesson: Lesson, only: Only = None) -> list[Option]:
    """Every (day, start) where the lesson fits its shift and everyone needed is available."""
    return [
        (d, s)
        for d in range(len(problem.days))
        for s in problem.starts(lesson)
        if free(problem, lesson, d, s, only=only)
    ]


def forced_starts(problem: Problem, options: dict[int, list[Option]]) -> dict[int, Option]:
    """Lessons with one possible place: locked to a start they can use, or one option left."""
    out: dict[int, Option] = {}
    for fx in problem.fixed:
        if fx.period in problem.starts(problem.lessons[fx.lesson]):
            out.setdefault(fx.lesson, (fx.day, fx.period))
    for lid, opts in options.items():
        if lid not in out and len(opts) == 1:
            out[lid] = opts[0]
    return out


def max_disjoint(problem: Problem, periods: Iterable[int]) -> int:
    """The most periods among `periods` that do not overlap in clock time (greedy by end)."""
    count, end = 0, -1
    for p in sorted(periods, key=lambda p: (problem.periods[p].end, problem.periods[p].start)):
        if problem.periods[p].start >= end:
            count, end = count + 1, problem.periods[p].end
    return count


def _shift_periods(problem: Problem, shifts: Iterable[int]) -> list[int]:
    return [p for s in sorted(set(shifts)) for p in problem.shifts[s].periods]


def atom_requirements(
    problem: Problem,
) -> dict[int, tuple[list[int], int, int, int]]:
    """Per class: (its most loaded student atoms, their periods, slots, days x daily maximum)."""
    need = [0] * len(problem.atoms)
    for lesson in problem.lessons:
        for a in problem.lesson_atoms(lesson):
            need[a] += lesson.length
    out: dict[int, tuple[list[int], int, int, int]] = {}
    for cls in problem.classes:
        atoms = [i for i, (c, _) in enumerate(problem.atoms) if c == cls.id]
        top = max((need[a] for a in atoms), default=0)
        if top == 0:
            continue
        shift = problem.shifts[cls.shift].periods
        days = range(len(problem.days))
        per_day = [sum((d, p) not in cls.unavailable for p in shift) for d in days]
        limit = cls.max_per_day if cls.max_per_day is not None else len(shift)
        worst = [a for a in atoms if need[a] == top]
        out[cls.id] = (worst, top, sum(per_day), sum(min(n, limit) for n in per_day))
    return out


def teacher_capacity(problem: Problem) -> dict[int, tuple[int, int, int]]:
    """Per teacher with lessons: (periods taught, periods available, periods the daily maximum
    and the maximum of working days allow). Overlapping periods of two shifts count once."""
    need: dict[int, int] = {}
    shifts: dict[int, set[int]] = {}
    for lesson in problem.lessons:
        for t in set(lesson.teachers):
            need[t] = need.get(t, 0) + lesson.length
            shifts.setdefault(t, set()).update(problem.lesson_shifts(lesson))
    out: dict[int, tuple[int, int, int]] = {}
    for t, n in sorted(need.items()):
        teacher = problem.teachers[t]
        periods = _shift_periods(problem, shifts[t])
        daily = [
            max_disjoint(problem, (p for p in periods if (d, p) not in teacher.unavailable))
            for d in range(len(problem.days))
        ]
        capped = sorted((min(x, teacher.max_per_day or x) for x in daily), reverse=True)
        limited = sum(capped[: teacher.max_days or len(capped)])
        out[t] = (n, sum(daily), limited)
    return out


def room_shortages(problem: Problem) -> list[tuple[list[int], list[int], int, int]]:
    """(lessons, rooms, periods needed, room-periods offered) for each set of rooms some
    lessons are confined to, where the week does not hold them (Hall's condition)."""
    out: list[tuple[list[int], list[int], int, int]] = []
    seen: set[frozenset[int]] = set()
    for rooms in _room_sets(problem.lessons, problem):
        inside = [x for x in problem.lessons if x.rooms and set(x.rooms) <= rooms]
        key = frozenset(x.id for x in inside)
        if not inside or key in seen:
            continue
        seen.add(key)
        periods = _shift_periods(problem, (s for x in inside for s in problem.lesson_shifts(x)))
        offered = sum(
            max_disjoint(problem, (p for p in periods if (d, p) not in room.unavailable))
            for room in (problem.rooms[r] for r in rooms)
            for d in range(len(problem.days))
        )
        needed = sum(x.length for x in inside)
        if needed > offered:
            out.append((sorted(key), sorted(rooms), needed, offered))
    return out


Meeting = tuple[str, tuple[int, ...], int, int, tuple[int, ...]]
"""(kind "teacher"/"students"/"rooms", owner ids, day, period, lesson ids) forced to meet;
owners are a teacher, student atoms, or the rooms the lessons share."""


def forced_meetings(problem: Problem, forced: dict[int, Option]) -> list[Meeting]:
    """Teachers, students and sets of rooms that forced lessons need twice at one time.

    Student atoms caught in the same meeting are merged into one item.
    """
    merged: dict[tuple[str, int, int, tuple[int, ...]], tuple[set[int], int]] = {}
    by_day: dict[int, list[tuple[Lesson, tuple[int, ...]]]] = {}
    for lid, (day, start) in sorted(forced.items()):
        lesson = problem.lessons[lid]
        by_day.setdefault(day, []).append((lesson, problem.covered(lesson, start)))
    for day, items in sorted(by_day.items()):
        for point in problem.time_points:
            here = [(x, cov) for x, cov in items if set(cov) & set(point)]
            if len(here) < 2:
                continue
            period = min(p for _, cov in here for p in cov if p in point)
            for kind, owners, ids in _meetings(problem, day, point, here):
                teacher = owners[0] if kind == "teacher" else -1  # one item per teacher
                key = (kind, teacher, day, ids)
                merged.setdefault(key, (set(), period))[0].update(owners)
    return [
        (kind, tuple(sorted(owners)), day, period, ids)
        for (kind, _, day, ids), (owners, period) in merged.items()
    ]


def _meetings(
    problem: Problem, day: int, point: Sequence[int], here: list[tuple[Lesson, tuple[int, ...]]]
) -> list[tuple[str, tuple[int, ...], tuple[int, ...]]]:
    owners: dict[tuple[str, int], set[int]] = {}
    for lesson, _ in here:
        for t in lesson.teachers:
            owners.setdefault(("teacher", t), set()).add(lesson.id)
        for a in problem.lesson_atoms(lesson):
            owners.setdefault(("students", a), set()).add(lesson.id)
    out: list[tuple[str, tuple[int, ...], tuple[int, ...]]] = [
        (kind, (owner,), tuple(sorted(ids)))
        for (kind, owner), ids in sorted(owners.items())
        if len(ids) > 1
    ]
    used = {p for _, cov in here for p in cov if p in point}
    for rooms in _room_sets([x for x, _ in here], problem):
        inside = tuple(sorted(x.id for x, _ in here if x.rooms and set(x.rooms) <= rooms))
        open_rooms = [
            r for r in rooms if all((day, p) not in problem.rooms[r].unavailable for p in used)
        ]
        if len(inside) > len(open_rooms):
            out.append(("rooms", tuple(sorted(rooms)), inside))
    return out


def _room_sets(lessons: Iterable[Lesson], problem: Problem) -> list[frozenset[int]]:
    """Every candidate set of the lessons, and per room kind the union of those of that kind."""
    sets = {frozenset(x.rooms) for x in lessons if x.rooms}
    for kind in {problem.rooms[r].kind for s in sets for r in s}:
        sets.add(frozenset(r for s in sets for r in s if problem.rooms[r].kind == kind))
    return sorted(sets, key=lambda s: (len(s), sorted(s)))
