"""Read the Constraints of an XHSTT instance: common fields, points, each type's parameters."""

from __future__ import annotations

from importers.xhstt.instance import Constraint, Instance, Limited
from importers.xhstt.reader import Reading
from importers.xhstt.xmltree import Node
from solver.messages import N_

COST_FUNCTIONS = (
    "Linear",
    "Quadratic",
    "Step",
    "Sum",
    "SumSquares",
    "SquareSum",
    "SumSteps",
    "StepSum",
)
"""XHSTT-2014 cost functions, then the older ITC2011 ones (kept for the older archive files)."""

KINDS = (
    "AssignResource",
    "AssignTime",
    "SplitEvents",
    "DistributeSplitEvents",
    "PreferResources",
    "PreferTimes",
    "AvoidSplitAssignments",
    "SpreadEvents",
    "LinkEvents",
    "OrderEvents",
    "AvoidClashes",
    "AvoidUnavailableTimes",
    "LimitIdleTimes",
    "ClusterBusyTimes",
    "LimitBusyTimes",
    "LimitWorkload",
)
GROUP_KINDS = ("AvoidSplitAssignments", "SpreadEvents", "LinkEvents")
RESOURCE_KINDS = (
    "AvoidClashes",
    "AvoidUnavailableTimes",
    "LimitIdleTimes",
    "ClusterBusyTimes",
    "LimitBusyTimes",
    "LimitWorkload",
)


def read_constraints(r: Reading, node: Node | None, inst: Instance) -> tuple[Constraint, ...]:
    """Every constraint of the instance, in file order (unknown types are kept by name)."""
    if node is None:
        return ()
    out = []
    for c in node.children:
        if not c.tag.endswith("Constraint"):
            r.bad(c, N_("is not a constraint"))
            continue
        out.append(read_constraint(r, c, inst))
    return tuple(out)


def read_constraint(r: Reading, c: Node, inst: Instance) -> Constraint:
    """One constraint element."""
    kind = c.tag.removesuffix("Constraint")
    required = (c.value("Required") or "false").lower() == "true"
    cost_function = c.value("CostFunction") or "Linear"
    if cost_function not in COST_FUNCTIONS:
        r.bad(c, N_("unknown cost function {name}"), name=cost_function)
    applies = c.child("AppliesTo")
    groups = _event_groups(r, applies, inst)
    return Constraint(
        kind=kind,
        id=c.attrs.get("Id", ""),
        name=c.value("Name") or "",
        required=required,
        weight=r.int_of(c, "Weight", 1) or 0,
        cost_function=cost_function,
        resources=_resources(r, applies, inst) if kind in RESOURCE_KINDS else (),
        events=_events(r, applies, inst, groups) if kind not in GROUP_KINDS else (),
        event_groups=tuple(g for _, g in groups) if kind in GROUP_KINDS else (),
        event_group_ids=tuple(i for i, _ in groups) if kind in GROUP_KINDS else (),
        times=frozenset(_times(r, c, inst)),
        time_groups=_time_groups(r, c, inst) if kind != "SpreadEvents" else (),
        limited=_limited(r, c, inst) if kind == "SpreadEvents" else (),
        preferred=frozenset(_resources(r, c, inst)) if kind == "PreferResources" else frozenset(),
        role=c.value("Role") or None,
        duration=r.int_of(c, "Duration"),
        minimum=r.int_of(c, "Minimum"),
        maximum=r.int_of(c, "Maximum"),
        min_duration=r.int_of(c, "MinimumDuration"),
        max_duration=r.int_of(c, "MaximumDuration"),
        min_amount=r.int_of(c, "MinimumAmount"),
        max_amount=r.int_of(c, "MaximumAmount"),
        where=r.where(c),
    )


def _unique(items: list[int]) -> tuple[int, ...]:
    return tuple(dict.fromkeys(items))


def _resources(r: Reading, applies: Node | None, inst: Instance) -> tuple[int, ...]:
    """Resources named directly or through resource groups, first occurrence first."""
    if applies is None:
        return ()
    out = [
        i
        for n in applies.grandchildren("Resources", "Resource")
        if (i := r.ref(n, inst.resource_ids, N_("resource"))) is not None
    ]
    groups = {g.id: g for g in inst.resource_groups}
    for n in applies.grandchildren("ResourceGroups", "ResourceGroup"):
        g = groups.get(n.attrs.get("Reference", ""))
        if g is None:
            r.bad(n, N_("refers to unknown resource group {ref}"), ref=n.attrs.get("Reference"))
            continue
        out.extend(g.resources)
    return _unique(out)


def _event_groups(
    r: Reading, applies: Node | None, inst: Instance
) -> list[tuple[str, tuple[int, ...]]]:
    if applies is None:
        return []
    groups = {g.id: g for g in inst.event_groups}
    out = []
    for n in applies.grandchildren("EventGroups", "EventGroup"):
        g = groups.get(n.attrs.get("Reference", ""))
        if g is None:
            r.bad(n, N_("refers to unknown event group {ref}"), ref=n.attrs.get("Reference"))
            continue
        out.append((g.id, g.events))
    return out


def _events(
    r: Reading, applies: Node | None, inst: Instance, groups: list[tuple[str, tuple[int, ...]]]
) -> tuple[int, ...]:
    """Events named directly or through event groups, first occurrence first."""
    if applies is None:
        return ()
    out = [
        i
        for n in applies.grandchildren("Events", "Event")
        if (i := r.ref(n, inst.event_ids, N_("event"))) is not None
    ]
    for _, events in groups:
        out.extend(events)
    return _unique(out)


def _times(r: Reading, c: Node, inst: Instance) -> list[int]:
    """Times named directly (Times) or through time groups (TimeGroups)."""
    out = [
        i
        for n in c.grandchildren("Times", "Time")
        if (i := r.ref(n, inst.time_ids, N_("time"))) is not None
    ]
    for g in _time_groups(r, c, inst):
        out.extend(g)
    return out


def _time_groups(r: Reading, c: Node, inst: Instance) -> tuple[tuple[int, ...], ...]:
    out = []
    for n in c.grandchildren("TimeGroups", "TimeGroup"):
        g = inst.time_group_ids.get(n.attrs.get("Reference", ""))
        if g is None:
            r.bad(n, N_("refers to unknown time group {ref}"), ref=n.attrs.get("Reference"))
            continue
        out.append(g.times)
    return tuple(out)


def _limited(r: Reading, c: Node, inst: Instance) -> tuple[Limited, ...]:
    out = []
    for n in c.grandchildren("TimeGroups", "TimeGroup"):
        g = inst.time_group_ids.get(n.attrs.get("Reference", ""))
        if g is None:
            r.bad(n, N_("refers to unknown time group {ref}"), ref=n.attrs.get("Reference"))
            continue
        low = r.int_of(n, "Minimum", 0)
        high = r.int_of(n, "Maximum", len(g.times))
        out.append(Limited(frozenset(g.times), low or 0, high if high is not None else 0, g.id))
    return tuple(out)
