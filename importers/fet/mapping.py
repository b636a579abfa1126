"""A FET document as our Problem: days x hours, students sets, rooms, activities as lessons.

FET's grid has no clock times; each hour becomes a 45-minute period starting on the hour, all
in one shift, and buildings are 0 minutes apart (FET's building rules count changes and free
hours, which `importers.fet.rules` maps onto conditions). Our own school rules (no gaps for
classes, teacher gaps, ...) are switched off, so that only the file's constraints count.

Students: a FET year is a class; its groups and subgroups are our groups, and the finest sets
(subgroups, or groups without subgroups, or years without groups) are given explicitly as
`Problem.explicit_atoms`, because FET's categories need not form a product of divisions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.fet.document import FetActivity, FetDocument
from solver.problem import (
    Building,
    Group,
    Lesson,
    Period,
    Problem,
    Room,
    SchoolClass,
    Shift,
    Subject,
    Teacher,
)
from solver.weights import NO_SCHOOL_RULES

FIRST_HOUR = 8 * 60
PERIOD_MINUTES = 45


@dataclass
class Index:
    """Name -> id lookups for one document, and the structures built so far."""

    doc: FetDocument
    days: dict[str, int] = field(default_factory=dict)
    hours: dict[str, int] = field(default_factory=dict)
    subjects: dict[str, int] = field(default_factory=dict)
    teachers: dict[str, int] = field(default_factory=dict)
    rooms: dict[str, int] = field(default_factory=dict)
    classes: list[SchoolClass] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    atoms: list[tuple[int, tuple[int, ...]]] = field(default_factory=list)
    sets: dict[str, tuple[str, int]] = field(default_factory=dict)  # name -> ("year"|"group", id)
    set_atoms: dict[str, tuple[int, ...]] = field(default_factory=dict)
    set_size: dict[str, int] = field(default_factory=dict)
    lesson_of: dict[int, int] = field(default_factory=dict)  # FET activity id -> lesson id
    activity_of: dict[int, FetActivity] = field(default_factory=dict)  # by lesson id


def index_document(doc: FetDocument) -> Index:
    """Look-ups for days, hours, subjects, teachers, rooms and students sets."""
    ix = Index(doc)
    ix.days = {name: i for i, name in enumerate(doc.days)}
    ix.hours = {name: i for i, name in enumerate(doc.hours)}
    ix.subjects = {name: i for i, name in enumerate(doc.subjects)}
    ix.teachers = {name: i for i, name in enumerate(doc.teachers)}
    ix.rooms = {r.name: i for i, r in enumerate(doc.rooms)}
    _students(ix)
    return ix


def _students(ix: Index) -> None:
    for year in ix.doc.years:
        cid = len(ix.classes)
        ix.classes.append(SchoolClass(cid, year.name, 0, 0, year.students))
        ix.sets.setdefault(year.name, ("year", cid))
        ix.set_size.setdefault(year.name, year.students)
        if not year.groups:
            ix.atoms.append((cid, ()))
        member: dict[str, list[int]] = {}  # subgroup name -> groups holding it
        for g in year.groups:
            gid = _new_group(ix, cid, "group", g.name, g.students)
            if not g.subgroups:
                ix.atoms.append((cid, (gid,)))
            for s in g.subgroups:
                member.setdefault(s.name, []).append(gid)
                ix.set_size.setdefault(s.name, s.students)
        for name, holders in member.items():
            sid = _new_group(ix, cid, "subgroup", name, ix.set_size.get(name, 0))
            ix.atoms.append((cid, tuple(sorted({*holders, sid}))))
    for name, (kind, ident) in ix.sets.items():
        ix.set_atoms[name] = tuple(
            i
            for i, (cid, gids) in enumerate(ix.atoms)
            if (kind == "year" and cid == ident) or (kind == "group" and ident in gids)
        )


def _new_group(ix: Index, class_id: int, division: str, name: str, size: int) -> int:
    """A group of `class_id`; a name used before (a year, or a group of the same students)
    keeps its first meaning, as FET requires equal names to be the same set."""
    gid = len(ix.groups)
    ix.groups.append(Group(gid, class_id, division, name, size))
    ix.sets.setdefault(name, ("group", gid))
    ix.set_size.setdefault(name, size)
    return gid


def grid(doc: FetDocument) -> tuple[tuple[Shift, ...], tuple[Period, ...]]:
    """One shift; hour h is period h, 45 minutes from 8:00 + h hours."""
    periods = tuple(
        Period(h, 0, h + 1, FIRST_HOUR + 60 * h, FIRST_HOUR + 60 * h + PERIOD_MINUTES)
        for h in range(len(doc.hours))
    )
    return (Shift(0, "", tuple(p.id for p in periods)),), periods


def buildings_and_rooms(doc: FetDocument) -> tuple[tuple[Building, ...], tuple[Room, ...]]:
    """FET buildings, plus one unnamed building for rooms that name none."""
    names = list(doc.buildings)
    for r in doc.rooms:
        if r.building and r.building not in names:
            names.append(r.building)
    if any(not r.building for r in doc.rooms) or not names:
        names.append("")
    where = {n: i for i, n in enumerate(names)}
    buildings = tuple(Building(i, n or "-", n or "-") for i, n in enumerate(names))
    rooms = tuple(
        Room(i, r.name, r.name, where[r.building], r.capacity, "room")
        for i, r in enumerate(doc.rooms)
    )
    return buildings, rooms


def activity_size(ix: Index, act: FetActivity) -> int:
    """Students attending: FET's Number_Of_Students when given, else the sets' sizes."""
    if act.size is not None:
        return act.size
    return sum(ix.set_size.get(name, 0) for name in act.students)


def lesson_for(ix: Index, lid: int, act: FetActivity, rooms: tuple[int, ...]) -> Lesson:
    """The lesson of one active activity (its candidate rooms decided by the space rules)."""
    classes = tuple(sorted({ix.sets[n][1] for n in act.students if ix.sets[n][0] == "year"}))
    groups = tuple(sorted({ix.sets[n][1] for n in act.students if ix.sets[n][0] == "group"}))
    who = " + ".join(act.students) or "-"
    return Lesson(
        id=lid,
        course=act.group_id or act.id,
        subject=ix.subjects[act.subject],
        teachers=tuple(ix.teachers[t] for t in act.teachers),
        classes=classes,
        groups=groups,
        length=act.duration,
        rooms=rooms,
        size=activity_size(ix, act),
        label=f"{who} {act.subject} (activity {act.id})",
    )


def build_problem(
    ix: Index,
    lessons: tuple[Lesson, ...],
    teachers: tuple[Teacher, ...],
    classes: tuple[SchoolClass, ...],
    rooms: tuple[Room, ...],
    conditions: tuple[object, ...],
) -> Problem:
    """Assemble the frozen Problem."""
    from solver.conditions import Condition

    shifts, periods = grid(ix.doc)
    buildings, _ = buildings_and_rooms(ix.doc)
    n = len(buildings)
    return Problem(
        name=ix.doc.name,
        days=ix.doc.days,
        shifts=shifts,
        periods=periods,
        buildings=buildings,
        travel=tuple(tuple(0 for _ in range(n)) for _ in range(n)),
        rooms=rooms,
        subjects=tuple(Subject(i, s, s) for i, s in enumerate(ix.doc.subjects)),
        teachers=teachers,
        classes=classes,
        groups=tuple(ix.groups),
        lessons=lessons,
        settings=NO_SCHOOL_RULES,
        conditions=tuple(c for c in conditions if isinstance(c, Condition)),
        explicit_atoms=tuple(ix.atoms),
    )
