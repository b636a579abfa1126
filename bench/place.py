"""Put every unit into the grids of its classes: gap-free days, walkable breaks, spread rooms."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field

from bench.catalogue import BELLS, DAYS, SUBJECT, minutes, travel
from bench.model import ClassPlan, Unit
from bench.plant import PlantError

Position = tuple[int, int]  # (day, 0-based period index)


def _break(shift: str, before: int) -> int:
    """Minutes between the end of period index `before` and the start of the next one."""
    bells = BELLS[shift]
    return minutes(bells[before + 1][0]) - minutes(bells[before][1])


@dataclass
class Placer:
    """Fills class grids unit by unit, keeping special rooms near their planned caps."""

    caps: dict[tuple[str, str], int]
    rng: random.Random
    load: dict[tuple[str, str], dict[tuple[int, str, int], int]] = field(
        default_factory=lambda: defaultdict(lambda: defaultdict(int))
    )

    def place_all(self, units: list[Unit]) -> None:
        """Place every unit, hardest first; raises PlantError on a dead end."""
        for unit in sorted(units, key=lambda u: (self._tier(u), self.rng.random())):
            self.place(unit)

    @staticmethod
    def _tier(u: Unit) -> int:
        away = any(u.building != c.building for c in u.classes)
        if len(u.classes) > 1:
            return 0
        if away:
            return 1 if u.length == 2 else 2
        if u.length == 2:
            return 3
        return 4 if u.kind != "ordinary" else 5

    def place(self, unit: Unit) -> None:
        """Put `unit` at the best free position of all its classes."""
        best: tuple[float, Position] | None = None
        for pos in self._free(unit):
            score = self._score(unit, pos)
            if best is None or score < best[0]:
                best = (score, pos)
        if best is None:
            raise PlantError(f"no room in the week of {unit.classes[0].code} for {unit.subject}")
        day, index = best[1]
        for cls in unit.classes:
            for k in range(unit.length):
                cls.grid[day][index + k] = unit
        for course in unit.courses:
            course.placed.append((day, index, unit.length))
        if unit.kind != "ordinary":
            shift = unit.classes[0].shift
            for k in range(unit.length):
                self.load[(unit.kind, unit.building)][(day, shift, index + k)] += len(unit.courses)

    def _free(self, unit: Unit) -> list[Position]:
        out = []
        for day in range(DAYS):
            n = min(c.day_lengths[day] for c in unit.classes)
            for index in range(n - unit.length + 1):
                if all(self._fits(c, unit, day, index) for c in unit.classes):
                    out.append((day, index))
        return out

    @staticmethod
    def _fits(cls: ClassPlan, unit: Unit, day: int, index: int) -> bool:
        row = cls.grid[day]
        if any(row[index + k] is not None for k in range(unit.length)):
            return False
        # the walk before and after; an empty neighbour will hold a home-building lesson
        before, after = index - 1, index + unit.length
        if before >= 0:
            other = row[before]
            where = other.building if other is not None else cls.building
            if _break(cls.shift, before) < travel(where, unit.building):
                return False
        if after < len(row):
            other = row[after]
            where = other.building if other is not None else cls.building
            if _break(cls.shift, after - 1) < travel(unit.building, where):
                return False
        return True

    def _score(self, unit: Unit, pos: Position) -> float:
        day, index = pos
        score = self.rng.random()
        for cls in unit.classes:
            score += 10 * sum(
                1 for u in cls.grid[day] if u is not None and u.subject == unit.subject
            )
        if SUBJECT[unit.subject].hard and index >= 4:
            score += 2
        if unit.kind != "ordinary":
            key = (unit.kind, unit.building)
            cap = self.caps.get(key, 1)
            shift = unit.classes[0].shift
            for k in range(unit.length):
                used = self.load[key][(day, shift, index + k)] + len(unit.courses)
                score += 100 * max(0, used - cap) + used / cap
        return score


def check_full(classes: list[ClassPlan]) -> None:
    """Every slot of every class day is filled; raises PlantError otherwise."""
    for cls in classes:
        for day, row in enumerate(cls.grid):
            if any(u is None for u in row):
                raise PlantError(f"{cls.code} has an empty period on day {day}")
