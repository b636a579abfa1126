"""The Students and Parents rows of a roster: each value checked, each problem with what to do."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from importers.excel.cells import UNKNOWN, RowReader
from importers.excel.errors import Problems, did_you_mean
from importers.excel.sheets import Table
from importers.excel.values import pair_in, pair_out
from models.account_logins import is_valid_email
from models.snapshot import ClassInfo, ParentInfo, StudentInfo, SubgroupInfo
from solver.messages import Msg, msg


@dataclass
class RosterContext:
    """The sheets found, the school's classes and subgroups, and the people read so far."""

    problems: Problems
    tables: dict[str, Table]
    classes: dict[str, ClassInfo]
    subgroups: list[SubgroupInfo]
    students_now: int
    today: date
    students: dict[str, StudentInfo] = field(default_factory=dict)
    parents: dict[str, ParentInfo] = field(default_factory=dict)
    # every key the Students sheet names, rows with problems too, so that a parent's child on
    # such a row is not reported a second time as unknown
    named: set[str] = field(default_factory=set)

    def rows(self, sheet: str) -> Iterator[RowReader]:
        table = self.tables.get(sheet)
        for cells in table.rows if table is not None else []:
            yield RowReader(table, cells, self.problems)  # type: ignore[arg-type]

    def groups_of(self, class_code: str) -> list[tuple[str, str]]:
        return [(g.division, g.code) for g in self.subgroups if g.class_code == class_code]


def _class(ctx: RosterContext, r: RowReader) -> str | None:
    """The student's class, one of the school's."""
    code = r.code("class")
    if code is None or code in ctx.classes:
        return code
    hint = did_you_mean(code, ctx.classes) or msg(
        "add the class to the school data first (sheet Classes of the school workbook)"
    )
    r.problem("class", "unknown_ref", msg(UNKNOWN["Classes"], value=code), hint)
    return None


def _subgroups(ctx: RosterContext, r: RowReader, class_code: str | None) -> list[tuple[str, str]]:
    """'eng/en1, inf/1': subgroups of the student's class, one per division."""
    out: list[tuple[str, str]] = []
    for item in r.items("subgroups"):
        division, group = pair_in(item)
        if group is None:
            text = msg("'{value}' is not division/subgroup like lang/kz", value=item)
            r.problem("subgroups", "bad_value", text)
            continue
        if class_code is None:
            continue  # the class itself is the problem of this row
        known = ctx.groups_of(class_code)
        if (division, group) not in known:
            text = msg("class {class_code} has no subgroup '{value}'",
                       class_code=class_code, value=item)  # fmt: skip
            r.problem("subgroups", "unknown_ref", text, _groups_hint(class_code, known))
        elif any(d == division for d, _ in out):
            text = msg("two subgroups of division '{division}'; a student is in one",
                       division=division)  # fmt: skip
            r.problem("subgroups", "duplicate", text)
        else:
            out.append((division, group))
    return out


def _groups_hint(class_code: str, known: list[tuple[str, str]]) -> Msg:
    if not known:
        return msg("class {class_code} has no subgroups in the school data", class_code=class_code)
    listed = ", ".join(pair_out(d, g) for d, g in known)
    return msg("its subgroups are: {groups}", groups=listed)


def _birth(ctx: RosterContext, r: RowReader) -> date | None:
    birth = r.date("birth")
    if birth is not None and birth > ctx.today:
        text = msg("birth date {value} is in the future", value=birth.isoformat())
        r.problem("birth", "bad_value", text)
        return None
    return birth


def _key(r: RowReader, code: str | None, name: str, seen: dict[object, int]) -> str | None:
    """The person's key (code, or name without one) the first time it is seen on the sheet."""
    if code:
        return code if r.unique("code", code, seen) else None
    if not name:
        return None
    if name in seen:
        text = msg("'{value}' is used twice (also on row {first})", value=name, first=seen[name])
        r.problem("name", "duplicate", text, msg("people without a code are told apart by "
                                                  "name; give them codes"))  # fmt: skip
        return None
    seen[name] = r.row
    return name


def read_students(ctx: RosterContext) -> None:
    """Students: code (or full name), class, subgroups and birth date."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Students"):
        code, name = r.code("code"), r.text("name")
        class_code = _class(ctx, r)
        groups = _subgroups(ctx, r, class_code)
        birth = _birth(ctx, r)
        if code or name:
            ctx.named.add(code or name)
        key = _key(r, code, name, seen)
        if key is not None and class_code is not None:
            ctx.students[key] = StudentInfo(code or "", name, class_code, tuple(groups), birth)
    table = ctx.tables.get("Students")
    if table is not None and not table.rows and ctx.students_now:
        text = msg("the sheet lists no students; all {count} students would leave the school",
                   count=ctx.students_now)  # fmt: skip
        hint = msg("a roster lists every student who stays at the school")
        ctx.problems.add("no_students", text, sheet=table.title, hint=hint)


def _children(ctx: RosterContext, r: RowReader) -> list[str]:
    out: list[str] = []
    for child in r.items("children"):
        if child in out:
            r.problem("children", "duplicate", msg("child '{value}' is listed twice", value=child))
        elif child not in ctx.named:
            hint = did_you_mean(child, ctx.named) or msg(
                "name the child by their code on the Students sheet"
            )
            r.problem("children", "unknown_ref", msg(UNKNOWN["Students"], value=child), hint)
        else:
            out.append(child)
    return out


def read_parents(ctx: RosterContext) -> None:
    """Parents and guardians: code (or full name), children, e-mail, phone, relation."""
    seen: dict[object, int] = {}
    for r in ctx.rows("Parents"):
        code, name = r.code("code"), r.text("name")
        children = _children(ctx, r)
        email = r.text("email")
        if email and not is_valid_email(email):
            r.problem("email", "bad_value", msg("'{value}' is not an e-mail address", value=email))
        key = _key(r, code, name, seen)
        if key is not None:
            ctx.parents[key] = ParentInfo(code or "", name, tuple(children), email,
                                          r.text("phone"), r.text("relation"))  # fmt: skip
