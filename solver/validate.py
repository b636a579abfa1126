"""The independent validator: every broken rule of a timetable in words, without OR-Tools.

It derives everything from the `Problem` and the `Solution` alone, counting soft rules exactly
as `solver.rules.ids` states them, so its soft total must equal the solver's objective.
"""

from __future__ import annotations

from solver.problem import Problem
from solver.rules.ids import RuleId
from solver.solution import Solution
from solver.validation.buildings import building_changes, travel
from solver.validation.clashes import owners, room_clashes, student_clashes, teacher_clashes
from solver.validation.conditions import check_conditions
from solver.validation.lessons import check_lessons
from solver.validation.limits import class_gaps, class_max_per_day, teacher_limits
from solver.validation.placements import read_placements
from solver.validation.references import broken_references
from solver.validation.soft import (
    class_room_changes,
    hard_subject_late,
    same_subject_day,
    teacher_day_off,
    teacher_gaps,
)
from solver.validation.types import Summary, Violation, summarize, weight_of

__all__ = ["Summary", "Violation", "summarize", "validate", "weight_of"]


def validate(problem: Problem, solution: Solution) -> list[Violation]:
    """Every violation of every rule, hard and soft, in a stable order.

    Unplaced or missing lessons, unknown lesson ids, impossible days or periods, doubled
    placements and wrong rooms are reported as violations; nothing in the solution makes it
    raise. Each lesson is judged by its first readable placement.

    Args:
        problem: the timetabling problem (well-formed: every id refers to something).
        solution: any solution, complete or not.

    Returns:
        Hard violations first (by rule), then soft ones; see `summarize` for the totals.

    Raises:
        ValueError: when the problem itself refers to things that do not exist (the data
            checks of `solver.checks` report those in words).
    """
    broken = broken_references(problem)
    if broken:
        raise ValueError("; ".join(str(m) for m in broken[:5]))
    reading = read_placements(problem, solution)
    placed = [reading.placed[i] for i in sorted(reading.placed)]
    by_teacher, by_atom, by_room = owners(problem, placed)
    found = [
        *reading.violations,
        *check_lessons(problem, reading),
        *teacher_clashes(problem, by_teacher),
        *student_clashes(problem, by_atom),
        *room_clashes(problem, by_room),
        *teacher_limits(problem, by_teacher),
        *class_max_per_day(problem, by_atom),
        *class_gaps(problem, by_atom),
        *travel(problem, by_teacher, by_atom),
        *building_changes(problem, by_teacher),
        *teacher_gaps(problem, by_teacher),
        *same_subject_day(problem, placed),
        *hard_subject_late(problem, placed),
        *teacher_day_off(problem, by_teacher),
        *class_room_changes(problem, placed),
        *check_conditions(problem, reading.placed, by_teacher, by_atom),
    ]
    rank = {r: i for i, r in enumerate(RuleId)}
    return sorted(found, key=lambda v: (not v.hard, rank[v.rule]))
