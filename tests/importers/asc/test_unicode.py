"""Kazakh names and codes through aSc XML: written as UTF-8 text, read back letter for letter."""

from __future__ import annotations

from pathlib import Path

from importers.asc import export_asc, load_asc
from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    LessonReq,
    RoomInfo,
    SchoolInfo,
    SchoolSnapshot,
    StudentInfo,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
)
from solver.params import SolveParams
from solver.solve import solve
from solver.store import problem_from_snapshot
from tests.importers.asc.facts import fixed_placements, placement_facts, school_facts

NAMES = ("Әсел", "Ғалым", "Өркен", "Ұлан", "Үміт", "Қайрат", "Ңңң")


def kazakh_school() -> SchoolSnapshot:
    teachers = tuple(
        TeacherInfo(f"{n.upper()}-{i}", f'{n} Һ,Іұлы "ағай" & <апай>') for i, n in enumerate(NAMES)
    )
    return SchoolSnapshot(
        school=SchoolInfo("ҚАЙРАТ-МЕКТЕП", "Қайрат атындағы № 7 мектеп", language="kk"),
        buildings=(BuildingInfo("ӨРКЕН", "Өркен ғимараты"),),
        rooms=(
            RoomInfo("Ұ-101", "Үміт кабинеті", "ӨРКЕН", 30),
            RoomInfo("Ұ-102", "Ңңң, зертхана", "ӨРКЕН", 15),
        ),
        subjects=(SubjectInfo("ҚАЗ", "Қазақ тілі"), SubjectInfo("ӘДЕБ", "Әдебиет")),
        bells=tuple(BellPeriod("1", n, f"{7 + n:02d}:00", f"{7 + n:02d}:45") for n in range(1, 6)),
        teachers=teachers,
        classes=(ClassInfo("7Ә", 7, "1", 24, "Ұ-101"), ClassInfo("8Ң", 8, "1", 20, "Ұ-102")),
        subgroups=(
            SubgroupInfo("7Ә", "тіл", "қаз", 12),
            SubgroupInfo("7Ә", "тіл", "орыс,ағыл", 12),  # a comma inside a code
        ),
        lessons=(
            LessonReq("7Ә-ҚАЗ", "ҚАЗ", (GroupRef("7Ә"),), (teachers[0].code,), 3, 1),
            LessonReq("7Ә-қаз", "ӘДЕБ", (GroupRef("7Ә", "қаз"),), (teachers[1].code,), 2),
            LessonReq(
                "7Ә-орыс", "ӘДЕБ", (GroupRef("7Ә", "орыс,ағыл"),), (teachers[2].code,), 2, 0, None,
                ("Ұ-102",),
            ),
            LessonReq(
                "8Ң-ҚАЗ", "ҚАЗ", (GroupRef("8Ң"),), (teachers[3].code, teachers[4].code), 4, 2
            ),
            LessonReq("8Ң-ӘДЕБ", "ӘДЕБ", (GroupRef("8Ң"),), (teachers[5].code,), 2),
            LessonReq("8Ң-Ң", "ӘДЕБ", (GroupRef("8Ң"),), (teachers[6].code,), 1),
        ),
        students=(StudentInfo("ОҚУШЫ-1", "Ұлжан Әбілқызы", "7Ә", (("тіл", "қаз"),)),),
    )  # fmt: skip


def test_kazakh_letters_round_trip(tmp_path: Path) -> None:
    snapshot = kazakh_school()
    problem = problem_from_snapshot(snapshot)
    solution = solve(problem, SolveParams(time_limit_s=2, seed=1, workers=2))
    assert solution.complete
    out = tmp_path / "мектеп.xml"
    export_asc(problem, solution, out, snapshot)
    raw = out.read_bytes()
    for name in NAMES:
        assert name.encode("utf-8") in raw  # letters as they are, not character references
    assert "Бүкіл сынып".encode() in raw  # the entire-class group in the school's language
    back = load_asc(out)
    assert back.snapshot is not None
    assert school_facts(back.problem, back.snapshot) == school_facts(problem, snapshot)
    assert {t.name for t in back.snapshot.teachers} == {t.name for t in snapshot.teachers}
    assert {(g.division, g.code) for g in back.snapshot.subgroups} == {
        ("тіл", "қаз"),
        ("тіл", "орыс,ағыл"),
    }
    assert back.snapshot.students == snapshot.students
    assert placement_facts(back.problem, back.snapshot, fixed_placements(back.problem)) == (
        placement_facts(problem, snapshot, solution.placements)
    )
    assert not back.warnings
