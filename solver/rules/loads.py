"""Load limits: periods per day and week, working days (TEACHER_MAX_*, CLASS_MAX_PER_DAY)."""

from __future__ import annotations

from ortools.sat.python import cp_model

from solver.rules.context import Ctx
from solver.rules.gaps import atom_days
from solver.rules.ids import RuleId
from solver.variables import Cell


def _periods(ctx: Ctx, lessons: list[int], day: int | None) -> list[Cell]:
    return [c for ls in lessons for c in ctx.v.cells[ls] if day is None or c.day == day]


def _cap(ctx: Ctx, cells: list[Cell], bound: int, rule: RuleId, row: int) -> None:
    if sum(len(c.periods) for c in cells) <= bound:
        return
    ct = ctx.model.add(sum(len(c.periods) * c.var for c in cells) <= bound)
    ct.only_enforce_if(ctx.guard(rule, row))


def add_teacher_loads(ctx: Ctx) -> None:
    """TEACHER_MAX_PER_DAY, TEACHER_MAX_PER_WEEK and TEACHER_MAX_DAYS.

    Args:
        ctx: the model under construction.
    """
    days = range(len(ctx.problem.days))
    for t, lessons in ctx.v.by_teacher.items():
        teacher = ctx.problem.teachers[t]
        if teacher.max_per_day is not None:
            for d in days:
                _cap(
                    ctx,
                    _periods(ctx, lessons, d),
                    teacher.max_per_day,
                    RuleId.TEACHER_MAX_PER_DAY,
                    t,
                )
        if teacher.max_per_week is not None:
            _cap(
                ctx,
                _periods(ctx, lessons, None),
                teacher.max_per_week,
                RuleId.TEACHER_MAX_PER_WEEK,
                t,
            )
        if teacher.max_days is not None and teacher.max_days < len(days):
            works = [works_on(ctx, t, d) for d in days]
            ct = ctx.model.add(sum(w for w in works if w is not None) <= teacher.max_days)
            ct.only_enforce_if(ctx.guard(RuleId.TEACHER_MAX_DAYS, t))


def works_on(ctx: Ctx, teacher: int, day: int) -> cp_model.IntVar | None:
    """A literal true exactly when `teacher` has a lesson on `day` (None when impossible)."""
    key = ("works", teacher, day)
    cells = _periods(ctx, ctx.v.by_teacher.get(teacher, []), day)
    if key in ctx.v.memo:
        return ctx.v.memo[key]
    if not cells:
        ctx.v.memo[key] = None
        return None
    w = ctx.model.new_bool_var(f"works{teacher}_{day}")
    ctx.model.add_max_equality(w, [c.var for c in cells])
    ctx.v.memo[key] = w
    return w


def add_class_max_per_day(ctx: Ctx) -> None:
    """CLASS_MAX_PER_DAY: per student atom, at most the class's maximum periods a day.

    Counted over the same per-period "busy" literals the no-gaps rule uses, not over the
    cells: the two rules then propagate into each other (a full day closes the last period),
    which made the demo school's first timetable an order of magnitude faster to find.

    Args:
        ctx: the model under construction.
    """
    for klass, _day, _atoms, lits in atom_days(ctx):
        most = ctx.problem.classes[klass].max_per_day
        busy = [x for x in lits if x is not None]
        if most is None or len(busy) <= most:
            continue
        ct = ctx.model.add(sum(busy) <= most)
        ct.only_enforce_if(ctx.guard(RuleId.CLASS_MAX_PER_DAY, klass))
