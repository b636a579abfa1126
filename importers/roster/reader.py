"""Read a roster workbook (or the school workbook's Students and Parents sheets) with every problem.

The classes and subgroups come from the school's current data: a roster names them, it does not
define them. Every problem is collected (sheet, row, column, sentence, what to do) before any
is reported; nothing is read from a file with a problem.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from os import PathLike
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from importers.excel.errors import Problems, WorkbookError, WorkbookProblem, did_you_mean
from importers.excel.layout import INSTRUCTIONS, LISTS, NOTE_PREFIX, sheet_by_name
from importers.excel.sheets import Table, read_table
from importers.excel.values import is_blank
from importers.roster.layout import ROSTER_BY_NAME, ROSTER_SHEETS
from importers.roster.rows import RosterContext, read_parents, read_students
from models.snapshot import ClassInfo, ParentInfo, StudentInfo, SubgroupInfo
from solver.messages import msg

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RosterFile:
    """The students and parents a roster lists, and the sheets it skipped (of a full workbook)."""

    students: tuple[StudentInfo, ...]
    parents: tuple[ParentInfo, ...]
    ignored_sheets: tuple[str, ...] = field(default_factory=tuple)


def _load(path: Path, problems: Problems) -> list[Worksheet] | None:
    if not path.is_file():
        problems.add("file_missing", msg("file '{name}' does not exist", name=path.name))
        return None
    try:
        return list(load_workbook(path, data_only=True).worksheets)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError, TypeError, IndexError) as exc:
        error: Exception = exc
    except Exception as exc:  # openpyxl raises many kinds on damaged files; never a traceback
        error = exc
    text = msg("'{name}' is not an Excel .xlsx workbook ({error})", name=path.name, error=error)
    problems.add("not_xlsx", text)
    return None


def _blank(ws: Worksheet) -> bool:
    return ws.max_row <= 1 and ws.max_column <= 1 and is_blank(ws.cell(1, 1).value)


def open_roster(path: Path, problems: Problems) -> tuple[dict[str, Table], list[str]] | None:
    """The Students and Parents tables, and the other data sheets found (skipped)."""
    sheets = _load(path, problems)
    if sheets is None:
        return None
    tables: dict[str, Table] = {}
    ignored: list[str] = []
    titles = [t for s in ROSTER_SHEETS for t in (s.name, s.kk, s.ru)]
    for ws in sheets:
        spec = sheet_by_name(ws.title)
        if spec is not None and spec.name in ROSTER_BY_NAME:
            if spec.name in tables:
                text = msg("sheet '{title}' repeats sheet '{other}'",
                           title=ws.title, other=tables[spec.name].title)  # fmt: skip
                problems.add("duplicate_sheet", text, sheet=ws.title)
                continue
            table = read_table(ws, ROSTER_BY_NAME[spec.name], problems)
            if table is not None:
                tables[spec.name] = table
        elif spec is not None:
            ignored.append(ws.title)
        elif ws.title in (*INSTRUCTIONS, LISTS) or ws.title.startswith(NOTE_PREFIX) or _blank(ws):
            continue
        else:
            problems.add("unknown_sheet", msg("unknown sheet '{title}'", title=ws.title),
                         sheet=ws.title, hint=did_you_mean(ws.title, titles))  # fmt: skip
    for spec in ROSTER_SHEETS:
        named = {spec.name, spec.kk, spec.ru}
        if spec.name not in tables and not any(p.sheet in named for p in problems.items):
            problems.add(
                "missing_sheet",
                msg("the workbook has no sheet '{name}'", name=spec.name),
                hint=msg("a roster has the sheets Students and Parents (Parents may be empty)"),
            )
    return tables, ignored


def _order(p: WorkbookProblem) -> tuple[int, int, int, str]:
    spec = sheet_by_name(p.sheet) if p.sheet else None
    sheet = [s.name for s in ROSTER_SHEETS].index(spec.name) + 1 if spec is not None else 0
    return sheet, p.row or 0, len(p.column), p.column


def read_roster(
    path: str | PathLike[str],
    *,
    classes: Sequence[ClassInfo],
    subgroups: Sequence[SubgroupInfo],
    students_now: int = 0,
    today: date | None = None,
) -> RosterFile:
    """Read the students and parents of a roster workbook against the school's classes.

    Args:
        path: the .xlsx file (a roster workbook, or a whole school workbook).
        classes: the school's classes now; a student's class must be one of them.
        subgroups: the school's subgroups now; a student's subgroups must be of their class.
        students_now: how many students the school has; an empty Students sheet is refused
            while it has any (every one of them would leave the school).
        today: for birth dates in the future (default: today).

    Returns:
        The students and parents in sheet order.

    Raises:
        WorkbookError: every problem found, sorted by sheet, row and column.
    """
    problems = Problems()
    opened = open_roster(Path(path), problems)
    if opened is None:
        raise WorkbookError(problems.items)
    tables, ignored = opened
    ctx = RosterContext(problems, tables, {c.code: c for c in classes}, list(subgroups),
                        students_now, today or date.today())  # fmt: skip
    for step in (read_students, read_parents):
        try:
            step(ctx)
        except Exception as exc:  # a bug must not hide the problems found so far
            log.exception("reading the roster failed in %s", step.__name__)
            problems.add("internal", msg("the importer failed while reading: {error}", error=exc))
    if problems:
        raise WorkbookError(sorted(problems.items, key=_order))
    return RosterFile(tuple(ctx.students.values()), tuple(ctx.parents.values()), tuple(ignored))
