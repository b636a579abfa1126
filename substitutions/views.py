"""A day read from the store as the board shows it: counts, clashes and every cover in words."""

from __future__ import annotations

from models.substitutions import CANCEL, Cover
from substitutions.plan import CoverPlanResult
from substitutions.problem import Choice, DayLesson
from substitutions.schemas import CoverView, DayPlan
from substitutions.store import Day, reason_of, role_of
from substitutions.validate import UNANSWERED, summarize, validate


def current_choices(d: Day) -> list[Choice]:
    """The stored answers that still fit the day: the locked ones and the others."""
    return [*d.problem.locks, *d.problem.previous]


def day_view(d: Day, result: CoverPlanResult | None) -> DayPlan:
    """The day with its stored covers; with a fresh engine result, that result's counts.

    An engine result without a plan (locks that clash, no time) is reported with its messages
    and the stored covers as they were.
    """
    cp = d.problem
    solved = result is not None and result.complete
    choices = list(result.choices) if result is not None and solved else current_choices(d)
    violations = validate(cp, choices)
    counts = summarize(violations)
    cancelled = sum(1 for c in choices if c.action == CANCEL)
    plan = d.plan
    return DayPlan(
        day=cp.day,
        plan_id=None if plan is None else plan.id,
        status="" if plan is None else plan.status,
        revision=0 if plan is None else plan.revision,
        solve_status="" if result is None else result.status.value,
        lessons_affected=len(cp.affected),
        covered=len(cp.affected) - cancelled - counts[UNANSWERED],
        uncovered=cancelled + counts[UNANSWERED],
        dropped=len(cp.dropped),
        double_bookings=counts["double_bookings"],
        violations=tuple(v.message for v in violations if v.kind != UNANSWERED),
        seconds=0.0 if result is None else result.seconds,
        covers=tuple(_view(d, c) for c in d.covers),
        messages=() if result is None else result.messages,
    )


def lesson_of_cover(d: Day, c: Cover) -> DayLesson | None:
    """The day's lesson-period a stored cover is about (None if the timetable lost it)."""
    key = d.ids.lesson_key.get(c.lesson_id, "")
    cp = d.problem
    return next(
        (
            ls
            for ls in cp.lessons
            if ls.key == key and ls.unit == c.unit and cp.slot_of(ls.period) == (c.shift, c.period)
        ),
        None,
    )


def _view(d: Day, c: Cover) -> CoverView:
    cp, ids = d.problem, d.ids
    ls = lesson_of_cover(d, c)
    names = {t.code: t.name for t in cp.teachers}

    def teacher(row_id: int | None) -> str | None:
        if row_id is None:
            return None
        code = ids.teacher_code.get(row_id, "")
        return names.get(code, code)

    partner_key = None if c.merged_with is None else ids.lesson_key.get(c.merged_with)
    partner = next((o.label for o in cp.lessons if o.key == partner_key), partner_key)
    return CoverView(
        id=c.id or 0,
        role=role_of(c),
        lesson_key=ids.lesson_key.get(c.lesson_id, ""),
        label=ls.label if ls else ids.lesson_key.get(c.lesson_id, ""),
        classes=tuple(cp.classes[k].code for k in ls.classes) if ls else (),
        shift=c.shift,
        period=c.period,
        action=c.action,
        absent_teacher=teacher(c.absent_teacher_id),
        substitute=teacher(c.substitute_id),
        substitute_code=None if c.substitute_id is None else ids.teacher_code.get(c.substitute_id),
        room=None if c.room_id is None else ids.room_code.get(c.room_id),
        to_period=c.to_period,
        partner=partner,
        reason=reason_of(c),
        locked=c.locked,
        published_revision=c.published_revision,
        acknowledged_at=c.acknowledged_at,
    )
