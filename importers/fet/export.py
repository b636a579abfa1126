"""Write a .fet file back with every given activity locked to its day, hour and room."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path

import defusedxml.ElementTree as SafeET

from importers.fet.output import LOCK_COMMENT, FetTimes

TIME_LOCK = "ConstraintActivityPreferredStartingTime"
ROOM_LOCK = "ConstraintActivityPreferredRoom"


def export_locked_fet(source: Path, times: FetTimes, out: Path) -> None:
    """Write SOURCE to OUT with every activity of TIMES locked where TIMES puts it.

    Everything in SOURCE is kept (FET reads the result like the original). For each activity id
    in TIMES, a `ConstraintActivityPreferredStartingTime` (100 %, permanently locked, active,
    comment "locked by Sabaq") goes at the end of `Time_Constraints_List`, and, when a room is
    given, a `ConstraintActivityPreferredRoom` (100 %, permanently locked) at the end of
    `Space_Constraints_List` — the elements as FET 5.37 and 6.x spell them, so that
    `fet-cl --inputfile=OUT` confirms the timetable. Activities not in TIMES stay free.

    Two locks of one activity that disagree make a FET file impossible, so every other
    `ConstraintActivityPreferredStartingTime` of an activity in TIMES is made inactive
    (`<Active>false</Active>`), and so is every other `ConstraintActivityPreferredRoom` of an
    activity that TIMES gives a room. Locks an earlier export wrote (comment "locked by Sabaq")
    on those activities are removed instead, so exporting an export does not pile them up.

    Raises:
        ValueError: TIMES names an activity id, day, hour or room that SOURCE does not define
            (every such name listed).
        xml.etree.ElementTree.ParseError: SOURCE is not XML.
    """
    parser = SafeET.DefusedXMLParser(target=ET.TreeBuilder(insert_comments=True))
    tree = SafeET.parse(source, parser=parser)  # entities refused
    root = tree.getroot()
    _check_names(root, times, source)
    time_list = _constraint_list(root, "Time_Constraints_List")
    space_list = _constraint_list(root, "Space_Constraints_List")
    roomed = {aid for aid, (_, _, room) in times.items() if room is not None}
    _retire_old_locks(time_list, TIME_LOCK, set(times))
    _retire_old_locks(space_list, ROOM_LOCK, roomed)
    for aid in sorted(times):
        day, hour, room = times[aid]
        _append(
            time_list, _lock(TIME_LOCK, aid, [("Preferred_Day", day), ("Preferred_Hour", hour)])
        )
        if room is not None:
            _append(space_list, _lock(ROOM_LOCK, aid, [("Room", room)]))
    body = ET.tostring(root, encoding="unicode", short_empty_elements=False)
    out.write_text(f'<?xml version="1.0" encoding="UTF-8"?>\n\n{body}\n', encoding="utf-8")


def _names(root: ET.Element, list_tag: str, item_tag: str) -> set[str]:
    found = root.find(list_tag)
    if found is None:
        return set()
    return {item.findtext("Name") or "" for item in found.findall(item_tag)}


def _check_names(root: ET.Element, times: FetTimes, source: Path) -> None:
    activities = root.find("Activities_List")
    ids = set() if activities is None else {_id(a) for a in activities.findall("Activity")}
    days = _names(root, "Days_List", "Day")
    hours = _names(root, "Hours_List", "Hour")
    rooms = _names(root, "Rooms_List", "Room")
    problems: list[str] = []
    for aid, (day, hour, room) in sorted(times.items()):
        if aid not in ids:
            problems.append(f"activity {aid} is not in the file")
        if day not in days:
            problems.append(f"activity {aid}: no day named {day!r}")
        if hour not in hours:
            problems.append(f"activity {aid}: no hour named {hour!r}")
        if room is not None and room not in rooms:
            problems.append(f"activity {aid}: no room named {room!r}")
    if problems:
        raise ValueError(f"{source}: " + "; ".join(problems))


def _id(element: ET.Element) -> int:
    return int((element.findtext("Activity_Id") or element.findtext("Id") or "-1").strip())


def _constraint_list(root: ET.Element, tag: str) -> ET.Element:
    found = root.find(tag)
    if found is None:  # FET always writes both lists; an empty file may lack one
        found = ET.SubElement(root, tag)
        found.text = "\n"
        found.tail = "\n"
    return found


def _retire_old_locks(constraints: ET.Element, tag: str, locked: set[int]) -> None:
    for c in list(constraints.findall(tag)):
        if _id(c) not in locked:
            continue
        if (c.findtext("Comments") or "") == LOCK_COMMENT:
            _remove(constraints, c)
            continue
        active = c.find("Active")
        if active is None:  # older files omit it; insert before Comments, where FET puts it
            active = ET.Element("Active")
            active.tail = "\n\t"
            comments = c.find("Comments")
            c.insert(len(c) if comments is None else list(c).index(comments), active)
        active.text = "false"


def _remove(parent: ET.Element, child: ET.Element) -> None:
    """Remove CHILD, keeping the layout: its predecessor takes over its tail."""
    children = list(parent)
    index = children.index(child)
    if index > 0:
        children[index - 1].tail = child.tail
    else:
        parent.text = child.tail
    parent.remove(child)


def _lock(tag: str, aid: int, fields: Iterable[tuple[str, str]]) -> ET.Element:
    lock = ET.Element(tag)
    values = [
        ("Weight_Percentage", "100"),
        ("Activity_Id", str(aid)),
        *fields,
        ("Permanently_Locked", "true"),
        ("Active", "true"),
        ("Comments", LOCK_COMMENT),
    ]
    lock.text = "\n\t"
    for i, (name, value) in enumerate(values):
        sub = ET.SubElement(lock, name)
        sub.text = value
        sub.tail = "\n" if i == len(values) - 1 else "\n\t"
    return lock


def _append(parent: ET.Element, element: ET.Element) -> None:
    """Append ELEMENT as FET lays lists out: one element per line, no indent."""
    children = list(parent)
    if children:
        element.tail = children[-1].tail
        children[-1].tail = "\n"
    else:
        element.tail = parent.text or "\n"
        parent.text = "\n"
    parent.append(element)
