"""Each proposal in one sentence from the facts it used, and the ranked candidates of a lesson.

Sentences are `models.i18n.Message`s (template + values), so every reader gets their language:
"Асқарова Дана: free in period 3, already teaches 7A English, next to their own lessons; cover
2 this month."
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from models.i18n import N_, Message, message
from models.substitutions import (
    CANCEL,
    CLASS_AWAY,
    COVER,
    MERGE,
    MOVE,
    ROOM_CHANGE,
    STUDY,
)
from substitutions.options import (
    ADJACENT,
    EXTRA_DAY,
    FILLS_GAP,
    NEW_GAP,
    Option,
    options_for,
    step_cost,
)
from substitutions.problem import Choice, CoverProblem, DayLesson, Dropped

_DAY_FIT = {
    FILLS_GAP: N_("fills a free period of their day"),
    ADJACENT: N_("next to their own lessons"),
    NEW_GAP: N_("free periods around it in their day: {gaps}"),
    EXTRA_DAY: N_("no other lessons that day"),
    "": N_("at school that day without lessons of their own"),
}


def period_name(cp: CoverProblem, period: int) -> Message:
    """'period 3', or 'period 3 (shift 2)' in a school with two shifts."""
    number = cp.periods[period].number
    if len(cp.shifts) > 1:
        shift = cp.shifts[cp.periods[period].shift]
        return message(N_("period {number} (shift {shift})"), number=number, shift=shift)
    return message(N_("period {number}"), number=number)


def classes_of(cp: CoverProblem, ls: DayLesson) -> str:
    """The lesson's class codes ("7A, 7B"): names, not a sentence."""
    return ", ".join(cp.classes[c].code for c in ls.classes)


def explain(cp: CoverProblem, chosen: Sequence[Option]) -> list[Message]:
    """The sentence of each chosen option, in the order given (one per affected lesson)."""
    order = cover_order(cp, [o.choice for o in chosen])
    choices = [o.choice for o in chosen]
    out = []
    for o in chosen:
        text = reason(cp, o, order.get(o.choice.affected, 1), choices)
        locked = any(c.affected == o.choice.affected for c in cp.locks)
        out.append(message(N_("Chosen by the deputy: {reason}"), reason=text) if locked else text)
    return out


def cover_order(cp: CoverProblem, choices: Sequence[Choice]) -> dict[int, int]:
    """Affected id -> which new cover of the day it is for its substitute (1, 2, ...)."""
    by: dict[int, list[Choice]] = defaultdict(list)
    for c in choices:
        if c.action in (COVER, STUDY) and c.teacher is not None:
            by[c.teacher].append(c)
    out = {}
    for covers in by.values():
        covers.sort(key=lambda c: cp.periods[cp.lesson_of(c.affected).period].start)
        out.update({c.affected: k for k, c in enumerate(covers, start=1)})
    return out


def reason(cp: CoverProblem, option: Option, k: int, plan: Sequence[Choice] = ()) -> Message:
    """Why this option: the facts it used, in one sentence.

    Args:
        cp: the day.
        option: the option.
        k: which new cover of the day it is for its substitute.
        plan: the whole plan's choices (a cancellation says whether classes start later).
    """
    c = option.choice
    ls = cp.lesson_of(c.affected)
    period = period_name(cp, ls.period)
    if c.action in (COVER, STUDY) and c.teacher is not None:
        text = _cover_reason(cp, option, ls, period, k)
    elif c.action == MERGE and c.partner is not None:
        text = _merge_reason(cp, ls, cp.lessons[c.partner])
    elif c.action == MOVE and c.partner is not None and c.to_period is not None:
        other = cp.lessons[c.partner]
        text = message(
            N_(
                "{teacher} is here in {to}: the lesson moves there, "
                "and {other} with {other_teacher} moves to {period}."
            ),
            teacher=_teachers(cp, ls), to=period_name(cp, c.to_period), other=other.label,
            other_teacher=_teachers(cp, other), period=period,
        )  # fmt: skip
    elif c.action == ROOM_CHANGE and c.room is not None:
        text = _room_reason(cp, ls, c.room, period)
    else:
        text = _cancel_reason(cp, ls, period, plan)
    if c.room is not None and c.action != ROOM_CHANGE:
        room = _room_reason(cp, ls, c.room, period)
        text = message(N_("{first} {second}"), first=text, second=room)
    return text


def _cover_reason(cp: CoverProblem, o: Option, ls: DayLesson, period: Message, k: int) -> Message:
    assert o.choice.teacher is not None
    t = cp.teachers[o.choice.teacher]
    subject = cp.subjects[ls.subject].name
    fit = (
        message(
            N_("already teaches {classes} {subject}"), classes=classes_of(cp, ls), subject=subject
        )
        if o.facts.qualified and o.facts.knows_class
        else message(N_("teaches {subject}"), subject=subject)
        if o.facts.qualified
        else message(N_("does not teach {subject}: supervised study"), subject=subject)
    )
    day = message(_DAY_FIT[o.facts.day_fit], gaps=o.facts.gaps)
    return message(
        N_("{teacher}: free in {period}, {fit}, {day}; {count}."),
        teacher=t.name, period=period, fit=fit, day=day, count=_count(cp, t.id, k),
    )  # fmt: skip


def _count(cp: CoverProblem, teacher: int, k: int) -> Message:
    """'cover 2 this month', and whether it goes beyond the weekly quota or maximum."""
    t, w = cp.teachers[teacher], cp.weights
    n = t.covers_month + k
    if t.covers_week + k > w.quota:
        text = N_("cover {count} this month, beyond the weekly quota of {quota}")
        return message(text, count=n, quota=w.quota)
    if t.max_per_week is not None and t.week_load + t.covers_week + k > t.max_per_week:
        text = N_("cover {count} this month, beyond their {limit} periods a week")
        return message(text, count=n, limit=t.max_per_week)
    return message(N_("cover {count} this month"), count=n)


def _merge_reason(cp: CoverProblem, ls: DayLesson, other: DayLesson) -> Message:
    assert other.room is not None
    room = cp.rooms[other.room]
    return message(
        N_(
            "{group} joins {target} with {teacher} in {room}: "
            "{seats} seats for {students} students."
        ),
        group=ls.label, target=other.label, teacher=_teachers(cp, other), room=room.code,
        seats=room.capacity, students=ls.size + other.size,
    )  # fmt: skip


def _room_reason(cp: CoverProblem, ls: DayLesson, room: int, period: Message) -> Message:
    new = cp.rooms[room]
    closed = cp.rooms[ls.room].code if ls.room is not None else "-"
    return message(
        N_("{closed} is closed in {period}; {room} ({building}) is free."),
        closed=closed, period=period, room=new.code, building=cp.buildings[new.building].name,
    )  # fmt: skip


def _cancel_reason(
    cp: CoverProblem, ls: DayLesson, period: Message, plan: Sequence[Choice]
) -> Message:
    side = cancel_side(cp, ls, plan)
    template = {
        -1: N_("Cancelled: nobody can take it in {period}; {classes} start the day later."),
        1: N_("Cancelled: nobody can take it in {period}; {classes} go home earlier."),
        0: N_("Cancelled: nobody can take it in {period}; {classes} have a free period."),
    }[side]
    return message(template, period=period, classes=classes_of(cp, ls))


def cancel_side(cp: CoverProblem, ls: DayLesson, plan: Sequence[Choice]) -> int:
    """-1 when nothing of its classes takes place before it in the plan, 1 after, 0 neither."""
    gone = {cp.affected[c.affected].lesson for c in plan if c.action == CANCEL}
    start = cp.periods[ls.period].start
    held = [
        o
        for o in cp.lessons
        if o.id not in gone
        and o.id not in cp.dropped_lessons
        and set(o.classes) & set(ls.classes)
        and cp.periods[o.period].start != start
    ]
    if not any(cp.periods[o.period].start < start for o in held):
        return -1
    if not any(cp.periods[o.period].start > start for o in held):
        return 1
    return 0


def _teachers(cp: CoverProblem, ls: DayLesson) -> str:
    return ", ".join(cp.teachers[t].name for t in ls.teachers)


def dropped_reason(cp: CoverProblem, dropped: Dropped) -> Message:
    """Why a lesson does not take place: its class is away, or the day ends earlier."""
    ls = cp.lessons[dropped.lesson]
    if dropped.why == CLASS_AWAY:
        return message(
            N_("{lesson} does not take place: {classes} away ({reason})."),
            lesson=ls.label, classes=classes_of(cp, ls), reason=dropped.reason or "-",
        )  # fmt: skip
    return message(
        N_("{lesson} is cancelled: the school day ends after period {number}."),
        lesson=ls.label, number=dropped.last_period or 0,
    )  # fmt: skip


@dataclass(frozen=True, slots=True)
class Candidate:
    """One possible answer for a lesson, for the deputy to pick: cost, sentence, any clash."""

    choice: Choice
    cost: int  # the option's cost plus what the substitute's next cover adds
    reason: Message
    clash: Message | None = None  # why it clashes with the rest of the current plan


def candidates(cp: CoverProblem, affected: int, plan: Sequence[Choice] = ()) -> list[Candidate]:
    """Every answer for one affected lesson, cheapest first, each with its sentence.

    Args:
        cp: the day.
        affected: the lesson.
        plan: the current plan's choices: an answer clashing with another lesson's is marked.

    Returns:
        Candidates ranked by cost, clashing ones after the others.
    """
    others = [c for c in plan if c.affected != affected]
    order = cover_order(cp, others)
    taken: dict[int, int] = defaultdict(int)
    for c in others:
        if c.teacher is not None and c.action in (COVER, STUDY):
            taken[c.teacher] = max(taken[c.teacher], order.get(c.affected, 0))
    out = []
    for o in options_for(cp, cp.affected[affected]):
        t = o.cover_for
        k = taken[t] + 1 if t is not None else 1
        cost = o.cost + (step_cost(cp, t, k) if t is not None else 0)
        out.append(Candidate(o.choice, cost, reason(cp, o, k, others), _clash(cp, o, others)))
    out.sort(key=lambda c: (c.clash is not None, c.cost))
    return out


def _room(c: Choice, ls: DayLesson) -> int | None:
    return ls.room if c.room is None else c.room


def _clash(cp: CoverProblem, o: Option, others: Sequence[Choice]) -> Message | None:
    """The first lesson of the plan this option cannot stand beside, in words."""
    for c in others:
        if o.cover_for is not None and c.teacher == o.cover_for:
            here = cp.lesson_of(o.choice.affected)
            there = cp.lesson_of(c.affected)
            if cp.overlap(here.period, there.period) or cp.travel_conflict(
                (here.period, cp.building_of(_room(o.choice, here))),
                (there.period, cp.building_of(_room(c, there))),
            ):
                return message(
                    N_("{teacher} already takes {lesson} in {period} in this plan."),
                    teacher=cp.teachers[o.cover_for].name, lesson=there.label,
                    period=period_name(cp, there.period),
                )  # fmt: skip
        same_period = cp.lesson_of(c.affected).period == cp.lesson_of(o.choice.affected).period
        if o.choice.room is not None and c.room == o.choice.room and same_period:
            return message(
                    N_("Room {room} is already given to {lesson} in this plan."),
                    room=cp.rooms[o.choice.room].code, lesson=cp.lesson_of(c.affected).label,
                )  # fmt: skip
    return None
