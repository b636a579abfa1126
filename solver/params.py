"""How a solve runs: time limit, seed, workers, logging."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SolveParams:
    time_limit_s: float = 60.0
    seed: int = 0
    workers: int = 0  # 0 = one per core
    log: bool = False
