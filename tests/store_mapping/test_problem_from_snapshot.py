"""Snapshot -> Problem: ids, time grid, audiences, candidate rooms, locks, bad references."""

from __future__ import annotations

from dataclasses import replace

import pytest

from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    LessonReq,
    LockedLesson,
    RoomInfo,
    SchoolInfo,
    SchoolSnapshot,
    SlotRef,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
    TravelInfo,
)
from solver.solution import Placement, Solution, Status
from solver.store import (
    ProblemBuildError,
    locked_from_solution,
    placements_from_locked,
    problem_from_snapshot,
)


def small_school() -> SchoolSnapshot:
    bells = [BellPeriod("1", n, f"{7 + n:02d}:00", f"{7 + n:02d}:45") for n in range(1, 5)]
    bells += [BellPeriod("2", n, f"{12 + n:02d}:00", f"{12 + n:02d}:45") for n in range(1, 4)]
    return SchoolSnapshot(
        school=SchoolInfo("S1", "Мектеп №1", days_per_week=6),
        buildings=(BuildingInfo("MAIN", "Негізгі ғимарат"), BuildingInfo("GYM", "Спорт залы")),
        travel=(TravelInfo("MAIN", "GYM", 15),),
        rooms=(
            RoomInfo("101", "Кабинет 101", "MAIN", 30),
            RoomInfo("102", "Кабинет 102", "MAIN", 30),
            RoomInfo("LAB", "Лаборатория", "MAIN", 30, "lab"),
            RoomInfo("G1", "Зал", "GYM", 60, "gym"),
        ),
        subjects=(
            SubjectInfo("MATH", "Математика", hard=True),
            SubjectInfo("PE", "Дене шынықтыру", room_kind="gym"),
            SubjectInfo("ENG", "Ағылшын тілі"),
            SubjectInfo("CHEM", "Химия", room_kind="lab"),
        ),
        bells=tuple(bells),
        teachers=(
            TeacherInfo("T1", "Әсел Нұрова", unavailable=(SlotRef(0, "1", 1),)),
            TeacherInfo("T2", "Ғалым Серіков"),
            TeacherInfo("T3", "Айгүл Қасымова"),
        ),
        classes=(
            ClassInfo("7A", 7, "1", 24, home_room="101"),
            ClassInfo("7B", 7, "1", 22, home_room="102"),
        ),
        subgroups=(
            SubgroupInfo("7A", "eng", "1", 12),
            SubgroupInfo("7A", "eng", "2", 12),
            SubgroupInfo("7B", "eng", "1", 11),
        ),
        lessons=(
            LessonReq("7A-MATH", "MATH", (GroupRef("7A"),), ("T1",), 5, doubles=1),
            LessonReq("7AB-PE", "PE", (GroupRef("7A"), GroupRef("7B")), ("T2",), 2),
            LessonReq("ENG-1", "ENG", (GroupRef("7A", "1"), GroupRef("7B", "1")), ("T3",), 3),
            LessonReq("7B-CHEM", "CHEM", (GroupRef("7B"),), ("T1",), 2, doubles=1),
        ),
    )


def test_ids_time_grid_and_units() -> None:
    p = problem_from_snapshot(small_school())
    assert p.days[-1] == "Saturday" and len(p.days) == 6
    assert [len(s.periods) for s in p.shifts] == [4, 3]
    assert p.periods[4].shift == 1 and p.periods[4].start == 13 * 60
    assert p.travel == ((0, 15), (15, 0))
    math = [x for x in p.lessons if x.course == 0]
    assert [x.length for x in math] == [2, 1, 1, 1]  # doubles first
    assert all(x.id == i for i, x in enumerate(p.lessons))
    assert p.teachers[0].unavailable == frozenset({(0, 0)})
    assert p.teachers[0].name == "Әсел Нұрова"


def test_audience_and_candidate_rooms() -> None:
    p = problem_from_snapshot(small_school())
    by_course = {x.course: x for x in p.lessons}
    assert by_course[0].rooms == (0,)  # a whole class stays in its home room
    assert by_course[1].classes == (0, 1) and by_course[1].size == 46
    assert by_course[1].rooms == (3,)  # the gym
    eng = by_course[2]
    assert eng.groups == (0, 2) and eng.size == 23 and eng.label.startswith("7A·1 + 7B·1")
    assert eng.rooms[0] in (0, 1) and set(eng.rooms) == {0, 1}  # ordinary rooms, home first
    assert by_course[3].rooms == (2,)
    # subgroup 7A·1 attends, 7A·2 does not: atoms of 7A are split by the eng division
    atoms = p.lesson_atoms(eng)
    assert {p.atoms[a][0] for a in atoms} == {0, 1}
    assert len(atoms) == 2


def test_every_bad_reference_is_reported_at_once() -> None:
    snap = small_school()
    bad = replace(
        snap,
        lessons=(
            LessonReq("X", "BIO", (GroupRef("9Z"),), ("T9",), 2),
            LessonReq("Y", "MATH", (GroupRef("7A", "zz"),), ("T1",), 1),
        ),
        locked=(LockedLesson("7A-MATH", 0, 0, "3", 1),),
    )
    with pytest.raises(ProblemBuildError) as err:
        problem_from_snapshot(bad)
    text = "\n".join(str(m) for m in err.value.problems)
    assert "unknown subject 'BIO'" in text
    assert "unknown class '9Z'" in text
    assert "unknown teacher 'T9'" in text
    assert "class 7A has no subgroup 'zz'" in text
    assert "no such lesson" in text  # the lock names a requirement the snapshot lacks


def test_locks_and_solutions_round_trip_by_codes() -> None:
    snap = replace(small_school(), locked=(LockedLesson("7A-MATH", 1, 2, "1", 3, "101"),))
    p = problem_from_snapshot(snap)
    assert len(p.fixed) == 1
    fixed = p.fixed[0]
    assert (fixed.lesson, fixed.day, fixed.period, fixed.room) == (1, 2, 2, 0)
    solution = Solution(Status.FEASIBLE, (Placement(1, 2, 2, 0), Placement(9, 5, 5, 3)))
    locked = locked_from_solution(p, snap, solution)
    assert locked[0] == LockedLesson("7A-MATH", 1, 2, "1", 3, "101")
    assert locked[1].shift == "2" and locked[1].period == 2 and locked[1].room == "G1"
    assert placements_from_locked(p, snap, locked) == list(solution.placements)
