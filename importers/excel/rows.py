"""A SchoolSnapshot as rows of cell values, one list of {column key: value} per sheet."""

from __future__ import annotations

import json
from dataclasses import fields
from typing import Any

from importers.excel.layout import SETTING_ROWS, WEIGHT_PREFIX, WHO
from importers.excel.values import bool_out, day_out, list_out, pair_out
from models.snapshot import SchoolSnapshot, SlotRef
from solver.weights import Weights

Row = dict[str, Any]


def snapshot_rows(s: SchoolSnapshot, lang: str) -> dict[str, list[Row]]:
    """Every data sheet's rows (except the Availability grid, see `availability_rows`)."""
    sc = s.school
    return {
        "School": [
            {
                "code": sc.code,
                "name": sc.name,
                "city": sc.city,
                "region": sc.region,
                "days": sc.days_per_week,
                "language": sc.language,
            }
        ],
        "Terms": [{"name": t.name, "start": t.start, "end": t.end} for t in s.terms],
        "Holidays": [
            {"term": t.name, "name": h.name, "start": h.start, "end": h.end}
            for t in s.terms
            for h in t.holidays
        ],
        "Buildings": [{"code": b.code, "name": b.name, "address": b.address} for b in s.buildings],
        "Travel": [{"a": t.a, "b": t.b, "minutes": t.minutes} for t in s.travel],
        "Rooms": [
            {"code": r.code, "name": r.name, "building": r.building, "capacity": r.capacity}
            | {"room_kind": r.kind}
            for r in s.rooms
        ],
        "Subjects": [
            {
                "code": x.code,
                "name": x.name,
                "hard": bool_out(x.hard, lang),
                "room_kind": x.room_kind,
            }
            for x in s.subjects
        ],
        "Teachers": [_teacher_row(s, i, lang) for i in range(len(s.teachers))],
        "Classes": [
            {"code": c.code, "grade": c.grade, "shift": c.shift, "size": c.size}
            | {"home_room": c.home_room, "max_per_day": c.max_per_day}
            | {"class_teacher": c.class_teacher}
            for c in s.classes
        ],
        "Subgroups": [
            {"class": g.class_code, "division": g.division, "code": g.code, "size": g.size}
            for g in s.subgroups
        ],
        "Bells": [
            {"shift": b.shift, "number": b.number, "start": b.start, "end": b.end} for b in s.bells
        ],
        "Lessons": [_lesson_row(s, i) for i in range(len(s.lessons))],
        "Settings": settings_rows(s, lang),
        "Students": [
            {"code": st.code, "name": st.name, "class": st.class_code}
            | {"subgroups": list_out([pair_out(d, g) for d, g in st.subgroups])}
            | {"birth": st.birth_date}
            for st in s.students
        ],
        "Parents": [
            {"code": p.code, "name": p.name, "children": list_out(p.children)}
            | {"email": p.email, "phone": p.phone, "relation": p.relation}
            for p in s.parents
        ],
        "Locked": [
            {"lesson": k.lesson_key, "unit": k.unit, "day": day_out(k.day, lang)}
            | {"shift": k.shift, "period": k.period, "room": k.room}
            for k in s.locked
        ],
        "Rules": [
            {"kind": r.kind, "params": json.dumps(r.params, ensure_ascii=False, sort_keys=True)}
            | {"weight": r.weight, "active": bool_out(r.active, lang)}
            for r in s.rules
        ],
    }


def _teacher_row(s: SchoolSnapshot, i: int, lang: str) -> Row:
    t = s.teachers[i]
    return {
        "code": t.code,
        "name": t.name,
        "subjects": list_out(t.subjects),
        "max_per_day": t.max_per_day,
        "max_per_week": t.max_per_week,
        "max_days": t.max_days,
        "day_off": None if t.day_off is None else day_out(t.day_off, lang),
        "max_building_changes": t.max_building_changes,
        "email": t.email,
        "phone": t.phone,
    }


def _lesson_row(s: SchoolSnapshot, i: int) -> Row:
    x = s.lessons[i]
    return {
        "key": x.key,
        "audience": list_out([pair_out(g.class_code, g.subgroup) for g in x.audience]),
        "subject": x.subject,
        "teachers": list_out(x.teachers),
        "periods": x.periods_per_week,
        "doubles": x.doubles,
        "room_kind": x.room_kind,
        "rooms": list_out(x.rooms),
    }


def settings_rows(s: SchoolSnapshot | None, lang: str) -> list[Row]:
    """One row per setting and per soft-rule weight; an empty weight means the default."""
    st = s.settings if s is not None else None
    li = ("kk", "ru", "en").index(lang)
    values: dict[str, Any] = {
        "class_no_gaps": bool_out(st.class_no_gaps if st else True, lang),
        "late_after": st.late_after if st else 4,
        "max_building_changes": st.max_building_changes if st else None,
    }
    rows = [{"setting": k, "value": values[k], "about": SETTING_ROWS[k][li]} for k in SETTING_ROWS]
    defaults = Weights()
    for f in fields(Weights):
        value = st.weights.get(f.name) if st else None
        about = f"{_WEIGHT_ABOUT[li]} {getattr(defaults, f.name)}"
        rows.append({"setting": WEIGHT_PREFIX + f.name, "value": value, "about": about})
    return rows


_WEIGHT_ABOUT = (
    "Жұмсақ ереженің салмағы (бос = әдепкі мән):",
    "Вес мягкого правила (пусто = по умолчанию):",
    "Weight of a soft rule (empty = the default):",
)


def grid_slots(s: SchoolSnapshot | None) -> list[tuple[int, str, int]]:
    """The availability grid's columns: (day, shift, period) for every bell of every day."""
    if s is None or not s.bells:
        return [(d, sh, p) for d in range(6) for sh in ("1", "2") for p in range(1, 8)]
    shifts = list(dict.fromkeys(b.shift for b in s.bells))
    periods = {sh: sorted({b.number for b in s.bells if b.shift == sh}) for sh in shifts}
    marks = [*(t.unavailable for t in s.teachers), *(c.unavailable for c in s.classes)]
    marks += [r.unavailable for r in s.rooms]
    extra = {(r.day, r.shift, r.period) for refs in marks for r in refs}
    days = max([s.school.days_per_week - 1, *(d for d, _, _ in extra)]) + 1
    slots = [(d, sh, p) for d in range(days) for sh in shifts for p in periods[sh]]
    known = set(slots)
    # marks outside the bell schedule still get a column, so the reader can point at them
    return slots + sorted(extra - known)


def availability_rows(s: SchoolSnapshot | None, lang: str) -> list[tuple[str, str, set[SlotRef]]]:
    """(type, code, unavailable slots): every teacher, then classes and rooms with marks."""
    if s is None:
        return []
    out = [(WHO["teacher"][lang], t.code, set(t.unavailable)) for t in s.teachers]
    out += [(WHO["class"][lang], c.code, set(c.unavailable)) for c in s.classes if c.unavailable]
    out += [(WHO["room"][lang], r.code, set(r.unavailable)) for r in s.rooms if r.unavailable]
    return out
