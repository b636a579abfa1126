"""A FET (.fet, versions 5 and 6) file read into plain records, in FET's own names.

Nothing here interprets FET's rules: `importers.fet.mapping` does. Constraints stay generic
(tag, weight, active, fields) because FET has about 150 kinds of them and most files use a
dozen; the mapping reads the fields of the kinds it knows and counts the rest.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import defusedxml
import defusedxml.ElementTree as SafeET

from importers.loaded import InputError
from solver.messages import Msg, msg


@dataclass(frozen=True, slots=True)
class FetSubgroup:
    name: str
    students: int


@dataclass(frozen=True, slots=True)
class FetGroup:
    name: str
    students: int
    subgroups: tuple[FetSubgroup, ...]


@dataclass(frozen=True, slots=True)
class FetYear:
    name: str
    students: int
    groups: tuple[FetGroup, ...]


@dataclass(frozen=True, slots=True)
class FetRoom:
    name: str
    building: str  # "" when the room is in no building
    capacity: int


@dataclass(frozen=True, slots=True)
class FetActivity:
    id: int
    group_id: int  # Activity_Group_Id: the activities of one split lesson share it (0: none)
    teachers: tuple[str, ...]
    subject: str
    tags: tuple[str, ...]
    students: tuple[str, ...]
    duration: int
    active: bool
    size: int | None  # Number_Of_Students when given, else computed from the students sets


@dataclass(frozen=True, slots=True)
class FetConstraint:
    """One time or space constraint: its XML tag without the "Constraint" prefix, weight in
    percent, and every simple child's text by tag (repeated children in order). Day/hour
    pairs of nested children (Not_Available_Time, Preferred_Time_Slot, Break_Time, ...) are in
    `slots`, as (day name, hour name), with the empty string where FET leaves one out."""

    kind: str
    weight: float
    active: bool
    fields: dict[str, list[str]]
    slots: tuple[tuple[str, str], ...]
    space: bool
    position: int  # 1-based position in its list, for messages

    def one(self, name: str, default: str = "") -> str:
        """The text of the first child called `name` (default when there is none)."""
        values = self.fields.get(name)
        return values[0] if values else default

    def many(self, name: str) -> list[str]:
        """The texts of every child called `name`."""
        return list(self.fields.get(name, []))


@dataclass(frozen=True)
class FetDocument:
    name: str
    version: str
    days: tuple[str, ...]
    hours: tuple[str, ...]
    subjects: tuple[str, ...]
    tags: tuple[str, ...]
    teachers: tuple[str, ...]
    years: tuple[FetYear, ...]
    buildings: tuple[str, ...]
    rooms: tuple[FetRoom, ...]
    activities: tuple[FetActivity, ...]
    constraints: tuple[FetConstraint, ...] = field(default_factory=tuple)


def _text(el: ET.Element | None, default: str = "") -> str:
    if el is None or el.text is None:
        return default
    return el.text.strip()


def _int(text: str, default: int = 0) -> int:
    try:
        return int(float(text))
    except ValueError:
        return default


def _names(root: ET.Element, list_tag: str, item_tag: str) -> tuple[str, ...]:
    box = root.find(list_tag)
    if box is None:
        return ()
    return tuple(_text(it.find("Name")) for it in box.findall(item_tag))


def _students(root: ET.Element) -> tuple[FetYear, ...]:
    box = root.find("Students_List")
    if box is None:
        return ()
    years = []
    for y in box.findall("Year"):
        groups = []
        for g in y.findall("Group"):
            subs = tuple(
                FetSubgroup(_text(s.find("Name")), _int(_text(s.find("Number_of_Students"))))
                for s in g.findall("Subgroup")
            )
            groups.append(
                FetGroup(_text(g.find("Name")), _int(_text(g.find("Number_of_Students"))), subs)
            )
        years.append(
            FetYear(_text(y.find("Name")), _int(_text(y.find("Number_of_Students"))), tuple(groups))
        )
    return tuple(years)


def _activities(root: ET.Element) -> tuple[FetActivity, ...]:
    box = root.find("Activities_List")
    if box is None:
        return ()
    out = []
    for a in box.findall("Activity"):
        size = a.find("Number_Of_Students")
        out.append(
            FetActivity(
                id=_int(_text(a.find("Id")), -1),
                group_id=_int(_text(a.find("Activity_Group_Id"))),
                teachers=tuple(_text(t) for t in a.findall("Teacher")),
                subject=_text(a.find("Subject")),
                tags=tuple(_text(t) for t in a.findall("Activity_Tag")),
                students=tuple(_text(s) for s in a.findall("Students")),
                duration=_int(_text(a.find("Duration")), 1),
                active=_text(a.find("Active"), "true").lower() != "false",
                size=_int(_text(size)) if size is not None else None,
            )
        )
    return tuple(out)


def _constraint(el: ET.Element, space: bool, position: int) -> FetConstraint:
    fields: dict[str, list[str]] = {}
    slots: list[tuple[str, str]] = []
    for child in el:
        if len(child):
            day = child.find("Day")
            if day is None:
                day = child.find("Preferred_Day")
            if day is None:
                day = child.find("Preferred_Starting_Day")
            hour = child.find("Hour")
            if hour is None:
                hour = child.find("Preferred_Hour")
            if hour is None:
                hour = child.find("Preferred_Starting_Hour")
            slots.append((_text(day), _text(hour)))
        else:
            fields.setdefault(child.tag, []).append(_text(child))
    weight = float(fields.get("Weight_Percentage", ["100"])[0] or 100)
    return FetConstraint(
        kind=el.tag.removeprefix("Constraint"),
        weight=weight,
        active=fields.get("Active", ["true"])[0].lower() != "false",
        fields=fields,
        slots=tuple(slots),
        space=space,
        position=position,
    )


def _constraints(root: ET.Element) -> tuple[FetConstraint, ...]:
    out: list[FetConstraint] = []
    for tag, space in (("Time_Constraints_List", False), ("Space_Constraints_List", True)):
        box = root.find(tag)
        if box is not None:
            out.extend(_constraint(el, space, i + 1) for i, el in enumerate(box))
    return tuple(out)


def entities_refused(file: str) -> Msg:
    """The problem of an XML file that declares entities (a billion laughs) or refers outside."""
    return msg("{file}: the file declares XML entities or refers to external files; timetable "
               "files do not, so it is refused", file=file)  # fmt: skip


def read_fet(path: Path) -> FetDocument:
    """Parse a .fet file.

    Raises:
        InputError: when the file is not XML or not a FET file, saying which and where.
    """
    try:
        root = SafeET.parse(path).getroot()  # no entities, no external references
    except defusedxml.DefusedXmlException as exc:
        raise InputError([entities_refused(path.name)]) from exc
    except ET.ParseError as exc:
        line, column = exc.position
        raise InputError(
            [
                msg(
                    "{file} line {line}, column {column}: not well-formed XML ({error})",
                    file=path.name,
                    line=line,
                    column=column,
                    error=str(exc),
                )
            ]
        ) from exc
    if root.tag != "fet":
        raise InputError(
            [msg("{file}: not a FET file (its root is <{tag}>)", file=path.name, tag=root.tag)]
        )
    rooms = root.find("Rooms_List")
    return FetDocument(
        name=_text(root.find("Institution_Name")) or path.stem,
        version=root.get("version", ""),
        days=_names(root, "Days_List", "Day"),
        hours=_names(root, "Hours_List", "Hour"),
        subjects=_names(root, "Subjects_List", "Subject"),
        tags=_names(root, "Activity_Tags_List", "Activity_Tag"),
        teachers=_names(root, "Teachers_List", "Teacher"),
        years=_students(root),
        buildings=_names(root, "Buildings_List", "Building"),
        rooms=tuple(
            FetRoom(
                _text(r.find("Name")),
                _text(r.find("Building")),
                _int(_text(r.find("Capacity")), 10**6),
            )
            for r in (rooms.findall("Room") if rooms is not None else [])
        ),
        activities=_activities(root),
        constraints=_constraints(root),
    )
