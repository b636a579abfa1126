"""Classes in forms (grade, shift, size, home room, class teacher) with their subgroups."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from models.i18n import N_, Message, message
from models.snapshot import ClassInfo, SchoolSnapshot, SubgroupInfo
from web.services.data_edit import Kind, SchoolData, drop, named_list, put, register
from web.services.data_edit_fields import Fields, FormValues, number_text

LABELS = {
    "code": N_("Class"),
    "grade": N_("Grade"),
    "shift": N_("Shift"),
    "size": N_("Students"),
    "home_room": N_("Home room"),
    "max_per_day": N_("Most lessons a day"),
    "class_teacher": N_("Class teacher"),
    "division": N_("Division"),
    "subgroup": N_("Subgroup"),
}
NEW_ROWS = 2  # blank subgroup rows a class form offers


def subgroups_of(snapshot: SchoolSnapshot, code: str) -> list[SubgroupInfo]:
    """The subgroups of one class, in the snapshot's order."""
    return [g for g in snapshot.subgroups if g.class_code == code]


def _values(data: SchoolData, item: ClassInfo | None, hint: str) -> FormValues:
    shift = next(iter(data.shifts), "1")
    c = item or ClassInfo(code="", grade=1, shift=shift, size=25)
    values = FormValues(
        code=c.code, grade=str(c.grade), shift=c.shift, size=str(c.size),
        home_room=c.home_room or "", max_per_day=number_text(c.max_per_day),
        class_teacher=c.class_teacher or "",
    )  # fmt: skip
    groups = subgroups_of(data.snapshot, c.code) if item else []
    for i, g in enumerate(groups):
        values.update({f"sg{i}_division": g.division, f"sg{i}_code": g.code,
                       f"sg{i}_size": str(g.size)})  # fmt: skip
    values["sg_count"] = str(len(groups) + NEW_ROWS)
    return values


def subgroup_rows(values: FormValues) -> list[dict[str, Any]]:
    """The subgroup rows the form shows (existing ones, then blank rows to add)."""
    try:
        count = min(int(values.one("sg_count")), 200)
    except ValueError:
        count = NEW_ROWS
    return [
        {
            "i": i,
            "division": values.one(f"sg{i}_division"),
            "code": values.one(f"sg{i}_code"),
            "size": values.one(f"sg{i}_size"),
            "remove": values.on(f"sg{i}_remove"),
        }
        for i in range(count)
    ]


def _subgroups(code: str, size: int | None, fields: Fields) -> list[SubgroupInfo]:
    out: list[SubgroupInfo] = []
    for row in subgroup_rows(FormValues(fields.data)):
        i = row["i"]
        if row["remove"] or not any((row["division"], row["code"], row["size"])):
            continue
        division = fields.text(f"sg{i}_division", LABELS["division"], required=True, limit=40)
        sub = fields.text(f"sg{i}_code", LABELS["subgroup"], required=True, limit=40)
        high = size if size else 100
        count = fields.whole(f"sg{i}_size", LABELS["size"], 1, high, required=True) or 0
        if any(g.division == division and g.code == sub for g in out):
            text = N_("{field}: {code} is already taken.")
            fields.add(f"sg{i}_code", message(text, field=Message(LABELS["subgroup"]), code=sub))
        out.append(SubgroupInfo(code, division, sub, count))
    return out


def _gone_subgroups(data: SchoolData, code: str, kept: list[SubgroupInfo], fields: Fields) -> None:
    """A subgroup that lessons or students still use may not disappear."""
    kept_keys = {(k.division, k.code) for k in kept}
    kept_codes = {k.code for k in kept}  # lessons name a subgroup by its code alone
    for g in subgroups_of(data.snapshot, code):
        if (g.division, g.code) in kept_keys:
            continue
        lessons = [
            lesson.key
            for lesson in data.snapshot.lessons
            if g.code not in kept_codes
            and any(a.class_code == code and a.subgroup == g.code for a in lesson.audience)
        ]
        students = [
            s.code or s.name
            for s in data.snapshot.students
            if s.class_code == code and (g.division, g.code) in s.subgroups
        ]
        if lessons or students:
            text = N_("Subgroup {subgroup} is still used by {names}: change those first.")
            fields.general.append(message(text, subgroup=f"{g.division}/{g.code}",
                                          names=named_list(lessons + students)))  # fmt: skip


def _read(data: SchoolData, old: ClassInfo | None, fields: Fields) -> tuple[SchoolSnapshot, str]:
    code = old.code if old else fields.code("code", LABELS["code"], set(data.codes("classes")))
    shift = fields.choice("shift", LABELS["shift"], list(data.shifts) or ["1"], required=True)
    size = fields.whole("size", LABELS["size"], 1, 100, required=True)
    klass = ClassInfo(
        code=code,
        grade=fields.whole("grade", LABELS["grade"], 0, 12, required=True) or 0,
        shift=shift or "",
        size=size or 0,
        home_room=fields.choice("home_room", LABELS["home_room"], data.codes("rooms")),
        max_per_day=fields.whole("max_per_day", LABELS["max_per_day"], 1, data.periods_in(shift)),
        unavailable=old.unavailable if old else (),
        class_teacher=fields.choice(
            "class_teacher", LABELS["class_teacher"], data.codes("teachers")
        ),
    )
    groups = _subgroups(code, size, fields)
    _gone_subgroups(data, code, groups, fields)
    snapshot = put(data.snapshot, "classes", old, klass)
    snapshot = drop(snapshot, "subgroups", lambda g: g.class_code != code)
    return replace(snapshot, subgroups=(*snapshot.subgroups, *groups)), code


def _blockers(data: SchoolData, item: ClassInfo) -> list[Message]:
    s = data.snapshot
    lessons = [x.key for x in s.lessons if any(a.class_code == item.code for a in x.audience)]
    students = [x.code or x.name for x in s.students if x.class_code == item.code]
    out = []
    if lessons:
        text = N_("{name} still has {count} lessons ({lessons}): remove them first.")
        out.append(message(text, name=item.code, count=len(lessons), lessons=named_list(lessons)))
    if students:
        text = N_("{name} still has {count} students: move them to another class first.")
        out.append(message(text, name=item.code, count=len(students)))
    return out


def _without(snapshot: SchoolSnapshot, item: ClassInfo) -> SchoolSnapshot:
    snapshot = drop(snapshot, "subgroups", lambda g: g.class_code != item.code)
    return drop(snapshot, "classes", lambda c: c.code != item.code)


CLASSES = register(
    Kind(
        name="classes", collection="classes", entity="class",
        key_of=lambda c: c.code, label_of=lambda c: c.code,
        values=_values, read=_read, blockers=_blockers, without=_without,
    )
)  # fmt: skip


@dataclass(frozen=True)
class ClassRow:
    """A class in the list: its data, subgroups and weekly periods against its slots."""

    klass: ClassInfo
    subgroups: list[SubgroupInfo]
    lessons: int
    periods: int  # periods a week of its whole-class lessons
    slots: int  # days x periods of its shift
    class_teacher: str = ""  # their name


def class_rows(data: SchoolData, key: Any) -> list[ClassRow]:
    """Every class, by its natural order (9B before 10A)."""
    names = {t.code: t.name for t in data.snapshot.teachers}
    rows = []
    for c in data.snapshot.classes:
        mine = [x for x in data.snapshot.lessons if any(a.class_code == c.code for a in x.audience)]
        whole = sum(
            x.periods_per_week
            for x in mine
            if any(a.class_code == c.code and a.subgroup is None for a in x.audience)
        )
        slots = data.days * len(data.shifts.get(c.shift, ()))
        lead = names.get(c.class_teacher or "", "")
        groups = subgroups_of(data.snapshot, c.code)
        rows.append(ClassRow(c, groups, len(mine), whole, slots, lead))
    return sorted(rows, key=lambda r: key(r.klass.code))
