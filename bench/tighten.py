"""Availability that leaves a planted week possible but little else: used share `use` of it."""

from __future__ import annotations

import random
from collections.abc import Collection

from bench.catalogue import BELLS, DAYS, minutes

Cell = tuple[int, str, int]  # (day, shift, 1-based period number)
Stretch = tuple[int, int, int]  # (day, start minute, end minute)


def all_cells() -> list[tuple[Cell, int, int]]:
    """Every (day, shift, period) of the week with its clock start and end."""
    out = []
    for day in range(DAYS):
        for shift, bells in BELLS.items():
            for i, (s, e) in enumerate(bells):
                out.append(((day, shift, i + 1), minutes(s), minutes(e)))
    return out


def tighten(
    busy: list[Stretch],
    load: int,
    use: float,
    rng: random.Random,
    *,
    shifts: Collection[str],
    days_off: Collection[int] = (),
) -> list[Cell]:
    """Cells to mark unavailable, none overlapping a planted stretch in clock time.

    Days off and shifts outside `shifts` go first; then days without any planted stretch,
    then cells at the edges of the planted days (farthest first), then gaps between planted
    stretches, until load / available cells reaches `use`.
    """
    cells = all_cells()
    blocked: list[Cell] = []
    free: list[tuple[float, Cell]] = []
    for cell, s, e in cells:
        day = cell[0]
        if any(d == day and bs < e and s < be for d, bs, be in busy):
            continue
        if day in days_off or cell[1] not in shifts:
            blocked.append(cell)
        else:
            free.append((_order(busy, day, s, rng), cell))
    available = len(cells) - len(blocked)
    free.sort()
    for _, cell in free:
        if load >= use * available:
            break
        blocked.append(cell)
        available -= 1
    return sorted(blocked, key=lambda c: (c[0], int(c[1]) if c[1].isdigit() else 0, c[1], c[2]))


def _order(busy: list[Stretch], day: int, start: int, rng: random.Random) -> float:
    mine = [(s, e) for d, s, e in busy if d == day]
    if not mine:
        return -100_000.0 + rng.random()  # a whole free day
    first = min(s for s, _ in mine)
    last = max(e for _, e in mine)
    if first <= start < last:
        return 10_000.0 + rng.random()  # a gap between lessons: last resort
    return -min(abs(start - first), abs(start - last)) + rng.random()
