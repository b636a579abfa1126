"""aSc Timetables XML: read a school and its placed cards, write our timetable for aSc to import."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from importers.asc.read import AscRead, read_asc
from importers.asc.rewrite import rewrite_cards
from importers.asc.write import export_asc
from importers.loaded import InputError, LoadedInput
from models.snapshot import RuleRow
from solver.conditions import StartsIn
from solver.problem import Problem
from solver.solution import Solution
from solver.store import ProblemBuildError, problem_from_snapshot, unit_ids

__all__ = ["AscRead", "export_asc", "load_asc", "read_asc"]

SOURCE_FORMAT = "asc"


def _day_limits(
    read: AscRead, problem: Problem
) -> tuple[tuple[StartsIn, ...], tuple[RuleRow, ...]]:
    """aSc "this lesson only on these days" as hard conditions (and as rule rows to store)."""
    ids = unit_ids(read.snapshot)
    conditions, rules = [], []
    for key, first, count, days, name in read.day_limits:
        lessons = tuple(ids[(key, u)] for u in range(first, first + count))
        slots = frozenset((d, p.id) for d in sorted(days) for p in problem.periods)
        conditions.append(StartsIn(lessons, slots, whole=True, label=f"aSc days '{name}'"))
        params = {"lesson": key, "first_unit": first, "units": count, "days": sorted(days)}
        rules.append(RuleRow("asc_lesson_days", params))
    return tuple(conditions), tuple(rules)


def load_asc(path: Path, *, lock_cards: bool = True) -> LoadedInput:
    """Read an aSc Timetables XML file into a Problem; its placed cards become locked lessons.

    With `lock_cards` False the cards are read (and checked) but not locked, so a solve
    places every lesson anew. `writers[".xml"]` writes a solution back into a copy of the
    same file (new cards only).

    Raises:
        InputError: every problem of the file, each with its line.
    """
    read = read_asc(path)
    if not lock_cards:
        read.snapshot = replace(read.snapshot, locked=())
    try:
        problem = problem_from_snapshot(read.snapshot)
    except ProblemBuildError as exc:
        raise InputError(exc.problems) from exc
    conditions, rules = _day_limits(read, problem)
    problem = replace(problem, conditions=problem.conditions + conditions)
    snapshot = replace(read.snapshot, rules=read.snapshot.rules + rules)

    def write_back(solution: Solution, out: Path) -> None:
        rewrite_cards(read, problem, snapshot, solution, out)

    return LoadedInput(
        problem,
        snapshot,
        warnings=tuple(read.warnings),
        source_format=SOURCE_FORMAT,
        unsupported=dict(read.unsupported),
        writers={".xml": write_back},
    )
