"""The lesson load in forms: per class, who learns what with whom, how often, and where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from models.i18n import N_, Message, message
from models.snapshot import GroupRef, LessonReq, SchoolSnapshot
from solver.store import lesson_units
from web.services.data_edit import Kind, SchoolData, drop, put, register
from web.services.data_edit_fields import Fields, FormValues, in_old_order
from web.services.data_edit_places import room_kinds

LABELS = {
    "subject": N_("Subject"),
    "audience": N_("Who learns it (classes or subgroups)"),
    "teachers": N_("Teachers"),
    "periods_per_week": N_("Periods a week"),
    "doubles": N_("Of them double lessons"),
    "room_kind": N_("Room kind"),
    "rooms": N_("Only in these rooms"),
}


def group_value(group: GroupRef) -> str:
    """An audience choice as the form sends it: 'class|' or 'class|subgroup'."""
    return f"{group.class_code}|{group.subgroup or ''}"


def group_text(group: GroupRef) -> str:
    """An audience choice as people read it: '7A' or '7A en1'."""
    return group.class_code if group.subgroup is None else f"{group.class_code} {group.subgroup}"


def audience_options(data: SchoolData) -> list[tuple[str, list[tuple[str, str]]]]:
    """Per class: its whole-class choice, then one per subgroup (value, label)."""
    subs: dict[str, list[Any]] = {}
    for g in data.snapshot.subgroups:
        subs.setdefault(g.class_code, []).append(g)
    out = []
    for c in data.snapshot.classes:
        whole = GroupRef(c.code)
        items = [(group_value(whole), c.code)]
        items += [
            (group_value(GroupRef(c.code, g.code)), f"{c.code} {g.code} ({g.division})")
            for g in subs.get(c.code, [])
        ]
        out.append((c.code, items))
    return out


def _values(data: SchoolData, item: LessonReq | None, hint: str) -> FormValues:
    if item is None:
        item = LessonReq(key="", subject="", audience=(GroupRef(hint),) if hint else (),
                         teachers=(), periods_per_week=1)  # fmt: skip
    return FormValues(
        key=item.key, subject=item.subject, audience=[group_value(g) for g in item.audience],
        teachers=list(item.teachers), periods_per_week=str(item.periods_per_week),
        doubles=str(item.doubles), room_kind=item.room_kind or "", rooms=list(item.rooms),
    )  # fmt: skip


def _audience(data: SchoolData, fields: Fields, old: tuple[GroupRef, ...]) -> tuple[GroupRef, ...]:
    allowed = {value for _, items in audience_options(data) for value, _ in items}
    chosen = fields.many("audience", LABELS["audience"], allowed)
    chosen = in_old_order(tuple(group_value(g) for g in old), chosen)
    if not chosen and "audience" not in fields.errors:
        fields.add("audience", _required(LABELS["audience"]))
    groups = []
    for value in chosen:
        klass, _, sub = value.partition("|")
        groups.append(GroupRef(klass, sub or None))
    return tuple(groups)


def _required(label: str) -> Message:
    return message(N_("{field}: choose at least one."), field=Message(label))


def new_key(snapshot: SchoolSnapshot, subject: str, audience: tuple[GroupRef, ...]) -> str:
    """A fresh key like the workbook's: '7A-MATH', '7A-ENG-en1', then '-2', '-3'..."""
    first = audience[0] if audience else GroupRef("")
    base = "-".join(p for p in (first.class_code, subject, first.subgroup or "") if p)
    taken = {lesson.key for lesson in snapshot.lessons}
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}-{n}"
    return key


def _periods(data: SchoolData, audience: tuple[GroupRef, ...], fields: Fields) -> tuple[int, int]:
    shifts = {c.code: c.shift for c in data.snapshot.classes}
    shift = shifts.get(audience[0].class_code) if audience else None
    most = data.days * data.periods_in(shift)
    per_week = fields.whole("periods_per_week", LABELS["periods_per_week"], 1, most,
                            required=True) or 1  # fmt: skip
    doubles = fields.whole("doubles", LABELS["doubles"], 0, per_week // 2, required=True)
    return per_week, doubles or 0


def _read(data: SchoolData, old: LessonReq | None, fields: Fields) -> tuple[SchoolSnapshot, str]:
    subject = fields.choice("subject", LABELS["subject"], data.codes("subjects"), required=True)
    audience = _audience(data, fields, old.audience if old else ())
    teachers = in_old_order(
        old.teachers if old else (),
        fields.many("teachers", LABELS["teachers"], set(data.codes("teachers"))),
    )
    per_week, doubles = _periods(data, audience, fields)
    room_kind = fields.choice("room_kind", LABELS["room_kind"], room_kinds(data))
    rooms = in_old_order(
        old.rooms if old else (), fields.many("rooms", LABELS["rooms"], set(data.codes("rooms")))
    )
    key = old.key if old else new_key(data.snapshot, subject or "", audience)
    lesson = LessonReq(key, subject or "", audience, teachers, per_week, doubles, room_kind, rooms)
    snapshot = put(data.snapshot, "lessons", old, lesson)
    units = len(lesson_units(lesson))
    # a lock on a unit the lesson no longer has would refer to nothing
    snapshot = drop(snapshot, "locked", lambda x: x.lesson_key != key or x.unit < units)
    return snapshot, key


def _without(snapshot: SchoolSnapshot, item: LessonReq) -> SchoolSnapshot:
    snapshot = drop(snapshot, "locked", lambda x: x.lesson_key != item.key)
    return drop(snapshot, "lessons", lambda x: x.key != item.key)


LESSONS = register(
    Kind(
        name="lessons", collection="lessons", entity="lesson",
        key_of=lambda x: x.key, label_of=lambda x: x.key,
        values=_values, read=_read, blockers=lambda data, item: [], without=_without,
    )
)  # fmt: skip


@dataclass(frozen=True)
class LessonRow:
    """A lesson requirement as the class's list shows it."""

    lesson: LessonReq
    subject: str
    teachers: str
    audience: str
    rooms: str


def lesson_rows(data: SchoolData, class_code: str) -> list[LessonRow]:
    """The lessons one class takes part in (whole class or a subgroup), in the data's order."""
    s = data.snapshot
    subjects = {x.code: x.name for x in s.subjects}
    teachers = {x.code: x.name for x in s.teachers}
    rows = []
    for lesson in s.lessons:
        if not any(a.class_code == class_code for a in lesson.audience):
            continue
        rows.append(
            LessonRow(
                lesson,
                subjects.get(lesson.subject, lesson.subject),
                ", ".join(teachers.get(t, t) for t in lesson.teachers),
                ", ".join(group_text(a) for a in lesson.audience),
                ", ".join(lesson.rooms),
            )
        )
    return rows
