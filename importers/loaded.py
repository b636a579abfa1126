"""What every input reader returns: the Problem, where it came from, and how to write back."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from solver.messages import Msg
from solver.problem import Problem
from solver.solution import Solution

if TYPE_CHECKING:  # the store's package pulls in SQLAlchemy; FET and XHSTT inputs never need it
    from models.snapshot import SchoolSnapshot

SolutionWriter = Callable[[Solution, Path], None]
"""Writes a solution of the loaded problem in the input's own format to a path."""

NativeCost = Callable[[Solution], Mapping[str, int]]
"""A timetable's cost as the input's own format defines it (XHSTT: infeasibility and
objective), for formats whose cost differs from ours."""


class InputError(ValueError):
    """The input cannot be read; `problems` lists every problem found, each in words.

    Items are `Msg` sentences or workbook problems, whose text starts with "Sheet!C14: ".
    """

    def __init__(self, problems: Sequence[object]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class LoadedInput:
    """A problem as read, with what a reader could not carry over.

    `unsupported` counts conditions of the source that no rule of ours expresses, by the
    source's own name (they are reported, never silently dropped). `writers` maps an output
    suffix (".fet") to the writer of that format, for formats that can take a timetable back.
    `native_cost`, when set, prices a timetable as the source format does (reported beside
    our own validator's counts by `sabaq solve` and `sabaq check`).
    """

    problem: Problem
    snapshot: SchoolSnapshot | None = None  # None for formats that do not describe a school
    warnings: tuple[Msg, ...] = field(default_factory=tuple)
    source_format: str = "xlsx"
    unsupported: Mapping[str, int] = field(default_factory=dict)
    writers: Mapping[str, SolutionWriter] = field(default_factory=dict)
    native_cost: NativeCost | None = None
