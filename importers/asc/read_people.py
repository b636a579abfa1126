"""Subjects, teachers, buildings, classrooms, classes, groups and students of an aSc file.

Codes: a row's `partner_id` (the id another system gave it, and what `export_asc` writes our
codes into) when it has one, else aSc's own `id`, which `%CHRID` exports keep stable from one
export to the next. Classes are the exception: a class is known by its name ("7А").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace

from importers.asc.document import Document
from importers.asc.xmltree import Node
from models.snapshot import (
    BuildingInfo,
    ClassInfo,
    RoomInfo,
    StudentInfo,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
)
from solver.messages import N_, msg

UNLIMITED_SEATS = 9999
"""Capacity of a classroom whose aSc capacity is '*' (not limited)."""
DEFAULT_BUILDING = "MAIN"
"""Code of the building that holds classrooms aSc puts in no building."""


@dataclass
class People:
    """What was read, keyed by aSc id (dicts keep the file's order)."""

    subjects: dict[str, SubjectInfo] = field(default_factory=dict)
    teachers: dict[str, TeacherInfo] = field(default_factory=dict)
    buildings: dict[str, BuildingInfo] = field(default_factory=dict)
    rooms: dict[str, RoomInfo] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    groups: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # class, subgroup
    subgroups: list[SubgroupInfo] = field(default_factory=list)
    students: list[StudentInfo] = field(default_factory=list)
    sized: set[str] = field(default_factory=set)  # classes whose size the file states


def unique_rows(doc: Document, rows: list[Node], what: str) -> dict[str, Node]:
    """Rows by id; a row without an id or with an id seen before is an error.

    `what` names a row in sentences: a msgid (`N_`).
    """
    out: dict[str, Node] = {}
    for row in rows:
        rid = row.get("id")
        if not rid:
            doc.error(row, N_("{what} has no id"), what=msg(what))
        elif rid in out:
            doc.error(
                row,
                N_("{what} id '{id}' is used twice (first at line {first})"),
                what=msg(what),
                id=rid,
                first=out[rid].line,
            )
        else:
            out[rid] = row
    return out


def codes(rows: dict[str, Node]) -> dict[str, str]:
    """aSc id -> our code: the partner id when it is unique, else the aSc id."""
    wanted = {rid: row.get("partner_id") or rid for rid, row in rows.items()}
    counts = Counter(wanted.values())
    out = {rid: code if counts[code] == 1 else rid for rid, code in wanted.items()}
    return out if len(set(out.values())) == len(out) else {rid: rid for rid in rows}


def _name(row: Node) -> str:
    full = " ".join(x for x in (row.get("firstname"), row.get("lastname")) if x)
    return row.get("name") or full or row.get("short") or row.get("id")


def read_people(doc: Document) -> People:
    """Everything except lessons and cards; unknown references are errors."""
    people = People()
    rows = unique_rows(doc, doc.table("subjects"), N_("subject"))
    for rid, code in codes(rows).items():
        people.subjects[rid] = SubjectInfo(code, _name(rows[rid]))
    rows = unique_rows(doc, doc.table("teachers"), N_("teacher"))
    for rid, code in codes(rows).items():
        row = rows[rid]
        people.teachers[rid] = TeacherInfo(
            code, _name(row), email=row.get("email"), phone=row.get("mobile")
        )
    rows = unique_rows(doc, doc.table("buildings"), N_("building"))
    for rid, code in codes(rows).items():
        people.buildings[rid] = BuildingInfo(code, _name(rows[rid]))
    _read_rooms(doc, people)
    _read_classes(doc, people)
    _read_groups(doc, people)
    _read_students(doc, people)
    return people


def _read_rooms(doc: Document, people: People) -> None:
    rows = unique_rows(doc, doc.table("classrooms"), N_("classroom"))
    for rid, code in codes(rows).items():
        row = rows[rid]
        capacity = row.get("capacity")
        seats = UNLIMITED_SEATS if capacity in ("", "*") else doc.integer(row, "capacity")
        building = row.get("buildingid")
        if building in ("", "*"):
            if DEFAULT_BUILDING not in {b.code for b in people.buildings.values()}:
                people.buildings[""] = BuildingInfo(DEFAULT_BUILDING, "")
            home = DEFAULT_BUILDING
        elif building in people.buildings:
            home = people.buildings[building].code
        else:
            doc.error(
                row,
                N_("classroom '{room}' names unknown building '{ref}'"),
                room=_name(row),
                ref=building,
            )
            continue
        people.rooms[rid] = RoomInfo(code, _name(row), home, seats or 0)


def _grade(row: Node) -> int:
    text = row.get("grade")
    if text.isdigit():
        return int(text)
    found = re.match(r"\d+", row.get("name") or row.get("short"))
    return int(found.group()) if found else 0


def _read_classes(doc: Document, people: People) -> None:
    rows = unique_rows(doc, doc.table("classes"), N_("class"))
    wanted = {rid: row.get("name") or row.get("short") or rid for rid, row in rows.items()}
    counts = Counter(wanted.values())
    several_homes = []
    for rid, row in rows.items():
        code = wanted[rid]
        if counts[code] > 1:
            doc.warn(
                N_("two classes are named '{name}'; one is read as '{code}'"),
                name=code,
                code=f"{code} ({rid})",
            )
            code = f"{code} ({rid})"
        homes = doc.ids(row, "classroomids")
        for ref in homes:
            if ref not in people.rooms:
                doc.error(
                    row, N_("class '{klass}' names unknown classroom '{ref}'"), klass=code, ref=ref
                )
        known = [people.rooms[r].code for r in homes if r in people.rooms]
        if len(known) > 1:
            several_homes.append(code)
        people.classes[rid] = ClassInfo(
            code, _grade(row), "1", 0, known[0] if known else None,
            class_teacher=_class_teacher(doc, people, row, code),
        )  # fmt: skip
    if several_homes:
        doc.warn(
            N_("classes {classes} have several home classrooms; only the first is kept"),
            classes=", ".join(several_homes),
        )


def _class_teacher(doc: Document, people: People, row: Node, code: str) -> str | None:
    """The class's class teacher (aSc's teacherid) as a teacher code; None when not given."""
    ref = row.get("teacherid")
    if not ref:
        return None
    teacher = people.teachers.get(ref)
    if teacher is None:
        doc.error(row, N_("class '{klass}' names unknown class teacher '{ref}'"), klass=code,
                  ref=ref)  # fmt: skip
        return None
    return teacher.code


def _count(doc: Document, row: Node) -> int | None:
    """A group's studentcount when given, else how many students it lists."""
    if row.get("studentcount"):
        return doc.integer(row, "studentcount", default=0)
    listed = doc.ids(row, "studentids")
    return len(listed) if listed else None


def _read_groups(doc: Document, people: People) -> None:
    rows = unique_rows(doc, doc.table("groups"), N_("group"))
    found: list[tuple[str, Node, str, int, str]] = []  # aSc id, row, class code, tag, name
    sizes: dict[str, int] = {}
    for rid, row in rows.items():
        klass = people.classes.get(row.get("classid"))
        if klass is None:
            doc.error(
                row,
                N_("group '{group}' names unknown class '{ref}'"),
                group=_name(row),
                ref=row.get("classid"),
            )
            continue
        if row.get("entireclass") == "1":
            people.groups[rid] = (klass.code, None)
            size = _count(doc, row)
            if size is not None:
                sizes[klass.code] = size
            continue
        tag = doc.integer(row, "divisiontag", default=0) or 0
        found.append((rid, row, klass.code, tag, _name(row)))
    divisions = _division_names(found)
    taken: set[tuple[str, str]] = set()
    for rid, row, klass_code, tag, name in found:
        code = name if (klass_code, name) not in taken else f"{name} ({rid})"
        taken.add((klass_code, code))
        people.groups[rid] = (klass_code, code)
        division = divisions[(klass_code, tag)]
        people.subgroups.append(SubgroupInfo(klass_code, division, code, _count(doc, row) or 0))
    for rid, c in people.classes.items():
        if c.code in sizes:
            people.classes[rid] = replace(c, size=sizes[c.code])
            people.sized.add(c.code)


def _division_names(found: list[tuple[str, Node, str, int, str]]) -> dict[tuple[str, int], str]:
    """Each (class, divisiontag) -> a division name.

    `export_asc` writes group ids as "class:division:group", so our own division names come
    back; aSc has no names for divisions, and then the tag ("1", "2") names it.
    """
    named: dict[tuple[str, int], set[str]] = {}
    for asc_id, _row, klass, tag, name in found:
        rid = asc_id.replace("%2C", ",").replace("%25", "%")  # as `export_asc` escapes ids
        prefix, suffix = f"{klass}:", f":{name}"
        ours = rid.startswith(prefix) and rid.endswith(suffix) and len(rid) > len(prefix + suffix)
        named.setdefault((klass, tag), set()).add(
            rid[len(prefix) : -len(suffix)] if ours else str(tag)
        )
    out = {key: next(iter(names)) for key, names in named.items()}
    for klass in {k for k, _ in named}:
        mine = [key for key in named if key[0] == klass]
        names = [out[key] for key in mine]
        if any(len(named[key]) > 1 for key in mine) or len(set(names)) < len(names):
            out.update({key: str(key[1]) for key in mine})
    return out


def _read_students(doc: Document, people: People) -> None:
    rows = unique_rows(doc, doc.table("students"), N_("student"))
    member: dict[str, list[tuple[str, str]]] = {}
    groups = {g.get("id"): g for g in doc.table("groups")}
    divisions = {(g.class_code, g.code): g.division for g in people.subgroups}
    for gid, (class_code, sub) in people.groups.items():
        if sub is None:
            continue
        for sid in doc.ids(groups[gid], "studentids"):
            if sid not in rows:
                doc.error(
                    groups[gid],
                    N_("group '{group}' names unknown student '{ref}'"),
                    group=sub,
                    ref=sid,
                )
            member.setdefault(sid, []).append((divisions[(class_code, sub)], sub))
    sizes: Counter[str] = Counter()
    for rid, code in codes(rows).items():
        row = rows[rid]
        klass = people.classes.get(row.get("classid"))
        if klass is None:
            doc.error(
                row,
                N_("student '{student}' names unknown class '{ref}'"),
                student=_name(row),
                ref=row.get("classid"),
            )
            continue
        sizes[klass.code] += 1
        people.students.append(
            StudentInfo(code, _name(row), klass.code, tuple(member.get(rid, [])))
        )
    for rid, c in people.classes.items():
        if c.code not in people.sized and sizes[c.code]:
            people.classes[rid] = replace(c, size=sizes[c.code])
