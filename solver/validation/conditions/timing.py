"""Checkers of the timing condition families (filled in by their owner)."""

from __future__ import annotations

from collections.abc import Callable

from solver.conditions import Condition
from solver.validation.conditions.common import Week
from solver.validation.types import Violation

CHECKERS: dict[type[Condition], Callable[[Week, int, Condition], list[Violation]]] = {}
