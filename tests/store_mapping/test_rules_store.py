"""Rule rows through the workbook and the store into the solver: kept, solved, checked, refused."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from importers.excel import WorkbookError, read_workbook, write_workbook
from importers.excel.rule_help import KIND_HELP, MEASURE_HELP
from models.db import dispose_engines, session_scope
from models.errors import NotFound
from models.migrate import upgrade_database
from models.school_data import apply_snapshot, read_snapshot
from models.settings import get_settings
from models.snapshot import (
    BellPeriod,
    BuildingInfo,
    ClassInfo,
    GroupRef,
    LessonReq,
    RoomInfo,
    RuleRow,
    SchoolInfo,
    SchoolSnapshot,
    SlotRef,
    SubgroupInfo,
    SubjectInfo,
    TeacherInfo,
)
from solver.params import SolveParams
from solver.rule_codec import KINDS, MEASURES
from solver.rules.ids import RuleId
from solver.solution import Status
from solver.solve import solve
from solver.store import problem_from_snapshot, rule_problems
from solver.validate import validate
from tests.importers.snapshots import small_school

RULES = (
    RuleRow("MinDaysApart", {"lessons": ["7Ә-MATH"], "days": 1}, 6),
    RuleRow("SameStart", {"lessons": [["KAZ-J", 0], ["2А-PE", 1]], "what": "period"}, None),
    RuleRow(
        "Limit",
        {
            "students": {"class": "7Ә", "subgroups": {"lang": "kz2"}},
            "measure": "max_gaps_week",
            "value": 1,
            "skip": [[0, "1", 1]],
        },
        3,
    ),
    RuleRow("PreferRooms", {"lessons": ["2А-PE"], "rooms": ["ЗАЛ"], "note": "зал"}, 2),
    RuleRow("StartsIn", {"lessons": ["KAZ-J"], "slots": [[1, "1", 2], [2, "1", 3]]}, 4),
    RuleRow("EndsDay", {"lessons": ["2А-PE"]}, None, active=False),
)


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'store.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    upgrade_database(url)
    yield url
    dispose_engines()
    get_settings.cache_clear()


def test_rules_survive_workbook_and_store_into_the_same_conditions(
    tmp_path: Path, store: str
) -> None:
    school = replace(small_school(), rules=small_school().rules + RULES)
    expected = problem_from_snapshot(school).conditions
    assert len(expected) == 1 + 5  # the switched-off rule is not a condition
    path = tmp_path / "school.xlsx"
    write_workbook(path, school)
    read = read_workbook(path)
    assert read.rules == school.rules
    with session_scope() as db:
        apply_snapshot(db, read, source="tests")
    with session_scope() as db:
        stored = read_snapshot(db, school_code=school.school.code)
    assert stored.rules == school.rules
    assert problem_from_snapshot(stored).conditions == expected


def test_bad_rules_in_the_workbook_are_cell_problems_and_import_exits_2(
    tmp_path: Path, store: str
) -> None:
    path = tmp_path / "school.xlsx"
    write_workbook(path, small_school())
    wb = openpyxl.load_workbook(path)
    ws = wb["Rules"]
    ws.append(["Limits", '{"teacher": "T-3"}', None, "иә"])  # row 5
    ws.append(["Limit", '{"teacher": "T-33", "measure": "max_days", "value": 3}', None, "иә"])
    ws.append(["NoOverlap", '{"lessons": ["7Ә-MATH", "KAZ-J"]}', 0, "иә"])  # row 7
    ws.append(["Nonsense", '{"x": 1}', None, "жоқ"])  # switched off: never checked
    wb.save(path)
    with pytest.raises(WorkbookError) as caught:
        read_workbook(path)
    got = [str(p) for p in caught.value.problems]
    assert got[0].startswith("Rules!A5: unknown kind 'Limits'; the kinds are: MinDaysApart")
    assert got[0].endswith("— did you mean 'Limit'?")
    assert got[1:] == [
        "Rules!B6: unknown teacher 'T-33' — did you mean 'T-3'?",
        "Rules!C7: the weight must be a whole number of at least 1 (empty: the rule must hold)",
    ]
    from web.cli import main

    assert main(["import", str(path)]) == 2
    with session_scope() as db, pytest.raises(NotFound):
        read_snapshot(db, school_code=small_school().school.code)


def _tiny_school(rules: tuple[RuleRow, ...]) -> SchoolSnapshot:
    """Two classes of five lessons a week on a 5-day, 4-period grid, three teachers."""
    teachers = (
        TeacherInfo("T1", "Әлия Серікова", ("ART",), (SlotRef(0, "1", 1),)),
        TeacherInfo("T2", "Ерлан Ахметов", ("ART", "MATH")),
        TeacherInfo("T3", "Гүлнар Омарова", ("MATH",)),
    )
    return SchoolSnapshot(
        school=SchoolInfo("T", "Шағын мектеп"),
        buildings=(BuildingInfo("M", "Main"),),
        rooms=tuple(RoomInfo(c, c, "M", 30) for c in ("101", "102")),
        subjects=(SubjectInfo("ART", "Сурет"), SubjectInfo("MATH", "Математика")),
        bells=tuple(BellPeriod("1", n, f"{7 + n:02d}:00", f"{7 + n:02d}:45") for n in range(1, 5)),
        teachers=teachers,
        classes=(ClassInfo("7A", 7, "1", 25, "101"), ClassInfo("7B", 7, "1", 25, "102")),
        subgroups=(SubgroupInfo("7A", "lang", "kz", 12), SubgroupInfo("7A", "lang", "ru", 13)),
        lessons=(
            LessonReq("7A-ART", "ART", (GroupRef("7A"),), ("T1",), 1),
            LessonReq("7B-ART", "ART", (GroupRef("7B"),), ("T2",), 1),
            LessonReq("7A-MATH", "MATH", (GroupRef("7A"),), ("T3",), 4),
            LessonReq("7B-MATH", "MATH", (GroupRef("7B"),), ("T2",), 4),
        ),
        rules=rules,
    )


def test_a_solve_honours_hard_rules_and_the_validator_names_a_broken_soft_one() -> None:
    rules = (
        RuleRow("SameStart", {"lessons": ["7A-ART", "7B-ART"]}),
        RuleRow("SameStart", {"lessons": ["7A-MATH"], "what": "day"}),  # all four on one day
        RuleRow("Limit", {"teacher": "T2", "measure": "max_days", "value": 2}),
        # T1 is away on Monday, period 1: this wish cannot be met
        RuleRow("StartsIn", {"lessons": ["7A-ART"], "slots": [[0, "1", 1]], "note": "сурет"}, 5),
    )
    problem = problem_from_snapshot(_tiny_school(rules))
    solution = solve(problem, SolveParams(time_limit_s=30, seed=1, workers=2))
    assert solution.status in (Status.OPTIMAL, Status.FEASIBLE)
    violations = validate(problem, solution)
    assert [v for v in violations if v.hard] == []
    at = {p.lesson: (p.day, p.period) for p in solution.placements}
    assert at[0] == at[1]  # the two art lessons together
    assert len({at[lid][0] for lid in range(2, 6)}) == 1  # 7A maths on one day
    t2_days = {at[lid][0] for lid, ls in enumerate(problem.lessons) if 1 in ls.teachers}
    assert len(t2_days) <= 2
    (broken,) = [v for v in violations if v.rule is RuleId.CONDITION_COST]
    assert broken.cost == 5 and str(broken.message).startswith("сурет: ")
    assert solution.objective == sum(v.cost for v in violations)


def test_the_instructions_list_every_kind_and_their_examples_decode(tmp_path: Path) -> None:
    assert list(KIND_HELP) == list(KINDS)
    assert list(MEASURE_HELP) == list(MEASURES)
    school = _tiny_school(())
    school = replace(
        school,
        rooms=(*school.rooms, RoomInfo("204", "Физика", "M", 30)),
        teachers=(*school.teachers, TeacherInfo("T01", "Асқар")),
        lessons=(
            LessonReq("7A-MATH", "MATH", (GroupRef("7A"),), ("T3",), 4, 1),
            LessonReq("7A-PE", "ART", (GroupRef("7A"),), ("T1",), 1),
            LessonReq("7B-PE", "ART", (GroupRef("7B"),), ("T2",), 1),
        ),
    )
    examples = tuple(RuleRow(k, json.loads(h[3]), 1) for k, h in KIND_HELP.items())
    assert rule_problems(replace(school, rules=examples)) == []
    write_workbook(tmp_path / "template.xlsx")
    sheet = openpyxl.load_workbook(tmp_path / "template.xlsx")["Instructions"]
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    for kind, help_row in KIND_HELP.items():
        assert kind in cells and help_row[3] in cells
    assert all(f"Limit: {m}" in cells for m in MEASURES)
    # the Rules sheet's own example is a rule the solver reads
    example = next(c for c in cells if c.startswith("Limit | "))
    kind, params, weight, _ = (part.strip() for part in example.split("|"))
    assert (
        rule_problems(replace(school, rules=(RuleRow(kind, json.loads(params), int(weight)),)))
        == []
    )
