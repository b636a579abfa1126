"""Counting rules: teachers' and classes' periods per day and week, and students' free periods.

Free periods inside a student's day are a hard rule, or a soft one when the school allows gaps.
"""

from __future__ import annotations

from solver.messages import nmsg
from solver.problem import Problem
from solver.rules.ids import RuleId
from solver.validation.naming import atoms_name, day_name, days_list, periods_list
from solver.validation.placements import Placed
from solver.validation.types import Violation, hard, soft


def _by_day(items: list[Placed]) -> dict[int, list[Placed]]:
    out: dict[int, list[Placed]] = {}
    for it in items:
        out.setdefault(it.day, []).append(it)
    return out


def _periods(items: list[Placed]) -> int:
    return sum(len(it.periods) for it in items)


def _ids(items: list[Placed]) -> list[int]:
    return sorted({it.id for it in items})


def teacher_limits(problem: Problem, by_teacher: dict[int, list[Placed]]) -> list[Violation]:
    """TEACHER_MAX_PER_DAY, TEACHER_MAX_PER_WEEK and TEACHER_MAX_DAYS; count = the excess."""
    out: list[Violation] = []
    for t in sorted(by_teacher):
        teacher, items = problem.teachers[t], by_teacher[t]
        days = _by_day(items)
        if teacher.max_per_day is not None:
            for day in sorted(days):
                n = _periods(days[day])
                if n > teacher.max_per_day:
                    text = nmsg(
                        "Teacher {teacher} teaches {n} periods on {day}, more than the maximum "
                        "of {limit}",
                        "Teacher {teacher} teaches {n} periods on {day}, more than the maximum "
                        "of {limit}",
                        n,
                        teacher=teacher.name,
                        day=day_name(problem, day),
                        limit=teacher.max_per_day,
                    )
                    rule, excess = RuleId.TEACHER_MAX_PER_DAY, n - teacher.max_per_day
                    out.append(hard(rule, text, count=excess, lessons=_ids(days[day]), day=day))
        n = _periods(items)
        if teacher.max_per_week is not None and n > teacher.max_per_week:
            text = nmsg(
                "Teacher {teacher} teaches {n} periods a week, more than the maximum of {limit}",
                "Teacher {teacher} teaches {n} periods a week, more than the maximum of {limit}",
                n,
                teacher=teacher.name,
                limit=teacher.max_per_week,
            )
            excess = n - teacher.max_per_week
            out.append(hard(RuleId.TEACHER_MAX_PER_WEEK, text, count=excess, lessons=_ids(items)))
        if teacher.max_days is not None and len(days) > teacher.max_days:
            text = nmsg(
                "Teacher {teacher} works on {n} days ({days}), more than the maximum of {limit}",
                "Teacher {teacher} works on {n} days ({days}), more than the maximum of {limit}",
                len(days),
                teacher=teacher.name,
                days=days_list(problem, sorted(days)),
                limit=teacher.max_days,
            )
            excess = len(days) - teacher.max_days
            out.append(hard(RuleId.TEACHER_MAX_DAYS, text, count=excess, lessons=_ids(items)))
    return out


def class_max_per_day(problem: Problem, by_atom: dict[int, list[Placed]]) -> list[Violation]:
    """CLASS_MAX_PER_DAY per class, day and number of periods (students sharing it together)."""
    found: dict[tuple[int, int, int], list[int]] = {}
    lessons: dict[tuple[int, int, int], set[int]] = {}
    for a in sorted(by_atom):
        cls = problem.classes[problem.atoms[a][0]]
        if cls.max_per_day is None:
            continue
        for day, items in _by_day(by_atom[a]).items():
            n = _periods(items)
            if n > cls.max_per_day:
                key = (cls.id, day, n)
                found.setdefault(key, []).append(a)
                lessons.setdefault(key, set()).update(it.id for it in items)
    out: list[Violation] = []
    for key, atoms in sorted(found.items()):
        c, day, n = key
        limit = problem.classes[c].max_per_day
        assert limit is not None
        text = nmsg(
            "Students of {students} have {n} periods on {day}, more than the maximum of {limit}",
            "Students of {students} have {n} periods on {day}, more than the maximum of {limit}",
            n,
            students=atoms_name(problem, atoms),
            day=day_name(problem, day),
            limit=limit,
        )
        rule = RuleId.CLASS_MAX_PER_DAY
        out.append(hard(rule, text, count=n - limit, lessons=sorted(lessons[key]), day=day))
    return out


def _gaps(problem: Problem, atom: int, items: list[Placed]) -> tuple[int, ...]:
    """Periods of the atom's shift strictly between its first and last lesson, with no lesson."""
    shift = problem.shifts[problem.classes[problem.atoms[atom][0]].shift].periods
    busy = {p for it in items for p in it.periods}
    used = [i for i, p in enumerate(shift) if p in busy]
    if not used:
        return ()
    return tuple(shift[i] for i in range(used[0] + 1, used[-1]) if shift[i] not in busy)


def _shared_gaps(
    problem: Problem, by_atom: dict[int, list[Placed]]
) -> list[tuple[tuple[int, tuple[int, ...]], list[int], list[int]]]:
    """((day, gap periods), atoms of one class sharing exactly those gaps, their lessons)."""
    found: dict[tuple[int, int, tuple[int, ...]], list[int]] = {}
    lessons: dict[tuple[int, int, tuple[int, ...]], set[int]] = {}
    for a in sorted(by_atom):
        for day, items in _by_day(by_atom[a]).items():
            gaps = _gaps(problem, a, items)
            if gaps:
                key = (problem.atoms[a][0], day, gaps)
                found.setdefault(key, []).append(a)
                lessons.setdefault(key, set()).update(it.id for it in items)
    out: list[tuple[tuple[int, tuple[int, ...]], list[int], list[int]]] = []
    for key in sorted(found):
        _, day, gaps = key
        out.append(((day, gaps), found[key], sorted(lessons[key])))
    return out


def class_gaps(problem: Problem, by_atom: dict[int, list[Placed]]) -> list[Violation]:
    """Free periods inside a student's day: CLASS_NO_GAPS (hard) or CLASS_GAP (soft).

    Soft units are per student atom, so a gap shared by k atoms counts k times.
    """
    out: list[Violation] = []
    no_gaps = problem.settings.class_no_gaps
    for (day, gaps), atoms, ids in _shared_gaps(problem, by_atom):
        params = {
            "students": atoms_name(problem, atoms),
            "day": day_name(problem, day),
            "periods": periods_list(problem, gaps),
        }
        text = nmsg(
            "Students of {students} have a free period between lessons on {day} (period {periods})",
            "Students of {students} have {n} free periods between lessons on {day} "
            "(periods {periods})",
            len(gaps),
            **params,
        )
        if no_gaps:
            rule = RuleId.CLASS_NO_GAPS
            out.append(hard(rule, text, count=len(gaps), lessons=ids, day=day, period=gaps[0]))
            continue
        if len(atoms) > 1:
            text = nmsg(
                "Students of {students} have a free period between lessons on {day} "
                "(period {periods}), counted for each of {groups} student groups",
                "Students of {students} have {n} free periods between lessons on {day} "
                "(periods {periods}), counted for each of {groups} student groups",
                len(gaps),
                groups=len(atoms),
                **params,
            )
        count = len(gaps) * len(atoms)
        weights = problem.settings.weights
        v = soft(RuleId.CLASS_GAP, weights, count, text, lessons=ids, day=day, period=gaps[0])
        out.append(v)
    return out
