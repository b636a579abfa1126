"""What the constraint translators share while an instance becomes our Problem."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Literal

from importers.xhstt.grid import Grid, People
from importers.xhstt.instance import Constraint, Instance
from importers.xhstt.plans import Plan
from importers.xhstt.rooms import RoomSlot, open_slot
from solver.conditions import Condition
from solver.messages import N_, Msg, msg
from solver.problem import Slot


@dataclass
class Frame:
    """The instance, its grid, people and plans, and what the translation has produced."""

    inst: Instance
    grid: Grid
    people: People
    plans: list[Plan]
    lessons_of: dict[int, tuple[int, ...]]  # event -> lesson ids (in the plan's order)
    length_of: dict[int, int]  # lesson id -> length
    conditions: list[Condition] = field(default_factory=list)
    unavailable: dict[int, set[Slot]] = field(default_factory=lambda: defaultdict(set))
    slots: dict[int, list[RoomSlot]] = field(default_factory=dict)  # event -> its rooms
    slot_lessons: dict[tuple[int, int], tuple[int, ...]] = field(default_factory=dict)
    slot_rooms: dict[tuple[int, int], frozenset[int]] = field(default_factory=dict)  # open
    warnings: list[Msg] = field(default_factory=list)
    unsupported: Counter[str] = field(default_factory=Counter)
    approximate: Counter[str] = field(default_factory=Counter)
    offset: int = 0  # soft cost that no choice of ours changes (fixed splits, preassignments)
    hard_offset: int = 0
    clash_free: set[int] = field(default_factory=set)  # resources under hard AvoidClashes
    runs: dict[int, int] = field(default_factory=dict)  # day-run event -> its own atom
    _by_resource: dict[int, list[int]] = field(default_factory=dict)

    def label(self, c: Constraint) -> str:
        """How a condition names where it came from: "XHSTT LimitIdleTimes noIDLETimesT"."""
        return f"XHSTT {c.kind} {c.id}"

    def weight(self, c: Constraint, factor: int = 1) -> int | None:
        """The condition weight for one unit: None when Required (hard)."""
        return None if c.required else c.weight * factor

    def linear(self, c: Constraint) -> bool:
        """True when the cost function is linear in the deviation (or the constraint hard)."""
        return c.required or c.cost_function in ("Linear", "Sum")

    def not_supported(self, c: Constraint, why: str, **params: object) -> None:
        """Count a constraint we cannot express; `why` is the reason's msgid (`N_`)."""
        self.unsupported[f"{c.kind}Constraint"] += 1
        reason = msg(why, **params)
        self.warnings.append(
            msg("XHSTT {kind} {id} is not supported: {reason}", kind=c.kind, id=c.id, reason=reason)
        )

    def approx(self, c: Constraint, why: str, **params: object) -> None:
        """Note a constraint expressed only approximately; `why` (`N_`) says what differs."""
        self.approximate[f"{c.kind}Constraint"] += 1
        reason = msg(why, **params)
        self.warnings.append(
            msg("XHSTT {kind} {id} is approximated: {reason}", kind=c.kind, id=c.id, reason=reason)
        )

    def check_linear(self, c: Constraint) -> None:
        """Warn when a soft constraint's non-linear cost function is counted linearly."""
        if not self.linear(c):
            self.approx(
                c, N_("cost function {function} counted as Linear"), function=c.cost_function
            )

    def run_atom(self, event: int) -> tuple[Literal["atom"], int]:
        """The student atom of a day-run event's own pseudo class.

        Each day-run event attends a class of its own (after the real ones), so the Limits
        that shape its runs need not name its lessons: unnamed lessons of an event stay one
        model unit (interchangeable, so no symmetric copies), which keeps the model small
        and its bound strong. Classes have no subgroups here, so class id = atom index.
        """
        if event not in self.runs:
            self.runs[event] = len(self.people.klass) + len(self.runs)
        return ("atom", self.runs[event])

    def room_slot(self, c: Constraint, event: int, rooms: frozenset[int]) -> None:
        """Narrow the candidate rooms of the event's open room role `c.role`."""
        k = open_slot(self.slots.get(event, []), c.role)
        if k is not None:
            self.slot_rooms[(event, k)] = self.slot_rooms.get((event, k), rooms) & rooms

    def role_lessons(self, event: int, role: str | None) -> tuple[int, ...]:
        """The lessons whose room fills the event's open room role (none if not a room)."""
        k = open_slot(self.slots.get(event, []), role)
        return () if k is None else self.slot_lessons[(event, k)]

    def lessons(self, events: tuple[int, ...] | list[int]) -> list[int]:
        """Every lesson of these events."""
        return [ls for e in events for ls in self.lessons_of[e]]

    def resource_lessons(self, resource: int) -> list[int]:
        """Lessons whose event has this resource preassigned."""
        if not self._by_resource:
            for e, event in enumerate(self.inst.events):
                for r in {er.resource for er in event.resources if er.resource is not None}:
                    self._by_resource.setdefault(r, []).extend(self.lessons_of[e])
        return self._by_resource.get(resource, [])
