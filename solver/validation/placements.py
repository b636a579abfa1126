"""Reading a Solution's placements: what is placed where, and what is missing, broken or doubled.

Every placement that can be read becomes a `Placed` (the first one per lesson); everything else
(unknown lesson, a day or period that does not exist, a second placement, a missing lesson) is a
PLACED violation, so later checks only ever see sound placements.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from solver.messages import msg, nmsg
from solver.problem import Lesson, Problem
from solver.rules.ids import RuleId
from solver.solution import Placement, Solution
from solver.validation.naming import lesson_name
from solver.validation.types import Violation, hard


@dataclass(frozen=True, slots=True)
class Placed:
    """A lesson as placed: its day, start period, every period it covers, and its room."""

    lesson: Lesson
    day: int
    start: int
    periods: tuple[int, ...]
    room: int | None  # a real room id, or None (no room given, or an unknown one)

    @property
    def id(self) -> int:
        """The lesson id."""
        return self.lesson.id


@dataclass(frozen=True, slots=True)
class Reading:
    """The sound placements by lesson id, the raw room id asked for, and what was wrong."""

    placed: dict[int, Placed]
    asked_room: dict[int, int | None]
    violations: list[Violation]


def _valid_index(value: object, size: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value < size


def _read_one(problem: Problem, pl: Placement) -> tuple[Placed | None, Violation | None]:
    """Turn one placement into a `Placed`, or say why it cannot be read."""
    if not _valid_index(pl.lesson, len(problem.lessons)):
        text = msg("A placement names lesson {lesson}, which does not exist", lesson=pl.lesson)
        return None, hard(RuleId.PLACED, text)
    lesson = problem.lessons[pl.lesson]
    if not _valid_index(pl.day, len(problem.days)) or not _valid_index(
        pl.period, len(problem.periods)
    ):
        text = msg(
            "Lesson {lesson} is placed on day {day}, period {period}, which does not exist",
            lesson=lesson_name(problem, lesson),
            day=pl.day,
            period=pl.period,
        )
        return None, hard(RuleId.PLACED, text, lessons=[lesson.id])
    room = pl.room if _valid_index(pl.room, len(problem.rooms)) else None
    periods = problem.covered(lesson, pl.period)
    return Placed(lesson, pl.day, pl.period, periods, room), None


def read_placements(problem: Problem, solution: Solution) -> Reading:
    """Read every placement; report unknown, impossible, doubled and missing lessons.

    Args:
        problem: the timetabling problem.
        solution: any solution, possibly with junk placements.

    Returns:
        The first readable placement of each lesson and the PLACED violations found.
    """
    placed: dict[int, Placed] = {}
    asked_room: dict[int, int | None] = {}
    violations: list[Violation] = []
    broken: set[int] = set()
    times: Counter[int] = Counter()
    for pl in solution.placements:
        item, problem_found = _read_one(problem, pl)
        if problem_found is not None:
            violations.append(problem_found)
            broken.update(problem_found.lessons)
            continue
        assert item is not None
        times[item.id] += 1
        if item.id not in placed:
            placed[item.id] = item
            asked_room[item.id] = pl.room
    for lid, n in sorted(times.items()):
        if n > 1:
            text = nmsg(
                "Lesson {lesson} is placed {times} times instead of once",
                "Lesson {lesson} is placed {times} times instead of once",
                n,
                lesson=lesson_name(problem, problem.lessons[lid]),
                times=n,
            )
            violations.append(hard(RuleId.PLACED, text, count=n - 1, lessons=[lid]))
    violations.extend(_missing(problem, solution, placed, broken))
    return Reading(placed, asked_room, violations)


def _missing(
    problem: Problem, solution: Solution, placed: dict[int, Placed], broken: set[int]
) -> list[Violation]:
    """Lessons without a placement, and lessons both placed and listed as unplaced."""
    out: list[Violation] = []
    listed = {u for u in solution.unplaced if _valid_index(u, len(problem.lessons))}
    for lesson in problem.lessons:
        name = lesson_name(problem, lesson)
        if lesson.id in placed and lesson.id in listed:
            text = msg("Lesson {lesson} is listed as unplaced but has a placement", lesson=name)
            out.append(hard(RuleId.PLACED, text, lessons=[lesson.id]))
        elif lesson.id not in placed and lesson.id not in broken:
            text = msg("Lesson {lesson} is not placed", lesson=name)
            out.append(hard(RuleId.PLACED, text, lessons=[lesson.id]))
    return out
