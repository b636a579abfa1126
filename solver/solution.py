"""The solver's answer: where each lesson goes, with status, cost, bound and how it was found."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Status(StrEnum):
    OPTIMAL = "optimal"  # complete, and its cost is proven minimal
    FEASIBLE = "feasible"  # complete, cost not proven minimal
    INFEASIBLE = "infeasible"  # proven: no complete timetable satisfies every hard rule
    UNKNOWN = "unknown"  # no complete timetable found within the limit (not a proof)


@dataclass(frozen=True, slots=True)
class Placement:
    lesson: int
    day: int
    period: int  # start period id; a double also occupies the next period of its shift
    room: int | None = None


@dataclass(frozen=True, slots=True)
class SolveMeta:
    seed: int = 0
    workers: int = 0
    time_limit_s: float = 0.0
    seconds: float = 0.0
    seconds_to_first: float | None = None
    solver_version: str = ""
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Solution:
    status: Status
    placements: tuple[Placement, ...] = ()
    objective: int | None = None  # the timetable's own soft cost (validator recomputes it)
    bound: float | None = None  # proven lower bound on that cost
    disruption: int = 0  # moved lessons vs. the hint, kept apart from `objective`
    unplaced: tuple[int, ...] = ()  # lesson ids without a placement
    meta: SolveMeta = field(default_factory=SolveMeta)
    messages: tuple[str, ...] = ()  # why there is no complete timetable, in words

    @property
    def complete(self) -> bool:
        """True when every lesson of the problem has a placement."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE) and not self.unplaced
