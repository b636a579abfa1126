"""How a cover plan is solved (time limit, seed) and what a school weighs when choosing covers."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


@dataclass(frozen=True, slots=True)
class CoverParams:
    time_limit_s: float = 2.0
    seed: int = 0
    workers: int = 2  # the day's model is small; two workers prove most plans optimal at once


@dataclass(frozen=True, slots=True)
class CoverWeights:
    """Costs of a plan's choices: the lower the total, the better the plan.

    A cover's cost is `cover` (or `study` when the substitute does not teach the subject), less
    `knows_class` when they teach that class already and `fills_gap` when it fills a free
    period of their day, plus `new_gap` for each free period it opens. Each cover a teacher
    takes adds `fairness` x (2 x their covers this term including it - 1), so the sum over a
    day is `fairness` x the growth of the squares of the term counts.

    The defaults put fairness first: one cover more this term (2 x `fairness` = 200) outweighs
    every other difference between two candidates (at most study - cover + knows_class +
    fills_gap + new gaps, about 180), so qualification, the class and the gaps choose among
    the least-used teachers free at that period. This is what keeps every teacher under twice
    the mean plus one over a term (bench/substitutions.py); a school that would rather see
    its subject teachers cover more lowers `fairness`. A cancellation costs more than any plan
    of covers can, so it happens only when nobody can take the lesson.
    """

    cover: int = 40  # a qualified teacher takes the lesson
    knows_class: int = 15  # ... who teaches that class already (subtracted)
    study: int = 130  # a free teacher who does not teach the subject supervises study
    merge: int = 70  # the group joins a parallel group's lesson of the same subject
    move: int = 60  # the lesson swaps with another of the class, so its own teacher gives it
    room_change: int = 5  # the same teacher in another room (the room is closed)
    other_building: int = 25  # ... in another building
    cancel: int = 100_000  # nobody takes it: above any other answer's cost, so a last resort
    cancel_edge: int = 400  # off a cancellation that lets a class start later or leave earlier
    new_gap: int = 6  # per free period the cover opens in the substitute's day
    fills_gap: int = 10  # the cover fills a free period of their day (subtracted)
    fairness: int = 100  # see the class docstring
    quota: int = 4  # covers a week a teacher should not go beyond
    over_quota: int = 150  # each cover beyond the weekly quota
    over_week: int = 50  # each period beyond the teacher's weekly maximum (still < study - cover)
    change: int = 30  # each lesson whose answer differs from the previous plan (re-planning)

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> CoverWeights:
        """Weights with the known names of `values` changed (unknown names are ignored)."""
        known = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in values.items() if k in known})

    def as_dict(self) -> dict[str, int]:
        """Every weight by name."""
        return {f.name: int(getattr(self, f.name)) for f in fields(self)}
