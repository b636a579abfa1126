"""Read the import workbook into a SchoolSnapshot, or report every problem in it at once."""

from __future__ import annotations

import logging
from os import PathLike

from importers.excel.build_load import read_lessons, read_locked, read_rules, read_settings
from importers.excel.build_people import (
    apply_availability,
    read_availability,
    read_parents,
    read_students,
    read_teachers,
)
from importers.excel.build_places import (
    read_bells,
    read_buildings,
    read_classes,
    read_rooms,
    read_school,
    read_subjects,
    read_terms,
)
from importers.excel.context import Context
from importers.excel.errors import Problems, WorkbookError, WorkbookProblem
from importers.excel.layout import DATA_SHEETS, sheet_by_name
from importers.excel.sheets import open_workbook
from models.snapshot import SchoolSnapshot, TermInfo
from solver.messages import msg

log = logging.getLogger(__name__)

# in this order each sheet's references point at sheets already read
_STEPS = (
    read_school,
    read_terms,
    read_buildings,
    read_rooms,
    read_subjects,
    read_bells,
    read_teachers,  # before classes: a class names its class teacher
    read_classes,
    read_availability,
    read_lessons,
    read_settings,
    read_students,
    read_parents,
    read_locked,
    read_rules,
)


def read_workbook(path: str | PathLike[str]) -> SchoolSnapshot:
    """Read an import workbook (as written by `write_workbook` or filled in by a school).

    Args:
        path: the .xlsx file.

    Returns:
        The school's data as a snapshot, in the workbook's row order.

    Raises:
        WorkbookError: with every problem found (sheet, row, column, value, sentence, hint),
            sorted by sheet and row; also for files that are not workbooks at all.
    """
    problems = Problems()
    tables = open_workbook(path, problems)
    if tables is None:
        raise WorkbookError(problems.items)
    ctx = Context(problems, tables)
    for step in _STEPS:
        try:
            step(ctx)
        except Exception as exc:  # a bug must not hide the problems found so far
            log.exception("reading the workbook failed in %s", step.__name__)
            problems.add("internal", msg("the importer failed while reading: {error}", error=exc))
    if problems:
        raise WorkbookError(sorted(problems.items, key=_order))
    apply_availability(ctx)
    return _snapshot(ctx)


def _order(p: WorkbookProblem) -> tuple[int, int, int, str]:
    spec = sheet_by_name(p.sheet) if p.sheet else None
    sheet = DATA_SHEETS.index(spec) + 1 if spec is not None else (0 if not p.sheet else 99)
    return sheet, p.row or 0, len(p.column), p.column


def _snapshot(ctx: Context) -> SchoolSnapshot:
    assert ctx.school is not None  # a missing School sheet or row is a problem above
    terms = tuple(
        TermInfo(t.name, t.start, t.end, tuple(ctx.holidays.get(name, ())))
        for name, t in ctx.terms.items()
    )
    return SchoolSnapshot(
        school=ctx.school,
        terms=terms,
        buildings=tuple(ctx.buildings.values()),
        travel=tuple(ctx.travel),
        rooms=tuple(ctx.rooms.values()),
        subjects=tuple(ctx.subjects.values()),
        bells=tuple(ctx.bells),
        teachers=tuple(ctx.teachers.values()),
        classes=tuple(ctx.classes.values()),
        subgroups=tuple(ctx.subgroups),
        lessons=tuple(ctx.lessons.values()),
        students=tuple(ctx.students.values()),
        parents=tuple(ctx.parents.values()),
        rules=tuple(ctx.rules),
        locked=tuple(ctx.locked),
        settings=ctx.settings,
    )
