"""Our solution file format (JSON): placements by lesson id with readable day, period and room."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from solver.messages import Msg, msg
from solver.problem import Problem
from solver.solution import Placement, Solution, Status

FORMAT = "sabaq-solution"
VERSION = 1


class SolutionFileError(ValueError):
    """A solution file that does not fit its problem; `problems` lists every mismatch."""

    def __init__(self, problems: list[Msg]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def fingerprint(problem: Problem) -> str:
    """A short hash of the lessons, so a solution is never checked against another input."""
    text = "|".join(f"{x.id}:{x.label}:{x.length}" for x in problem.lessons)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def solution_to_dict(problem: Problem, solution: Solution) -> dict[str, Any]:
    """The solution as JSON-ready data; each placement also names its lesson, slot and room."""
    rows = []
    for p in sorted(solution.placements, key=lambda x: x.lesson):
        period = problem.periods[p.period]
        rows.append(
            {
                "lesson": p.lesson,
                "label": problem.lessons[p.lesson].label,
                "day": p.day,
                "day_name": problem.days[p.day],
                "shift": problem.shifts[period.shift].name,
                "period": period.number,
                "period_id": p.period,
                "room": None if p.room is None else problem.rooms[p.room].code,
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "problem": problem.name,
        "fingerprint": fingerprint(problem),
        "status": solution.status.value,
        "objective": solution.objective,
        "bound": solution.bound,
        "placements": rows,
        "unplaced": list(solution.unplaced),
    }


def write_solution(path: Path, problem: Problem, solution: Solution) -> None:
    """Write `solution` to `path` as UTF-8 JSON."""
    data = solution_to_dict(problem, solution)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")


def read_solution(path: Path, problem: Problem) -> Solution:
    """Read a solution written by `write_solution` for this problem.

    Raises:
        SolutionFileError: not our format, another problem, or rows naming unknown things.
    """
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SolutionFileError(
            [msg("{file}: not a readable JSON file ({error})", file=str(path), error=str(exc))]
        ) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise SolutionFileError([msg("{file}: not a Sabaq solution file", file=str(path))])
    problems: list[Msg] = []
    if data.get("fingerprint") != fingerprint(problem):
        problems.append(
            msg("{file}: this solution was written for another timetable input", file=str(path))
        )
    rooms = {r.code: r.id for r in problem.rooms}
    placements = []
    for i, row in enumerate(data.get("placements", []), start=1):
        try:
            lesson, day, period = int(row["lesson"]), int(row["day"]), int(row["period_id"])
            room = None if row.get("room") is None else rooms[str(row["room"])]
        except (KeyError, TypeError, ValueError):
            problems.append(
                msg(
                    "{file}: placement {row} is malformed or names an unknown room",
                    file=str(path),
                    row=i,
                )
            )
            continue
        placements.append(Placement(lesson, day, period, room))
    if problems:
        raise SolutionFileError(problems)
    return Solution(
        status=Status(data.get("status", "unknown")),
        placements=tuple(placements),
        objective=data.get("objective"),
        bound=data.get("bound"),
        unplaced=tuple(int(x) for x in data.get("unplaced", [])),
    )
