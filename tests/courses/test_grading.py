"""Grading every auto-graded step kind with hand-made answers, right, wrong, partly right, junk."""

from __future__ import annotations

import pytest

from lms.courses.errors import CourseError
from lms.courses.grading import grade, normalize

OPTIONS = [
    {"ru": "a", "correct": False},
    {"ru": "b", "correct": True},
    {"ru": "c", "correct": True},
    {"ru": "d", "correct": False},
]
SINGLE = {"options": [{"ru": "x", "correct": False}, {"ru": "y", "correct": True}]}
BLANKS = {"answers": [["print", "print()"], ["#"]], "text": {"ru": "{{print}} {{#}}"}}


def test_single_choice() -> None:
    right = grade("single", SINGLE, {"choice": "1"})
    assert (right.passed, right.score, right.answer, right.marks) == (
        True,
        1.0,
        {"choice": 1},
        [True],
    )
    wrong = grade("single", SINGLE, {"choice": 0})
    assert (wrong.passed, wrong.score, wrong.marks) == (False, 0.0, [False])


def test_multiple_choice_scores_part_but_passes_only_exactly() -> None:
    exact = grade("multiple", {"options": OPTIONS}, {"choices": [2, 1]})
    assert (exact.passed, exact.score, exact.answer) == (True, 1.0, {"choices": [1, 2]})
    half = grade("multiple", {"options": OPTIONS}, {"choices": [1]})
    assert (half.passed, half.score, half.marks) == (False, 0.5, [True])
    mixed = grade("multiple", {"options": OPTIONS}, {"choices": [1, 2, 3]})
    assert (mixed.passed, mixed.score, mixed.marks) == (False, 0.5, [True, True, False])
    none = grade("multiple", {"options": OPTIONS}, {"choices": [0, 3]})
    assert (none.passed, none.score) == (False, 0.0)


def test_blanks_compare_trimmed_text_case_sensitively() -> None:
    right = grade("blanks", BLANKS, {"blanks": ["  print() ", "`#`"]})
    assert (right.passed, right.marks) == (True, [True, True])
    half = grade("blanks", BLANKS, {"blanks": ["Print", "#"]})
    assert (half.passed, half.score, half.marks) == (False, 0.5, [False, True])
    assert normalize("  a   b ") == "a b"


@pytest.mark.parametrize(
    ("kind", "body", "answer"),
    [
        ("single", SINGLE, {}),
        ("single", SINGLE, {"choice": 2}),
        ("single", SINGLE, {"choice": "x"}),
        ("multiple", {"options": OPTIONS}, {"choices": "1"}),
        ("multiple", {"options": OPTIONS}, {"choices": [9]}),
        ("blanks", BLANKS, {"blanks": ["print"]}),
        ("blanks", BLANKS, {"blanks": ["print", 3]}),
        ("blanks", BLANKS, {"blanks": ["x" * 201, "#"]}),
    ],
)
def test_answers_that_do_not_fit_are_refused(kind: str, body: dict, answer: dict) -> None:
    with pytest.raises(CourseError) as caught:
        grade(kind, body, answer)
    assert caught.value.code == "bad_answer"
    assert str(caught.value.messages[0]) == "The answer could not be read; try again."


def test_text_and_task_steps_are_not_graded_here() -> None:
    for kind in ("text", "task"):
        with pytest.raises(CourseError) as caught:
            grade(kind, {}, {})
        assert caught.value.code == "not_graded"


ORDERING = {"items": [{"ru": "a"}, {"ru": "b"}, {"ru": "c"}]}
MATCHING = {"pairs": [{"left": {"ru": "x"}, "right": {"ru": "1"}} for _ in range(3)]}


def test_ordering_is_right_only_in_the_written_order() -> None:
    right = grade("ordering", ORDERING, {"order": [0, 1, 2]})
    assert (right.passed, right.score, right.answer) == (True, 1.0, {"order": [0, 1, 2]})
    swapped = grade("ordering", ORDERING, {"order": ["0", "2", "1"]})
    assert (swapped.passed, swapped.score, swapped.marks) == (False, 0.3333, [True, False, False])
    with pytest.raises(CourseError, match="different place"):
        grade("ordering", ORDERING, {"order": [0, 0, 1]})
    with pytest.raises(CourseError, match="could not be read"):
        grade("ordering", ORDERING, {"order": [0, 1]})


def test_matching_counts_each_pair() -> None:
    right = grade("matching", MATCHING, {"matches": [0, 1, 2]})
    assert (right.passed, right.marks) == (True, [True, True, True])
    two = grade("matching", MATCHING, {"matches": [0, 0, 2]})  # a right side may be chosen twice
    assert (two.passed, two.score, two.marks) == (False, 0.6667, [True, False, True])
    with pytest.raises(CourseError, match="could not be read"):
        grade("matching", MATCHING, {"matches": [0, 1, -1]})
