"""Data checks before solving: each error and warning on a hand-made school, in words."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings

from solver.checks import Finding, check_problem
from solver.problem import Fixed, Lesson, Problem, Room, SchoolClass, Teacher
from solver.rules.ids import RuleId
from tests.solver.strategies import bells, planted, problems, tiny_school

MON = 0
ASEL, BOLAT, GULNARA = 0, 1, 2
R101, R204, LAB, GYM = 0, 1, 2, 3
A7, B8 = 0, 1


def lessons(n: int, start: int = 0, **kw: object) -> tuple[Lesson, ...]:
    """n single lessons, each its own course, by default 7A Maths with Asel in 101/204."""
    kw.setdefault("teachers", (ASEL,))
    kw.setdefault("classes", (A7,))
    kw.setdefault("rooms", (R101, R204))
    kw.setdefault("subject", 0)
    kw.setdefault("label", "7A Maths")
    return tuple(Lesson(start + i, course=start + i, **kw) for i in range(n))  # type: ignore[arg-type]


def errors(problem: Problem) -> list[str]:
    return [str(f.message) for f in check_problem(problem) if f.severity == "error"]


def warnings(problem: Problem) -> list[str]:
    return [str(f.message) for f in check_problem(problem) if f.severity == "warning"]


def found(problem: Problem, rule: RuleId) -> list[Finding]:
    return [f for f in check_problem(problem) if f.rule == rule]


def test_a_sound_school_has_no_findings() -> None:
    school = tiny_school(lessons=lessons(5) + lessons(5, 5, teachers=(BOLAT,), classes=(B8,)))
    assert check_problem(school) == []


def test_class_needs_more_periods_than_its_slots() -> None:
    teachers = tuple(Teacher(t, f"T{t}", f"Teacher {t}") for t in range(6))
    many = tuple(
        Lesson(i, course=i, subject=0, teachers=(i % 6,), classes=(A7,), label="7A Maths")
        for i in range(31)
    )
    school = tiny_school(lessons=many, teachers=teachers)
    assert errors(school) == ["7A needs 31 periods but has 30 slots"]
    assert found(school, RuleId.STUDENT_CLASH)[0].severity == "error"


def test_class_slots_count_its_unavailable_periods_and_daily_maximum() -> None:
    classes = (
        SchoolClass(0, "7A", 7, 0, 24, max_per_day=5, unavailable=frozenset({(MON, 5)})),
        SchoolClass(1, "8B", 8, 0, 25),
    )
    teachers = tuple(Teacher(t, f"T{t}", f"Teacher {t}") for t in range(6))
    many = tuple(
        Lesson(i, course=i, subject=0, teachers=(i % 6,), classes=(A7,), label="7A Maths")
        for i in range(26)
    )
    school = tiny_school(lessons=many, teachers=teachers, classes=classes)
    assert errors(school) == ["7A needs 26 periods but 5 days of at most 5 give 25"]
    assert found(school, RuleId.CLASS_MAX_PER_DAY)


def test_language_group_load_is_counted_per_group() -> None:
    kz = lessons(16, classes=(), groups=(0,), label="7A·kz Kazakh")
    ru = lessons(2, 16, classes=(), groups=(1,), label="7A·ru Russian", teachers=(BOLAT,))
    whole = lessons(15, 18, teachers=(GULNARA,))
    school = tiny_school(lessons=kz + ru + whole, teachers=_three_free_teachers())
    assert errors(school) == ["7A·kz needs 31 periods but has 30 slots"]


def _three_free_teachers() -> tuple[Teacher, ...]:
    return (
        Teacher(0, "T1", "Asel Nurova"),
        Teacher(1, "T2", "Bolat Serikov"),
        Teacher(2, "T3", "Gulnara Akhmetova"),
    )


def test_teacher_teaches_more_than_available() -> None:
    away = frozenset((d, p) for d in range(5) for p in range(6) if (d * 6 + p) < 5)
    bolat = Teacher(1, "T2", "Bolat Serikov", unavailable=away)
    physics = lessons(14, teachers=(BOLAT,), label="7A Physics") + lessons(
        14, 14, teachers=(BOLAT,), classes=(B8,), label="8B Physics"
    )
    school = tiny_school(lessons=physics, teachers=(_three_free_teachers()[0], bolat))
    assert errors(school) == ["Teacher Bolat Serikov teaches 28 periods but is available for 25"]
    assert found(school, RuleId.TEACHER_UNAVAILABLE)[0].severity == "error"


def test_teacher_weekly_maximum_and_days_times_daily_maximum() -> None:
    asel = Teacher(0, "T1", "Asel Nurova", max_per_week=9, max_days=2, max_per_day=4)
    school = tiny_school(lessons=lessons(10), teachers=(asel,))
    assert errors(school) == [
        "Teacher Asel Nurova teaches 10 periods but may teach at most 9 a week",
        "Teacher Asel Nurova teaches 10 periods but at most 2 days of at most 4 periods give 8",
    ]
    assert {f.rule for f in check_problem(school)} == {
        RuleId.TEACHER_MAX_PER_WEEK,
        RuleId.TEACHER_MAX_DAYS,
    }


def test_teacher_in_two_overlapping_shifts_counts_clock_time_once() -> None:
    shifts, periods = bells([("Shift 1", 480, [10] * 3), ("Shift 2", 480 + 20, [10] * 3)])
    classes = (SchoolClass(0, "7A", 7, 0, 24), SchoolClass(1, "8B", 8, 1, 25))
    both = lessons(8) + lessons(8, 8, classes=(B8,), label="8B Maths")
    school = tiny_school(
        shifts=shifts, periods=periods, classes=classes, groups=(), lessons=both, days=("Mon",) * 5
    )
    # 5 days x 3 periods each shift, but the shifts overlap: at most 3 a day for one person
    assert "Teacher Asel Nurova teaches 16 periods but is available for 15" in errors(school)


def test_double_lesson_in_a_shift_of_one_period() -> None:
    shifts, periods = bells([("Shift 1", 480, [10])])
    school = tiny_school(shifts=shifts, periods=periods, lessons=lessons(1, length=2))
    assert errors(school) == ["Lesson 7A Maths lasts 2 periods but its shift has only 1"]


def test_rooms_too_small_are_an_error_when_all_are_and_a_warning_otherwise() -> None:
    rooms = (
        Room(0, "101", "101", 0, 20, "ordinary"),
        Room(1, "204", "204", 0, 30, "ordinary"),
    )
    school = tiny_school(rooms=rooms, lessons=lessons(1, size=25, rooms=(R101,)))
    assert errors(school) == ["Lesson 7A Maths has 25 students but room 101 seats fewer"]
    school = tiny_school(rooms=rooms, lessons=lessons(1, size=25))
    assert errors(school) == [] and warnings(school) == [
        "Lesson 7A Maths has 25 students but room 101 seats fewer"
    ]


def test_joined_lesson_across_shifts() -> None:
    shifts, periods = bells([("Morning", 480, [10] * 5), ("Afternoon", 840, [10] * 5)])
    classes = (SchoolClass(0, "7A", 7, 0, 24), SchoolClass(1, "8B", 8, 1, 25))
    school = tiny_school(
        shifts=shifts,
        periods=periods,
        classes=classes,
        groups=(),
        lessons=lessons(1, classes=(A7, B8), label="7A+8B Choir"),
    )
    assert errors(school) == [
        "Lesson 7A+8B Choir joins classes of different shifts (Morning, Afternoon)"
    ]


def test_teacher_never_available_in_the_lessons_shift() -> None:
    shifts, periods = bells([("Morning", 480, [10] * 3), ("Afternoon", 840, [10] * 3)])
    away = frozenset((d, p) for d in range(5) for p in range(3))
    asel = Teacher(0, "T1", "Asel Nurova", unavailable=away)
    school = tiny_school(shifts=shifts, periods=periods, teachers=(asel,), lessons=lessons(1))
    found_errors = errors(school)
    assert (
        "Teacher Asel Nurova is unavailable in every period of Morning, where 7A Maths must "
        "take place"
    ) in found_errors
    assert found(school, RuleId.TEACHER_UNAVAILABLE)


def test_class_or_rooms_never_available() -> None:
    closed = frozenset((d, p) for d in range(5) for p in range(6))
    rooms = (Room(0, "101", "101", 0, 30, "ordinary", unavailable=closed),)
    school = tiny_school(rooms=rooms, lessons=lessons(1, rooms=(R101,)))
    assert (
        "None of the rooms for 7A Maths (101) is ever available when it could take place"
    ) in errors(school)
    classes = (SchoolClass(0, "7A", 7, 0, 24, unavailable=closed),)
    school = tiny_school(classes=classes, groups=(), lessons=lessons(1))
    assert "Class 7A is unavailable in every period where 7A Maths could take place" in errors(
        school
    )


def test_room_kind_capacity_over_the_week() -> None:
    teachers = tuple(Teacher(t, f"T{t}", f"Teacher {t}") for t in range(8))
    classes = tuple(SchoolClass(c, f"{5 + c}A", 5 + c, 0, 20) for c in range(2))
    lab = tuple(
        Lesson(
            i,
            course=i,
            subject=1,
            teachers=(i % 8,),
            classes=(i % 2,),
            rooms=(LAB,),
            label="Physics",
        )
        for i in range(31)
    )
    school = tiny_school(lessons=lab, teachers=teachers, classes=classes, groups=())
    assert errors(school) == [
        "31 lessons can only use lab rooms (Lab 1): they need 31 periods a week but those "
        "rooms offer 30"
    ]
    assert found(school, RuleId.ROOM_CLASH)


def test_three_lab_lessons_locked_at_once_with_two_labs() -> None:
    rooms = (
        Room(0, "101", "101", 0, 30, "ordinary"),
        Room(1, "LAB1", "Lab 1", 0, 30, "lab"),
        Room(2, "LAB2", "Lab 2", 0, 30, "lab"),
    )
    classes = tuple(SchoolClass(c, f"{7 + c}A", 7 + c, 0, 20) for c in range(3))
    lab = tuple(
        Lesson(
            i,
            course=i,
            subject=1,
            teachers=(i,),
            classes=(i,),
            rooms=(1, 2),
            label=f"{7 + i}A Physics",
        )
        for i in range(3)
    )
    school = tiny_school(
        rooms=rooms,
        classes=classes,
        groups=(),
        lessons=lab,
        fixed=tuple(Fixed(i, MON, 0) for i in range(3)),
    )
    assert errors(school) == [
        "3 lab lessons must run at once on Monday, period 1 (7A Physics, 8A Physics, "
        "9A Physics) but only Lab 1, Lab 2 can hold them"
    ]


def test_single_free_slot_forces_a_teacher_clash() -> None:
    only_monday_1 = frozenset((d, p) for d in range(5) for p in range(6)) - {(MON, 0)}
    classes = (
        SchoolClass(0, "7A", 7, 0, 24, unavailable=only_monday_1),
        SchoolClass(1, "8B", 8, 0, 25, unavailable=only_monday_1),
    )
    pair = lessons(1) + lessons(1, 1, classes=(B8,), label="8B Maths")
    school = tiny_school(classes=classes, groups=(), lessons=pair)
    assert errors(school) == [
        "Teacher Asel Nurova must teach 2 lessons at once on Monday, period 1 (7A Maths, "
        "8B Maths): each is locked there or has no other possible period"
    ]


def test_locked_lessons_students_clash() -> None:
    pair = lessons(1) + lessons(1, 1, teachers=(BOLAT,), label="7A Physics")
    school = tiny_school(lessons=pair, fixed=(Fixed(0, MON, 2), Fixed(1, MON, 2)))
    assert errors(school) == [
        "Students of 7A must attend 2 lessons at once on Monday, period 3 (7A Maths, "
        "7A Physics): each is locked there or has no other possible period"
    ]


def test_bad_locks() -> None:
    asel = Teacher(0, "T1", "Asel Nurova", unavailable=frozenset({(MON, 1)}))
    school = tiny_school(
        teachers=(asel,),
        lessons=lessons(1, length=2) + lessons(1, 1) + lessons(1, 2) + lessons(1, 3),
        fixed=(
            Fixed(0, MON, 5),
            Fixed(1, 1, 0, LAB),
            Fixed(2, MON, 1),
            Fixed(3, 2, 0),
            Fixed(3, 3, 0),
        ),
    )
    assert errors(school) == [
        "Lesson 7A Maths is locked to Monday, period 6, where it cannot start (another shift, "
        "or too late for its length)",
        "Lesson 7A Maths is locked to room Lab 1, which is not one of its rooms",
        "Lesson 7A Maths is locked to Monday, period 2, when its teacher, class or room is "
        "unavailable",
        "Lesson 7A Maths is locked to two different places",
    ]
    assert {f.rule for f in check_problem(school)} == {RuleId.FIXED}


def test_warnings_for_repeated_subject_and_far_buildings() -> None:
    weekly = tuple(
        Lesson(
            i, course=0, subject=0, teachers=(ASEL,), classes=(A7,), rooms=(R101,), label="7A Maths"
        )
        for i in range(6)
    )
    pe = Lesson(
        6, course=1, subject=2, teachers=(ASEL,), classes=(B8,), rooms=(GYM,), label="8B PE"
    )
    school = tiny_school(lessons=(*weekly, pe))
    assert errors(school) == []
    assert warnings(school) == [
        "7A Maths has 6 lessons a week but the week has 5 days: at least 1 will share a day "
        "with another",
        "Teacher Asel Nurova teaches in Main building and Sports hall, 15 minutes apart, but no "
        "break is longer than 10 minutes: lessons there can never follow each other",
    ]
    rules = [f.rule for f in check_problem(school)]
    assert rules == [RuleId.SAME_SUBJECT_DAY, RuleId.TRAVEL]


def test_broken_references_are_reported_not_raised() -> None:
    bad = Lesson(0, course=0, subject=7, teachers=(9,), classes=(A7,), label="7A Maths")
    school = tiny_school(lessons=(bad,), fixed=(Fixed(3, MON, 0),))
    assert errors(school) == [
        "Lesson 7A Maths refers to subject 7, which does not exist",
        "Lesson 7A Maths refers to teacher 9, which does not exist",
        "A lock refers to lesson 3 on day 0, period 0, room None, which does not exist",
    ]


@settings(max_examples=80, deadline=None)
@given(problems())
def test_checks_never_crash_and_every_message_renders(problem: Problem) -> None:
    for f in check_problem(problem):
        assert f.severity in ("error", "warning")
        assert str(f.message) and "{" not in str(f.message)


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(planted())
def test_no_error_on_a_school_that_has_a_timetable(case: tuple[Problem, object]) -> None:
    problem, _ = case
    assert [str(f.message) for f in check_problem(problem) if f.severity == "error"] == []


def test_double_lesson_longer_than_a_daily_maximum() -> None:
    asel = Teacher(0, "T1", "Asel Nurova", max_per_day=1)
    classes = (SchoolClass(0, "7A", 7, 0, 24, max_per_day=1),)
    school = tiny_school(teachers=(asel,), classes=classes, groups=(), lessons=lessons(1, length=2))
    assert errors(school) == [
        "Lesson 7A Maths lasts 2 periods but teacher Asel Nurova may teach at most 1 a day",
        "Lesson 7A Maths lasts 2 periods but class 7A may have at most 1 a day",
    ]
    rules = [f.rule for f in check_problem(school)]
    assert rules == [RuleId.TEACHER_MAX_PER_DAY, RuleId.CLASS_MAX_PER_DAY]


def test_broken_grid_references_and_ids_out_of_order() -> None:
    classes = (SchoolClass(0, "7A", 7, 3, 24), SchoolClass(5, "8B", 8, 0, 25))
    rooms = (Room(0, "101", "101", 7, 30, "ordinary"),)
    school = tiny_school(classes=classes, rooms=rooms, groups=(), lessons=lessons(1, rooms=(0,)))
    assert errors(school) == [
        "8B has id 5 but is number 1 in its list",
        "Room 101 is in building 7, which does not exist",
        "Class 7A is in shift 3, which does not exist",
    ]


def test_validator_refuses_a_problem_with_broken_references() -> None:
    from solver.solution import Solution, Status
    from solver.validate import validate

    school = tiny_school(lessons=lessons(1, teachers=(9,)))
    try:
        validate(school, Solution(Status.UNKNOWN))
    except ValueError as exc:
        assert str(exc) == "Lesson 7A Maths refers to teacher 9, which does not exist"
    else:
        raise AssertionError("validate accepted a lesson taught by teacher 9")
