"""Encoders of the limits condition families (filled in by their owner)."""

from __future__ import annotations

from collections.abc import Callable

from solver.conditions import Condition
from solver.rules.context import Ctx

ENCODERS: dict[type[Condition], Callable[[Ctx, int, Condition], None]] = {}
