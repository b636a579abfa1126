"""Recognise a timetable input file and turn it into a Problem (and a snapshot, when it has one)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from importers.excel import WorkbookError, WorkbookProblem, read_workbook
from models.snapshot import SchoolSnapshot
from solver.messages import Msg, msg
from solver.problem import Problem
from solver.store import ProblemBuildError, problem_from_snapshot


class InputError(ValueError):
    """The input cannot be read; `problems` lists every problem found, each in words.

    Items are `Msg` sentences or workbook problems, whose text starts with "Sheet!C14: ".
    """

    def __init__(self, problems: Sequence[Msg | WorkbookProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = list(problems)


@dataclass(frozen=True)
class LoadedInput:
    problem: Problem
    snapshot: SchoolSnapshot | None = None  # None for formats that do not describe a school
    warnings: tuple[Msg, ...] = field(default_factory=tuple)


def load_snapshot(path: Path) -> SchoolSnapshot:
    """Read our Excel workbook into a snapshot.

    Raises:
        InputError: with every problem of the workbook (sheet, row, column, sentence).
    """
    try:
        return read_workbook(path)
    except WorkbookError as exc:
        raise InputError(exc.problems) from exc


def load_input(path: Path) -> LoadedInput:
    """Read INPUT by its extension (and, for .xml, its root element).

    Raises:
        InputError: unreadable, unsupported or inconsistent input, every problem listed.
    """
    if not path.exists():
        raise InputError([msg("{file}: no such file", file=str(path))])
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        snapshot = load_snapshot(path)
        try:
            return LoadedInput(problem_from_snapshot(snapshot), snapshot)
        except ProblemBuildError as exc:
            raise InputError(exc.problems) from exc
    raise InputError(
        [
            msg(
                "{file}: unsupported input; give our Excel workbook (.xlsx) — FET (.fet), "
                "XHSTT and aSc (.xml) inputs are not supported yet",
                file=str(path),
            )
        ]
    )
