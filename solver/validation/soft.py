"""Soft rules counted exactly as `solver.rules.ids` states them (building changes: `buildings`).

Teacher gaps, the same course twice a day, hard subjects late, days off, class room changes.
"""

from __future__ import annotations

from itertools import pairwise

from solver.messages import joined, msg, nmsg
from solver.problem import Problem
from solver.rules.ids import RuleId
from solver.validation.naming import day_name, lesson_name, lessons_list, periods_list
from solver.validation.placements import Placed
from solver.validation.types import Violation, soft


def teacher_gaps(problem: Problem, by_teacher: dict[int, list[Placed]]) -> list[Violation]:
    """TEACHER_GAP per teacher and day: timeline periods between the first and last lesson
    that overlap none of the teacher's lessons."""
    out: list[Violation] = []
    order = {p: i for i, p in enumerate(problem.timeline)}
    for t in sorted(by_teacher):
        days: dict[int, set[int]] = {}
        for it in by_teacher[t]:
            days.setdefault(it.day, set()).update(it.periods)
        for day in sorted(days):
            busy = days[day]
            first = min(order[p] for p in busy)
            last = max(order[p] for p in busy)
            gaps = [
                p
                for p in problem.timeline[first + 1 : last]
                if p not in busy and not any(problem.overlap(p, q) for q in busy)
            ]
            if not gaps:
                continue
            text = nmsg(
                "Teacher {teacher} has a free period between lessons on {day} (period {periods})",
                "Teacher {teacher} has {n} free periods between lessons on {day} "
                "(periods {periods})",
                len(gaps),
                teacher=problem.teachers[t].name,
                day=day_name(problem, day),
                periods=periods_list(problem, gaps),
            )
            weights = problem.settings.weights
            out.append(soft(RuleId.TEACHER_GAP, weights, len(gaps), text, day=day, period=gaps[0]))
    return out


def same_subject_day(problem: Problem, placed: list[Placed]) -> list[Violation]:
    """SAME_SUBJECT_DAY per course and day: the units beyond the first (a double is one)."""
    days: dict[tuple[int, int], list[Placed]] = {}
    for it in placed:
        days.setdefault((it.lesson.course, it.day), []).append(it)
    out: list[Violation] = []
    for (_, day), items in sorted(days.items()):
        if len(items) < 2:
            continue
        items.sort(key=lambda it: (problem.periods[it.start].start, it.id))
        text = nmsg(
            "{lesson} takes place {n} times on {day}",
            "{lesson} takes place {n} times on {day}",
            len(items),
            lesson=lesson_name(problem, items[0].lesson),
            day=day_name(problem, day),
        )
        ids = [it.id for it in items]
        weights = problem.settings.weights
        rule = RuleId.SAME_SUBJECT_DAY
        out.append(soft(rule, weights, len(items) - 1, text, lessons=ids, day=day))
    return out


def hard_subject_late(problem: Problem, placed: list[Placed]) -> list[Violation]:
    """HARD_SUBJECT_LATE per lesson: its periods numbered above `Settings.late_after`."""
    out: list[Violation] = []
    late_after = problem.settings.late_after
    for it in sorted(placed, key=lambda it: it.id):
        if not problem.subjects[it.lesson.subject].hard:
            continue
        late = [p for p in it.periods if problem.periods[p].number > late_after]
        if not late:
            continue
        text = msg(
            "{lesson}, a demanding subject, is late in the day on {day} (periods {periods}; "
            "best by period {limit})",
            lesson=lesson_name(problem, it.lesson),
            day=day_name(problem, it.day),
            periods=periods_list(problem, late),
            limit=late_after,
        )
        weights = problem.settings.weights
        rule = RuleId.HARD_SUBJECT_LATE
        v = soft(rule, weights, len(late), text, lessons=[it.id], day=it.day, period=late[0])
        out.append(v)
    return out


def teacher_day_off(problem: Problem, by_teacher: dict[int, list[Placed]]) -> list[Violation]:
    """TEACHER_DAY_OFF per teacher: each lesson on their preferred free day."""
    out: list[Violation] = []
    for t in sorted(by_teacher):
        teacher = problem.teachers[t]
        if teacher.day_off is None:
            continue
        items = sorted(
            (it for it in by_teacher[t] if it.day == teacher.day_off),
            key=lambda it: (problem.periods[it.start].start, it.id),
        )
        if not items:
            continue
        text = nmsg(
            "Teacher {teacher} has a lesson on {day}, their preferred day off: {lessons}",
            "Teacher {teacher} has {n} lessons on {day}, their preferred day off: {lessons}",
            len(items),
            teacher=teacher.name,
            day=day_name(problem, teacher.day_off),
            lessons=lessons_list(problem, (it.lesson for it in items)),
        )
        ids = [it.id for it in items]
        weights = problem.settings.weights
        rule = RuleId.TEACHER_DAY_OFF
        out.append(soft(rule, weights, len(items), text, lessons=ids, day=teacher.day_off))
    return out


def class_room_changes(problem: Problem, placed: list[Placed]) -> list[Violation]:
    """CLASS_ROOM_CHANGE per class and day: adjacent periods of its shift with whole-class
    lessons in both, in different rooms (both lessons must have a room)."""
    at: dict[tuple[int, int, int], list[Placed]] = {}
    for it in placed:
        for c in set(it.lesson.classes):
            for p in it.periods:
                at.setdefault((c, it.day, p), []).append(it)
    out: list[Violation] = []
    for cls in problem.classes:
        shift = problem.shifts[cls.shift].periods
        for day in range(len(problem.days)):
            moves: list[tuple[int, Placed, Placed]] = []
            for p, q in pairwise(shift):
                pair = _room_move(at.get((cls.id, day, p), []), at.get((cls.id, day, q), []))
                if pair is not None:
                    moves.append((q, *pair))
            if moves:
                out.append(_room_change(problem, cls.id, day, moves))
    return out


def _room_move(before: list[Placed], after: list[Placed]) -> tuple[Placed, Placed] | None:
    """A pair of different lessons, one per period, held in two different rooms."""
    for a in before:
        for b in after:
            if a.id != b.id and None not in (a.room, b.room) and a.room != b.room:
                return a, b
    return None


def _room_change(
    problem: Problem, c: int, day: int, moves: list[tuple[int, Placed, Placed]]
) -> Violation:
    steps = joined(
        f"{problem.rooms[a.room].name} → {problem.rooms[b.room].name}"  # type: ignore[index]
        for _, a, b in moves
    )
    text = nmsg(
        "Class {cls} changes room once on {day}: {steps}",
        "Class {cls} changes room {n} times on {day}: {steps}",
        len(moves),
        cls=problem.classes[c].code,
        day=day_name(problem, day),
        steps=steps,
    )
    ids = sorted({x.id for _, a, b in moves for x in (a, b)})
    weights = problem.settings.weights
    rule = RuleId.CLASS_ROOM_CHANGE
    return soft(rule, weights, len(moves), text, lessons=ids, day=day, period=moves[0][0])
