"""What the data pages show: the overview, each kind's list, and the choices each form offers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlmodel import Session

from models.changes import Change
from models.school_data import list_changes
from solver.checks import Finding
from web.services.data_edit import KINDS, SchoolData, findings
from web.services.data_edit_classes import class_rows, subgroup_rows
from web.services.data_edit_fields import FormValues
from web.services.data_edit_lessons import audience_options, lesson_rows
from web.services.data_edit_places import room_kinds, travel_minutes
from web.services.data_edit_teachers import teacher_rows

SortKey = Callable[[str], Any]
COUNTED = ("teachers", "classes", "subgroups", "subjects", "lessons", "rooms", "buildings")


def overview(data: SchoolData) -> dict[str, Any]:
    """Counts of each collection, weekly periods, and the data checks (errors first)."""
    s = data.snapshot
    found = findings(data)
    checks = [(f.severity, f.message) if isinstance(f, Finding) else ("error", f) for f in found]
    checks.sort(key=lambda c: c[0] != "error")
    return {
        "counts": {name: len(getattr(s, name)) for name in COUNTED},
        "periods": sum(x.periods_per_week for x in s.lessons),
        "checks": checks,
        "version": data.version,
    }


def saved_changes(
    session: Session, data: SchoolData, version: int | None, limit: int = 100
) -> tuple[list[Change], int]:
    """The changes a data version of this school brought (after a save), and how many more."""
    if not version or version > data.version:
        return [], 0
    changes = list_changes(session, school_code=data.snapshot.school.code, version=version)
    return changes[:limit], max(0, len(changes) - limit)


def _sorted(items: Any, key: SortKey, name: Callable[[Any], str]) -> list[Any]:
    return sorted(items, key=lambda x: key(name(x)))


def list_context(kind: str, data: SchoolData, q: str, cls: str, key: SortKey) -> dict[str, Any]:
    """The list page of one kind: its rows (filtered by `q`, or the class `cls` for lessons)."""
    s = data.snapshot
    if kind == "teachers":
        return {"rows": teacher_rows(data, q, key), "q": q}
    if kind == "classes":
        return {"rows": class_rows(data, key)}
    if kind == "rooms":
        names = {b.code: b.name for b in s.buildings}
        return {"rows": _sorted(s.rooms, key, lambda r: r.code), "buildings": names}
    if kind == "subjects":
        return {"rows": _sorted(s.subjects, key, lambda x: x.name)}
    rows = class_rows(data, key)
    chosen = cls if any(r.klass.code == cls for r in rows) else ""
    return {"classes": rows, "cls": chosen, "rows": lesson_rows(data, chosen) if chosen else []}


def form_context(kind: str, data: SchoolData, values: FormValues, key: SortKey) -> dict[str, Any]:
    """The choices one kind's form offers as (value, text) pairs, sorted for the language."""
    s = data.snapshot
    subjects = [
        (x.code, f"{x.name} ({x.code})") for x in _sorted(s.subjects, key, lambda x: x.name)
    ]
    rooms = [
        (r.code, f"{r.code} · {r.name} ({r.building}, {r.kind}, {r.capacity})")
        for r in _sorted(s.rooms, key, lambda r: r.code)
    ]
    teachers = [(t.code, f"{t.name} ({t.code})")
                for t in _sorted(s.teachers, key, lambda t: t.name)]  # fmt: skip
    base: dict[str, Any] = {"days": data.days, "shifts": data.shifts, "kinds": room_kinds(data)}
    if kind == "teachers":
        return {**base, "subject_options": subjects, "periods_a_day": data.periods_a_day}
    if kind == "classes":
        shifts = [(code, code) for code in data.shifts] or [("1", "1")]
        return {**base, "room_options": rooms, "shift_options": shifts,
                "teacher_options": teachers, "subgroups": subgroup_rows(values)}  # fmt: skip
    if kind == "rooms":
        return {**base, "building_options": [(b.code, b.name) for b in s.buildings]}
    if kind == "lessons":
        return {**base, "subject_options": subjects, "teacher_options": teachers,
                "room_options": rooms, "audience": audience_options(data)}  # fmt: skip
    return base


def buildings_context(data: SchoolData) -> dict[str, Any]:
    """The buildings page: the buildings in order, their rooms counted, the travel given."""
    rooms: dict[str, int] = {}
    for r in data.snapshot.rooms:
        rooms[r.building] = rooms.get(r.building, 0) + 1
    return {"buildings": data.snapshot.buildings, "room_counts": rooms,
            "travel": travel_minutes(data.snapshot)}  # fmt: skip


def known_kind(name: str) -> bool:
    """Whether the forms edit a kind of this name."""
    return name in KINDS
