"""Events that hold several rooms: one room per lesson, so the others go to companion lessons.

Our lesson holds one room. An XHSTT event may hold several (a gym and an outdoor court, or
four preassigned halls). Its first room (in the event's resource order) is the room of its
lessons; every further room becomes a companion lesson per piece: no teacher, no class, that
room (preassigned) or the room role's candidates (open), started together with its piece by a
hard SameStart. Room clashes and room availability then hold for every room of the event, and
the rooms chosen for companions are written back into the event's roles.
"""

from __future__ import annotations

from dataclasses import dataclass

from importers.xhstt.grid import People
from importers.xhstt.instance import Instance


@dataclass(frozen=True, slots=True)
class RoomSlot:
    """One room of an event: preassigned (`resource`) or open (`role` to fill)."""

    role: str | None
    resource: int | None


def room_slots(inst: Instance, people: People, event: int) -> list[RoomSlot]:
    """The event's rooms in its resource order (slot 0 is the lessons' own room)."""
    out = []
    for er in inst.events[event].resources:
        if er.resource is not None and er.resource in people.room:
            out.append(RoomSlot(er.role, er.resource))
        elif er.resource is None and people.kinds.get(er.type or "") == "room":
            out.append(RoomSlot(er.role, None))
    return out


def open_slot(slots: list[RoomSlot], role: str | None) -> int | None:
    """Index of the open slot with this role, or None."""
    for k, s in enumerate(slots):
        if s.resource is None and s.role == role:
            return k
    return None
