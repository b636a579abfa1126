"""XHSTT event and event-group constraints as our conditions.

See `importers.xhstt.plans` for how events become lessons.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable

from importers.xhstt.frame import Frame
from importers.xhstt.instance import Constraint
from solver.conditions import Limit, Measure, PreferRooms, SameStart, Spread, StartsIn
from solver.messages import N_


def split_events(f: Frame, c: Constraint) -> None:
    """Fixed splits carry their cost in the plan's offset; day runs get their shape:
    at most `MaximumDuration` periods a day, unbroken, at least `MinimumDuration` on a day
    used, and the number of days (sub-events) within the amount bounds."""
    for e in c.events:
        if f.plans[e].kind != "days":
            continue
        who = f.run_atom(e)
        duration = f.inst.events[e].duration
        label = f.label(c)
        high = c.max_duration or duration
        low = c.min_duration or 1
        rows: list[tuple[Measure, int]] = [("max_per_day", high), ("max_gaps_day", 0)]
        if low > 1:
            rows.append(("min_per_day", low))
        if c.min_amount is not None and c.min_amount > 1:
            rows.append(("min_days", c.min_amount))
        if c.max_amount is not None and c.max_amount < duration:
            rows.append(("max_days", c.max_amount))
        for measure, value in rows:
            f.conditions.append(Limit(who, measure, value, label=label))


def distribute_split_events(f: Frame, c: Constraint) -> None:
    """On day runs of pieces of 1 or 2 periods, doubles = duration - days used, so "at least
    m doubles" is "at most duration - m days" and "at most M doubles" is "at least
    duration - M days", each unit of deviation one unit of the Limit."""
    for e in c.events:
        if f.plans[e].kind != "days":
            continue
        who = f.run_atom(e)
        duration = f.inst.events[e].duration
        weight = f.weight(c)
        if c.minimum:
            value = duration - c.minimum
            if value < 0:  # never enough doubles: the shortfall below 0 days is constant
                _add_offset(f, c, -value)
                value = 0
            f.conditions.append(Limit(who, "max_days", value, weight=weight, label=f.label(c)))
        if c.maximum is not None and duration - c.maximum > 0:
            f.conditions.append(
                Limit(
                    who,
                    "min_days",
                    duration - c.maximum,
                    weight=weight,
                    label=f.label(c),
                )
            )


def _add_offset(f: Frame, c: Constraint, deviation: int) -> None:
    if c.required:
        f.hard_offset += c.weight * deviation
    else:
        f.offset += c.weight * deviation


def prefer_times(f: Frame, c: Constraint) -> None:
    """Lessons (of the given duration) start at a preferred time; a soft miss costs the
    weight times the lesson's length, as XHSTT counts the sub-event's duration. Day runs:
    the preferred times are whole days (checked by the plan), so each period outside costs
    the weight; a duration-2 preference that allows every in-day start is implied."""
    f.check_linear(c)
    slots = f.grid.slots(c.times)
    by_length: dict[int, list[int]] = defaultdict(list)
    units: list[int] = []
    for e in c.events:
        if f.plans[e].kind == "days":
            if c.duration is None:
                units.extend(f.lessons_of[e])
            continue
        for ls in f.lessons_of[e]:
            if c.duration is None or f.length_of[ls] == c.duration:
                by_length[f.length_of[ls]].append(ls)
    label = f.label(c)
    for length, lessons in sorted(by_length.items()):
        f.conditions.append(
            StartsIn(tuple(lessons), slots, whole=False, weight=f.weight(c, length), label=label)
        )
    if units:
        f.conditions.append(
            StartsIn(tuple(units), slots, whole=True, weight=f.weight(c), label=label)
        )


def spread_events(f: Frame, c: Constraint) -> None:
    """Per event group, lessons starting in each time group within its bounds (one Spread
    per distinct pair of bounds). The one-a-day spread of a day-run event is its run shape."""
    f.check_linear(c)
    bounds: dict[tuple[int, int], list[frozenset[tuple[int, int]]]] = defaultdict(list)
    for tg in c.limited:
        bounds[(tg.minimum, tg.maximum)].append(f.grid.slots(tg.times))
    for events in c.event_groups:
        if len(events) == 1 and f.plans[events[0]].kind == "days":
            continue
        lessons = tuple(f.lessons(events))
        if not lessons:
            continue
        for (least, most), groups in bounds.items():
            if least == 0 and len(lessons) <= most:
                continue  # can never be broken
            f.conditions.append(
                Spread(lessons, tuple(groups), least, most, weight=f.weight(c), label=f.label(c))
            )


def link_events(f: Frame, c: Constraint) -> None:
    """Linked events start their i-th lessons together (when their splits match). XHSTT
    counts the times at which some but not all are running; a soft link is counted here per
    lesson out of step, weighted by its length."""
    if not c.required:
        f.approx(c, N_("counted per lesson out of step, not per time"))
    for events in c.event_groups:
        lengths = {f.plans[e].lengths for e in events}
        if any(f.plans[e].kind == "days" for e in events) or len(lengths) != 1:
            f.not_supported(c, N_("the linked events are split differently"))
            return
        for i, length in enumerate(next(iter(lengths))):
            lessons = tuple(f.lessons_of[e][i] for e in events)
            if len(lessons) > 1:
                f.conditions.append(
                    SameStart(lessons, "slot", weight=f.weight(c, length), label=f.label(c))
                )


def assign_resource(f: Frame, c: Constraint) -> None:
    """An open room must be given: the lessons filling that room (`importers.xhstt.rooms`)
    need one of its type (narrowed by hard PreferResources). Preassigned roles cost nothing;
    open teacher or class roles are not supported (our lessons have fixed people)."""
    for e in c.events:
        slot = f.inst.events[e].role(c.role or "")
        if slot is None or f.inst.events[e].resources[slot].resource is not None:
            continue
        rtype = f.inst.events[e].resources[slot].type or ""
        if f.people.kinds.get(rtype) != "room":
            f.not_supported(c, N_("assigning a resource of type {type}"), type=rtype)
            return
        rooms = frozenset(
            f.people.room[r] for r, res in enumerate(f.inst.resources) if res.type == rtype
        )
        f.room_slot(c, e, rooms)


def prefer_resources(f: Frame, c: Constraint) -> None:
    """Preassigned roles cost a constant; an open room role is narrowed (hard) or becomes a
    PreferRooms condition weighted by lesson length (soft)."""
    f.check_linear(c)
    by_length: dict[int, list[int]] = defaultdict(list)
    wanted = frozenset(f.people.room[r] for r in c.preferred if r in f.people.room)
    for e in c.events:
        event = f.inst.events[e]
        slot = event.role(c.role or "")
        if slot is None:
            continue
        res = event.resources[slot].resource
        if res is not None:
            if res not in c.preferred:
                _add_offset(f, c, event.duration if f.linear(c) else event.duration**2)
            continue
        if f.people.kinds.get(event.resources[slot].type or "") != "room":
            f.not_supported(c, N_("preferring teachers or classes for open roles"))
            return
        if c.required:
            f.room_slot(c, e, wanted)
            continue
        for ls in f.role_lessons(e, c.role):
            by_length[f.length_of[ls]].append(ls)
    for length, lessons in sorted(by_length.items()):
        f.conditions.append(
            PreferRooms(tuple(lessons), wanted, weight=f.weight(c, length), label=f.label(c))
        )


def avoid_split_assignments(f: Frame, c: Constraint) -> None:
    """Constant when every event of the group has the role preassigned; otherwise not
    supported (we choose a room per lesson, not per course)."""
    for events in c.event_groups:
        used: set[int] = set()
        for e in events:
            slot = f.inst.events[e].role(c.role or "")
            if slot is None:
                continue
            res = f.inst.events[e].resources[slot].resource
            if res is None:
                f.not_supported(c, N_("one resource for all events of a group is not enforced"))
                return
            used.add(res)
        dev = max(0, len(used) - 1)
        _add_offset(f, c, dev if f.linear(c) else dev * dev)


EVENT_RULES: dict[str, Callable[[Frame, Constraint], None]] = {
    "AssignTime": lambda f, c: None,  # every lesson is placed, so its cost is always 0
    "SplitEvents": split_events,
    "DistributeSplitEvents": distribute_split_events,
    "PreferTimes": prefer_times,
    "SpreadEvents": spread_events,
    "LinkEvents": link_events,
    "AssignResource": assign_resource,
    "PreferResources": prefer_resources,
    "AvoidSplitAssignments": avoid_split_assignments,
}
