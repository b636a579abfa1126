"""Typed access to one row's cells that records a problem, with its cell, for each bad value."""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import date
from typing import Any, TypeVar

from importers.excel.errors import Problems, did_you_mean
from importers.excel.sheets import Cells, Table
from importers.excel.values import (
    CellError,
    bool_in,
    date_in,
    day_in,
    int_in,
    is_blank,
    list_in,
    text_in,
    time_in,
)
from solver.messages import N_, Msg, msg

T = TypeVar("T")
_CODE_FORBIDDEN = (",", ";", "+", "\n")

# what an unknown reference is called, by the sheet it should come from
UNKNOWN: dict[str, str] = {
    "Teachers": N_("unknown teacher '{value}'"),
    "Subjects": N_("unknown subject '{value}'"),
    "Rooms": N_("unknown room '{value}'"),
    "Buildings": N_("unknown building '{value}'"),
    "Classes": N_("unknown class '{value}'"),
    "Terms": N_("unknown term '{value}'"),
    "Students": N_("unknown student '{value}'"),
    "Lessons": N_("unknown lesson key '{value}'"),
    "Shifts": N_("unknown shift '{value}': the Bells sheet has no periods for it"),
}


class RowReader:
    """Reads one row; each getter returns None (or a default) and records a problem on bad input."""

    def __init__(self, table: Table, cells: Cells, problems: Problems) -> None:
        self.table = table
        self.cells = cells
        self.problems = problems
        self.ok = True

    @property
    def row(self) -> int:
        return self.cells.row

    def raw(self, key: str) -> Any:
        """The cell's value as found."""
        return self.cells.values.get(key)

    def problem(self, key: str, code: str, message: Msg, hint: Msg | None = None) -> None:
        """Record a problem in this row's `key` column."""
        self.ok = False
        self.problems.add(
            code,
            message,
            sheet=self.table.title,
            row=self.cells.row,
            column=self.table.letter(key),
            value=self.raw(key),
            hint=hint,
        )

    def _get(self, key: str, parse: Callable[[Any], T]) -> T | None:
        value = self.raw(key)
        if is_blank(value):
            col = self.table.spec.column(key)
            if col.required:
                self.problem(key, "missing", msg("'{column}' is required here", column=col.title))
            return None
        try:
            return parse(value)
        except CellError as exc:
            self.problem(key, "bad_value", exc.message)
            return None

    def text(self, key: str, default: str = "") -> str:
        """Trimmed text ('' or `default` when empty)."""
        value = self._get(key, text_in)
        return default if value is None else value

    def code(self, key: str) -> str | None:
        """A code: text without list separators."""
        value = self._get(key, text_in)
        if value is not None and any(ch in value for ch in _CODE_FORBIDDEN):
            self.problem(
                key,
                "bad_code",
                msg("a code may not contain ',', ';' or '+': '{value}'", value=value),
            )
            return None
        return value

    def integer(self, key: str, minimum: int = 0) -> int | None:
        """A whole number not below `minimum`."""
        value = self._get(key, int_in)
        if value is not None and value < minimum:
            self.problem(
                key,
                "too_small",
                msg(
                    "{value} is too small here: the least allowed is {minimum}",
                    value=value,
                    minimum=minimum,
                ),
            )
            return None
        return value

    def date(self, key: str) -> date | None:
        """A date."""
        return self._get(key, date_in)

    def time(self, key: str) -> str | None:
        """A clock time 'HH:MM'."""
        return self._get(key, time_in)

    def boolean(self, key: str, default: bool) -> bool:
        """Yes or no; `default` when empty or wrong."""
        value = self._get(key, bool_in)
        return default if value is None else value

    def day(self, key: str, days: int) -> int | None:
        """A day of the school week, 0-based."""
        value = self._get(key, day_in)
        if value is not None and value >= days:
            self.problem(
                key,
                "not_school_day",
                msg(
                    "{value} is not a school day (the week has {days} days)",
                    value=text_in(self.raw(key)),
                    days=days,
                ),
            )
            return None
        return value

    def items(self, key: str) -> list[str]:
        """Several values from one cell."""
        value = self._get(key, list_in)
        col = self.table.spec.column(key)
        if col.required and value == []:
            self.problem(key, "missing", msg("'{column}' is required here", column=col.title))
        return value or []

    def ref(self, key: str, value: str, known: Collection[str], kind: str) -> bool:
        """True when `value` is one of `known`; otherwise a problem with a "did you mean"."""
        if value in known:
            return True
        self.problem(
            key, "unknown_ref", msg(UNKNOWN[kind], value=value), did_you_mean(value, known)
        )
        return False

    def unique(self, key: str, value: object, seen: dict[object, int], label: str = "") -> bool:
        """True the first time `value` is seen on this sheet; a problem on repeats."""
        if value in seen:
            self.problem(
                key,
                "duplicate",
                msg(
                    "'{value}' is used twice (also on row {first})",
                    value=label or value,
                    first=seen[value],
                ),
            )
            return False
        seen[value] = self.cells.row
        return True
