"""explain_infeasible names the conflicting families of hard conditions and their rows."""

from __future__ import annotations

from dataclasses import replace

from solver.diagnose import explain_infeasible
from solver.problem import Fixed, Room, Teacher
from solver.weights import Settings
from tests.solver.tiny import L, problem


def words(p) -> str:  # type: ignore[no-untyped-def]
    return " | ".join(str(m) for m in explain_infeasible(p, time_limit_s=10))


def test_availability_and_clash_of_one_teacher():
    t = (Teacher(0, "T0", "Asel Nurova", unavailable=frozenset({(1, 0), (1, 1)})),)
    text = words(problem([L(0), L(1), L(2)], days=2, periods=2, teachers=t))
    assert "availability of teacher Asel Nurova (Monday only)" in text
    assert "one lesson at a time for teacher Asel Nurova" in text
    assert "class" not in text


def test_no_gaps_of_a_class_against_a_lock_and_availability():
    t = (Teacher(0, "T0", "A"), Teacher(1, "T1", "Berik", unavailable=frozenset({(0, 1)})))
    p = problem([L(0), L(1, teachers=(1,))], periods=3, teachers=t, fixed=[Fixed(0, 0, 0)])
    text = words(p)
    assert "no gaps for class 5A" in text
    assert "availability of teacher Berik" in text
    assert "lock of lesson lesson 0 #1" in text
    assert "no gaps" not in words(replace(p, settings=replace(Settings(), class_no_gaps=False)))


def test_two_locks_on_one_slot():
    p = problem([L(0), L(1)], periods=2, fixed=[Fixed(0, 0, 1), Fixed(1, 0, 1)])
    text = words(p)
    assert text.count("lock of lesson") == 2


def test_too_few_labs():
    labs = [Room(i, f"L{i}", f"Lab {i}", 0, 30, "lab") for i in range(2)]
    lessons = [L(i, teachers=(i,), classes=(i,), rooms=(0, 1)) for i in range(3)]
    text = words(problem(lessons, periods=1, teachers=3, classes=3, rooms=labs))
    assert "one lesson at a time in room(s) Lab 0, Lab 1" in text


def test_feasible_problem_has_no_conflict():
    assert words(problem([L(0), L(1)], periods=2)).startswith("No conflict")


def test_an_imported_condition_is_named_by_its_label() -> None:
    import dataclasses

    from solver.conditions import MinDaysApart
    from solver.diagnose import explain_infeasible
    from tests.solver.tiny import L, problem

    base = problem([L(0), L(1)])
    apart = MinDaysApart((0, 1), len(base.days) + 1, label="FET MinDaysBetweenActivities #3")
    words = [str(m) for m in explain_infeasible(dataclasses.replace(base, conditions=(apart,)))]
    assert words == [
        "This condition cannot hold on its own:",
        "imported condition FET MinDaysBetweenActivities #3",
    ]
