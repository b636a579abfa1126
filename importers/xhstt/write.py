"""An XHSTT solution written as a SolutionGroup file that HSEval and our evaluator read."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET

from importers.xhstt.evaluate import Evaluation
from importers.xhstt.instance import Instance
from importers.xhstt.instance import Solution as XSolution


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
        for node in SafeET.parse(source).getroot().iter("Instance"):
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
