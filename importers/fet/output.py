"""Read a FET timetable: fet-cl's `<name>_activities.xml`, or the locks in a `.fet` file."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET

FetTimes = dict[int, tuple[str, str, str | None]]
"""FET activity id -> (day name, hour name, room name or None), strings exactly as in the file."""

LOCK_COMMENT = "locked by Sabaq"


def read_fet_times(path: Path) -> FetTimes:
    """The timetable in PATH, by its root element.

    - `<Activities_Timetable>` (fet-cl's `timetables/<name>/<name>_activities.xml`): every
      activity with a day and an hour; an empty `<Room>` means no room.
    - `<fet>` (a `.fet` file, e.g. fet-cl's `<name>_data_and_timetable.fet` or a file written by
      `export_locked_fet`): the active, 100 % `ConstraintActivityPreferredStartingTime` that
      give both a day and an hour, with the room of an active, 100 %
      `ConstraintActivityPreferredRoom` of the same activity when there is one.

    Raises:
        ValueError: PATH is neither, or a `.fet` locks one activity to two different times or
            rooms.
        xml.etree.ElementTree.ParseError: PATH is not XML.
        defusedxml.DefusedXmlException: PATH declares entities (a ValueError too).
    """
    root = SafeET.parse(path).getroot()  # entities refused (a ValueError)
    if root.tag == "Activities_Timetable":
        return _read_activities_timetable(root)
    if root.tag == "fet":
        return _read_locks(root, path)
    raise ValueError(f"{path}: not a FET timetable (root element <{root.tag}>)")


def _text(element: ET.Element, tag: str) -> str:
    return element.findtext(tag) or ""


def _read_activities_timetable(root: ET.Element) -> FetTimes:
    times: FetTimes = {}
    for activity in root.iter("Activity"):
        day, hour = _text(activity, "Day"), _text(activity, "Hour")
        if not day or not hour:
            continue  # a partial timetable leaves unplaced activities without a time
        room = _text(activity, "Room") or None
        times[int(_text(activity, "Id"))] = (day, hour, room)
    return times


def _hard_and_active(constraint: ET.Element) -> bool:
    active = _text(constraint, "Active").strip() != "false"  # FET's default is active
    weight = float(_text(constraint, "Weight_Percentage") or "100")
    return active and weight >= 100.0


def _read_locks(root: ET.Element, path: Path) -> FetTimes:
    starts: dict[int, tuple[str, str]] = {}
    rooms: dict[int, str] = {}
    for c in root.iter("ConstraintActivityPreferredStartingTime"):
        day, hour = _text(c, "Preferred_Day"), _text(c, "Preferred_Hour")
        if not _hard_and_active(c) or not day or not hour:
            continue
        aid = int(_text(c, "Activity_Id"))
        if starts.setdefault(aid, (day, hour)) != (day, hour):
            raise ValueError(f"{path}: activity {aid} is locked to two different times")
    for c in root.iter("ConstraintActivityPreferredRoom"):
        room = _text(c, "Room")
        if not _hard_and_active(c) or not room:
            continue
        aid = int(_text(c, "Activity_Id"))
        if rooms.setdefault(aid, room) != room:
            raise ValueError(f"{path}: activity {aid} is locked to two different rooms")
    return {aid: (day, hour, rooms.get(aid)) for aid, (day, hour) in starts.items()}
