"""FET's space constraints: which rooms each activity may use, and soft room wishes.

FET gives a room only to activities that some room constraint names. At 100 % an activity's
room constraints all hold at once, so its candidates are the intersection of their rooms.
Home rooms (of a teacher or a students set) apply to an activity only when no constraint of
the activity itself, its subject or its tags names rooms: a lab lesson of a class with a home
room goes to the lab. Below 100 %, a wish becomes a soft PreferRooms condition, and an
activity whose only room constraints are soft may use any room (FET may break such a wish).
Kinds this module does not know are counted by `importers.fet.rules.translate`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.fet.document import FetActivity, FetConstraint
from importers.fet.mapping import Index
from importers.fet.rules import label_of, weight_of
from solver.conditions import Condition, PreferRooms

OWN = {
    "ActivityPreferredRoom",
    "ActivityPreferredRooms",
    "SubjectPreferredRoom",
    "SubjectPreferredRooms",
    "ActivityTagPreferredRoom",
    "ActivityTagPreferredRooms",
    "SubjectActivityTagPreferredRoom",
    "SubjectActivityTagPreferredRooms",
}
HOME = {"TeacherHomeRoom", "TeacherHomeRooms", "StudentsSetHomeRoom", "StudentsSetHomeRooms"}
IGNORED = {"BasicCompulsorySpace"}


@dataclass
class RoomChoice:
    """Candidate rooms per activity id, and soft wishes."""

    rooms: dict[int, tuple[int, ...]] = field(default_factory=dict)
    conditions: list[Condition] = field(default_factory=list)


def _applies(c: FetConstraint, act: FetActivity) -> bool:
    kind = c.kind
    if kind.startswith("Activity") and not kind.startswith("ActivityTag"):
        return c.one("Activity_Id") == str(act.id)
    if kind.startswith("SubjectActivityTag"):
        return c.one("Subject") == act.subject and c.one("Activity_Tag") in act.tags
    if kind.startswith("Subject"):
        return c.one("Subject") == act.subject
    if kind.startswith("ActivityTag"):
        return c.one("Activity_Tag") in act.tags
    if kind.startswith("Teacher"):
        return c.one("Teacher") in act.teachers
    return c.one("Students") in act.students


def _named_rooms(ix: Index, c: FetConstraint) -> set[int]:
    names = c.many("Preferred_Room") or c.many("Room")
    return {ix.rooms[n] for n in names if n in ix.rooms}


def choose_rooms(ix: Index, constraints: list[FetConstraint]) -> RoomChoice:
    """Candidate rooms of every active activity, and PreferRooms for soft wishes."""
    out = RoomChoice()
    space = [c for c in constraints if c.space and c.active and c.weight > 0]
    relevant = [c for c in space if c.kind in OWN | HOME]
    for lid, act in ix.activity_of.items():
        mine = [c for c in relevant if _applies(c, act)]
        own_hard = [c for c in mine if c.kind in OWN and weight_of(c) is None]
        home_hard = [c for c in mine if c.kind in HOME and weight_of(c) is None]
        hard = own_hard or (home_hard if not any(c.kind in OWN for c in mine) else [])
        soft = [c for c in mine if weight_of(c) is not None]
        rooms: set[int] | None = None
        for c in hard:
            named = _named_rooms(ix, c)
            rooms = named if rooms is None else rooms & named
        if rooms is None and soft:
            rooms = set(range(len(ix.doc.rooms)))
        for c in soft:
            wish = frozenset(_named_rooms(ix, c))
            cond = PreferRooms((lid,), wish, weight=weight_of(c), label=label_of(c))
            out.conditions.append(cond)
        if rooms is not None:
            out.rooms[act.id] = tuple(sorted(rooms))
    return out
