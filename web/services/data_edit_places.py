"""Rooms, subjects, and buildings with the travel minutes between each pair, in forms."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from sqlmodel import Session

from models.i18n import N_, Message, message
from models.snapshot import BuildingInfo, RoomInfo, SchoolSnapshot, SubjectInfo, TravelInfo
from web.services.data_edit import (
    Kind,
    Saved,
    SchoolData,
    drop,
    named_list,
    put,
    register,
    store_edit,
)
from web.services.data_edit_fields import FieldErrors, Fields, FormValues, number_text

LABELS = {
    "code": N_("Code"),
    "name": N_("Name"),
    "building": N_("Building"),
    "capacity": N_("Seats"),
    "kind": N_("Room kind"),
    "hard": N_("A hard subject (better early in the day)"),
    "room_kind": N_("Room kind its lessons need"),
    "address": N_("Address"),
    "minutes": N_("Travel minutes"),
}
MAX_MINUTES = 240


def room_kinds(data: SchoolData) -> list[str]:
    """Every room kind the data knows (rooms' and subjects'), 'ordinary' first."""
    kinds = {r.kind for r in data.snapshot.rooms} | {s.room_kind for s in data.snapshot.subjects}
    return ["ordinary", *sorted(kinds - {"ordinary"})]


def _kind_text(fields: Fields, name: str, label: str) -> str:
    value = fields.text(name, label, required=True, limit=40)
    if value and not all(ch.isalnum() or ch in "-_" for ch in value):
        text = N_("{field}: use letters, digits and - _ only, without spaces.")
        fields.add(name, message(text, field=Message(label)))
    return value


# --- rooms -------------------------------------------------------------------------------


def _room_values(data: SchoolData, item: RoomInfo | None, hint: str) -> FormValues:
    first = data.snapshot.buildings[0].code if data.snapshot.buildings else ""
    r = item or RoomInfo(code="", name="", building=first, capacity=30)
    return FormValues(code=r.code, name=r.name, building=r.building,
                      capacity=number_text(r.capacity), kind=r.kind)  # fmt: skip


def _room_read(
    data: SchoolData, old: RoomInfo | None, fields: Fields
) -> tuple[SchoolSnapshot, str]:
    taken = set(data.codes("rooms"))
    code = old.code if old else fields.code("code", LABELS["code"], taken)
    buildings = data.codes("buildings")
    room = RoomInfo(
        code=code,
        name=fields.text("name", LABELS["name"], required=True),
        building=fields.choice("building", LABELS["building"], buildings, required=True) or "",
        capacity=fields.whole("capacity", LABELS["capacity"], 1, 2000, required=True) or 0,
        kind=_kind_text(fields, "kind", LABELS["kind"]),
        unavailable=old.unavailable if old else (),
    )
    return put(data.snapshot, "rooms", old, room), code


def _room_blockers(data: SchoolData, item: RoomInfo) -> list[Message]:
    s = data.snapshot
    homes = [c.code for c in s.classes if c.home_room == item.code]
    lessons = [lesson.key for lesson in s.lessons if item.code in lesson.rooms]
    locks = [f"{lock.lesson_key}/{lock.unit}" for lock in s.locked if lock.room == item.code]
    out = []
    if homes:
        text = N_("{name} is the home room of {classes}: give them another home room first.")
        out.append(message(text, name=item.name, classes=named_list(homes)))
    if lessons or locks:
        text = N_("{name} is named by lessons {lessons}: change their rooms first.")
        out.append(message(text, name=item.name, lessons=named_list(lessons + locks)))
    return out


ROOMS = register(
    Kind(
        name="rooms", collection="rooms", entity="room",
        key_of=lambda r: r.code, label_of=lambda r: r.name or r.code,
        values=_room_values, read=_room_read, blockers=_room_blockers,
        without=lambda s, item: drop(s, "rooms", lambda r: r.code != item.code),
    )
)  # fmt: skip


# --- subjects ----------------------------------------------------------------------------


def _subject_values(data: SchoolData, item: SubjectInfo | None, hint: str) -> FormValues:
    s = item or SubjectInfo(code="", name="")
    return FormValues(code=s.code, name=s.name, hard="on" if s.hard else "",
                      room_kind=s.room_kind)  # fmt: skip


def _subject_read(
    data: SchoolData, old: SubjectInfo | None, fields: Fields
) -> tuple[SchoolSnapshot, str]:
    code = old.code if old else fields.code("code", LABELS["code"], set(data.codes("subjects")))
    subject = SubjectInfo(
        code=code,
        name=fields.text("name", LABELS["name"], required=True),
        hard=fields.flag("hard"),
        room_kind=_kind_text(fields, "room_kind", LABELS["room_kind"]),
    )
    return put(data.snapshot, "subjects", old, subject), code


def _subject_blockers(data: SchoolData, item: SubjectInfo) -> list[Message]:
    keys = [lesson.key for lesson in data.snapshot.lessons if lesson.subject == item.code]
    if not keys:
        return []
    text = N_("{name} is taught in {count} lessons ({lessons}): remove those lessons first.")
    return [message(text, name=item.name, count=len(keys), lessons=named_list(keys))]


def _subject_without(snapshot: SchoolSnapshot, item: SubjectInfo) -> SchoolSnapshot:
    # teachers who could teach it simply no longer list it
    teachers = tuple(
        replace(t, subjects=tuple(s for s in t.subjects if s != item.code)) if item.code in
        t.subjects else t for t in snapshot.teachers
    )  # fmt: skip
    snapshot = replace(snapshot, teachers=teachers)
    return drop(snapshot, "subjects", lambda s: s.code != item.code)


SUBJECTS = register(
    Kind(
        name="subjects", collection="subjects", entity="subject",
        key_of=lambda s: s.code, label_of=lambda s: s.name or s.code,
        values=_subject_values, read=_subject_read, blockers=_subject_blockers,
        without=_subject_without,
    )
)  # fmt: skip


# --- buildings and travel ----------------------------------------------------------------


def travel_minutes(snapshot: SchoolSnapshot) -> dict[tuple[str, str], int]:
    """(a, b) -> minutes for every ordered pair given, one row standing for both directions."""
    out: dict[tuple[str, str], int] = {}
    for t in snapshot.travel:
        out[(t.a, t.b)] = t.minutes
    for t in snapshot.travel:
        out.setdefault((t.b, t.a), t.minutes)
    return out


def buildings_form(data: SchoolData) -> FormValues:
    """The buildings table and the travel matrix as the form shows them."""
    values = FormValues(_form="buildings")
    for building in data.snapshot.buildings:
        values[f"name:{building.code}"] = building.name
        values[f"address:{building.code}"] = building.address
    for (a, b), minutes in travel_minutes(data.snapshot).items():
        values[f"travel:{a}:{b}"] = str(minutes)
    return values


def _kept_buildings(data: SchoolData, fields: Fields) -> list[BuildingInfo]:
    kept = []
    for b in data.snapshot.buildings:
        if fields.flag(f"remove:{b.code}"):
            rooms = [r.code for r in data.snapshot.rooms if r.building == b.code]
            if rooms:
                text = N_("{name} still has rooms {rooms}: move or remove them first.")
                fields.add(f"remove:{b.code}", message(text, name=b.name, rooms=named_list(rooms)))
            else:
                continue
        name = fields.text(f"name:{b.code}", LABELS["name"], required=True)
        address = fields.text(f"address:{b.code}", LABELS["address"])
        kept.append(BuildingInfo(b.code, name, address))
    return kept


def _new_building(data: SchoolData, fields: Fields) -> BuildingInfo | None:
    if not any(fields.raw(f"new_{n}") for n in ("code", "name", "address")):
        return None
    code = fields.code("new_code", LABELS["code"], set(data.codes("buildings")))
    name = fields.text("new_name", LABELS["name"], required=True)
    return BuildingInfo(code, name, fields.text("new_address", LABELS["address"]))


def _travel(
    snapshot: SchoolSnapshot, buildings: list[BuildingInfo], fields: Fields
) -> tuple[TravelInfo, ...]:
    """One row per pair from the upper half of the matrix: the same minutes both ways."""
    given = {(t.a, t.b) for t in snapshot.travel}
    out = []
    codes = [b.code for b in buildings]
    for i, a in enumerate(codes):
        for b in codes[i + 1 :]:
            minutes = fields.whole(f"travel:{a}:{b}", LABELS["minutes"], 0, MAX_MINUTES)
            if minutes is None:
                continue
            # a pair stored the other way round keeps its order, so the change list stays short
            flipped = (b, a) in given and (a, b) not in given
            out.append(TravelInfo(b, a, minutes) if flipped else TravelInfo(a, b, minutes))
    return tuple(out)


def save_buildings(
    session: Session, *, data: SchoolData, form: dict[str, Any], actor: str
) -> Saved | None:
    """Stores the edited buildings and travel minutes as a new data version.

    Returns:
        The new version with its changes, or None when nothing changed.

    Args:
        session: the open session `data` was read in; the caller commits.
        data: the viewer's school's current data, from `load`.
        form: the submitted form.
        actor: the viewer's login.

    Raises:
        FieldErrors: every bad field (a building with rooms cannot go); nothing is written.
    """
    fields = Fields(form)
    if form.get("_form") != "buildings":
        text = N_("The form was incomplete; open the page again and repeat the change.")
        raise FieldErrors({}, [message(text)])
    buildings = _kept_buildings(data, fields)
    new = _new_building(data, fields)
    if new is not None:
        buildings.append(new)
    travel = _travel(data.snapshot, buildings, fields)
    if fields.errors:
        raise FieldErrors(fields.errors)
    edited = replace(data.snapshot, buildings=tuple(buildings), travel=travel)
    return store_edit(session, data, edited, new.code if new else "", actor)
