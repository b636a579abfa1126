"""Check the Rules sheet's rows against the rest of the workbook, each problem in its cell."""

from __future__ import annotations

from collections.abc import Sequence

from importers.excel.cells import RowReader
from importers.excel.context import Context
from models.snapshot import RuleRow, SchoolInfo, SchoolSnapshot
from solver.store import rule_problems


def check_rules(ctx: Context, rows: Sequence[tuple[RowReader, RuleRow]]) -> None:
    """A problem in the kind, parameters or weight cell of every active rule the solver
    could not use: unknown kind, unknown code (with a suggestion), wrong parameter type."""
    if not rows:
        return
    # only what rules can name; availability and students play no part
    snapshot = SchoolSnapshot(
        school=ctx.school or SchoolInfo("", ""),
        buildings=tuple(ctx.buildings.values()),
        rooms=tuple(ctx.rooms.values()),
        subjects=tuple(ctx.subjects.values()),
        bells=tuple(ctx.bells),
        teachers=tuple(ctx.teachers.values()),
        classes=tuple(ctx.classes.values()),
        subgroups=tuple(ctx.subgroups),
        lessons=tuple(ctx.lessons.values()),
        rules=tuple(rule for _, rule in rows),
    )
    for problem in rule_problems(snapshot):
        reader = rows[problem.index][0]
        reader.problem(problem.column, "bad_rule", problem.text, problem.hint)
