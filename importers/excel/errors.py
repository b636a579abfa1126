"""What is wrong with an import workbook: every problem with its sheet, row, column and words."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from solver.messages import Msg, msg, nmsg


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class WorkbookProblem:
    """One thing to fix in the workbook.

    `code` is stable (for programs and tests); `message` and `hint` are sentences for people.
    `row` is the spreadsheet row number (1-based) and `column` its letter, when known.
    """

    code: str
    message: Msg
    sheet: str = ""
    row: int | None = None
    column: str = ""
    value: Any = None
    hint: Msg | None = None

    @property
    def where(self) -> str:
        """'Lessons!C14', 'Lessons!14', 'Lessons' or '' (the whole file)."""
        if not self.sheet:
            return ""
        if self.row is None:
            return self.sheet if not self.column else f"{self.sheet}!{self.column}"
        return f"{self.sheet}!{self.column}{self.row}"

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        """'Lessons!C14: unknown teacher 'T-014' — did you mean 'T-14'?' translated."""
        text = self.message
        if self.hint is not None:
            text = msg("{problem} — {hint}", problem=text, hint=self.hint)
        if self.where:
            text = msg("{where}: {problem}", where=self.where, problem=text)
        return text.render(translate)

    def __str__(self) -> str:
        return self.render()


class WorkbookError(Exception):
    """The workbook cannot be imported; `problems` lists every problem found, in sheet order."""

    code = "workbook_invalid"

    def __init__(self, problems: Sequence[WorkbookProblem]) -> None:
        self.problems: tuple[WorkbookProblem, ...] = tuple(problems)
        super().__init__(self.render())

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        """A heading line and one line per problem."""
        count = len(self.problems)
        head = nmsg(
            "The workbook has {count} problem(s):",
            "The workbook has {count} problem(s):",
            count,
            count=count,
        )
        lines = [head.render(translate)] + [f"  {p.render(translate)}" for p in self.problems]
        return "\n".join(lines)


def did_you_mean(value: str, choices: Iterable[str]) -> Msg | None:
    """'did you mean 'T-14'?' for the closest choices (case-insensitive), or None."""
    options = list(dict.fromkeys(choices))
    folded = {c.casefold(): c for c in options}
    if value.casefold() in folded and folded[value.casefold()] != value:
        return msg("did you mean '{suggestion}'?", suggestion=folded[value.casefold()])
    scored = sorted(
        ((difflib.SequenceMatcher(None, value.casefold(), c).ratio(), c) for c in folded),
        reverse=True,
    )
    # a second suggestion only when it is about as close as the best
    close = [c for r, c in scored[:2] if r >= 0.6 and r >= scored[0][0] - 0.1]
    if not close:
        return None
    if len(close) == 1:
        return msg("did you mean '{suggestion}'?", suggestion=folded[close[0]])
    first, second = (folded[c] for c in close)
    return msg("did you mean '{first}' or '{second}'?", first=first, second=second)


class Problems:
    """Collects problems while a workbook is read; `add` never stops the reading."""

    def __init__(self) -> None:
        self.items: list[WorkbookProblem] = []

    def add(
        self,
        code: str,
        message: Msg,
        sheet: str = "",
        row: int | None = None,
        column: str = "",
        value: Any = None,
        hint: Msg | None = None,
    ) -> None:
        """Record one problem."""
        self.items.append(WorkbookProblem(code, message, sheet, row, column, value, hint))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        """Raise `WorkbookError` with everything collected so far, if anything."""
        if self.items:
            raise WorkbookError(self.items)
