"""The benchmark generator: planted weeks obey every hard rule, and the schools are tight."""

from __future__ import annotations

import importlib.util

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench.generate import Knobs, generate_school
from bench.stats import school_stats
from bench.verify import hard_problems
from solver.solution import Placement, Solution, Status
from solver.store import placements_from_locked, problem_from_snapshot

HAVE_VALIDATOR = importlib.util.find_spec("solver.validate") is not None


def _planted(classes: int, buildings: int, seed: int, knobs: Knobs | None = None):
    snapshot, locked = generate_school(classes, buildings, seed, knobs)
    problem = problem_from_snapshot(snapshot)
    return snapshot, locked, problem, placements_from_locked(problem, snapshot, locked)


@pytest.mark.parametrize(("classes", "buildings"), [(10, 1), (25, 2), (25, 3), (50, 4)])
def test_planted_week_obeys_every_hard_rule(classes: int, buildings: int) -> None:
    _, _, problem, placements = _planted(classes, buildings, seed=7)
    assert len(placements) == len(problem.lessons)
    assert {p.lesson for p in placements} == {lesson.id for lesson in problem.lessons}
    assert all(p.room is not None for p in placements)
    assert hard_problems(problem, placements) == []


@pytest.mark.skipif(not HAVE_VALIDATOR, reason="solver.validate not there yet")
@pytest.mark.parametrize(("classes", "buildings"), [(10, 2), (25, 3), (50, 4)])
def test_validator_finds_no_hard_violation_in_the_planted_week(
    classes: int, buildings: int
) -> None:
    from solver.validate import summarize, validate

    _, _, problem, placements = _planted(classes, buildings, seed=3)
    found = validate(problem, Solution(Status.FEASIBLE, tuple(placements)))
    assert summarize(found).hard_violations == 0, [str(v.message) for v in found if v.hard][:5]


@pytest.mark.slow
@pytest.mark.skipif(not HAVE_VALIDATOR, reason="solver.validate not there yet")
def test_hundred_classes_on_four_buildings_is_feasible_by_construction() -> None:
    from solver.validate import summarize, validate

    snapshot, _, problem, placements = _planted(100, 4, seed=1)
    assert len(snapshot.classes) == 100 and len(snapshot.buildings) == 4
    found = validate(problem, Solution(Status.FEASIBLE, tuple(placements)))
    assert summarize(found).hard_violations == 0
    assert hard_problems(problem, placements) == []


def test_the_checker_sees_a_clash_when_one_lesson_moves_onto_another() -> None:
    _, _, problem, placements = _planted(10, 2, seed=5)
    by_id = {p.lesson: p for p in placements}
    # two lessons of one class on different slots: put the first where the second is
    first, second = next(
        (a, b)
        for a in problem.lessons
        for b in problem.lessons
        if a.id < b.id
        and a.classes
        and a.classes == b.classes
        and a.length == b.length == 1
        and (by_id[a.id].day, by_id[a.id].period) != (by_id[b.id].day, by_id[b.id].period)
    )
    target = by_id[second.id]
    moved = [
        Placement(p.lesson, target.day, target.period, p.room) if p.lesson == first.id else p
        for p in placements
    ]
    assert any("clash" in line for line in hard_problems(problem, moved))


def test_same_seed_same_school_other_seed_other_school() -> None:
    a, la = generate_school(10, 2, seed=11)
    b, lb = generate_school(10, 2, seed=11)
    c, _ = generate_school(10, 2, seed=12)
    assert a == b and la == lb
    assert a.lessons != c.lessons or a.teachers != c.teachers


def test_benchmark_schools_are_tight() -> None:
    snapshot, locked = generate_school(50, 3, seed=2)
    stats = school_stats(snapshot, locked)
    assert stats["classes"] == 50
    assert 0.85 <= stats["teacher_use"] <= 0.95
    assert 0.85 <= stats["room_use"] <= 0.95
    assert stats["part_timers"] > 0
    # subgroups, joined groups across classes and doubles all occur
    assert snapshot.subgroups
    assert any(len({g.class_code for g in r.audience}) > 1 for r in snapshot.lessons)
    assert any(r.doubles for r in snapshot.lessons)
    assert any(t.unavailable for t in snapshot.teachers)


def test_looser_knobs_leave_more_room() -> None:
    tight, lt = generate_school(25, 2, seed=4)
    loose, ll = generate_school(25, 2, seed=4, knobs=Knobs(teacher_use=0.6, room_use=0.5))
    assert school_stats(loose, ll)["teacher_use"] < school_stats(tight, lt)["teacher_use"] - 0.2


def test_rejects_impossible_sizes() -> None:
    with pytest.raises(ValueError):
        generate_school(10, 5, seed=1)
    with pytest.raises(ValueError):
        generate_school(0, 1, seed=1)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    classes=st.integers(min_value=1, max_value=16),
    buildings=st.integers(min_value=1, max_value=4),
    seed=st.integers(min_value=0, max_value=10_000),
    knobs=st.builds(
        Knobs,
        teacher_use=st.floats(0.5, 0.95),
        room_use=st.floats(0.5, 0.95),
        join_share=st.floats(0.0, 1.0),
        part_time_share=st.floats(0.0, 0.5),
        language=st.sampled_from(["ru", "kk"]),
    ),
)
def test_any_generated_school_is_feasible_by_construction(
    classes: int, buildings: int, seed: int, knobs: Knobs
) -> None:
    _, _, problem, placements = _planted(classes, buildings, seed, knobs)
    assert hard_problems(problem, placements) == []


def test_real_profile_trims_only_part_timers_and_a_few_wishes() -> None:
    from bench.generate import PROFILES

    snapshot, locked = generate_school(25, 2, seed=6, knobs=PROFILES["real"])
    trimmed = [t for t in snapshot.teachers if t.unavailable]
    part_timers = [t for t in snapshot.teachers if t.max_days is not None]
    assert set(part_timers) <= set(trimmed)
    assert len(trimmed) < len(snapshot.teachers) / 2
    problem = problem_from_snapshot(snapshot)
    assert hard_problems(problem, placements_from_locked(problem, snapshot, locked)) == []


def test_planted_week_survives_the_workbook_and_the_solution_file(tmp_path) -> None:
    from bench.generate import write_planted
    from importers.excel import write_workbook
    from importers.inputs import load_input
    from importers.solution_json import read_solution
    from solver.validate import summarize, validate

    snapshot, locked = generate_school(10, 3, seed=8)
    write_workbook(tmp_path / "school.xlsx", snapshot)
    write_planted(tmp_path / "planted.json", snapshot, locked)
    problem = load_input(tmp_path / "school.xlsx").problem
    solution = read_solution(tmp_path / "planted.json", problem)
    assert len(solution.placements) == len(problem.lessons)
    assert summarize(validate(problem, solution)).hard_violations == 0
