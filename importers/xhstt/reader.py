"""Read an XHSTT archive file into `importers.xhstt.instance` data, every problem listed."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from importers.xhstt.instance import (
    Archive,
    Event,
    EventGroup,
    EventResource,
    Instance,
    Report,
    Resource,
    ResourceGroup,
    Solution,
    SolutionEvent,
    SolutionGroup,
    SolutionResource,
    Time,
    TimeGroup,
    Where,
)
from importers.xhstt.xmltree import Node, XhsttError, parse_file
from solver.messages import N_, Msg, msg


class Reading:
    """The file being read and the problems found so far."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Msg] = []

    def where(self, node: Node) -> Where:
        return Where(self.file, node.line)

    def bad(self, node: Node, template: str, **params: Any) -> None:
        """Record a problem at `node`: "file:line: <Element>: sentence" (`template`: `N_`)."""
        self.problems.append(
            msg(
                "{where}: <{element}>: {problem}",
                where=str(self.where(node)),
                element=node.tag,
                problem=msg(template, **params),
            )
        )

    def int_of(self, node: Node, tag: str, default: int | None = None) -> int | None:
        """The integer text of child `tag` (default when absent; a problem when not a number)."""
        text = node.value(tag)
        if text is None or text == "":
            return default
        try:
            return int(text)
        except ValueError:
            self.bad(node, N_("{tag} is not a whole number: {text}"), tag=tag, text=text)
            return default

    def ref(self, node: Node | None, ids: dict[str, int], what: str) -> int | None:
        """The index an element's Reference attribute points to (a problem when unknown).

        `what` names the kind of element referred to: a msgid (`N_`).
        """
        if node is None:
            return None
        key = node.attrs.get("Reference")
        if key is None:
            self.bad(node, N_("has no Reference attribute"))
            return None
        if key not in ids:
            self.bad(node, N_("refers to unknown {what} {ref}"), what=msg(what), ref=key)
            return None
        return ids[key]


def archive_from_file(path: Path, known: Sequence[Instance] = ()) -> Archive:
    """Read an archive file; its solutions may refer to `known` instances of another file.

    Raises:
        XhsttError: every problem found, each naming file, line and element.
    """
    root = parse_file(path)
    r = Reading(str(path))
    if root.tag != "HighSchoolTimetableArchive":
        r.bad(root, N_("the root element is not HighSchoolTimetableArchive"))
        raise XhsttError(r.problems)
    instances = tuple(
        read_instance(r, node) for node in root.grandchildren("Instances", "Instance")
    )
    by_id = {i.id: i for i in (*known, *instances)}
    groups = tuple(
        read_solution_group(r, node, by_id)
        for node in root.grandchildren("SolutionGroups", "SolutionGroup")
    )
    if r.problems:
        raise XhsttError(r.problems)
    return Archive(root.attrs.get("Id", ""), instances, groups, str(path))


def read_instance(r: Reading, node: Node) -> Instance:
    """One Instance element (constraints read by `importers.xhstt.reader_constraints`)."""
    from importers.xhstt.reader_constraints import read_constraints

    meta = node.child("MetaData")
    name = (meta.value("Name") if meta is not None else None) or node.attrs.get("Id", "")
    times, time_groups = read_times(r, node.child("Times"))
    types, resource_groups, resources = read_resources(r, node.child("Resources"))
    inst = Instance(
        id=node.attrs.get("Id", ""),
        name=name,
        times=times,
        time_groups=time_groups,
        resource_types=types,
        resource_groups=resource_groups,
        resources=resources,
        events=(),
        event_groups=(),
        constraints=(),
        where=r.where(node),
    )
    events, event_groups = read_events(r, node.child("Events"), inst)
    inst = _replace(inst, events=events, event_groups=event_groups)
    constraints = read_constraints(r, node.child("Constraints"), inst)
    return _replace(inst, constraints=constraints)


def _replace(inst: Instance, **changes: Any) -> Instance:
    from dataclasses import replace

    return replace(inst, **changes)


def _groups_decl(node: Node | None, kinds: tuple[str, ...]) -> list[Node]:
    if node is None:
        return []
    return [c for c in node.children if c.tag in kinds]


def read_times(r: Reading, node: Node | None) -> tuple[tuple[Time, ...], tuple[TimeGroup, ...]]:
    """Times in file order and the time groups (Week, Day, TimeGroup) with their members."""
    if node is None:
        return (), ()
    decls = _groups_decl(node.child("TimeGroups"), ("Week", "Day", "TimeGroup"))
    known = {d.attrs.get("Id", ""): d for d in decls}
    members: dict[str, list[int]] = defaultdict(list)
    times: list[Time] = []
    for i, t in enumerate(node.all("Time")):
        tags: dict[str, str | None] = {"Day": None, "Week": None}
        for kind in ("Day", "Week"):
            ref = t.child(kind)
            if ref is not None:
                gid = ref.attrs.get("Reference", "")
                if gid not in known:
                    r.bad(ref, N_("refers to unknown time group {ref}"), ref=gid)
                    continue
                tags[kind] = gid
                members[gid].append(i)
        for ref in t.grandchildren("TimeGroups", "TimeGroup"):
            gid = ref.attrs.get("Reference", "")
            if gid not in known:
                r.bad(ref, N_("refers to unknown time group {ref}"), ref=gid)
                continue
            members[gid].append(i)
        times.append(Time(t.attrs.get("Id", ""), t.value("Name") or "", tags["Day"], tags["Week"]))
    groups = tuple(
        TimeGroup(gid, d.value("Name") or gid, d.tag, tuple(sorted(set(members[gid]))))
        for gid, d in known.items()
    )
    return tuple(times), groups


def read_resources(
    r: Reading, node: Node | None
) -> tuple[tuple[tuple[str, str], ...], tuple[ResourceGroup, ...], tuple[Resource, ...]]:
    """Resource types, resource groups (with members) and resources, in file order."""
    if node is None:
        return (), (), ()
    types = tuple(
        (t.attrs.get("Id", ""), t.value("Name") or "")
        for t in node.grandchildren("ResourceTypes", "ResourceType")
    )
    type_ids = {t[0]: i for i, t in enumerate(types)}
    decls = list(node.grandchildren("ResourceGroups", "ResourceGroup"))
    group_type = {}
    for d in decls:
        ref = r.ref(d.child("ResourceType"), type_ids, N_("resource type"))
        group_type[d.attrs.get("Id", "")] = types[ref][0] if ref is not None else ""
    members: dict[str, list[int]] = defaultdict(list)
    resources: list[Resource] = []
    for i, n in enumerate(node.all("Resource")):
        ref = r.ref(n.child("ResourceType"), type_ids, N_("resource type"))
        if n.child("ResourceType") is None:
            r.bad(n, N_("has no ResourceType"))
        for g in n.grandchildren("ResourceGroups", "ResourceGroup"):
            gid = g.attrs.get("Reference", "")
            if gid not in group_type:
                r.bad(g, N_("refers to unknown resource group {ref}"), ref=gid)
                continue
            members[gid].append(i)
        rtype = types[ref][0] if ref is not None else ""
        resources.append(Resource(n.attrs.get("Id", ""), n.value("Name") or "", rtype))
    groups = tuple(
        ResourceGroup(
            d.attrs.get("Id", ""),
            d.value("Name") or "",
            group_type[d.attrs.get("Id", "")],
            tuple(sorted(set(members[d.attrs.get("Id", "")]))),
        )
        for d in decls
    )
    return types, groups, tuple(resources)


def read_events(
    r: Reading, node: Node | None, inst: Instance
) -> tuple[tuple[Event, ...], tuple[EventGroup, ...]]:
    """Events in file order and the event groups (Course, EventGroup) with their members."""
    if node is None:
        return (), ()
    decls = _groups_decl(node.child("EventGroups"), ("Course", "EventGroup"))
    known = {d.attrs.get("Id", ""): d for d in decls}
    members: dict[str, list[int]] = defaultdict(list)
    events: list[Event] = []
    for i, n in enumerate(node.all("Event")):
        refs = [n.child("Course")] if n.child("Course") is not None else []
        refs += list(n.grandchildren("EventGroups", "EventGroup"))
        course = None
        for ref in refs:
            assert ref is not None
            gid = ref.attrs.get("Reference", "")
            if gid not in known:
                r.bad(ref, N_("refers to unknown event group {ref}"), ref=gid)
                continue
            members[gid].append(i)
            if ref.tag == "Course":
                course = gid
        events.append(_event(r, n, inst, course))
    groups = tuple(
        EventGroup(gid, d.value("Name") or gid, d.tag, tuple(sorted(set(members[gid]))))
        for gid, d in known.items()
    )
    return tuple(events), groups


def _event(r: Reading, n: Node, inst: Instance, course: str | None) -> Event:
    """One Event element: duration, preassigned time, event resources (and the resources of
    its resource groups, preassigned)."""
    duration = r.int_of(n, "Duration")
    if duration is None or duration < 1:
        r.bad(n, N_("needs a Duration of at least 1"))
        duration = 1
    time = r.ref(n.child("Time"), inst.time_ids, N_("time"))
    ers = [_event_resource(r, x, inst) for x in n.grandchildren("Resources", "Resource")]
    rgroups = {g.id: g for g in inst.resource_groups}
    for g in n.grandchildren("ResourceGroups", "ResourceGroup"):
        group = rgroups.get(g.attrs.get("Reference", ""))
        if group is None:
            r.bad(g, N_("refers to unknown resource group {ref}"), ref=g.attrs.get("Reference"))
            continue
        ers.extend(EventResource(res, None, group.type) for res in group.resources)
    return Event(
        n.attrs.get("Id", ""),
        n.value("Name") or "",
        duration,
        tuple(ers),
        time,
        r.int_of(n, "Workload"),
        course,
    )


def _event_resource(r: Reading, n: Node, inst: Instance) -> EventResource:
    res = r.ref(n, inst.resource_ids, N_("resource")) if "Reference" in n.attrs else None
    role = n.value("Role") or None
    type_node = n.child("ResourceType")
    rtype = type_node.attrs.get("Reference") if type_node is not None else None
    if res is not None and rtype is None:
        rtype = inst.resources[res].type
    named = "Reference" in n.attrs  # an unknown Reference is reported by `ref`
    if not named and role is None:
        r.bad(n, N_("has neither a Reference nor a Role"))
    if not named and rtype is None:
        r.bad(n, N_("an unassigned event resource needs a ResourceType"))
    return EventResource(res, role, rtype, r.int_of(n, "Workload"))


def read_solution_group(r: Reading, node: Node, instances: dict[str, Instance]) -> SolutionGroup:
    """One SolutionGroup with its solutions (events by Reference, times, resources, report)."""
    meta = node.child("MetaData")
    solutions = []
    for s in node.all("Solution"):
        inst = instances.get(s.attrs.get("Reference", ""))
        if inst is None:
            r.bad(s, N_("refers to unknown instance {ref}"), ref=s.attrs.get("Reference"))
            continue
        events = tuple(_solution_event(r, e, inst) for e in s.grandchildren("Events", "Event"))
        solutions.append(
            Solution(
                inst.id,
                tuple(e for e in events if e is not None),
                _report(r, s),
                s.value("Description") or "",
            )
        )
    return SolutionGroup(
        node.attrs.get("Id", ""),
        (meta.value("Contributor") or "") if meta is not None else "",
        (meta.value("Date") or "") if meta is not None else "",
        (meta.value("Description") or "") if meta is not None else "",
        tuple(solutions),
    )


def _solution_event(r: Reading, n: Node, inst: Instance) -> SolutionEvent | None:
    event = r.ref(n, inst.event_ids, N_("event"))
    if event is None:
        return None
    time = r.ref(n.child("Time"), inst.time_ids, N_("time"))
    resources = []
    for x in n.grandchildren("Resources", "Resource"):
        res = r.ref(x, inst.resource_ids, N_("resource"))
        role = x.value("Role")
        if not role:
            r.bad(x, N_("a solution resource needs a Role"))
        elif inst.events[event].role(role) is None:
            r.bad(
                x,
                N_("event {event} has no resource with role {role}"),
                event=inst.events[event].id,
                role=role,
            )
        elif res is not None:
            resources.append(SolutionResource(role, res))
    return SolutionEvent(event, r.int_of(n, "Duration"), time, tuple(resources), r.where(n))


def _report(r: Reading, node: Node) -> Report | None:
    rep = node.child("Report")
    if rep is None:
        return None
    infeasibility = r.int_of(rep, "InfeasibilityValue", 0)
    objective = r.int_of(rep, "ObjectiveValue", 0)
    return Report(infeasibility or 0, objective or 0)
