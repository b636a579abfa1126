"""The independent validator on hand-made timetables: rule, count, cost and words."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from solver.problem import Fixed, Lesson, Problem, Room, SchoolClass, Teacher
from solver.rules.ids import HARD_RULES, SOFT_RULES, RuleId
from solver.solution import Placement, Solution, Status
from solver.validate import Summary, Violation, summarize, validate, weight_of
from solver.weights import Settings, Weights
from tests.solver.strategies import bells, placements, problems, tiny_school

MON, TUE, WED, FRI = 0, 1, 2, 4
ASEL, BOLAT, GULNARA = 0, 1, 2
R101, R204, LAB, GYM = 0, 1, 2, 3
MATHS, PHYSICS, PE, LANG = 0, 1, 2, 3
A7, B8 = 0, 1
KZ, RU = 0, 1


def lesson(lid: int, label: str, teacher: int, **kw: object) -> Lesson:
    kw.setdefault("course", lid)
    kw.setdefault("subject", MATHS)
    kw.setdefault("classes", (A7,))
    kw.setdefault("rooms", (R101, R204))
    return Lesson(lid, teachers=(teacher,), label=label, **kw)  # type: ignore[arg-type]


def solution(*placed: tuple[int, int, int, int | None], **kw: object) -> Solution:
    return Solution(Status.FEASIBLE, tuple(Placement(*p) for p in placed), **kw)  # type: ignore[arg-type]


def only(found: list[Violation], rule: RuleId) -> list[Violation]:
    return [v for v in found if v.rule == rule]


def rules(found: list[Violation]) -> list[RuleId]:
    return [v.rule for v in found]


MATHS_7A = lesson(0, "7A Maths", ASEL)
MATHS_8B = lesson(1, "8B Maths", ASEL, classes=(B8,))
PHYSICS_7A = lesson(2, "7A Physics", BOLAT, subject=PHYSICS, rooms=(LAB,))


def test_clean_timetable_has_no_violations() -> None:
    school = tiny_school(lessons=(MATHS_7A, MATHS_8B, PHYSICS_7A))
    found = validate(school, solution((0, MON, 0, R101), (1, MON, 1, R101), (2, TUE, 0, LAB)))
    assert found == []
    summary = summarize(found)
    assert summary.hard_violations == 0 and summary.soft_cost == 0
    assert set(summary.cost_by_rule) == SOFT_RULES and set(summary.count_by_rule) == set(RuleId)


def test_teacher_clash_names_teacher_day_period_and_lessons() -> None:
    school = tiny_school(lessons=(MATHS_7A, MATHS_8B))
    found = validate(school, solution((0, TUE, 2, R101), (1, TUE, 2, R204)))
    assert rules(found) == [RuleId.TEACHER_CLASH]
    v = found[0]
    assert (
        str(v.message)
        == "Asel Nurova has 2 lessons at once on Tuesday, period 3: 7A Maths, 8B Maths"
    )
    assert (v.hard, v.count, v.cost, v.lessons, v.day, v.period) == (True, 1, 0, (0, 1), TUE, 2)


def test_two_doubles_on_top_of_each_other_clash_at_each_time_point() -> None:
    a = lesson(0, "7A Maths", ASEL, length=2)
    b = lesson(1, "8B Maths", ASEL, classes=(B8,), length=2)
    found = validate(tiny_school(lessons=(a, b)), solution((0, MON, 0, R101), (1, MON, 0, R204)))
    clashes = only(found, RuleId.TEACHER_CLASH)
    assert [v.period for v in clashes] == [0, 1]
    assert summarize(found).hard_violations == 2


def test_clash_across_overlapping_shifts_by_clock_time() -> None:
    shifts, periods = bells([("Shift 1", 480, [10] * 4), ("Shift 2", 480 + 30, [10] * 4)])
    classes = (SchoolClass(0, "7A", 7, 0, 24), SchoolClass(1, "8B", 8, 1, 25))
    school = tiny_school(shifts=shifts, periods=periods, classes=classes, groups=())
    found = validate(
        tiny_school(
            shifts=shifts, periods=periods, classes=classes, groups=(), lessons=(MATHS_7A, MATHS_8B)
        ),
        solution((0, MON, 0, R101), (1, MON, 4, R204)),  # 8:00-8:45 and 8:30-9:15
    )
    assert school.overlap(0, 4)
    assert rules(found) == [RuleId.TEACHER_CLASH]
    assert "Monday, period 1 (Shift 1)" in str(found[0].message)


def test_student_clash_and_parallel_language_groups() -> None:
    kz = lesson(0, "7A·kz Language", ASEL, classes=(), groups=(KZ,), subject=LANG)
    ru = lesson(1, "7A·ru Language", BOLAT, classes=(), groups=(RU,), subject=LANG)
    maths = lesson(2, "7A Maths", GULNARA)
    school = tiny_school(lessons=(kz, ru, maths))
    assert validate(school, solution((0, MON, 0, R101), (1, MON, 0, R204), (2, MON, 1, R101))) == []
    found = validate(school, solution((0, MON, 0, R101), (1, MON, 1, R204), (2, MON, 0, R204)))
    clash = only(found, RuleId.STUDENT_CLASH)
    assert len(clash) == 1
    assert str(clash[0].message) == (
        "Students of 7A·kz have 2 lessons at once on Monday, period 1: 7A·kz Language, 7A Maths"
    )


def test_whole_class_clash_is_one_violation_for_all_its_groups() -> None:
    school = tiny_school(lessons=(MATHS_7A, lesson(1, "7A Physics", BOLAT, subject=PHYSICS)))
    found = validate(school, solution((0, WED, 3, R101), (1, WED, 3, R204)))
    assert rules(found) == [RuleId.STUDENT_CLASH]
    assert str(found[0].message).startswith("Students of 7A have 2 lessons at once on Wednesday")


def test_room_clash() -> None:
    b = lesson(1, "8B Physics", BOLAT, classes=(B8,))
    found = validate(
        tiny_school(lessons=(MATHS_7A, b)), solution((0, MON, 0, R204), (1, MON, 0, R204))
    )
    assert rules(found) == [RuleId.ROOM_CLASH]
    assert str(found[0].message) == (
        "Room 204 holds 2 lessons at once on Monday, period 1: 7A Maths, 8B Physics"
    )


def test_room_fit_wrong_kind_missing_unknown_small_and_unneeded() -> None:
    lab = lesson(0, "9B Physics", BOLAT, rooms=(LAB,), size=20)
    free = lesson(1, "7A Excursion", ASEL, rooms=())
    big = lesson(2, "7A+8B Choir", GULNARA, rooms=(GYM, R204), size=40, classes=(A7, B8))
    school = tiny_school(lessons=(lab, free, big))
    cases = [
        (
            (0, MON, 0, R204),
            "Lesson 9B Physics needs a room of kind lab but is in room 204, of kind ordinary",
        ),
        ((0, MON, 0, None), "Lesson 9B Physics on Monday, period 1 has no room"),
        (
            (0, MON, 0, 99),
            "Lesson 9B Physics on Monday, period 1 is in room 99, which does not exist",
        ),
        ((2, MON, 0, R101), "Lesson 7A+8B Choir has 40 students but room 101 seats 30"),
        (
            (1, MON, 0, R101),
            "Lesson 7A Excursion on Monday, period 1 needs no room but is given room 101",
        ),
    ]
    for placed, words in cases:
        rest = [(i, TUE, i, r) for i, r in ((0, LAB), (1, None), (2, GYM)) if i != placed[0]]
        found = validate(school, solution(placed, *rest))
        fit = only(found, RuleId.ROOM_FIT)
        assert [str(v.message) for v in fit] == [words]


def test_placed_missing_listed_doubled_unknown_and_impossible() -> None:
    lessons = (MATHS_7A, MATHS_8B, PHYSICS_7A)
    school = tiny_school(lessons=lessons)
    found = validate(school, solution((0, MON, 0, R101), (0, TUE, 0, R101), (7, MON, 0, None)))
    texts = sorted(str(v.message) for v in only(found, RuleId.PLACED))
    assert texts == [
        "A placement names lesson 7, which does not exist",
        "Lesson 7A Maths is placed 2 times instead of once",
        "Lesson 7A Physics is not placed",
        "Lesson 8B Maths is not placed",
    ]
    found = validate(
        school,
        solution((0, 9, 0, R101), (1, MON, 40, R101), (2, TUE, 0, LAB), unplaced=(2,)),
    )
    texts = sorted(str(v.message) for v in only(found, RuleId.PLACED))
    assert texts == [
        "Lesson 7A Maths is placed on day 9, period 0, which does not exist",
        "Lesson 7A Physics is listed as unplaced but has a placement",
        "Lesson 8B Maths is placed on day 0, period 40, which does not exist",
    ]


def test_double_lesson_cannot_start_in_the_last_period() -> None:
    double = lesson(0, "7A Maths", ASEL, length=2)
    found = validate(tiny_school(lessons=(double,)), solution((0, MON, 5, R101)))
    assert rules(found) == [RuleId.PLACED, RuleId.HARD_SUBJECT_LATE]
    assert str(found[0].message) == (
        "Lesson 7A Maths lasts 2 periods but starts on Monday, period 6, too late in the day"
    )


def test_shift_violation_names_the_class_and_its_shift() -> None:
    shifts, periods = bells([("Morning", 480, [10] * 4), ("Afternoon", 800, [10] * 4)])
    school = tiny_school(shifts=shifts, periods=periods, lessons=(MATHS_7A,))
    found = validate(school, solution((0, MON, 5, R101)))
    assert rules(found) == [RuleId.SHIFT]
    assert str(found[0].message) == (
        "Lesson 7A Maths is on Monday, period 2 (Afternoon), outside the shift of class 7A "
        "(Morning)"
    )


def test_unavailable_teacher_class_and_room() -> None:
    school = tiny_school(
        lessons=(lesson(0, "7A Maths", ASEL, length=2, rooms=(R101,)),),
        teachers=(Teacher(0, "T1", "Asel Nurova", unavailable=frozenset({(FRI, 2)})),),
        classes=(SchoolClass(0, "7A", 7, 0, 24, unavailable=frozenset({(FRI, 1)})),),
        groups=(),
        rooms=(Room(0, "101", "101", 0, 30, "ordinary", unavailable=frozenset({(FRI, 2)})),),
    )
    found = validate(school, solution((0, FRI, 1, R101)))
    assert [(v.rule, str(v.message)) for v in found] == [
        (
            RuleId.TEACHER_UNAVAILABLE,
            "Asel Nurova is unavailable on Friday, period 3 but teaches 7A Maths",
        ),
        (RuleId.CLASS_UNAVAILABLE, "Class 7A is unavailable on Friday, period 2 but has 7A Maths"),
        (RuleId.ROOM_UNAVAILABLE, "Room 101 is unavailable on Friday, period 3 but holds 7A Maths"),
    ]


def test_locked_lesson_moved_or_in_another_room() -> None:
    school = tiny_school(lessons=(MATHS_7A,), fixed=(Fixed(0, MON, 0, R101),))
    assert validate(school, solution((0, MON, 0, R101))) == []
    moved = validate(school, solution((0, TUE, 0, R101)))
    assert [str(v.message) for v in moved] == [
        "Locked lesson 7A Maths is on Tuesday, period 1, 101 instead of Monday, period 1, 101"
    ]
    assert rules(validate(school, solution((0, MON, 0, R204)))) == [RuleId.FIXED]


def test_class_gaps_hard_by_default_and_soft_per_student_atom_when_allowed() -> None:
    maths = lesson(0, "7A Maths", ASEL)
    physics = lesson(1, "7A Physics", BOLAT, subject=PHYSICS)
    sol = solution((0, MON, 0, R101), (1, MON, 3, R101))
    found = validate(tiny_school(lessons=(maths, physics)), sol)
    assert rules(found) == [RuleId.CLASS_NO_GAPS]
    assert str(found[0].message) == (
        "Students of 7A have 2 free periods between lessons on Monday (periods 2, 3)"
    )
    assert found[0].count == 2
    relaxed = Settings(class_no_gaps=False, weights=Weights(class_gap=7))
    found = validate(tiny_school(lessons=(maths, physics), settings=relaxed), sol)
    assert rules(found) == [RuleId.CLASS_GAP]
    assert (found[0].count, found[0].cost) == (4, 28)  # 2 periods x 2 student atoms (kz, ru)
    assert "counted for each of 2 student groups" in str(found[0].message)


def test_gap_of_one_language_group_only() -> None:
    kz = lesson(0, "7A·kz Language", ASEL, classes=(), groups=(KZ,), subject=LANG)
    ru = lesson(1, "7A·ru Language", BOLAT, classes=(), groups=(RU,), subject=LANG)
    maths = lesson(2, "7A Maths", GULNARA)
    school = tiny_school(lessons=(kz, ru, maths))
    found = validate(school, solution((0, MON, 0, R101), (1, MON, 1, R204), (2, MON, 2, R101)))
    assert [str(v.message) for v in found] == [
        "Students of 7A·kz have a free period between lessons on Monday (period 2)"
    ]


def test_teacher_limits_per_day_week_and_days() -> None:
    teacher = Teacher(0, "T1", "Asel Nurova", max_per_day=1, max_per_week=2, max_days=1)
    lessons = tuple(lesson(i, f"7A Maths {i}", ASEL, course=0) for i in range(3))
    school = tiny_school(lessons=lessons, teachers=(teacher,))
    found = validate(school, solution((0, MON, 0, R101), (1, MON, 1, R101), (2, TUE, 0, R101)))
    hard = [(v.rule, v.count, str(v.message)) for v in found if v.hard]
    assert hard == [
        (
            RuleId.TEACHER_MAX_PER_DAY,
            1,
            "Teacher Asel Nurova teaches 2 periods on Monday, more than the maximum of 1",
        ),
        (
            RuleId.TEACHER_MAX_PER_WEEK,
            1,
            "Teacher Asel Nurova teaches 3 periods a week, more than the maximum of 2",
        ),
        (
            RuleId.TEACHER_MAX_DAYS,
            1,
            "Teacher Asel Nurova works on 2 days (Monday, Tuesday), more than the maximum of 1",
        ),
    ]


def test_class_max_per_day_counts_double_as_two_periods() -> None:
    classes = (SchoolClass(0, "7A", 7, 0, 24, max_per_day=2),)
    maths = lesson(0, "7A Maths", ASEL, length=2)
    physics = lesson(1, "7A Physics", BOLAT, subject=PHYSICS)
    school = tiny_school(lessons=(maths, physics), classes=classes, groups=())
    found = validate(school, solution((0, MON, 0, R101), (1, MON, 2, R101)))
    assert [(v.rule, v.count) for v in found] == [(RuleId.CLASS_MAX_PER_DAY, 1)]
    assert str(found[0].message) == (
        "Students of 7A have 3 periods on Monday, more than the maximum of 2"
    )


def test_travel_for_teacher_and_students_and_building_change_cost() -> None:
    pe = lesson(0, "7A PE", ASEL, subject=PE, rooms=(GYM,))
    maths = lesson(1, "7A Maths", ASEL)
    found = validate(
        tiny_school(lessons=(pe, maths)), solution((0, FRI, 1, GYM), (1, FRI, 2, R101))
    )
    assert rules(found) == [
        RuleId.TRAVEL,
        RuleId.TRAVEL,
        RuleId.BUILDING_CHANGE,
        RuleId.CLASS_ROOM_CHANGE,
    ]
    travel = [str(v.message) for v in only(found, RuleId.TRAVEL)]
    assert travel == [
        "Teacher Asel Nurova must travel from Sports hall to Main building (15 min) during a "
        "10-minute break on Friday between period 2 and 3",
        "Students of 7A must travel from Sports hall to Main building (15 min) during a "
        "10-minute break on Friday between period 2 and 3",
    ]
    change = only(found, RuleId.BUILDING_CHANGE)[0]
    assert (change.count, change.cost) == (1, 6)
    assert str(change.message) == (
        "Teacher Asel Nurova changes building once on Friday: Sports hall → Main building"
    )
    # a free period between gives 55 minutes: no travel problem, but still a building change
    found = validate(
        tiny_school(lessons=(pe, maths)), solution((0, FRI, 1, GYM), (1, FRI, 3, R101))
    )
    assert RuleId.TRAVEL not in rules(found)
    assert len(only(found, RuleId.BUILDING_CHANGE)) == 1


def test_building_change_cap_and_changes_counted_across_free_periods() -> None:
    pe = lesson(0, "8B PE", ASEL, subject=PE, rooms=(GYM,), classes=(B8,))
    maths = lesson(1, "7A Maths", ASEL)
    physics = lesson(2, "7A Physics", ASEL, subject=PHYSICS)
    capped = Settings(max_building_changes=1)
    school = tiny_school(lessons=(pe, maths, physics), settings=capped)
    found = validate(school, solution((1, MON, 0, R101), (0, MON, 2, GYM), (2, MON, 4, R101)))
    change = only(found, RuleId.BUILDING_CHANGE)
    assert [(v.count, v.cost) for v in change] == [(2, 12)]
    cap = only(found, RuleId.BUILDING_CHANGES_CAP)
    assert [v.count for v in cap] == [1]
    assert "Main building → Sports hall → Main building" in str(cap[0].message)
    assert "more than the limit of 1" in str(cap[0].message)


def test_teacher_gap_counts_free_periods_between_first_and_last_lesson() -> None:
    a = lesson(0, "7A Physics", BOLAT, subject=PHYSICS)
    b = lesson(1, "8B Physics", BOLAT, subject=PHYSICS, classes=(B8,))
    found = validate(tiny_school(lessons=(a, b)), solution((0, MON, 0, R101), (1, MON, 3, R101)))
    assert [(v.rule, v.count, v.cost) for v in found] == [(RuleId.TEACHER_GAP, 2, 6)]
    assert str(found[0].message) == (
        "Teacher Bolat Serikov has 2 free periods between lessons on Monday (periods 2, 3)"
    )


def test_same_subject_day_counts_units_beyond_the_first_and_a_double_once() -> None:
    units = (
        lesson(0, "7A Maths", ASEL, course=5, length=2),
        lesson(1, "7A Maths", ASEL, course=5),
        lesson(2, "7A Maths", ASEL, course=5),
    )
    found = validate(
        tiny_school(lessons=units),
        solution((0, TUE, 0, R101), (1, TUE, 2, R101), (2, TUE, 3, R101)),
    )
    assert [(v.rule, v.count, v.cost) for v in found] == [(RuleId.SAME_SUBJECT_DAY, 2, 8)]
    assert str(found[0].message) == "7A Maths takes place 3 times on Tuesday"


def test_hard_subject_late_counts_each_late_period() -> None:
    double = lesson(0, "7A Maths", ASEL, length=2)
    physics = lesson(1, "8B Physics", BOLAT, subject=PHYSICS, classes=(B8,))
    school = tiny_school(lessons=(double, physics))
    found = validate(school, solution((0, MON, 4, R101), (1, MON, 5, R204)))
    assert [(v.rule, v.count, v.cost) for v in found] == [(RuleId.HARD_SUBJECT_LATE, 2, 2)]
    assert str(found[0].message) == (
        "7A Maths, a demanding subject, is late in the day on Monday (periods 5, 6; "
        "best by period 4)"
    )
    assert validate(school, solution((0, MON, 2, R101), (1, MON, 5, R204))) == []


def test_teacher_day_off_counts_lessons() -> None:
    teacher = Teacher(0, "T1", "Asel Nurova", day_off=FRI)
    school = tiny_school(lessons=(MATHS_7A, MATHS_8B), teachers=(teacher,))
    found = validate(school, solution((0, FRI, 0, R101), (1, FRI, 1, R101)))
    assert [(v.rule, v.count, v.cost) for v in found] == [(RuleId.TEACHER_DAY_OFF, 2, 4)]
    assert str(found[0].message) == (
        "Teacher Asel Nurova has 2 lessons on Friday, their preferred day off: 7A Maths, 8B Maths"
    )


def test_class_room_change_between_adjacent_whole_class_lessons() -> None:
    double = lesson(0, "7A Maths", ASEL, length=2)
    physics = lesson(1, "7A Physics", BOLAT, subject=PHYSICS)
    school = tiny_school(lessons=(double, physics))
    found = validate(school, solution((0, MON, 0, R101), (1, MON, 2, R204)))
    assert [(v.rule, v.count, v.cost) for v in found] == [(RuleId.CLASS_ROOM_CHANGE, 1, 1)]
    assert str(found[0].message) == "Class 7A changes room once on Monday: 101 → 204"
    assert validate(school, solution((0, MON, 0, R101), (1, MON, 2, R101))) == []


def test_summary_adds_costs_and_counts_per_rule() -> None:
    a = lesson(0, "7A Physics", BOLAT, subject=PHYSICS)
    b = lesson(1, "8B Physics", BOLAT, subject=PHYSICS, classes=(B8,))
    c = lesson(2, "8B Maths", ASEL, classes=(B8,))
    found = validate(
        tiny_school(lessons=(a, b, c)),
        solution((0, MON, 0, R101), (1, MON, 3, R101), (2, MON, 3, R204)),
    )
    summary = summarize(found)
    assert summary == Summary(
        hard_violations=1,
        soft_cost=6,
        cost_by_rule={**dict.fromkeys(sorted(SOFT_RULES), 0), RuleId.TEACHER_GAP: 6},
        count_by_rule={**dict.fromkeys(RuleId, 0), RuleId.TEACHER_GAP: 2, RuleId.STUDENT_CLASH: 1},
    )
    assert {v.rule for v in found if v.hard} <= HARD_RULES


def test_importing_the_validator_and_checks_does_not_load_ortools() -> None:
    code = (
        "import sys, solver.validate, solver.checks\n"
        "assert 'ortools' not in sys.modules, sorted(m for m in sys.modules if 'ortools' in m)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


# ---- properties over random schools and random (often broken) timetables ----


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_never_crashes_and_every_item_is_consistent(data: st.DataObject) -> None:
    problem = data.draw(problems())
    found = validate(problem, data.draw(placements(problem)))
    for v in found:
        assert str(v.message) and "{" not in str(v.message)
        assert v.count >= 1
        assert v.hard == (v.rule in HARD_RULES)
        expected = 0 if v.hard else weight_of(problem.settings.weights, v.rule) * v.count
        assert v.cost == expected
        assert all(0 <= i < len(problem.lessons) for i in v.lessons)
    summary = summarize(found)
    assert summary.hard_violations == sum(v.hard for v in found)
    assert summary.soft_cost == sum(v.cost for v in found)


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_plausible_placements_break_no_placement_rules_and_order_does_not_matter(
    data: st.DataObject,
) -> None:
    problem = data.draw(problems())
    sol = data.draw(placements(problem, junk=False))
    found = validate(problem, sol)
    assert not {v.rule for v in found} & {RuleId.PLACED, RuleId.SHIFT, RuleId.ROOM_FIT}
    shuffled = Solution(sol.status, tuple(data.draw(st.permutations(sol.placements))))
    assert summarize(validate(problem, shuffled)) == summarize(found)


def _clock_teacher_gaps(problem: Problem, sol: Solution) -> int:
    """Teacher gaps by clock time, written independently of the validator."""
    busy: dict[tuple[int, int], set[int]] = {}
    for pl in sol.placements:
        lesson = problem.lessons[pl.lesson]
        for t in set(lesson.teachers):
            busy.setdefault((t, pl.day), set()).update(problem.covered(lesson, pl.period))
    total = 0
    for periods in busy.values():
        first = min(problem.periods[p].start for p in periods)
        last = max(problem.periods[p].start for p in periods)
        total += sum(
            1
            for q in problem.periods
            if first < q.start < last and not any(problem.overlap(q.id, p) for p in periods)
        )
    return total


def _atom_gaps(problem: Problem, sol: Solution) -> int:
    """Student-atom gaps as (span of the day) minus (periods used), per atom and day."""
    used: dict[tuple[int, int], set[int]] = {}
    for pl in sol.placements:
        lesson = problem.lessons[pl.lesson]
        for a in problem.lesson_atoms(lesson):
            shift = problem.shifts[problem.classes[problem.atoms[a][0]].shift].periods
            for p in problem.covered(lesson, pl.period):
                used.setdefault((a, pl.day), set()).add(shift.index(p))
    return sum(max(s) - min(s) + 1 - len(s) for s in used.values())


@settings(max_examples=80, deadline=None)
@given(st.data())
def test_gap_totals_match_independent_counts(data: st.DataObject) -> None:
    problem = data.draw(problems())
    sol = data.draw(placements(problem, junk=False))
    summary = summarize(validate(problem, sol))
    assert summary.count_by_rule[RuleId.TEACHER_GAP] == _clock_teacher_gaps(problem, sol)
    gap_rule = RuleId.CLASS_NO_GAPS if problem.settings.class_no_gaps else RuleId.CLASS_GAP
    atom_gaps = _atom_gaps(problem, sol)
    if gap_rule is RuleId.CLASS_GAP:
        assert summary.count_by_rule[gap_rule] == atom_gaps
    else:
        assert (summary.count_by_rule[gap_rule] > 0) == (atom_gaps > 0)


def test_day_names_in_sentences_are_translated_with_the_rest() -> None:
    school = tiny_school(lessons=(MATHS_7A, MATHS_8B))
    found = validate(school, solution((0, TUE, 2, R101), (1, TUE, 2, R204)))
    kazakh = {
        "Tuesday": "Сейсенбі",
        "{day}, period {number}": "{day}, {number}-сабақ",
        "{teacher} has {n} lessons at once on {slot}: {lessons}": (
            "{teacher}: {slot} кезінде бір мезгілде {n} сабақ: {lessons}"
        ),
    }
    text = found[0].message.render(lambda msgid: kazakh.get(msgid, msgid))
    assert text.startswith("Asel Nurova: Сейсенбі, 3-сабақ кезінде")
