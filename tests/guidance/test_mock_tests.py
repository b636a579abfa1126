"""Mock UNT, NUET and SAT: scoring worked by hand, refusals with every problem, the class grid,
a student's own entry, the workbook round trip and the history with its trend."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from openpyxl import load_workbook
from sqlmodel import Session, select

from guidance.work.errors import WorkError, WorkNotFound
from guidance.work.mock_import import class_template, import_workbook
from guidance.work.mock_rules import check_scores, outcome, rules_for, rules_year, years
from guidance.work.mock_tests import (
    MockInvalid,
    Sitting,
    record_class,
    record_own,
    remove_result,
    student_history,
)
from models.guidance_work import MockTestResult
from tests.guidance.work_support import World
from tests.guidance.work_support import db as db
from tests.guidance.work_support import world as world

UNT_OK = {"history_kz": 15, "reading_literacy": 8, "math_literacy": 7, "profile_1": 40,
          "profile_2": 35}  # fmt: skip
DAY = date(2025, 12, 10)


def _codes(thresholds: tuple) -> list[str]:
    return [t.code for t in thresholds]


def test_unt_structure_is_140_points_over_five_sections() -> None:
    rules = rules_for("unt", 2025)
    assert [(s.code, s.max, s.pass_mark) for s in rules.sections] == [
        ("history_kz", 20, 5), ("reading_literacy", 10, 3), ("math_literacy", 10, 3),
        ("profile_1", 50, 5), ("profile_2", 50, 5),
    ]  # fmt: skip
    assert rules.total_max == 140
    assert rules.allows_pair("physics", "math") and not rules.allows_pair("math", "biology")
    # 2026 repeats 2025's numbers by reference, with its own source
    assert rules_for("unt", 2026).sections == rules.sections
    assert rules_for("unt", 2026).source != rules.source


def test_unt_worked_example_reaches_every_minimum_total() -> None:
    rules = rules_for("unt", 2025)
    scores, problems = check_scores(rules, UNT_OK, ["math", "physics"])
    assert problems == []
    result = outcome(rules, scores)
    # 15 + 8 + 7 + 40 + 35 = 105: above 50 (general), 60, 65 and 70
    assert result.total == 105
    assert result.passed
    assert _codes(result.reached) == [
        "general",
        "national",
        "pedagogy",
        "medicine",
        "agriculture_national",
    ]


def test_unt_total_between_minimums_and_a_section_under_its_minimum() -> None:
    rules = rules_for("unt", 2025)
    scores, _ = check_scores(rules, {**UNT_OK, "profile_1": 15, "profile_2": 10},
                             ["math", "physics"])  # fmt: skip
    # 15 + 8 + 7 + 15 + 10 = 55: the general minimum only
    assert outcome(rules, scores).total == 55
    assert _codes(outcome(rules, scores).reached) == ["general"]
    low, _ = check_scores(rules, {**UNT_OK, "reading_literacy": 2}, ["math", "physics"])
    # 99 points, but reading literacy 2 < 3: no minimum total counts
    result = outcome(rules, low)
    assert result.total == 99
    assert [s.code for s in result.below] == ["reading_literacy"]
    assert result.reached == () and not result.passed


def test_every_problem_of_a_sitting_is_reported_at_once() -> None:
    rules = rules_for("unt", 2025)
    raw = {"history_kz": 21, "reading_literacy": "abc", "math_literacy": "7.5",
           "profile_1": "", "profile_2": -1}  # fmt: skip
    scores, problems = check_scores(rules, raw, ["math", "biology"])
    assert scores == {}
    texts = {p.field: str(p.message) for p in problems}
    assert texts["history_kz"] == "History of Kazakhstan: 21 is outside 0–20."
    assert texts["reading_literacy"] == "Reading literacy: “abc” is not a whole number of points."
    assert "not a whole number" in texts["math_literacy"]
    assert texts["profile_1"] == "Profile subject 1: the score is missing."
    assert "outside 0–50" in texts["profile_2"]
    assert texts["subjects"] == "Mathematics and Biology are not a pair of UNT profile subjects."


def test_sat_sections_go_from_200_to_800_in_tens() -> None:
    rules = rules_for("sat", 2025)
    scores, problems = check_scores(rules, {"reading_writing": "650", "math": 700})
    assert problems == [] and outcome(rules, scores).total == 1350
    assert (rules.total_floor, rules.total_max) == (400, 1600)
    _, problems = check_scores(rules, {"reading_writing": 655, "math": 150})
    assert [str(p.message) for p in problems] == [
        "Reading and Writing: scores go in steps of 10, not 655.",
        "Math: 150 is outside 200–800.",
    ]


def test_nuet_has_critical_thinking_and_mathematics() -> None:
    rules = rules_for("nuet", 2025)
    scores, problems = check_scores(rules, {"critical_thinking": 100, "mathematics": 90})
    assert problems == [] and outcome(rules, scores).total == 190
    assert outcome(rules, scores).reached == ()  # NU sets its minimums per school and year


def test_the_rules_year_follows_the_day_of_the_sitting() -> None:
    assert years("unt") == [2025, 2026]
    assert rules_year("unt", date(2026, 3, 1)) == 2026
    assert rules_year("unt", date(2030, 3, 1)) == 2026  # the newest known
    assert rules_year("unt", date(2020, 3, 1)) == 2025  # the oldest known
    with pytest.raises(WorkError) as caught:
        rules_for("act", 2025)
    assert caught.value.code == "unknown_mock_kind"


def test_class_grid_stores_nothing_while_any_row_is_wrong(db: Session, world: World) -> None:
    first, second, third = world.students[:3]
    rows = {
        first: Sitting(UNT_OK, ["math", "physics"]),
        second: Sitting({**UNT_OK, "history_kz": 30}, ["math", "physics"]),
        third: Sitting({}, []),  # left empty: skipped
        world.students_9a[0]: Sitting(UNT_OK, ["math", "physics"]),  # not in 11A
    }
    with pytest.raises(MockInvalid) as caught:
        record_class(db, school_id=world.school_id, class_id=world.class_11a, kind="unt",
                     taken_on=DAY, sittings=rows, entered_by=None)  # fmt: skip
    found = {(key, field) for key, field, _ in caught.value.problems}
    assert found == {(second, "history_kz"), (world.students_9a[0], "student")}
    assert "Бауыржан Оспан: History of Kazakhstan: 30 is outside 0–20." in [
        str(m) for m in caught.value.messages
    ]
    db.rollback()
    assert db.exec(select(MockTestResult)).all() == []
    del rows[second], rows[world.students_9a[0]]
    stored = record_class(db, school_id=world.school_id, class_id=world.class_11a, kind="unt",
                          taken_on=DAY, sittings=rows, entered_by=1)  # fmt: skip
    assert [(r.student_id, r.total, r.self_reported, r.source) for r in stored] == [
        (first, 105, False, "grid")
    ]


def test_another_schools_class_is_not_found(db: Session, world: World) -> None:
    with pytest.raises(WorkNotFound):
        record_class(db, school_id=world.other_school_id, class_id=world.class_11a, kind="sat",
                     taken_on=DAY, sittings={}, entered_by=None)  # fmt: skip


def test_a_student_enters_their_own_result_marked_self_reported(db: Session, world: World) -> None:
    me = world.students[0]
    row = record_own(db, school_id=world.school_id, student_id=me, kind="sat", taken_on=DAY,
                     sitting=Sitting({"reading_writing": 600, "math": 640}),
                     user_id=world.accounts["student"])  # fmt: skip
    assert row.self_reported and row.total == 1240 and row.source == "self"
    with pytest.raises(WorkError) as caught:
        record_own(db, school_id=world.school_id, student_id=me, kind="sat",
                   taken_on=date.today() + timedelta(days=2),
                   sitting=Sitting({"reading_writing": 600, "math": 640}), user_id=1)  # fmt: skip
    assert caught.value.code == "mock_in_future"
    # another student cannot remove it; the student can
    with pytest.raises(WorkNotFound):
        remove_result(db, school_id=world.school_id, result_id=row.id or 0,
                      student_id=world.students[1])  # fmt: skip
    remove_result(db, school_id=world.school_id, result_id=row.id or 0, student_id=me)
    assert student_history(db, school_id=world.school_id, student_id=me).sittings == ()


def test_history_has_the_change_and_the_trend(db: Session, world: World) -> None:
    me = world.students[0]
    for day, profile in ((date(2025, 10, 1), 20), (date(2025, 11, 1), 30), (DAY, 35)):
        sitting = Sitting({**UNT_OK, "profile_2": profile}, ["math", "physics"])
        record_class(db, school_id=world.school_id, class_id=world.class_11a, kind="unt",
                     taken_on=day, entered_by=None, sittings={me: sitting})  # fmt: skip
    history = student_history(db, school_id=world.school_id, student_id=me)
    assert [s.row.total for s in history.sittings] == [105, 100, 90]  # newest first
    assert [s.change for s in history.sittings] == [5, 10, None]
    assert history.trends["unt"] == ((date(2025, 10, 1), 90), (date(2025, 11, 1), 100),
                                     (DAY, 105))  # fmt: skip
    assert history.latest("unt") is history.sittings[0]
    assert student_history(db, school_id=world.other_school_id, student_id=me).sittings == ()


def _filled(template: bytes, rows: dict[int, list[object]]) -> bytes:
    book = load_workbook(io.BytesIO(template))
    ws = book.active
    for number, values in rows.items():
        for column, value in enumerate(values, start=4):
            ws.cell(row=number, column=column, value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_workbook_round_trip_and_every_error_by_sheet_row_column(db: Session, world: World) -> None:
    russian = {"Mathematics": "Математика", "Physics": "Физика"}
    template = class_template(db, school_id=world.school_id, class_id=world.class_11a, kind="unt",
                              translate=lambda t: russian.get(t, t), taken_on=DAY)  # fmt: skip
    ws = load_workbook(io.BytesIO(template)).active
    assert [c.value for c in ws[1]][:3] == ["Student code", "Student", "Date (YYYY-MM-DD)"]
    at = {ws.cell(row=r, column=1).value: r for r in range(2, 7)}
    assert sorted(at) == ["S1", "S2", "S3", "S4", "S5"]
    bad = _filled(template, {at["S1"]: [15, 8, 7, 40, 35, "Математика", "физика"],
                             at["S2"]: [25, 8, 7, 40, 35, "math", "biology"]})  # fmt: skip
    with pytest.raises(MockInvalid) as caught:
        import_workbook(db, school_id=world.school_id, data=bad, kind="unt",
                        translate=lambda t: russian.get(t, t), entered_by=None)  # fmt: skip
    sheet = ws.title
    assert [str(m) for m in caught.value.messages] == [
        f"Sheet “{sheet}”, row {at['S2']}, column D: History of Kazakhstan: 25 is outside 0–20.",
        f"Sheet “{sheet}”, row {at['S2']}, column I: Mathematics and Biology are not a pair of UNT "
        "profile subjects.",
    ]
    db.rollback()
    good = _filled(template, {at["S1"]: [15, 8, 7, 40, 35, "Математика", "физика"],
                              at["S3"]: [10, 5, 5, 20, 20, "math", "informatics"]})  # fmt: skip
    done = import_workbook(db, school_id=world.school_id, data=good, kind="unt",
                           translate=lambda t: russian.get(t, t), entered_by=None)  # fmt: skip
    assert (done.stored, done.skipped_blank) == (2, 3)
    stored = db.exec(select(MockTestResult).order_by(MockTestResult.student_id)).all()
    assert [(r.student_id, r.total, r.subjects, r.source) for r in stored] == [
        (world.students[0], 105, ["math", "physics"], "excel"),
        (world.students[2], 60, ["math", "informatics"], "excel"),
    ]


def test_workbook_with_unknown_student_and_bad_date(db: Session, world: World) -> None:
    template = class_template(db, school_id=world.school_id, class_id=world.class_11a, kind="sat",
                              translate=str)  # fmt: skip
    book = load_workbook(io.BytesIO(template))
    ws = book.active
    ws.append(["ZZ9", "Nobody", "31.12.2025", 600, 600])
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(MockInvalid) as caught:
        import_workbook(db, school_id=world.school_id, data=out.getvalue(), kind="sat",
                        translate=str, entered_by=None)  # fmt: skip
    assert [str(m).split(": ", 1)[0] for m in caught.value.messages] == [
        f"Sheet “{ws.title}”, row 7, column A", f"Sheet “{ws.title}”, row 7, column C",
    ]  # fmt: skip
    with pytest.raises(WorkError) as not_book:
        import_workbook(db, school_id=world.school_id, data=b"not a workbook", kind="sat",
                        translate=str, entered_by=None)  # fmt: skip
    assert not_book.value.code == "not_a_workbook"
