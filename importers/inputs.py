"""Recognise a timetable input file and turn it into a Problem (and a snapshot, when it has one)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from importers.loaded import InputError, LoadedInput
from solver.messages import msg

if TYPE_CHECKING:
    from models.snapshot import SchoolSnapshot


def load_snapshot(path: Path) -> SchoolSnapshot:
    """Read our Excel workbook into a snapshot.

    Raises:
        InputError: with every problem of the workbook (sheet, row, column, sentence).
    """
    from importers.excel import WorkbookError, read_workbook

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
        from solver.store import ProblemBuildError, problem_from_snapshot

        snapshot = load_snapshot(path)
        try:
            return LoadedInput(problem_from_snapshot(snapshot), snapshot)
        except ProblemBuildError as exc:
            raise InputError(exc.problems) from exc
    if suffix == ".fet":
        from importers.fet import load_fet

        return load_fet(path)
    raise InputError(
        [
            msg(
                "{file}: unsupported input; give our Excel workbook (.xlsx) or a FET file (.fet)",
                file=str(path),
            )
        ]
    )
