from __future__ import annotations

import pytest

from models.substitutions import CANCEL, COVER, MERGE, MOVE, ROOM_CHANGE, STUDY
from substitutions.build import AbsenceInfo, CoverBuildError
from substitutions.explain import candidates
from substitutions.problem import Choice, CoverProblem
from substitutions.validate import (
    ABSENT,
    BAD_CHOICE,
    CAPACITY,
    CLASS_DOUBLE,
    CLOSED,
    DAILY_MAX,
    ROOM_DOUBLE,
    TEACHER_DOUBLE,
    TRAVEL,
    UNANSWERED,
    summarize,
    validate,
)
from tests.substitutions.tiny import Day, L, T, away

TEACHERS = [
    T("T1", ("MATH",)), T("T2", ("MATH",), max_per_day=1), T("T3", ("ENG",)), T("T4", ("HIST",)),
]  # fmt: skip
LESSONS = [
    L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
    L("7B-MATH", "MATH", ("7B",), ("T2",), ((2, "A2"),)),
    L("8A-HIST", "HIST", ("8A",), ("T4",), ((1, "B1"),)),
    L("7A-ENG", "ENG", ("7A",), ("T3",), ((3, "A1"),)),
]


def _day(absences: list[AbsenceInfo] | None = None) -> CoverProblem:
    return Day(TEACHERS, LESSONS).problem(absences if absences is not None else [away("T1")])


def _code(cp: CoverProblem, code: str) -> int:
    return next(t.id for t in cp.teachers if t.code == code)


def _kinds(cp: CoverProblem, choices: list[Choice]) -> dict[str, int]:
    return {k: v for k, v in summarize(validate(cp, choices)).items() if v}


def test_a_clean_plan_has_no_violations() -> None:
    cp = _day()
    assert _kinds(cp, [Choice(0, STUDY, _code(cp, "T3"))]) == {}


def test_a_hand_made_double_booking_is_caught_and_named() -> None:
    cp = _day()
    choices = [Choice(0, COVER, _code(cp, "T2"))]  # T2 teaches 7B in period 2
    violations = validate(cp, choices)
    assert summarize(violations)["double_bookings"] == 1
    text = str(next(v.message for v in violations if v.kind == TEACHER_DOUBLE))
    assert text == "Teacher T2 has two lessons in period 2: 7B Math and 7A Math."


def test_a_room_given_twice_is_a_double_booking() -> None:
    cp = _day()
    choices = [
        Choice(0, STUDY, _code(cp, "T3"), room=next(r.id for r in cp.rooms if r.code == "A2"))
    ]
    kinds = _kinds(cp, choices)
    assert kinds[ROOM_DOUBLE] == 1 and kinds["double_bookings"] == 1


def test_a_cover_by_a_teacher_who_is_away_is_caught() -> None:
    cp = _day([away("T1"), away("T3", 2)])
    kinds = _kinds(cp, [Choice(0, STUDY, _code(cp, "T3"))])
    assert kinds == {ABSENT: 1}


def test_a_walk_too_short_is_caught() -> None:
    cp = _day()
    kinds = _kinds(cp, [Choice(0, STUDY, _code(cp, "T4"))])  # building B in period 1, 5 min
    assert kinds == {TRAVEL: 1}


def test_a_daily_maximum_exceeded_is_caught() -> None:
    more = [*LESSONS, L("7B-ENG", "ENG", ("7B",), ("T2",), ((3, "A2"),))]
    cp = Day(TEACHERS, more).problem([away("T1")])
    violations = validate(cp, [Choice(0, COVER, _code(cp, "T2"))])
    assert [v.kind for v in violations if v.kind == DAILY_MAX] == [DAILY_MAX]
    assert "more than their 1 a day" in str(violations[-1].message)


def test_unanswered_lessons_and_bad_choices_are_reported() -> None:
    cp = _day()
    assert _kinds(cp, []) == {UNANSWERED: 1}
    assert _kinds(cp, [Choice(0, COVER)])[BAD_CHOICE] == 1  # a cover without a teacher
    assert _kinds(cp, [Choice(0, CANCEL), Choice(0, CANCEL)])[BAD_CHOICE] == 1


def test_a_closed_room_in_use_and_a_merge_too_big_are_caught() -> None:
    cp = _day([away("T1"), AbsenceInfo("room", "A3", (2,))])
    a3 = next(r.id for r in cp.rooms if r.code == "A3")
    assert _kinds(cp, [Choice(0, STUDY, _code(cp, "T3"), room=a3)]) == {CLOSED: 1}
    partner = next(ls.id for ls in cp.lessons if ls.key == "7B-MATH")
    assert _kinds(cp, [Choice(0, MERGE, partner=partner)]) == {CAPACITY: 1}  # 50 in 30 seats


def test_a_swap_into_an_occupied_period_double_books_the_class() -> None:
    more = [*LESSONS, L("8A-ENG", "ENG", ("8A",), ("T4",), ((3, "B1"),))]
    cp = Day(TEACHERS, more).problem([away("T1", 2)])
    eng = next(ls.id for ls in cp.lessons if ls.key == "7A-ENG")
    assert _kinds(cp, [Choice(0, MOVE, to_period=2, partner=eng)]) == {}
    other = next(ls.id for ls in cp.lessons if ls.key == "8A-ENG")
    kinds = _kinds(cp, [Choice(0, MOVE, to_period=2, partner=other)])
    assert kinds[CLASS_DOUBLE] == 1 and kinds[ROOM_DOUBLE] == 1  # 7A-ENG is there already


def test_a_room_change_to_a_free_room_is_clean() -> None:
    cp = _day([AbsenceInfo("room", "A1", (2,))])
    a3 = next(r.id for r in cp.rooms if r.code == "A3")
    assert _kinds(cp, [Choice(0, ROOM_CHANGE, room=a3)]) == {}


def test_unknown_names_in_absences_are_listed() -> None:
    with pytest.raises(CoverBuildError) as info:
        _day([away("T9"), AbsenceInfo("room", "Z1")])
    assert [str(m) for m in info.value.problems] == [
        "The absence names an unknown teacher “T9”.",
        "The absence names an unknown room “Z1”.",
    ]


def test_candidates_are_ranked_and_clashes_marked() -> None:
    cp = _day([away("T1"), away("T2")])
    by_key = {cp.lesson_of(a.id).key: a.id for a in cp.affected}
    plan = [Choice(by_key["7B-MATH"], STUDY, _code(cp, "T3"))]
    ranked = candidates(cp, by_key["7A-MATH"], plan)
    assert ranked[-1].choice.action == CANCEL or ranked[-1].clash is not None
    clashing = [c for c in ranked if c.clash is not None]
    assert [c.choice.teacher for c in clashing] == [_code(cp, "T3")]
    assert "already takes 7B Math in period 2" in str(clashing[0].clash)
    free = [c for c in ranked if c.clash is None]
    assert free == sorted(free, key=lambda c: c.cost)
    assert all(str(c.reason) for c in ranked)
