"""Teachers in forms: who they are, what they may teach, their limits and their free periods."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.i18n import N_, Message, message
from models.snapshot import SchoolSnapshot, SlotRef, TeacherInfo
from web.services.data_edit import Kind, SchoolData, drop, named_list, put, register
from web.services.data_edit_fields import Fields, FormValues, in_old_order, number_text

LABELS = {
    "code": N_("Code"),
    "name": N_("Name"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "subjects": N_("Subjects they may teach"),
    "max_per_day": N_("Most lessons a day"),
    "max_per_week": N_("Most lessons a week"),
    "max_days": N_("Most working days a week"),
    "day_off": N_("Preferred day off"),
    "max_building_changes": N_("Most building changes a day"),
    "avail": N_("Available periods"),
}


def slot_value(day: int, shift: str, period: int) -> str:
    """The value of one availability checkbox: 'day:shift:period'."""
    return f"{day}:{shift}:{period}"


def grid_values(data: SchoolData) -> list[str]:
    """Every cell of the school's availability grid, as checkbox values."""
    return [
        slot_value(day, shift, bell.number)
        for shift, bells in data.shifts.items()
        for day in range(data.days)
        for bell in bells
    ]


def available(data: SchoolData, unavailable: tuple[SlotRef, ...]) -> list[str]:
    """The grid cells not in `unavailable` (what the form ticks)."""
    off = {slot_value(s.day, s.shift, s.period) for s in unavailable}
    return [v for v in grid_values(data) if v not in off]


def read_availability(
    data: SchoolData, old: tuple[SlotRef, ...], fields: Fields
) -> tuple[SlotRef, ...]:
    """The unticked cells of the grid, in the old order where they were already marked.

    Marks outside the grid (no such bell) are kept as they were.
    """
    cells = grid_values(data)
    ticked = set(fields.many("avail", LABELS["avail"], set(cells)))
    off = set(cells) - ticked
    kept = [s for s in old if slot_value(s.day, s.shift, s.period) not in ticked]
    known = {slot_value(s.day, s.shift, s.period) for s in kept}
    for value in cells:
        if value in off and value not in known:
            day, shift, period = value.split(":")
            kept.append(SlotRef(int(day), shift, int(period)))
    return tuple(kept)


def _values(data: SchoolData, item: TeacherInfo | None, hint: str) -> FormValues:
    t = item or TeacherInfo(code="", name="")
    return FormValues(
        code=t.code, name=t.name, email=t.email, phone=t.phone, subjects=list(t.subjects),
        max_per_day=number_text(t.max_per_day), max_per_week=number_text(t.max_per_week),
        max_days=number_text(t.max_days), day_off=number_text(t.day_off),
        max_building_changes=number_text(t.max_building_changes),
        avail=available(data, t.unavailable),
    )  # fmt: skip


def _email(fields: Fields) -> str:
    value = fields.text("email", LABELS["email"], limit=120)
    local, _, domain = value.partition("@")
    if value and (not local or "." not in domain or " " in value):
        text = N_("{field}: {value} does not look like an e-mail address.")
        fields.add("email", message(text, field=Message(LABELS["email"]), value=value))
    return value


def _limits(data: SchoolData, fields: Fields) -> dict[str, int | None]:
    per_day = data.periods_a_day
    days = data.days
    return {
        "max_per_day": fields.whole("max_per_day", LABELS["max_per_day"], 1, per_day),
        "max_per_week": fields.whole("max_per_week", LABELS["max_per_week"], 1, per_day * days),
        "max_days": fields.whole("max_days", LABELS["max_days"], 1, days),
        "max_building_changes": fields.whole(
            "max_building_changes", LABELS["max_building_changes"], 0, per_day
        ),
    }


def _read(data: SchoolData, old: TeacherInfo | None, fields: Fields) -> tuple[SchoolSnapshot, str]:
    snapshot = data.snapshot
    code = (
        old.code
        if old is not None
        else fields.code("code", LABELS["code"], set(data.codes("teachers")))
    )
    day_off = fields.choice("day_off", LABELS["day_off"], [str(d) for d in range(data.days)])
    teacher = TeacherInfo(
        code=code,
        name=fields.text("name", LABELS["name"], required=True),
        subjects=in_old_order(
            old.subjects if old else (),
            fields.many("subjects", LABELS["subjects"], set(data.codes("subjects"))),
        ),
        unavailable=read_availability(data, old.unavailable if old else (), fields),
        day_off=int(day_off) if day_off is not None else None,
        email=_email(fields),
        phone=fields.text("phone", LABELS["phone"], limit=40),
        **_limits(data, fields),
    )
    return put(snapshot, "teachers", old, teacher), code


def lessons_of(snapshot: SchoolSnapshot, code: str) -> list[Any]:
    """The lesson requirements a teacher teaches."""
    return [lesson for lesson in snapshot.lessons if code in lesson.teachers]


def _blockers(data: SchoolData, item: TeacherInfo) -> list[Message]:
    keys = [lesson.key for lesson in lessons_of(data.snapshot, item.code)]
    if not keys:
        return []
    text = N_("{name} still teaches {count} lessons ({lessons}): give them another teacher first.")
    return [message(text, name=item.name, count=len(keys), lessons=named_list(keys))]


def _without(snapshot: SchoolSnapshot, item: TeacherInfo) -> SchoolSnapshot:
    return drop(snapshot, "teachers", lambda t: t.code != item.code)


TEACHERS = register(
    Kind(
        name="teachers", collection="teachers", entity="teacher",
        key_of=lambda t: t.code, label_of=lambda t: t.name,
        values=_values, read=_read, blockers=_blockers, without=_without,
    )
)  # fmt: skip


@dataclass(frozen=True)
class TeacherRow:
    """A teacher in the list: who, what they may teach, their load against their limits."""

    teacher: TeacherInfo
    subjects: str  # subject names
    periods: int  # periods a week of the lessons they teach
    free_cells: int  # unavailable periods a week


def teacher_rows(data: SchoolData, query: str, key: Any) -> list[TeacherRow]:
    """The teachers whose name, code, e-mail or subjects contain `query`, sorted by name."""
    names = {s.code: s.name for s in data.snapshot.subjects}
    load: dict[str, int] = {}
    for lesson in data.snapshot.lessons:
        for code in lesson.teachers:
            load[code] = load.get(code, 0) + lesson.periods_per_week
    needle = query.casefold().replace("ё", "е").strip()
    rows = []
    for t in data.snapshot.teachers:
        subjects = ", ".join(names.get(s, s) for s in t.subjects)
        hay = " ".join((t.name, t.code, t.email, subjects, *t.subjects)).casefold()
        if needle and needle not in hay.replace("ё", "е"):
            continue
        rows.append(TeacherRow(t, subjects, load.get(t.code, 0), len(t.unavailable)))
    return sorted(rows, key=lambda r: (key(r.teacher.name), r.teacher.code))
