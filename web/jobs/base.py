"""A base timetable version as solver input: its locked lessons pinned, all of it the hint."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from models.snapshot import LockedLesson, SchoolSnapshot
from solver.problem import Fixed, Problem
from solver.solution import Placement
from solver.store import ProblemBuildError, placements_from_locked, unit_ids


def _usable(snapshot: SchoolSnapshot, base: Sequence[LockedLesson]) -> list[LockedLesson]:
    """The base placements that still fit the data: lessons and rooms may have gone since."""
    units = unit_ids(snapshot)
    rooms = {r.code for r in snapshot.rooms}
    out = []
    for placed in base:
        if (placed.lesson_key, placed.unit) not in units:
            continue
        if placed.room is not None and placed.room not in rooms:
            placed = dataclasses.replace(placed, room=None)  # its room is gone; keep the time
        out.append(placed)
    return out


def _placements(
    problem: Problem, snapshot: SchoolSnapshot, base: Sequence[LockedLesson]
) -> list[tuple[LockedLesson, Placement]]:
    """Each usable base placement with its problem ids; one whose period is gone is dropped."""
    try:
        return list(zip(base, placements_from_locked(problem, snapshot, base), strict=True))
    except ProblemBuildError:  # the bell schedule changed: keep what still maps, one by one
        out: list[tuple[LockedLesson, Placement]] = []
        for placed in base:
            try:
                out.extend((placed, p) for p in placements_from_locked(problem, snapshot, [placed]))
            except ProblemBuildError:
                continue
        return out


def base_hint(
    problem: Problem, snapshot: SchoolSnapshot, base: Sequence[LockedLesson]
) -> tuple[list[Placement], list[Fixed]]:
    """The hint (every lesson where the base version put it) and the pins (its locked ones).

    Args:
        problem: the problem built from `snapshot`.
        snapshot: the school's current data.
        base: a stored version's placements (`StoredPlacement` rows carry `locked`).

    Returns:
        (hint placements, fixed pins), both in the problem's ids; lessons, rooms and periods
        the data no longer has are left out.
    """
    pairs = _placements(problem, snapshot, _usable(snapshot, base))
    hint = [p for _, p in pairs]
    pins = [
        Fixed(p.lesson, p.day, p.period, p.room)
        for placed, p in pairs
        if getattr(placed, "locked", False)
    ]
    return hint, pins
