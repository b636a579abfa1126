"""XHSTT times as our week (days x periods of one shift) and resources as our people and rooms."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from importers.xhstt.instance import Instance
from solver.problem import Period, Shift, Slot

FIRST_START = 8 * 60  # the synthesised bell schedule: 08:00, periods of 45 minutes
PERIOD_MINUTES = 45
BREAK_MINUTES = 5

Kind = Literal["teacher", "class", "room"]


@dataclass(frozen=True)
class Grid:
    """Days in time order, each with its times in order; (day, period) <-> time index."""

    days: list[list[int]]
    day_names: tuple[str, ...]
    periods: tuple[Period, ...]
    shifts: tuple[Shift, ...]
    slot_of: dict[int, Slot]
    time_at: dict[Slot, int]
    missing: frozenset[Slot] = frozenset()  # (day, period) cells without an XHSTT time
    orphans: tuple[int, ...] = ()  # times that belong to no Day (put on a day of their own)

    def slots(self, times: frozenset[int] | set[int]) -> frozenset[Slot]:
        """Our slots of a set of XHSTT times."""
        return frozenset(self.slot_of[t] for t in times if t in self.slot_of)

    def all_slots(self) -> frozenset[Slot]:
        return frozenset(self.time_at)

    def coherent_starts(self, length: int) -> frozenset[Slot]:
        """Slots where a lesson of `length` periods covers the same times as an XHSTT
        sub-event of that duration (which runs on through the next times in file order)."""
        out = set()
        for (d, p), t in self.time_at.items():
            if all(self.time_at.get((d, p + k)) == t + k for k in range(length)):
                out.add((d, p))
        return frozenset(out)


def make_grid(inst: Instance) -> Grid:
    """Days from the Day time groups (in order of their first time); every day has as many
    periods as the longest, with synthesised clock times. A day with fewer times leaves
    `missing` cells, which nobody may use."""
    by_day: dict[str, list[int]] = {}
    orphans: list[int] = []
    for i, t in enumerate(inst.times):
        if t.day is None:
            orphans.append(i)
        else:
            by_day.setdefault(t.day, []).append(i)
    days = sorted(by_day.values(), key=lambda ts: ts[0])
    names = [_day_name(inst, inst.times[ts[0]].day or "") for ts in days]
    if orphans:
        days.append(orphans)
        names.append("Other" if by_day else "Week")
    per_day = max((len(d) for d in days), default=1)
    periods = tuple(
        Period(
            p,
            0,
            p + 1,
            FIRST_START + p * (PERIOD_MINUTES + BREAK_MINUTES),
            FIRST_START + p * (PERIOD_MINUTES + BREAK_MINUTES) + PERIOD_MINUTES,
        )
        for p in range(per_day)
    )
    slot_of = {t: (d, p) for d, ts in enumerate(days) for p, t in enumerate(ts)}
    time_at = {s: t for t, s in slot_of.items()}
    missing = frozenset((d, p) for d in range(len(days)) for p in range(per_day)) - set(time_at)
    return Grid(
        days,
        tuple(names),
        periods,
        (Shift(0, "shift 1", tuple(range(per_day))),),
        slot_of,
        time_at,
        missing,
        tuple(orphans),
    )


def _day_name(inst: Instance, day_id: str) -> str:
    group = inst.time_group_ids.get(day_id)
    return (group.name if group is not None else "") or day_id


def kind_of_type(type_id: str, name: str, open_roles: bool = False) -> Kind:
    """Teacher, room or class (any student set) from a resource type's Id and Name; a type
    no name tells that events leave open for the solver (a gym, a court) is a room."""
    text = f"{type_id} {name}".lower()
    if "teacher" in text or "staff" in text:
        return "teacher"
    if "room" in text or open_roles:
        return "room"
    return "class"


@dataclass
class People:
    """Resource index -> our teacher, class or room id, by the kind of its type."""

    kinds: dict[str, Kind] = field(default_factory=dict)  # resource type Id -> kind
    teacher: dict[int, int] = field(default_factory=dict)
    klass: dict[int, int] = field(default_factory=dict)
    room: dict[int, int] = field(default_factory=dict)

    def kind(self, resource: int) -> Kind:
        if resource in self.teacher:
            return "teacher"
        if resource in self.room:
            return "room"
        return "class"

    def who(self, resource: int) -> tuple[Literal["teacher", "atom"], int] | None:
        """The person a `solver.conditions.Limit` names for a resource (None for a room).

        Classes have no subgroups here, so class id c is student atom c.
        """
        if resource in self.teacher:
            return ("teacher", self.teacher[resource])
        if resource in self.klass:
            return ("atom", self.klass[resource])
        return None


def make_people(inst: Instance) -> People:
    """Number each kind of resource in file order."""
    opened = {er.type for e in inst.events for er in e.resources if er.resource is None}
    people = People(
        {tid: kind_of_type(tid, name, tid in opened) for tid, name in inst.resource_types}
    )
    for i, r in enumerate(inst.resources):
        kind = people.kinds.get(r.type, "class")
        table = {"teacher": people.teacher, "class": people.klass, "room": people.room}[kind]
        table[i] = len(table)
    return people
