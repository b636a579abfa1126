"""Nearly full special rooms first (`solver.bottleneck`): when it applies, what it places, and
that the whole solve through it gives a valid week."""

from __future__ import annotations

import dataclasses
from collections import defaultdict

import pytest

from solver import bottleneck, first
from solver.conditions import NoOverlap
from solver.params import SolveParams
from solver.problem import Fixed, Problem
from solver.solve import solve
from tests.solver.test_solve import check, generated

PARAMS = SolveParams(time_limit_s=20, workers=2, seed=1)


@pytest.fixture(scope="module")
def school() -> Problem:
    """A generated 10-class school whose labs and gyms are booked to about 90 %."""
    return generated(10, 1)


def run(solver, model):  # type: ignore[no-untyped-def]
    return solver.solve(model)


def test_the_booked_rooms_lessons_are_the_bottleneck(school: Problem) -> None:
    tight = bottleneck.tight_lessons(school)
    assert tight
    kinds = {school.rooms[school.lessons[i].rooms[0]].kind for i in tight}
    assert "ordinary" not in kinds
    assert all(school.lessons[i].rooms for i in tight)


def test_it_applies_only_to_large_gapless_schools_without_conditions(
    school: Problem, monkeypatch: pytest.MonkeyPatch
) -> None:
    tight = bottleneck.tight_lessons(school)
    assert not bottleneck.applies(school, tight)  # 327 lessons: solved whole
    monkeypatch.setattr(bottleneck, "MIN_LESSONS", 0)
    assert bottleneck.applies(school, tight)
    gaps_allowed = dataclasses.replace(
        school, settings=dataclasses.replace(school.settings, class_no_gaps=False)
    )
    assert not bottleneck.applies(gaps_allowed, tight)
    ruled = dataclasses.replace(school, conditions=(NoOverlap(lessons=(0, 1)),))
    assert not bottleneck.applies(ruled, tight)


def test_placed_lessons_leave_every_class_a_week_that_adds_up(school: Problem) -> None:
    tight = bottleneck.tight_lessons(school)
    pins = bottleneck.place_bottleneck(school, tight, (), PARAMS, 20, run)
    assert pins is not None
    placed = {f.lesson for f in pins}
    assert set(tight) <= placed
    assert {ls.id for ls in school.lessons if ls.groups} <= placed
    # a gapless day from period 1 is at least as long as its latest lesson
    latest: dict[tuple[int, int], int] = defaultdict(int)
    total: dict[int, int] = defaultdict(int)
    for ls in school.lessons:
        for a in school.lesson_atoms(ls):
            total[a] += ls.length
    for f in pins:
        ls = school.lessons[f.lesson]
        for a in school.lesson_atoms(ls):
            klass = school.classes[school.atoms[a][0]]
            position = school.shifts[klass.shift].periods.index(f.period) + ls.length
            latest[a, f.day] = max(latest[a, f.day], position)
    for a, need in total.items():
        assert sum(latest[a, d] for d in range(len(school.days))) <= need


def test_a_callers_pin_is_kept_with_its_room(school: Problem) -> None:
    tight = bottleneck.tight_lessons(school)
    pins = bottleneck.place_bottleneck(school, tight, (), PARAMS, 20, run)
    assert pins is not None
    mine = dataclasses.replace(pins[0], room=school.lessons[pins[0].lesson].rooms[0])
    again = bottleneck.place_bottleneck(school, tight, (mine,), PARAMS, 20, run)
    assert again is not None
    assert mine.lesson not in {f.lesson for f in again}  # the caller's pin is not replaced


def test_the_solve_goes_through_it_and_the_week_is_valid(
    school: Problem, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bottleneck, "MIN_LESSONS", 0)
    calls: list[list[Fixed] | None] = []
    original = first.place_bottleneck

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(original(*args, **kwargs))
        return calls[-1]

    monkeypatch.setattr(first, "place_bottleneck", spy)
    solution = solve(school, PARAMS)
    assert calls and calls[0] is not None
    check(school, solution)
