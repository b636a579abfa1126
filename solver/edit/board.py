"""One timetable read once, and views of it with some lessons moved or lifted out.

A `Board` holds what the validator reads from a solution (`read_placements`) plus indices by
owner and day. A `View` is the board with a few lessons placed elsewhere (`moved`) or taken
off (`lifted`); it hands the validator's checks exactly the lists `validate` would build for
the same owners, in the same (lesson id) order, without copying the whole timetable.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property

from solver.edit.links import Links, build_links
from solver.problem import Problem
from solver.solution import Solution
from solver.validate import validate
from solver.validation.placements import Placed, Reading, read_placements
from solver.validation.types import Violation, summarize

Days = AbstractSet[int] | None
"""The days a check looks at; None is the whole week."""


class Board:
    """A problem and one solution of it, read and indexed for quick local checks."""

    def __init__(self, problem: Problem, solution: Solution, links: Links | None = None) -> None:
        self.problem = problem
        self.solution = solution
        self.links = links if links is not None else build_links(problem)
        self.reading: Reading = read_placements(problem, solution)
        self.first: dict[int, int] = self._first_placements()
        self.rooms: dict[tuple[int, int], tuple[int, ...]] = self._room_days()

    def _first_placements(self) -> dict[int, int]:
        """Index in `solution.placements` of the placement the validator judges, per lesson."""
        out: dict[int, int] = {}
        for i, pl in enumerate(self.solution.placements):
            item = self.reading.placed.get(pl.lesson) if isinstance(pl.lesson, int) else None
            if item is None or pl.lesson in out:
                continue
            # the first readable placement is the first one equal to what was read
            if (pl.day, pl.period, pl.room) == (
                item.day,
                item.start,
                self.reading.asked_room[pl.lesson],
            ):
                out[pl.lesson] = i
        return out

    def _room_days(self) -> dict[tuple[int, int], tuple[int, ...]]:
        by: dict[tuple[int, int], list[int]] = {}
        for lid in sorted(self.reading.placed):
            item = self.reading.placed[lid]
            if item.room is not None:
                by.setdefault((item.room, item.day), []).append(lid)
        return {k: tuple(v) for k, v in by.items()}

    @cached_property
    def violations(self) -> list[Violation]:
        """Every violation of the whole timetable (computed once, when first asked)."""
        return validate(self.problem, self.solution)

    @cached_property
    def soft_cost(self) -> int:
        """The timetable's soft cost, as the validator counts it."""
        return summarize(self.violations).soft_cost

    def view(self, moved: Mapping[int, Placed] | None = None, lifted: Iterable[int] = ()) -> View:
        """The board with `moved` lessons placed anew and `lifted` ones taken off."""
        return View(self, dict(moved or {}), frozenset(lifted))


@dataclass
class View:
    """A board with some lessons moved or lifted; what the scoped checks read."""

    board: Board
    moved: dict[int, Placed] = field(default_factory=dict)
    lifted: frozenset[int] = frozenset()

    def get(self, lesson: int) -> Placed | None:
        """Where `lesson` is in this view (None when not placed)."""
        if lesson in self.moved:
            return self.moved[lesson]
        if lesson in self.lifted:
            return None
        return self.board.reading.placed.get(lesson)

    def asked_room(self, lesson: int) -> int | None:
        """The room the placement asks for (may be an unknown id in a broken solution)."""
        if lesson in self.moved:
            return self.moved[lesson].room
        return self.board.reading.asked_room.get(lesson)

    def items(self, lessons: Iterable[int], days: Days = None) -> list[Placed]:
        """The placed ones of `lessons` (on `days`, when given), in the order given."""
        out: list[Placed] = []
        for lid in lessons:
            item = self.get(lid)
            if item is not None and (days is None or item.day in days):
                out.append(item)
        return out

    def in_room(self, room: int, days: AbstractSet[int]) -> list[Placed]:
        """The lessons held in `room` on `days`, by lesson id."""
        ids = {lid for d in days for lid in self.board.rooms.get((room, d), ())}
        ids -= self.lifted | self.moved.keys()
        ids.update(lid for lid, it in self.moved.items() if it.room == room and it.day in days)
        return self.items(sorted(ids))

    @cached_property
    def placed(self) -> dict[int, Placed]:
        """Every placed lesson by id (a copy: only the imported conditions need it)."""
        out = {k: v for k, v in self.board.reading.placed.items() if k not in self.lifted}
        out.update(self.moved)
        return out
