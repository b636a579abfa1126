"""XHSTT resource constraints as our fields (unavailable periods) and `Limit` conditions."""

from __future__ import annotations

import math
from collections.abc import Callable

from importers.xhstt.frame import Frame
from importers.xhstt.instance import Constraint
from importers.xhstt.plans import _whole_days
from solver.conditions import Limit, Measure, StartsIn
from solver.messages import N_


def avoid_clashes(f: Frame, c: Constraint) -> None:
    """Our teachers, classes and rooms never clash; a hard constraint is exactly that, a soft
    one is approximated by it."""
    if c.required:
        f.clash_free.update(c.resources)
    else:
        f.approx(c, N_("clashes are forbidden outright"))


def avoid_unavailable_times(f: Frame, c: Constraint) -> None:
    """Hard: the times become unavailable periods. Soft: each of the resource's lessons that
    touches them costs the weight (exact for one-period lessons)."""
    slots = f.grid.slots(c.times)
    if c.required:
        for r in c.resources:
            f.unavailable[r].update(slots)
        return
    f.check_linear(c)
    free = f.grid.all_slots() - slots
    approximated = False
    for r in c.resources:  # one condition per resource: each counts its own busy times
        lessons = tuple(sorted(set(f.resource_lessons(r))))
        if not lessons:
            continue
        if not approximated and any(f.length_of[ls] > 1 for ls in lessons):
            f.approx(c, N_("a longer lesson touching the times costs its weight once"))
            approximated = True
        f.conditions.append(
            StartsIn(lessons, free, whole=True, weight=f.weight(c), label=f.label(c))
        )


def _days_only(f: Frame, c: Constraint) -> bool:
    """True when the time groups are exactly the days; otherwise counts it as unsupported."""
    if _whole_days([frozenset(g) for g in c.time_groups], f.grid.days):
        return True
    f.not_supported(c, N_("its time groups are not the days of the week"))
    return False


def _limits(f: Frame, c: Constraint, rows: list[tuple[Measure, int]]) -> None:
    """One Limit per resource and row; rooms cannot carry one."""
    for r in c.resources:
        who = f.people.who(r)
        if who is None:
            f.not_supported(c, N_("limits on rooms"))
            return
        for measure, value in rows:
            f.conditions.append(Limit(who, measure, value, weight=f.weight(c), label=f.label(c)))


def limit_idle_times(f: Frame, c: Constraint) -> None:
    """Idle times over the days -> gaps a week (a day, when the maximum is 0)."""
    if not _days_only(f, c):
        return
    if c.minimum:
        f.not_supported(c, N_("a minimum of idle times"))
        return
    f.check_linear(c)
    value = c.maximum or 0
    _limits(f, c, [("max_gaps_day" if value == 0 else "max_gaps_week", value)])


def cluster_busy_times(f: Frame, c: Constraint) -> None:
    """Busy days within [Minimum, Maximum] -> at most / at least so many days."""
    _within(f, c, len(f.grid.days), "max_days", "min_days")


def limit_busy_times(f: Frame, c: Constraint) -> None:
    """Busy times on each busy day within [Minimum, Maximum] -> periods a day."""
    _within(f, c, len(f.grid.periods), "max_per_day", "min_per_day")


def _within(f: Frame, c: Constraint, top: int, most: Measure, least: Measure) -> None:
    """Limits for [Minimum, Maximum] over whole days (a maximum of `top` or more is none)."""
    if not _days_only(f, c):
        return
    f.check_linear(c)
    rows: list[tuple[Measure, int]] = []
    if c.maximum is not None and c.maximum < top:
        rows.append((most, c.maximum))
    if c.minimum:
        rows.append((least, c.minimum))
    _limits(f, c, rows)


def limit_workload(f: Frame, c: Constraint) -> None:
    """Constant when the resource is preassigned wherever it appears (its workload is then
    fixed); otherwise not supported."""
    for r in c.resources:
        load = 0.0
        for event in f.inst.events:
            for er in event.resources:
                if er.resource != r:
                    continue
                full = er.workload if er.workload is not None else event.workload
                load += event.duration if full is None else full
        if any(
            er.resource is None and er.type == f.inst.resources[r].type
            for event in f.inst.events
            for er in event.resources
        ):
            f.not_supported(c, N_("workloads of resources left to assign"))
            return
        dev = 0
        if c.minimum is not None and load < c.minimum - 0.001:
            dev = math.ceil(c.minimum - 0.001 - load)
        elif c.maximum is not None and load > c.maximum + 0.001:
            dev = math.ceil(load - c.maximum - 0.001)
        cost = c.weight * (dev if f.linear(c) else dev * dev)
        if c.required:
            f.hard_offset += cost
        else:
            f.offset += cost


RESOURCE_RULES: dict[str, Callable[[Frame, Constraint], None]] = {
    "AvoidClashes": avoid_clashes,
    "AvoidUnavailableTimes": avoid_unavailable_times,
    "LimitIdleTimes": limit_idle_times,
    "ClusterBusyTimes": cluster_busy_times,
    "LimitBusyTimes": limit_busy_times,
    "LimitWorkload": limit_workload,
}
