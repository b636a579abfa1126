"""Soft preferences: SAME_SUBJECT_DAY, HARD_SUBJECT_LATE and TEACHER_DAY_OFF."""

from __future__ import annotations

from collections import defaultdict

from solver.rules.context import Ctx
from solver.rules.ids import RuleId


def add_same_subject_day(ctx: Ctx) -> None:
    """SAME_SUBJECT_DAY: units of one course beyond the first on a day.

    Count per course = units - days used, with `used[d]` the exact OR of the day's units.

    Args:
        ctx: the model under construction.
    """
    p = ctx.problem
    weight = p.settings.weights.same_subject_day
    courses: dict[int, list[int]] = defaultdict(list)
    for unit in ctx.v.units:
        courses[unit.rep.course].append(unit.id)
    for course, units in courses.items():
        count = sum(len(ctx.v.units[u].lessons) for u in units)
        if count < 2 or not weight:
            continue
        used = []
        for d in range(len(p.days)):
            cells = [c.var for u in units for c in ctx.v.cells[u] if c.day == d]
            if cells:
                u = ctx.model.new_bool_var(f"course{course}_day{d}")
                ctx.model.add_max_equality(u, cells)
                used.append(u)
        name = f"same subject twice a day: {ctx.v.units[units[0]].rep.label}"
        ctx.penalize(RuleId.SAME_SUBJECT_DAY, name, count - sum(used), weight, units)


def add_hard_subject_late(ctx: Ctx) -> None:
    """HARD_SUBJECT_LATE: periods of hard subjects numbered above `late_after`.

    Args:
        ctx: the model under construction.
    """
    p = ctx.problem
    weight = p.settings.weights.hard_subject_late
    for unit in ctx.v.units:
        lesson = unit.rep
        if not p.subjects[lesson.subject].hard:
            continue
        terms = []
        for c in ctx.v.cells[unit.id]:
            late = sum(1 for q in c.periods if p.periods[q].number > p.settings.late_after)
            if late:
                terms.append(late * c.var)
        if terms:
            name = f"late: {lesson.label}"
            ctx.penalize(RuleId.HARD_SUBJECT_LATE, name, sum(terms), weight, [unit.id])


def add_teacher_day_off(ctx: Ctx) -> None:
    """TEACHER_DAY_OFF: lessons a teacher has on their preferred free day.

    Args:
        ctx: the model under construction.
    """
    p = ctx.problem
    weight = p.settings.weights.teacher_day_off
    for t, lessons in ctx.v.by_teacher.items():
        day = p.teachers[t].day_off
        if day is None:
            continue
        cells = [c.var for ls in lessons for c in ctx.v.cells[ls] if c.day == day]
        if cells:
            name = f"day off: {p.teachers[t].name}"
            ctx.penalize(RuleId.TEACHER_DAY_OFF, name, sum(cells), weight, lessons)
