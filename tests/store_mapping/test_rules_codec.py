"""solver.rule_codec: every condition kind <-> a rule row by codes, and every problem in words."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from models.snapshot import RuleRow, SchoolSnapshot
from solver.conditions import (
    Before,
    Block,
    Condition,
    EndsDay,
    Limit,
    MinDaysApart,
    MinGap,
    NoOverlap,
    PreferRooms,
    SameStart,
    Spread,
    StartsIn,
)
from solver.problem import Problem
from solver.rule_codec import KINDS, MEASURES, decode_rules, encode_condition
from solver.rule_names import Names
from solver.store import ProblemBuildError, problem_from_snapshot, rule_names
from tests.store_mapping.test_problem_from_snapshot import small_school

# small_school: 7A-MATH (units: a double, then 3 singles = lessons 0-3), 7AB-PE (4, 5),
# ENG-1 (6, 7, 8), 7B-CHEM (9 double); teachers T1-T3; 7A has subgroups eng/1 and eng/2;
# shift 1 has periods 1-4 (ids 0-3), shift 2 periods 1-3 (ids 4-6); 6 days.


@pytest.fixture(scope="module")
def school() -> tuple[Problem, Names]:
    snapshot = small_school()
    problem = problem_from_snapshot(snapshot)
    return problem, rule_names(problem, snapshot)


def _one_of_each() -> list[Condition]:
    """One condition per kind (and per Limit measure), with every optional field set somewhere."""
    slots = frozenset({(0, 0), (1, 1), (5, 6)})
    out: list[Condition] = [
        MinDaysApart((0, 1, 2, 3), 1, weight=7),
        MinDaysApart((6, 7), 0, True),
        SameStart((4, 6), "period", weight=2),
        NoOverlap((1, 9)),
        Block((1, 4, 2), ordered=False),
        Before(2, 9, weight=1),
        StartsIn((0, 1), slots, weight=3),
        StartsIn((5,), frozenset((d, p) for d in (0, 2) for p in range(7)), whole=True),
        EndsDay((4, 5)),
        MinGap((1, 2, 3), 2, weight=4),
        PreferRooms((6, 7, 8), frozenset({0, 1}), weight=9),
        Spread((1, 2, 3), (frozenset({(0, 0), (0, 1)}), frozenset({(1, 0)})), 1, 2, weight=5),
    ]
    for i, measure in enumerate(MEASURES):
        who: tuple[Any, int] = ("teacher", i % 3) if i % 2 else ("atom", i % 3)
        extra: dict[str, Any] = {}
        if measure == "interval_max_days":
            extra = {"start": 1, "end": 3}
        if measure == "min_per_day":
            extra = {"allow_empty": False}
        if measure == "max_gaps_week":
            extra = {"skip": frozenset({(0, 0), (3, 2)}), "lessons": frozenset({0, 6, 7, 8})}
        weight = None if i % 3 == 0 else i + 1
        out.append(Limit(who, measure, i % 4, weight=weight, **extra))  # type: ignore[arg-type]
    return out


def _decoded(rows: list[tuple[str, Any, Any]], names: Names) -> tuple[Any, list[str]]:
    conditions, problems = decode_rules(
        [(i, kind, params, weight) for i, (kind, params, weight) in enumerate(rows)], names
    )
    return conditions, [str(p.sentence()) for p in problems]


def test_every_kind_and_measure_survives_a_round_trip(school: tuple[Problem, Names]) -> None:
    _, names = school
    conditions = _one_of_each()
    assert {type(c).__name__ for c in conditions} == set(KINDS)
    for cond in conditions:
        row = encode_condition(replace(cond, label="from a test"), names)
        (back,), problems = _decoded([(row.kind, row.params, row.weight)], names)
        assert problems == []
        assert back == replace(cond, label="from a test"), row


def test_rows_name_things_by_code(school: tuple[Problem, Names]) -> None:
    _, names = school
    row = encode_condition(MinDaysApart((0, 1, 2, 3, 6), 2, weight=7), names)
    assert row.params == {"lessons": ["7A-MATH", ["ENG-1", 0]], "days": 2}
    assert row.weight == 7
    limit = encode_condition(Limit(("atom", 1), "max_gaps_day", 1), names)
    assert limit.params["students"] == {"class": "7A", "subgroups": {"eng": "2"}}
    starts = encode_condition(StartsIn((9,), frozenset({(4, 5)})), names)
    assert starts.params["slots"] == [[4, "2", 2]]  # Friday, shift 2, period 2


def test_a_class_limit_holds_for_each_of_its_students(school: tuple[Problem, Names]) -> None:
    problem, names = school
    rows = [("Limit", {"students": "7A", "measure": "max_per_day", "value": 5}, None)]
    conditions, problems = _decoded(rows, names)
    assert problems == []
    atoms_7a = [i for i, (c, _) in enumerate(problem.atoms) if problem.classes[c].code == "7A"]
    assert [c.who for c in conditions] == [("atom", i) for i in atoms_7a] and len(atoms_7a) == 2


def test_every_problem_of_every_row_is_a_sentence_naming_the_row(
    school: tuple[Problem, Names],
) -> None:
    _, names = school
    rows = [
        ("SameStart", {"lessons": ["7A-MATH", "7AB-PE"]}, None),  # fine
        ("MinDaysApartt", {}, None),
        ("Limit", {"teacher": "T11", "measure": "max_gap_week", "value": -1}, 5),
        ("Block", {"lessons": ["7A-MAT", ["ENG-1", 7]], "colour": "red"}, 0),
        ("PreferRooms", {"lessons": ["7A-MATH"], "rooms": ["101"]}, None),
        ("StartsIn", {"lessons": "7A-MATH", "slots": [[9, "1", 1], [0, "3", 1], "Mon"]}, 2),
        ("Limit", {"students": {"class": "7A", "subgroups": {"eng": "3"}}, "measure": "max_days",
                   "value": 3}, None),
        ("NoOverlap", ["7A-MATH"], None),
    ]  # fmt: skip
    conditions, problems = _decoded(rows, names)
    assert len(conditions) == 1  # only the first row decodes
    expected = [
        "Rule 2 (MinDaysApartt): unknown kind 'MinDaysApartt'; the kinds are: "
        + ", ".join(KINDS)
        + " — did you mean 'MinDaysApart'?",
        "Rule 3 (Limit): unknown teacher 'T11' — did you mean 'T1'?",
        "Rule 3 (Limit): 'value' must be a whole number of at least 0, not -1",
        "Rule 4 (Block): unknown parameter 'colour'; Block takes: lessons, ordered, note",
        "Rule 4 (Block): the weight must be a whole number of at least 1 (empty: the rule must "
        "hold)",
        "Rule 4 (Block): unknown lesson '7A-MAT' — did you mean '7A-MATH'?",
        "Rule 4 (Block): lesson 'ENG-1' has 3 unit(s) a week, counted from 0; there is no unit 7",
        "Rule 5 (PreferRooms): PreferRooms is a wish and needs a weight; to require rooms, list "
        "them in the lesson's rooms",
        "Rule 6 (StartsIn): 'lessons' must be a list of lesson keys, or [key, unit] pairs, not "
        "'7A-MATH'",
        "Rule 6 (StartsIn): day 9 is not a school day (days count from 0 = Monday; the week has 6)",
        "Rule 6 (StartsIn): shift 3 has no period 1",
        "Rule 7 (Limit): class 7A has no subgroup '3' in division 'eng'",
        'Rule 8 (NoOverlap): the parameters must be a JSON object like {"teacher": "T01"}',
    ]
    for sentence in expected:
        assert sentence in problems, (sentence, problems)
    measure = next(p for p in problems if "'measure'" in p)
    assert measure.startswith("Rule 3 (Limit): 'measure' must be one of max_per_day")
    assert measure.endswith("— did you mean 'max_gaps_week'?")
    assert any(
        p.startswith("Rule 6 (StartsIn): 'slots' must be a list of [day, shift") for p in problems
    )


def test_the_store_refuses_bad_active_rules_and_ignores_inactive_ones() -> None:
    base = small_school()
    good = RuleRow("NoOverlap", {"lessons": ["7A-MATH", "7B-CHEM"]}, 4)
    off = RuleRow("whatever", {"x": 1}, 0, active=False)
    problem = problem_from_snapshot(replace(base, rules=(off, good, off)))
    (cond,) = problem.conditions
    assert cond == NoOverlap((0, 1, 2, 3, 9), weight=4, label="Rule 2 (NoOverlap)")
    bad = (
        good,
        RuleRow("Nope", {}),
        RuleRow("Limit", {"teacher": "t1", "measure": "max_days", "value": 1}),
    )
    with pytest.raises(ProblemBuildError) as caught:
        problem_from_snapshot(replace(base, rules=bad))
    text = [str(p) for p in caught.value.problems]
    assert len(text) == 2
    assert text[0].startswith("Rule 2 (Nope): unknown kind 'Nope'")
    assert text[1] == "Rule 3 (Limit): unknown teacher 't1' — did you mean 'T1'?"


def test_a_note_names_the_rule_in_sentences() -> None:
    rule = RuleRow("EndsDay", {"lessons": ["7AB-PE"], "note": "Дене шынықтыру соңында"})
    problem = problem_from_snapshot(replace(small_school(), rules=(rule,)))
    assert problem.conditions[0].label == "Дене шынықтыру соңында"


def test_asc_day_limits_stored_by_the_asc_importer_reach_the_solver() -> None:
    params = {"lesson": "ENG-1", "first_unit": 1, "units": 2, "days": [0, 3]}
    problem = problem_from_snapshot(
        replace(small_school(), rules=(RuleRow("asc_lesson_days", params),))
    )
    (cond,) = problem.conditions
    assert isinstance(cond, StartsIn) and cond.whole and cond.hard
    assert cond.lessons == (7, 8)
    assert cond.slots == frozenset((d, p.id) for d in (0, 3) for p in problem.periods)


def test_a_rule_on_a_half_built_school_still_gets_its_own_problems() -> None:
    """The workbook reader asks for rule problems while other sheets are wrong too."""
    from solver.store import rule_problems

    broken: SchoolSnapshot = replace(small_school(), rooms=())  # lessons name missing rooms
    rules = (RuleRow("Before", {"first": "7A-MATH", "second": ["7B-CHEM", 0]}),)
    (problem,) = rule_problems(replace(broken, rules=rules))
    assert problem.index == 0 and problem.column == "params"
    assert str(problem.text) == "'first' must name one lesson unit, like [\"7A-MATH\", 0]"
