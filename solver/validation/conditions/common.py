"""What the condition checkers share: the placed week and each person's busy periods."""

from __future__ import annotations

from dataclasses import dataclass, field

from solver.conditions import Limit
from solver.problem import Problem
from solver.validation.placements import Placed


@dataclass
class Week:
    """The placed timetable as the checkers read it."""

    problem: Problem
    placed: dict[int, Placed]  # by lesson id; missing lessons are absent
    by_teacher: dict[int, list[Placed]] = field(default_factory=dict)
    by_atom: dict[int, list[Placed]] = field(default_factory=dict)

    def periods_of(self, who: tuple[str, int]) -> tuple[int, ...]:
        """A person's periods in day order: the timeline (teacher) or the shift (atom)."""
        kind, ident = who
        if kind == "teacher":
            return self.problem.timeline
        klass = self.problem.classes[self.problem.atoms[ident][0]]
        return self.problem.shifts[klass.shift].periods

    def items_of(self, cond: Limit) -> list[Placed]:
        """The placed lessons a Limit counts: the person's, narrowed to `cond.lessons`."""
        kind, ident = cond.who
        items = (self.by_teacher if kind == "teacher" else self.by_atom).get(ident, [])
        if cond.lessons is None:
            return list(items)
        return [it for it in items if it.id in cond.lessons]

    def building(self, item: Placed) -> int | None:
        """The building of a placed lesson's room (None without a room)."""
        if item.room is None:
            return None
        return self.problem.rooms[item.room].building
