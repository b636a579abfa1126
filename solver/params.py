"""How a solve runs: time limit, seed, workers, logging."""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # OR-Tools (and pandas with it) only when a solve starts, not at `sabaq` start
    from ortools.sat.python import cp_model

MIN_AUTO_WORKERS = 4
"""Fewest search workers when the caller leaves the choice to us.

Measured on 2 cores (demo school, 60 s, seeds 1-3): 4 workers reached the first timetable in
3.6-5.7 s and ended at costs 3002-3271, against 4.4-8.6 s and 3176-3378 with CP-SAT's own
choice of 8; 16 was worse again. Beyond 4 cores, one worker per core.
"""


@dataclass(frozen=True, slots=True)
class SolveParams:
    time_limit_s: float = 60.0
    seed: int = 0
    workers: int = 0  # 0 = automatic: one per core, at least MIN_AUTO_WORKERS
    log: bool = False

    def search_workers(self) -> int:
        """The worker count to give CP-SAT."""
        if self.workers > 0:
            return self.workers
        return max(MIN_AUTO_WORKERS, os.cpu_count() or 1)


def cp_solver(params: SolveParams, seconds: float, least: float = 0.1) -> cp_model.CpSolver:
    """A CP-SAT solver with the seed, workers and logging of `params`, for `seconds` (at least
    `least`)."""
    from ortools.sat.python import cp_model

    solver = cp_model.CpSolver()
    p = solver.parameters
    p.max_time_in_seconds = max(least, seconds)
    p.random_seed = params.seed
    p.num_workers = params.search_workers()
    p.log_search_progress = params.log
    return solver
