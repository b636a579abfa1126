"""Deviations of each XHSTT constraint type at each of its points of application.

Each function returns (point Id, parts) for every point: `parts` are the deviations the
XHSTT specification defines there. The 2014 cost functions (Linear, Quadratic, Step) apply to
their sum; the older ITC2011 ones (SumSquares, SumSteps) to the parts one by one, which is
why the per-time-group parts of LimitBusyTimes and SpreadEvents and the per-time parts of
AvoidClashes are kept apart.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

from importers.xhstt.instance import Constraint, Instance
from importers.xhstt.view import Sub, View

Points = list[tuple[str, list[int]]]


def _outside(n: int, low: int | None, high: int | None) -> int:
    """How far `n` lies below `low` or above `high` (0 inside; a missing bound is no bound)."""
    if low is not None and n < low:
        return low - n
    if high is not None and n > high:
        return n - high
    return 0


def _event_subs(view: View, c: Constraint) -> Iterable[tuple[str, list[Sub]]]:
    for e in c.events:
        yield view.instance.events[e].id, view.subs[e]


# ---- event constraints --------------------------------------------------------------------


def assign_time(view: View, c: Constraint) -> Points:
    """Total duration of the event's sub-events that have no time."""
    return [
        (eid, [sum(s.duration for s in subs if s.start is None)])
        for eid, subs in _event_subs(view, c)
    ]


def prefer_times(view: View, c: Constraint) -> Points:
    """Total duration of sub-events (of the given duration, if any) assigned a time outside
    the preferred times; unassigned sub-events do not count."""
    out = []
    for eid, subs in _event_subs(view, c):
        dev = sum(
            s.duration
            for s in subs
            if s.start is not None
            and s.start not in c.times
            and (c.duration is None or s.duration == c.duration)
        )
        out.append((eid, [dev]))
    return out


def split_events(view: View, c: Constraint) -> Points:
    """Sub-events shorter or longer than allowed, plus how far their number lies outside
    [MinimumAmount, MaximumAmount]."""
    out = []
    for eid, subs in _event_subs(view, c):
        bad = sum(1 for s in subs if _outside(s.duration, c.min_duration, c.max_duration))
        out.append((eid, [bad + _outside(len(subs), c.min_amount, c.max_amount)]))
    return out


def distribute_split_events(view: View, c: Constraint) -> Points:
    """How far the number of sub-events of exactly `Duration` lies outside [Minimum, Maximum]."""
    return [
        (eid, [_outside(sum(1 for s in subs if s.duration == c.duration), c.minimum, c.maximum)])
        for eid, subs in _event_subs(view, c)
    ]


def _role_subs(view: View, c: Constraint) -> Iterable[tuple[str, list[tuple[Sub, int]]]]:
    """Per event of the constraint that has an event resource with its Role: (sub, slot)."""
    for e in c.events:
        slot = view.instance.events[e].role(c.role or "")
        if slot is not None:
            yield view.instance.events[e].id, [(s, slot) for s in view.subs[e]]


def assign_resource(view: View, c: Constraint) -> Points:
    """Total duration of sub-events whose resource of the Role is not assigned."""
    return [
        (eid, [sum(s.duration for s, i in pairs if s.resources[i] is None)])
        for eid, pairs in _role_subs(view, c)
    ]


def prefer_resources(view: View, c: Constraint) -> Points:
    """Total duration of sub-events whose resource of the Role is assigned outside the
    preferred resources."""
    out = []
    for eid, pairs in _role_subs(view, c):
        dev = sum(
            s.duration
            for s, i in pairs
            if s.resources[i] is not None and s.resources[i] not in c.preferred
        )
        out.append((eid, [dev]))
    return out


# ---- event group constraints --------------------------------------------------------------


def avoid_split_assignments(view: View, c: Constraint) -> Points:
    """Distinct resources assigned to the Role over the group's sub-events, minus one."""
    out = []
    for gid, events in zip(c.event_group_ids, c.event_groups, strict=True):
        used: set[int] = set()
        for e in events:
            slot = view.instance.events[e].role(c.role or "")
            if slot is None:
                continue
            used.update(r for s in view.subs[e] if (r := s.resources[slot]) is not None)
        out.append((gid, [max(0, len(used) - 1)]))
    return out


def spread_events(view: View, c: Constraint) -> Points:
    """Per time group: how far the number of the group's sub-events starting in it lies
    outside that time group's [Minimum, Maximum]."""
    out = []
    for gid, events in zip(c.event_group_ids, c.event_groups, strict=True):
        starts = [s.start for e in events for s in view.subs[e] if s.start is not None]
        parts = [
            _outside(sum(1 for t in starts if t in tg.times), tg.minimum, tg.maximum)
            for tg in c.limited
        ]
        out.append((gid, parts))
    return out


def link_events(view: View, c: Constraint) -> Points:
    """Times at which some but not all of the group's events are running."""
    limit = len(view.instance.times)
    out = []
    for gid, events in zip(c.event_group_ids, c.event_groups, strict=True):
        running: dict[int, int] = {}
        for e in events:
            for t in {t for s in view.subs[e] for t in s.times(limit)}:
                running[t] = running.get(t, 0) + 1
        out.append((gid, [sum(1 for n in running.values() if n != len(events))]))
    return out


# ---- resource constraints -----------------------------------------------------------------


def _resource_points(view: View, c: Constraint, parts: Callable[[int], list[int]]) -> Points:
    return [(view.instance.resources[r].id, parts(r)) for r in c.resources]


def avoid_clashes(view: View, c: Constraint) -> Points:
    """Per time: the number of sub-events holding the resource then, minus one."""
    return _resource_points(
        view, c, lambda r: [n - 1 for _, n in sorted(view.busy.get(r, {}).items()) if n > 1]
    )


def avoid_unavailable_times(view: View, c: Constraint) -> Points:
    """The number of the given times at which the resource is busy."""
    return _resource_points(view, c, lambda r: [len(view.busy_times(r) & c.times)])


def idle_in(group: tuple[int, ...], busy: set[int]) -> int:
    """Times of a (compact) time group between its first and last busy time that are free."""
    hits = [i for i, t in enumerate(group) if t in busy]
    if len(hits) < 2:
        return 0
    return (hits[-1] - hits[0] + 1) - len(hits)


def limit_idle_times(view: View, c: Constraint) -> Points:
    """How far the total number of idle times over the time groups lies outside
    [Minimum, Maximum]."""

    def parts(r: int) -> list[int]:
        busy = view.busy_times(r)
        idle = sum(idle_in(tuple(sorted(g)), busy) for g in c.time_groups)
        return [_outside(idle, c.minimum, c.maximum)]

    return _resource_points(view, c, parts)


def cluster_busy_times(view: View, c: Constraint) -> Points:
    """How far the number of time groups in which the resource is busy lies outside
    [Minimum, Maximum]."""

    def parts(r: int) -> list[int]:
        busy = view.busy_times(r)
        active = sum(1 for g in c.time_groups if busy.intersection(g))
        return [_outside(active, c.minimum, c.maximum)]

    return _resource_points(view, c, parts)


def limit_busy_times(view: View, c: Constraint) -> Points:
    """Per time group in which the resource is busy at all: how far its number of busy times
    lies outside [Minimum, Maximum]."""

    def parts(r: int) -> list[int]:
        busy = view.busy_times(r)
        counts = [len(busy.intersection(g)) for g in c.time_groups]
        return [_outside(n, c.minimum, c.maximum) if n else 0 for n in counts]

    return _resource_points(view, c, parts)


def workload_of(inst: Instance, sub: Sub, slot: int) -> float:
    """The workload a sub-event gives the resource in its event resource `slot`: the event
    resource's Workload (else the event's, else its duration) in proportion to the
    sub-event's share of the event's duration."""
    event = inst.events[sub.event]
    er = event.resources[slot]
    full = er.workload if er.workload is not None else event.workload
    full = event.duration if full is None else full
    return full * sub.duration / event.duration


def limit_workload(view: View, c: Constraint) -> Points:
    """How far the resource's total workload lies outside [Minimum, Maximum], rounded up
    (with HSEval's tolerance of 0.001 for fractional workloads)."""

    def parts(r: int) -> list[int]:
        load = sum(workload_of(view.instance, s, i) for s, i in view.assignments.get(r, []))
        if c.minimum is not None and load < c.minimum - 0.001:
            return [math.ceil(c.minimum - 0.001 - load)]
        if c.maximum is not None and load > c.maximum + 0.001:
            return [math.ceil(load - c.maximum - 0.001)]
        return [0]

    return _resource_points(view, c, parts)


MONITORS: dict[str, Callable[[View, Constraint], Points]] = {
    "AssignTime": assign_time,
    "PreferTimes": prefer_times,
    "SplitEvents": split_events,
    "DistributeSplitEvents": distribute_split_events,
    "AssignResource": assign_resource,
    "PreferResources": prefer_resources,
    "AvoidSplitAssignments": avoid_split_assignments,
    "SpreadEvents": spread_events,
    "LinkEvents": link_events,
    "AvoidClashes": avoid_clashes,
    "AvoidUnavailableTimes": avoid_unavailable_times,
    "LimitIdleTimes": limit_idle_times,
    "ClusterBusyTimes": cluster_busy_times,
    "LimitBusyTimes": limit_busy_times,
    "LimitWorkload": limit_workload,
}
"""Constraint kind -> its deviation function (OrderEvents is not evaluated)."""
