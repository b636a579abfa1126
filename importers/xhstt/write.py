"""Our timetable as an XHSTT solution, and written as a SolutionGroup file (with the instance,
so that HSEval and our evaluator read it as it is)."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path

from importers.xhstt.evaluate import Evaluation
from importers.xhstt.instance import Instance, SolutionEvent, SolutionResource
from importers.xhstt.instance import Solution as XSolution
from importers.xhstt.mapping import Mapped
from solver.solution import Placement, Solution, Status


def to_xhstt(mapped: Mapped, inst: Instance, solution: Solution) -> XSolution:
    """The XHSTT solution of a timetable of `mapped.problem`.

    A fixed-split event gives one sub-event per lesson; a day-run event one sub-event per
    unbroken run of its lessons on a day. A lesson without a placement becomes a sub-event
    without a time; a chosen room fills the event's open room role.
    """
    placed = {p.lesson: p for p in solution.placements}
    events: list[SolutionEvent] = []
    for e, plan in enumerate(mapped.plans):
        lessons = [i for i, (ev, _) in enumerate(mapped.lesson_event) if ev == e]
        if plan.kind == "days":
            events.extend(_runs(mapped, inst, e, [placed[ls] for ls in lessons if ls in placed]))
            missing = sum(1 for ls in lessons if ls not in placed)
            if missing:
                events.append(SolutionEvent(e, missing))
            continue
        for ls in lessons:
            length = mapped.problem.lessons[ls].length
            p = placed.get(ls)
            if p is None:
                events.append(SolutionEvent(e, length))
                continue
            time = mapped.grid.time_at.get((p.day, p.period))
            events.append(SolutionEvent(e, length, time, _room(mapped, inst, e, p)))
    return XSolution(inst.id, tuple(events))


def _runs(mapped: Mapped, inst: Instance, event: int, ps: list[Placement]) -> list[SolutionEvent]:
    """One sub-event per run of consecutive periods on a day."""
    by_day: dict[int, list[Placement]] = defaultdict(list)
    for p in ps:
        by_day[p.day].append(p)
    out = []
    for day in sorted(by_day):
        run: list[Placement] = []
        for p in sorted(by_day[day], key=lambda x: x.period):
            if run and p.period != run[-1].period + 1:
                out.append(_run_event(mapped, inst, event, run))
                run = []
            run.append(p)
        out.append(_run_event(mapped, inst, event, run))
    return out


def _run_event(mapped: Mapped, inst: Instance, event: int, run: list[Placement]) -> SolutionEvent:
    time = mapped.grid.time_at.get((run[0].day, run[0].period))
    return SolutionEvent(event, len(run), time, _room(mapped, inst, event, run[0]))


def _room(mapped: Mapped, inst: Instance, event: int, p: Placement) -> tuple[SolutionResource, ...]:
    """The chosen room in the event's first open role of a room type, if any."""
    if p.room is None:
        return ()
    resource = mapped.room_resource[p.room]
    for er in inst.events[event].resources:
        if er.resource is None and er.role and er.type == inst.resources[resource].type:
            return (SolutionResource(er.role, resource),)
    return ()


def solution_element(
    inst: Instance, sol: XSolution, report: Evaluation | None = None
) -> ET.Element:
    """The <Solution> element: events by Reference with Duration, Time and Resources."""
    root = ET.Element("Solution", Reference=inst.id)
    events = ET.SubElement(root, "Events")
    for se in sol.events:
        node = ET.SubElement(events, "Event", Reference=inst.events[se.event].id)
        ET.SubElement(node, "Duration").text = str(se.duration or inst.events[se.event].duration)
        if se.time is not None:
            ET.SubElement(node, "Time", Reference=inst.times[se.time].id)
        if se.resources:
            holder = ET.SubElement(node, "Resources")
            for sr in se.resources:
                res = ET.SubElement(holder, "Resource", Reference=inst.resources[sr.resource].id)
                ET.SubElement(res, "Role").text = sr.role
    if report is not None:
        rep = ET.SubElement(root, "Report")
        ET.SubElement(rep, "InfeasibilityValue").text = str(report.infeasibility)
        ET.SubElement(rep, "ObjectiveValue").text = str(report.objective)
    return root


def write_solution_group(
    path: Path,
    inst: Instance,
    sol: XSolution,
    *,
    source: Path | None = None,
    group_id: str = "Sabaq",
    description: str = "Timetable found by Sabaq (CP-SAT)",
    report: Evaluation | None = None,
) -> None:
    """Write an archive holding one SolutionGroup with one Solution.

    Args:
        path: the file to write.
        inst: the instance solved.
        sol: its solution.
        source: the instance's archive file; its Instance element is copied in, so that the
            file stands alone (without it, only the SolutionGroups are written).
        group_id: the SolutionGroup Id.
        description: the MetaData description.
        report: costs to record in a Report element (our evaluator's), if any.
    """
    root = ET.Element("HighSchoolTimetableArchive", Id=f"{inst.id}_{group_id}")
    if source is not None:
        holder = ET.SubElement(root, "Instances")
        for node in ET.parse(source).getroot().iter("Instance"):
            if node.get("Id") == inst.id:
                holder.append(node)
    groups = ET.SubElement(root, "SolutionGroups")
    group = ET.SubElement(groups, "SolutionGroup", Id=group_id)
    meta = ET.SubElement(group, "MetaData")
    ET.SubElement(meta, "Contributor").text = "Sabaq"
    ET.SubElement(meta, "Date").text = dt.date.today().isoformat()
    ET.SubElement(meta, "Description").text = description
    group.append(solution_element(inst, sol, report))
    ET.indent(root, space="\t")
    ET.ElementTree(root).write(path, encoding="utf-8", xml_declaration=True)


def from_xhstt(mapped: Mapped, inst: Instance, sol: XSolution) -> Solution | None:
    """An XHSTT solution as our timetable, when its splits fit our lessons (None otherwise).

    Fixed-split events need sub-events of their lessons' lengths; day-run events take any
    sub-events within a day. Used to price known solutions in our model and to start from
    them.
    """
    subs: dict[int, list[SolutionEvent]] = defaultdict(list)
    for se in sol.events:
        subs[se.event].append(se)
    placements: list[Placement] = []
    for e, plan in enumerate(mapped.plans):
        lessons = [i for i, (ev, _) in enumerate(mapped.lesson_event) if ev == e]
        given = subs.get(e) or [SolutionEvent(e, inst.events[e].duration, inst.events[e].time)]
        cells = _cells(mapped, inst, e, given, plan.kind == "days")
        if cells is None or len(cells) != len(lessons):
            return None
        free = sorted(lessons, key=lambda ls: -mapped.problem.lessons[ls].length)
        for length, day, period, room in sorted(cells, key=lambda c: -c[0]):
            ls = free.pop(0)
            lesson = mapped.problem.lessons[ls]
            if lesson.length != length:
                return None
            if room is None and len(lesson.rooms) == 1:
                room = lesson.rooms[0]  # a preassigned room
            placements.append(Placement(ls, day, period, room))
    return Solution(Status.FEASIBLE, tuple(placements))


def _cells(
    mapped: Mapped, inst: Instance, event: int, given: list[SolutionEvent], units: bool
) -> list[tuple[int, int, int, int | None]] | None:
    """(length, day, period, room) per lesson the sub-events fill; None when one has no
    time or leaves its day."""
    out: list[tuple[int, int, int, int | None]] = []
    for se in given:
        duration = se.duration or inst.events[event].duration
        if se.time is None or se.time not in mapped.grid.slot_of:
            return None
        day, period = mapped.grid.slot_of[se.time]
        if mapped.grid.time_at.get((day, period + duration - 1)) != se.time + duration - 1:
            return None
        role = mapped.room_role.get(event)
        room = next((mapped.people.room[r.resource] for r in se.resources if r.role == role), None)
        if units:
            out.extend((1, day, period + k, room) for k in range(duration))
        else:
            out.append((duration, day, period, room))
    return out
