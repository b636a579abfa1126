"""An aSc file being read: its tables, and every problem and loss found, each with its line."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from importers.asc.xmltree import Node
from solver.messages import N_, Msg, msg

# The tables this importer reads, with the columns whose values it keeps (or uses to decide
# something). Any other column with a value is reported as not kept, table by table.
KEPT_COLUMNS: dict[str, frozenset[str]] = {
    "days": frozenset({"day", "id"}),
    "periods": frozenset({"period", "name", "short", "starttime", "endtime"}),
    "daysdefs": frozenset({"id", "days", "name", "short"}),
    "weeksdefs": frozenset({"id", "weeks", "name", "short"}),
    "termsdefs": frozenset({"id", "terms", "name", "short"}),
    "subjects": frozenset({"id", "name", "short", "partner_id"}),
    "teachers": frozenset(
        {"id", "name", "short", "partner_id", "email", "mobile", "firstname", "lastname"}
    ),
    "buildings": frozenset({"id", "name", "short", "partner_id"}),
    "classrooms": frozenset({"id", "name", "short", "capacity", "buildingid", "partner_id"}),
    "grades": frozenset({"grade", "name", "short", "id"}),
    "classes": frozenset(
        {"id", "name", "short", "classroomids", "teacherid", "grade", "partner_id"}
    ),
    "groups": frozenset(
        {"id", "classid", "name", "entireclass", "divisiontag", "studentcount", "studentids"}
    ),
    "students": frozenset({"id", "classid", "name", "firstname", "lastname", "partner_id"}),
    "lessons": frozenset(
        {
            "id",
            "subjectid",
            "classids",
            "groupids",
            "teacherids",
            "classroomids",
            "periodspercard",
            "periodsperweek",
            "daysdefid",
            "weeksdefid",
            "termsdefid",
            "partner_id",
        }
    ),
    "cards": frozenset({"lessonid", "period", "day", "days", "weeks", "terms", "classroomids"}),
}

# values that mean "nothing here" in aSc's own exports
_EMPTY_VALUES = frozenset({"", "*", "0"})


@dataclass
class Document:
    """The parsed root plus the errors and warnings collected while reading it."""

    root: Node
    file: str  # the file's name, for messages
    errors: list[Msg] = field(default_factory=list)
    warnings: list[Msg] = field(default_factory=list)
    unsupported: dict[str, int] = field(default_factory=dict)

    def where(self, node: Node) -> Msg:
        """'school.xml line 214'."""
        return msg("{file} line {line}", file=self.file, line=node.line)

    def error(self, node: Node, template: str, **params: Any) -> None:
        """Record a problem that stops the import, located at `node`.

        `template` is a msgid: callers mark the literal with `N_` so extraction finds it.
        """
        problem = msg(template, **params)
        self.errors.append(msg("{where}: {problem}", where=self.where(node), problem=problem))

    def warn(self, template: str, **params: Any) -> None:
        """Record something the file has that the import does not carry over (`N_` msgid)."""
        self.warnings.append(
            msg("{file}: {problem}", file=self.file, problem=msg(template, **params))
        )

    def lose(self, name: str, count: int = 1) -> None:
        """Count one aSc condition no rule of ours expresses, by aSc's own name."""
        self.unsupported[name] = self.unsupported.get(name, 0) + count

    def table(self, name: str) -> list[Node]:
        """The rows of a table (`teachers` -> its `teacher` children), of every such table."""
        return [row for t in self.root.rows(name) for row in t.children]

    def ids(self, node: Node, column: str) -> list[str]:
        """A comma-separated id list, e.g. classids="A,B"; empty items dropped."""
        return [x.strip() for x in node.get(column).split(",") if x.strip()]

    def integer(self, node: Node, column: str, *, default: int | None = None) -> int | None:
        """An integer attribute; an error when present but not an integer."""
        text = node.get(column)
        if not text:
            if default is None:
                self.error(node, N_("{column} is missing"), column=column)
            return default
        try:
            return int(text)
        except ValueError:
            self.error(
                node, N_("{column} '{value}' is not a whole number"), column=column, value=text
            )
            return None

    def number(self, node: Node, column: str) -> float | None:
        """A decimal attribute ("5.0"; a decimal comma is accepted too)."""
        text = node.get(column)
        try:
            return float(text.replace(",", "."))
        except ValueError:
            self.error(node, N_("{column} '{value}' is not a number"), column=column, value=text)
            return None

    def bits(self, node: Node, column: str, length: int | None) -> str | None:
        """A 0/1 string such as days="01000"; `length` checked when given."""
        text = node.get(column)
        if not text or set(text) - {"0", "1"}:
            self.error(
                node, N_("{column} '{value}' is not a string of 0 and 1"), column=column, value=text
            )
            return None
        if length is not None and len(text) != length:
            self.error(
                node,
                N_("{column} '{value}' has {got} places but the week has {days} days"),
                column=column,
                value=text,
                got=len(text),
                days=length,
            )
            return None
        return text

    def report_unread(self) -> None:
        """Warn about tables this importer does not read and columns whose values it drops."""
        for table in self.root.children:
            rows = list(table.children)
            if not rows:
                continue
            kept = KEPT_COLUMNS.get(table.tag)
            if kept is None:
                self.warn(
                    N_("table <{table}> ({count} rows) is not read"),
                    table=table.tag,
                    count=len(rows),
                )
                continue
            dropped = sorted(_valued_columns(rows) - kept)
            if dropped:
                self.warn(
                    N_("<{table}>: the values of {columns} are not kept"),
                    table=table.tag,
                    columns=", ".join(dropped),
                )


def _valued_columns(rows: Iterable[Node]) -> set[str]:
    return {k for row in rows for k, v in row.attrs.items() if v.strip() not in _EMPTY_VALUES}
