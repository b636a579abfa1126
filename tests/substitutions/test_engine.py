from __future__ import annotations

from collections import Counter

from models.substitutions import CANCEL, COVER, MERGE, MOVE, ROOM_CHANGE, STUDY
from substitutions.build import AbsenceInfo, CoverCounts, StoredChoice
from substitutions.engine import plan_day
from substitutions.plan import CoverPlanResult, PlanStatus
from substitutions.problem import CoverProblem
from substitutions.validate import summarize, validate
from tests.substitutions.tiny import Day, L, T, away


def _solve(cp: CoverProblem) -> CoverPlanResult:
    result = plan_day(cp)
    assert result.status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)
    assert len(result.proposals) == len(cp.affected)
    counts = summarize(validate(cp, result.choices))
    assert {k: v for k, v in counts.items() if v} == {}, validate(cp, result.choices)
    return result


def _who(cp: CoverProblem, result: CoverPlanResult) -> list[tuple[str, str | None]]:
    return [
        (p.choice.action, None if p.choice.teacher is None else cp.teachers[p.choice.teacher].code)
        for p in result.proposals
    ]


BASE = [T("T1", ("MATH",)), T("T2", ("MATH",)), T("T3", ("ENG",)), T("T4", ("HIST",))]


def test_a_qualified_teacher_is_preferred_to_supervised_study() -> None:
    day = Day(
        BASE,
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
            L("7B-MATH", "MATH", ("7B",), ("T2",), ((1, "A2"),)),
            L("8A-HIST", "HIST", ("8A",), ("T4",), ((1, "A3"),)),
        ],
    )
    cp = day.problem([away("T1")])
    result = _solve(cp)
    assert _who(cp, result) == [(COVER, "T2")]
    assert "teaches Math" in str(result.proposals[0].reason)


def test_travel_between_buildings_is_respected() -> None:
    lessons = [
        L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
        L("8A-MATH", "MATH", ("8A",), ("T2",), ((1, "B1"),)),  # 5 minutes before, building B
        L("8A-HIST", "HIST", ("8A",), ("T4",), ((3, "A3"),)),
    ]
    cp = Day(BASE, lessons, travel=15).problem([away("T1")])
    result = _solve(cp)
    assert _who(cp, result) != [(COVER, "T2")]
    assert result.proposals[0].choice.action == STUDY
    # the same day with a short walk: the maths teacher can make it
    near = Day(BASE, lessons, travel=5).problem([away("T1")])
    assert _who(near, _solve(near)) == [(COVER, "T2")]


def test_nobody_is_double_booked_when_two_lessons_need_the_same_teacher() -> None:
    day = Day(
        [*BASE, T("T5", ("ART",))],
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
            L("7B-MATH", "MATH", ("7B",), ("T3",), ((2, "A2"),)),  # T3 teaches maths here
            L("8A-MATH", "MATH", ("8A",), ("T2",), ((1, "A3"),)),
            L("8A-HIST", "HIST", ("8A",), ("T4",), ((3, "A3"),)),
        ],
    )
    cp = day.problem([away("T1"), away("T3")])
    result = _solve(cp)
    teachers = [p.choice.teacher for p in result.proposals]
    assert None not in teachers and len(set(teachers)) == 2
    assert Counter(a for a, _ in _who(cp, result)) == Counter({COVER: 1, STUDY: 1})


def _two_maths_periods(
    counts: dict[str, CoverCounts] | None = None,
) -> tuple[CoverProblem, CoverPlanResult]:
    day = Day(
        [T("T1", ("MATH",)), T("T2", ("MATH",)), T("T5", ("MATH",))],
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"), (3, "A1"))),
            L("7B-MATH", "MATH", ("7B",), ("T2",), ((1, "A2"), (4, "A2"))),
            L("8A-MATH", "MATH", ("8A",), ("T5",), ((1, "A3"), (4, "A3"))),
        ],
    )
    cp = day.problem([away("T1")], counts)
    return cp, _solve(cp)


def test_fairness_spreads_the_covers_of_a_day() -> None:
    cp, result = _two_maths_periods()
    assert sorted(code or "" for _, code in _who(cp, result)) == ["T2", "T5"]


def test_fairness_counts_the_covers_of_the_term() -> None:
    cp, result = _two_maths_periods({"T2": CoverCounts(week=0, month=3, term=6)})
    assert _who(cp, result) == [(COVER, "T5"), (COVER, "T5")]
    assert "cover 2 this month" in str(result.proposals[1].reason)


def test_a_locked_choice_is_kept_even_when_worse() -> None:
    day = Day(
        BASE,
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
            L("7B-MATH", "MATH", ("7B",), ("T2",), ((1, "A2"),)),
            L("8A-HIST", "HIST", ("8A",), ("T4",), ((1, "A3"),)),
        ],
    )
    lock = StoredChoice("7A-MATH", 0, "1", 2, STUDY, teacher="T4")
    cp = day.problem([away("T1")], locks=[lock])
    result = _solve(cp)
    assert _who(cp, result) == [(STUDY, "T4")]
    assert result.proposals[0].locked
    assert str(result.proposals[0].reason).startswith("Chosen by the deputy")


def test_cancel_only_when_nobody_is_free() -> None:
    busy = [
        L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
        L("7B-ENG", "ENG", ("7B",), ("T3",), ((2, "A2"),)),
        L("8A-MATH", "MATH", ("8A",), ("T2",), ((2, "A3"),)),
    ]
    three = [T("T1", ("MATH",)), T("T2", ("MATH",)), T("T3", ("ENG",))]
    cp = Day(three, busy).problem([away("T1")])
    assert _who(cp, _solve(cp)) == [(CANCEL, None)]
    here = [*busy, L("8A-HIST", "HIST", ("8A",), ("T4",), ((1, "A3"),))]
    cp = Day([*three, T("T4", ("HIST",))], here).problem([away("T1")])
    assert _who(cp, _solve(cp)) == [(STUDY, "T4")]
    # a teacher without lessons that day is not at school: not asked to come in
    cp = Day([*three, T("T4", ("HIST",))], busy).problem([away("T1")])
    assert _who(cp, _solve(cp)) == [(CANCEL, None)]


def test_a_cancellation_lets_the_class_start_later_rather_than_leave_a_hole() -> None:
    day = Day(
        [T("T1", ("MATH",)), T("T3", ("ENG",)), T("T4", ("HIST",), max_per_day=2)],
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((1, "A1"), (3, "A1"))),
            L("7A-ENG", "ENG", ("7A",), ("T3",), ((2, "A1"), (4, "A1"))),
            L("7B-ENG", "ENG", ("7B",), ("T3",), ((1, "A2"), (3, "A2"))),
            L("8A-HIST", "HIST", ("8A",), ("T4",), ((2, "A3"),)),  # T4: one more period at most
        ],
    )
    cp = day.problem([away("T1")])
    result = _solve(cp)
    by_period = {cp.lesson_of(p.choice.affected).period: p for p in result.proposals}
    assert by_period[0].choice.action == CANCEL
    assert by_period[2].choice.action == STUDY
    assert "start the day later" in str(by_period[0].reason)


def test_a_group_joins_the_parallel_group_when_nobody_is_free() -> None:
    lessons = [
        L("7A-EN1", "ENG", ("7A/en1",), ("T3",), ((2, "A1"),)),
        L("7A-EN2", "ENG", ("7A/en2",), ("T5",), ((2, "A2"),)),
        L("7B-MATH", "MATH", ("7B",), ("T2",), ((2, "A3"),)),
    ]
    teachers = [T("T2", ("MATH",)), T("T3", ("ENG",)), T("T5", ("ENG",))]
    groups = (("7A", "eng", "en1", 12), ("7A", "eng", "en2", 12))
    cp = Day(teachers, lessons, subgroups=groups).problem([away("T3")])
    result = _solve(cp)
    assert result.proposals[0].choice.action == MERGE
    assert "joins 7A·en2" in str(result.proposals[0].reason)
    small = (("A1", "A", 30), ("A2", "A", 20), ("A3", "A", 30))
    cp = Day(teachers, lessons, rooms=small, subgroups=groups).problem([away("T3")])
    assert _solve(cp).proposals[0].choice.action == CANCEL  # 24 students, 20 seats


def test_a_lesson_moves_to_a_period_its_teacher_is_here_by_a_swap() -> None:
    day = Day(
        [T("T1", ("MATH",)), T("T3", ("ENG",)), T("T2", ("MATH",))],
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((1, "A1"),)),
            L("7A-ENG", "ENG", ("7A",), ("T3",), ((3, "A1"),)),
            L("7B-MATH", "MATH", ("7B",), ("T2",), ((1, "A2"),)),
        ],
    )
    cp = day.problem([away("T1", 1)])  # T1 away in period 1 only
    result = _solve(cp)
    choice = result.proposals[0].choice
    assert choice.action == MOVE
    assert choice.to_period == 2 and cp.lessons[choice.partner or 0].key == "7A-ENG"


def test_a_closed_room_gives_the_lesson_another_free_room_in_its_building() -> None:
    day = Day(
        BASE,
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
            L("7B-MATH", "MATH", ("7B",), ("T2",), ((2, "A2"),)),
        ],
    )
    cp = day.problem([AbsenceInfo("room", "A1", (2,), "leak")])
    result = _solve(cp)
    choice = result.proposals[0].choice
    assert choice.action == ROOM_CHANGE
    assert choice.room is not None and cp.rooms[choice.room].code == "A3"


def test_a_class_away_drops_its_lessons_and_frees_its_teachers() -> None:
    day = Day(
        [T("T1", ("MATH",)), T("T2", ("MATH",)), T("T4", ("HIST",))],
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
            L("8A-HIST", "HIST", ("8A",), ("T4",), ((2, "A3"),)),
            L("7B-MATH", "MATH", ("7B",), ("T2",), ((2, "A2"),)),
        ],
    )
    cp = day.problem([away("T1"), AbsenceInfo("class", "8A", (), "museum")])
    assert [cp.lessons[d.lesson].key for d in cp.dropped] == ["8A-HIST"]
    assert _who(cp, _solve(cp)) == [(STUDY, "T4")]


def test_a_short_day_drops_the_periods_after_the_last_one_kept() -> None:
    day = Day(
        BASE,
        [L("7A-MATH", "MATH", ("7A",), ("T1",), ((1, "A1"), (3, "A1"), (4, "A1")))],
    )
    cp = day.problem([AbsenceInfo("short_day", "", (3,), "heating")])
    assert [cp.periods[cp.lessons[d.lesson].period].number for d in cp.dropped] == [4]
    assert cp.affected == ()


def test_no_teacher_goes_over_their_daily_maximum() -> None:
    day = Day(
        [T("T1", ("MATH",)), T("T2", ("MATH",), max_per_day=1), T("T4", ("HIST",))],
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
            L("7B-MATH", "MATH", ("7B",), ("T2",), ((1, "A2"),)),
            L("8A-HIST", "HIST", ("8A",), ("T4",), ((3, "A3"),)),
        ],
    )
    cp = day.problem([away("T1")])
    assert _who(cp, _solve(cp)) == [(STUDY, "T4")]


def test_replanning_keeps_the_previous_answer_between_equals() -> None:
    for keep in ("T2", "T5"):
        cp, _ = _two_maths_periods()
        day = Day(
            [T("T1", ("MATH",)), T("T2", ("MATH",)), T("T5", ("MATH",))],
            [
                L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
                L("7B-MATH", "MATH", ("7B",), ("T2",), ((1, "A2"),)),
                L("8A-MATH", "MATH", ("8A",), ("T5",), ((1, "A3"),)),
            ],
        )
        previous = [StoredChoice("7A-MATH", 0, "1", 2, COVER, teacher=keep)]
        cp = day.problem([away("T1")], previous=previous)
        assert _who(cp, _solve(cp)) == [(COVER, keep)]


def test_locks_that_clash_give_no_plan_and_say_why() -> None:
    day = Day(
        BASE,
        [
            L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),)),
            L("7B-MATH", "MATH", ("7B",), ("T3",), ((2, "A2"),)),
        ],
    )
    locks = [
        StoredChoice("7A-MATH", 0, "1", 2, COVER, teacher="T2"),
        StoredChoice("7B-MATH", 0, "1", 2, COVER, teacher="T2"),
    ]
    cp = day.problem([away("T1"), away("T3")], locks=locks)
    result = plan_day(cp)
    assert result.status == PlanStatus.INFEASIBLE
    assert any("Teacher T2 has two lessons" in str(m) for m in result.messages)


def test_a_day_without_absences_is_an_empty_plan() -> None:
    cp = Day(BASE, [L("7A-MATH", "MATH", ("7A",), ("T1",), ((2, "A1"),))]).problem()
    result = plan_day(cp)
    assert result.status == PlanStatus.OPTIMAL and result.proposals == ()
