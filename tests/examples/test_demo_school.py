"""The demo school and the small schools: realistic, solvable by construction, up to date."""

from __future__ import annotations

from collections import Counter, defaultdict
from pathlib import Path

import pytest

from bench.verify import hard_problems
from examples.demo_school import SMALL, demo_planted, small_planted
from solver.checks import check_problem
from solver.solution import Solution, Status
from solver.store import placements_from_locked, problem_from_snapshot
from solver.validate import summarize, validate

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def demo():
    return demo_planted()


def test_demo_is_a_realistic_two_shift_school_on_three_buildings(demo) -> None:
    snapshot, _ = demo
    assert snapshot.school.days_per_week == 6
    assert 25 <= len(snapshot.classes) <= 30
    assert {c.grade for c in snapshot.classes} == set(range(1, 12))
    assert all(2 <= n <= 3 for n in Counter(c.grade for c in snapshot.classes).values())
    assert {c.shift for c in snapshot.classes} == {"1", "2"}
    assert 55 <= len(snapshot.teachers) <= 70
    assert 40 <= len(snapshot.rooms) <= 50
    assert 850 <= sum(r.periods_per_week for r in snapshot.lessons) <= 950
    travel = {frozenset((t.a, t.b)): t.minutes for t in snapshot.travel}
    assert travel[frozenset(("MAIN", "SENIOR"))] == 5
    assert travel[frozenset(("MAIN", "HALL"))] == 15
    kinds = {r.kind for r in snapshot.rooms}
    assert {"lab_physics", "lab_chemistry", "lab_biology", "computer", "gym", "workshop"} <= kinds
    assert sum(1 for r in snapshot.rooms if r.kind == "computer") >= 2


def test_demo_has_subgroups_joined_groups_doubles_and_part_timers(demo) -> None:
    snapshot, _ = demo
    assert {g.division for g in snapshot.subgroups} == {"eng", "inf", "lang"}
    assert any(len({g.class_code for g in r.audience}) == 2 for r in snapshot.lessons)
    assert {r.subject for r in snapshot.lessons if r.doubles} >= {"PE", "ART"}
    part_timers = [t for t in snapshot.teachers if t.max_days is not None]
    assert len(part_timers) >= 3 and all(t.unavailable for t in part_timers)
    # names are Kazakh/Russian in Unicode; subjects are named in the school's language (kk)
    assert any(ch in "ӘәҒғҚқҢңӨөҰұҮүҺһІі" for t in snapshot.teachers for ch in t.name)
    assert {s.name for s in snapshot.subjects} >= {"Қазақ тілі", "Дене шынықтыру"}


def test_demo_teachers_walk_between_buildings(demo) -> None:
    snapshot, locked = demo
    building = {r.code: r.building for r in snapshot.rooms}
    teachers = {r.key: r.teachers for r in snapshot.lessons}
    seen: dict[str, set[str]] = defaultdict(set)
    for lock in locked:
        for t in teachers[lock.lesson_key]:
            seen[t].add(building[lock.room])
    assert sum(1 for b in seen.values() if len(b) > 1) >= 5


def test_demo_students_fill_their_classes_and_subgroups(demo) -> None:
    snapshot, _ = demo
    per_class = Counter(s.class_code for s in snapshot.students)
    assert per_class == {c.code: c.size for c in snapshot.classes}
    per_group = Counter((s.class_code, code) for s in snapshot.students for _, code in s.subgroups)
    assert per_group == {(g.class_code, g.code): g.size for g in snapshot.subgroups}
    assert {c for p in snapshot.parents for c in p.children} == {s.code for s in snapshot.students}


def test_every_demo_class_is_led_by_a_teacher_of_that_class(demo) -> None:
    snapshot, _ = demo
    teaching = defaultdict(set)
    for lesson in snapshot.lessons:
        for group in lesson.audience:
            teaching[group.class_code].update(lesson.teachers)
    assert all(c.class_teacher in teaching[c.code] for c in snapshot.classes)
    # a teacher leads one class
    assert len({c.class_teacher for c in snapshot.classes}) == len(snapshot.classes)


@pytest.mark.parametrize("name", ["demo", *SMALL])
def test_planted_week_is_valid_and_data_checks_pass(name: str, demo) -> None:
    snapshot, locked = demo if name == "demo" else small_planted(name)
    problem = problem_from_snapshot(snapshot)
    placements = placements_from_locked(problem, snapshot, locked)
    assert len(placements) == len(problem.lessons)
    assert hard_problems(problem, placements) == []
    found = validate(problem, Solution(Status.FEASIBLE, tuple(placements)))
    assert summarize(found).hard_violations == 0
    errors = [f for f in check_problem(problem) if f.severity == "error"]
    assert errors == []


@pytest.mark.parametrize("name", list(SMALL))
def test_small_schools_have_two_shifts_and_two_buildings(name: str) -> None:
    snapshot, _ = small_planted(name)
    assert 3 <= len(snapshot.classes) <= 4
    assert {c.shift for c in snapshot.classes} == {"1", "2"}
    assert len({r.building for r in snapshot.rooms}) == 2


def test_room_codes_are_unique(demo) -> None:
    snapshot, _ = demo
    codes = [r.code for r in snapshot.rooms]
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("name", ["demo-school", *SMALL])
def test_committed_workbooks_hold_exactly_the_schools_built_in_code(name: str, demo) -> None:
    from importers.excel import read_workbook

    expected = demo[0] if name == "demo-school" else small_planted(name)[0]
    assert read_workbook(EXAMPLES / f"{name}.xlsx") == expected, (
        "examples/*.xlsx is stale: run `python -m examples.build`"
    )


def test_committed_planted_week_is_valid_for_the_committed_workbook() -> None:
    from importers.inputs import load_input
    from importers.solution_json import read_solution

    problem = load_input(EXAMPLES / "demo-school.xlsx").problem
    solution = read_solution(EXAMPLES / "demo-school.planted.json", problem)
    assert len(solution.placements) == len(problem.lessons)
    assert summarize(validate(problem, solution)).hard_violations == 0
