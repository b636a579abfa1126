"""Write our timetable back into the aSc file it came from: the same file, with new cards.

Everything else in the file stays as aSc wrote it (ids, short names, colours, students,
weeks and terms), so a school can import the result into the same aSc timetable. A lesson
held in some weeks only keeps its weeks at its new place.
"""

from __future__ import annotations

from pathlib import Path

from importers.asc.read import AscRead
from importers.asc.xmltree import Node, to_xml
from models.snapshot import LockedLesson, SchoolSnapshot
from solver.problem import Problem
from solver.solution import Solution
from solver.store import lesson_units, locked_from_solution

_CARD_COLUMNS = ("lessonid", "period", "days", "weeks", "terms", "classroomids")


def _cycle(root: Node, table: str, column: str) -> int:
    """Length of the week (or term) strings the file uses; 1 when it has none."""
    lengths = [
        len(x.strip())
        for t in root.rows(table)
        for row in t.children
        for x in row.get(column).split(",")
        if x.strip()
    ]
    lengths += [len(c.get(column)) for t in root.rows("cards") for c in t.children if c.get(column)]
    return max(lengths, default=1)


def _cards_table(root: Node) -> Node:
    tables = list(root.rows("cards"))
    if tables:
        for extra in tables[1:]:
            root.children.remove(extra)
        return tables[0]
    table = Node(
        "cards", {"options": "canadd,export:silent", "columns": ",".join(_CARD_COLUMNS)}, 0
    )
    root.children.append(table)
    return table


def _card(
    read: AscRead, lock: LockedLesson, period: int, old_style: bool, every: tuple[str, str]
) -> Node:
    unit = read.units[(lock.lesson_key, lock.unit)]
    attrs = {"lessonid": unit.lesson, "period": str(period)}
    if old_style:
        first = 1 if "daynumbering1" in read.root.get("options") else 0
        attrs["day"] = str(lock.day + first)
    else:
        attrs["days"] = "".join("1" if d == lock.day else "0" for d in range(read.days))
    attrs["weeks"] = unit.weeks or every[0]
    attrs["terms"] = unit.terms or every[1]
    attrs["classroomids"] = "" if lock.room is None else read.room_id[lock.room]
    return Node("card", attrs, 0)


def rewrite_cards(
    read: AscRead, problem: Problem, snapshot: SchoolSnapshot, solution: Solution, out: Path
) -> None:
    """Write the source file to `out` with one card per period of each placed lesson."""
    table = _cards_table(read.root)
    columns = table.get("columns").split(",") if table.get("columns") else list(_CARD_COLUMNS)
    old_style = "day" in columns and "days" not in columns
    reqs = {r.key: r for r in snapshot.lessons}
    every = (
        "1" * _cycle(read.root, "weeksdefs", "weeks"),
        "1" * _cycle(read.root, "termsdefs", "terms"),
    )
    cards = []
    for lock in locked_from_solution(problem, snapshot, solution):
        length = lesson_units(reqs[lock.lesson_key])[lock.unit]
        for n in range(lock.period, lock.period + length):
            cards.append(_card(read, lock, read.period_of[(lock.shift, n)], old_style, every))
    table.children = cards
    out.write_text(to_xml(read.root), encoding="utf-8")
