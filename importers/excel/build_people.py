"""Read the teachers, availability grid, students and parents sheets."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace

from importers.excel.cells import RowReader
from importers.excel.context import Context
from importers.excel.errors import did_you_mean
from importers.excel.layout import WHO
from importers.excel.values import pair_in
from models.snapshot import ParentInfo, SlotRef, StudentInfo, TeacherInfo
from solver.messages import msg

_WHO = {name.casefold(): who for who, names in WHO.items() for name in names.values()}


def read_teachers(ctx: Context) -> None:
    """Teachers: the subjects they may teach and their limits."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Teachers"):
        code, name = r.code("code"), r.text("name")
        subjects = [
            s for s in r.items("subjects") if r.ref("subjects", s, ctx.subjects, "Subjects")
        ]
        limits = {k: r.integer(k) for k in ("max_per_day", "max_per_week", "max_days")}
        changes = r.integer("max_building_changes")
        day_off = r.day("day_off", ctx.days)
        if code and r.unique("code", code, seen):
            ctx.teachers[code] = TeacherInfo(
                code,
                name,
                tuple(subjects),
                (),
                limits["max_per_day"],
                limits["max_per_week"],
                limits["max_days"],
                day_off,
                changes,
                r.text("email"),
                r.text("phone"),
            )


def read_availability(ctx: Context) -> None:
    """The grid: a mark in a (day, shift, period) column = unavailable then."""
    table = ctx.tables.get("Availability")
    if table is None:
        return
    known: dict[str, Collection[str]] = {
        "teacher": ctx.teachers,
        "class": ctx.classes,
        "room": ctx.rooms,
    }
    kinds = {"teacher": "Teachers", "class": "Classes", "room": "Rooms"}
    seen: dict[object, int] = {}
    for r in ctx.rows("Availability"):
        who_text, code = r.text("type"), r.code("code")
        who = _WHO.get(who_text.casefold())
        if who_text and who is None:
            r.problem(
                "type",
                "bad_value",
                msg("'{value}' is not teacher, class or room", value=who_text),
                did_you_mean(who_text, list(_WHO)),
            )
        if who is None or not code or not r.ref("code", code, known[who], kinds[who]):
            continue
        if r.unique("code", (who, code), seen, code):
            ctx.unavailable[(who, code)] = _marks(ctx, r)


def _marks(ctx: Context, r: RowReader) -> tuple[SlotRef, ...]:
    table = r.table
    out: list[SlotRef] = []
    for letter, value in r.cells.grid.items():
        header, slot = table.grid[letter]
        where = {"sheet": table.title, "row": r.row, "column": letter, "value": value}
        if slot is None:
            ctx.problems.add(
                "bad_grid_column",
                msg("column '{header}' is not a day·shift·period like Mon·1·3", header=header),
                **where,
            )
            continue
        day, shift, period = slot
        if day >= ctx.days or period not in ctx.periods(shift):
            ctx.problems.add(
                "no_such_period",
                msg("'{header}' is not a period of the school's week and bells", header=header),
                **where,
            )
            continue
        out.append(SlotRef(day, shift, period))
    return tuple(out)


def apply_availability(ctx: Context) -> None:
    """Put the grid's marks on the teachers, classes and rooms."""
    for (who, code), marks in ctx.unavailable.items():
        if who == "teacher":
            ctx.teachers[code] = replace(ctx.teachers[code], unavailable=marks)
        elif who == "class":
            ctx.classes[code] = replace(ctx.classes[code], unavailable=marks)
        else:
            ctx.rooms[code] = replace(ctx.rooms[code], unavailable=marks)


def read_students(ctx: Context) -> None:
    """Students: class and subgroups ('lang/kz, inf/1')."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Students"):
        code, name, cls = r.code("code"), r.text("name"), r.code("class")
        ok = cls is not None and r.ref("class", cls, ctx.classes, "Classes")
        groups: list[tuple[str, str]] = []
        for item in r.items("subgroups"):
            division, group = pair_in(item)
            if group is None:
                r.problem(
                    "subgroups",
                    "bad_value",
                    msg("'{value}' is not division/subgroup like lang/kz", value=item),
                )
            elif ok and (cls, division, group) not in _divisions(ctx):
                r.problem(
                    "subgroups",
                    "unknown_ref",
                    msg("class {class_code} has no subgroup '{value}'", class_code=cls, value=item),
                )
            else:
                groups.append((division, group))
        birth = r.date("birth")
        if code and cls and r.unique("code", code, seen):
            ctx.students[code] = StudentInfo(code, name, cls, tuple(groups), birth)


def _divisions(ctx: Context) -> set[tuple[str, str, str]]:
    return {(g.class_code, g.division, g.code) for g in ctx.subgroups}


def read_parents(ctx: Context) -> None:
    """Parents and guardians with their children's student codes."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Parents"):
        code, name = r.code("code"), r.text("name")
        children = r.items("children")
        for child in children:
            r.ref("children", child, ctx.students, "Students")
        if code and r.unique("code", code, seen):
            ctx.parents[code] = ParentInfo(
                code, name, tuple(children), r.text("email"), r.text("phone"), r.text("relation")
            )
