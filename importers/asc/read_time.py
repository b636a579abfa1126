"""The aSc week: how many days, and the periods with their bell times, split into shifts.

aSc has one run of periods for the whole school. Schools with two shifts usually number the
second shift's periods from 1 again ("1..7, 1..6"), which is also how `export_asc` writes
ours; a period name that does not grow marks the start of the next shift. Which classes are
in which shift is decided later, from their placed cards (`read.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.asc.document import Document
from importers.asc.xmltree import Node
from solver.messages import N_

_CLOCK = re.compile(r"^(\d{1,2})[:.](\d{2})$")
_DEFAULT_DAYS = 5


@dataclass(frozen=True)
class AscPeriod:
    value: int  # aSc's `period` attribute, as cards name it
    name: str
    start: str  # "08:30"
    end: str


def read_days(doc: Document) -> int:
    """Days in the week: the <days> rows, else the length of the day strings, else 5."""
    rows = doc.table("days")
    if rows:
        count = len(rows)
    else:
        lengths = [len(p.strip()) for r in doc.table("daysdefs") for p in r.get("days").split(",")]
        lengths += [len(c.get("days")) for c in doc.table("cards") if c.get("days")]
        count = max(lengths, key=lengths.count) if lengths else _DEFAULT_DAYS
    if not 1 <= count <= 7:
        doc.error(doc.root, N_("the week has {count} days; at most 7 are supported"), count=count)
        return _DEFAULT_DAYS
    return count


def _clock(doc: Document, node: Node, column: str) -> int | None:
    text = node.get(column)
    found = _CLOCK.match(text)
    if not found or int(found.group(1)) > 23 or int(found.group(2)) > 59:
        doc.error(
            node, N_("{column} '{value}' is not a time such as 8:30"), column=column, value=text
        )
        return None
    return int(found.group(1)) * 60 + int(found.group(2))


def read_periods(doc: Document) -> list[AscPeriod]:
    """The periods in aSc's order, with clock times (assumed when the file has none)."""
    rows = doc.table("periods")
    if not rows:
        doc.error(doc.root, N_("the file has no <periods>"))
        return []
    seen: dict[int, Node] = {}
    for row in rows:
        value = doc.integer(row, "period")
        if value is None:
            continue
        if value in seen:
            doc.error(
                row,
                N_("period {value} is given twice (first at line {first})"),
                value=value,
                first=seen[value].line,
            )
            continue
        seen[value] = row
    timed = [r for r in seen.values() if r.get("starttime") or r.get("endtime")]
    if not timed:
        doc.warn(
            N_(
                "periods have no bell times; 45-minute periods from 08:00 with 10-minute breaks "
                "are assumed"
            )
        )
        return [
            AscPeriod(v, seen[v].get("name") or seen[v].get("short"), *_assumed(i))
            for i, v in enumerate(sorted(seen))
        ]
    out = []
    for value in sorted(seen):
        row = seen[value]
        start, end = _clock(doc, row, "starttime"), _clock(doc, row, "endtime")
        if start is None or end is None:
            continue
        if end <= start:
            doc.error(
                row,
                N_("period {value} ends at {end}, not after it starts"),
                value=value,
                end=row.get("endtime"),
            )
            continue
        name = row.get("name") or row.get("short")
        out.append(AscPeriod(value, name, _hhmm(start), _hhmm(end)))
    return out


def _assumed(index: int) -> tuple[str, str]:
    start = 8 * 60 + index * 55
    return _hhmm(start), _hhmm(start + 45)


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def shift_runs(periods: list[AscPeriod]) -> list[list[AscPeriod]]:
    """Split periods into shifts where a numeric period name does not grow ("7" then "1")."""
    runs: list[list[AscPeriod]] = []
    last: int | None = None
    for p in periods:
        digits = re.match(r"\d+", p.name)  # "1", "1." or "1st"
        number = int(digits.group()) if digits else None
        if not runs or (number is not None and last is not None and number <= last):
            runs.append([])
        runs[-1].append(p)
        last = number
    return runs
