"""Any small school with any placements survives aSc XML (the same placements by clock time)."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from importers.asc import export_asc, load_asc
from models.snapshot import SchoolSnapshot
from solver.problem import Problem
from solver.solution import Placement, Solution, Status
from solver.store import ProblemBuildError, problem_from_snapshot
from tests.importers.asc.facts import fixed_placements, placement_facts, school_facts
from tests.importers.snapshots import snapshots


def _problem(snapshot: SchoolSnapshot) -> Problem:
    try:
        return problem_from_snapshot(snapshot)
    except ProblemBuildError:
        assume(False)
        raise


def _placements(draw: st.DrawFn, problem: Problem) -> list[Placement]:
    """Random starts and rooms; the units of one requirement never share a (day, period)."""
    taken: dict[int, set[tuple[int, int]]] = {}
    out = []
    for lesson in problem.lessons:
        starts = problem.starts(lesson)
        if not starts or not draw(st.booleans()):
            continue
        day = draw(st.integers(0, len(problem.days) - 1))
        start = draw(st.sampled_from(starts))
        cells = {(day, p) for p in problem.covered(lesson, start)}
        if cells & taken.setdefault(lesson.course, set()):
            continue
        taken[lesson.course] |= cells
        room = draw(st.sampled_from(lesson.rooms)) if lesson.rooms else None
        out.append(Placement(lesson.id, day, start, room))
    return out


@st.composite
def placed_schools(draw: st.DrawFn) -> tuple[SchoolSnapshot, Problem, Solution]:
    snapshot = draw(snapshots())
    problem = _problem(snapshot)
    return snapshot, problem, Solution(Status.UNKNOWN, tuple(_placements(draw, problem)))


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(placed_schools())
def test_any_school_and_placements_round_trip(
    case: tuple[SchoolSnapshot, Problem, Solution],
) -> None:
    snapshot, problem, solution = case
    with tempfile.TemporaryDirectory() as d:
        out = Path(d) / "s.xml"
        export_asc(problem, solution, out, snapshot)
        back = load_asc(out)
    assert back.snapshot is not None
    assert school_facts(back.problem, back.snapshot) == school_facts(problem, snapshot)
    assert placement_facts(back.problem, back.snapshot, fixed_placements(back.problem)) == (
        placement_facts(problem, snapshot, solution.placements)
    )
