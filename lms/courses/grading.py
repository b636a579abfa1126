"""Grading a step's answer on the server: right or wrong, a score, and why (pure functions).

Answers arrive as sent by the lesson page: `{"choice": 2}` for a single choice, `{"choices":
[0, 3]}` for a multiple choice, `{"blanks": ["print", "#"]}` for fill in the blanks,
`{"order": [2, 0, 1]}` for ordering (the items as the student put them, by their place in the
step's `items`, which lists them in the right order) and `{"matches": [1, 0, 2]}` for matching
(for each pair's left side, the pair whose right side was chosen). Numbers count from 0.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lms.courses.errors import CourseError
from models.i18n import N_, message
from models.lms import BLANKS, MATCHING, MULTIPLE, ORDERING, SINGLE

SPACES = re.compile(r"\s+")
MAX_BLANK = 200


@dataclass(frozen=True)
class Outcome:
    """What the answer earned: `marks` says which parts were right (blanks, chosen options)."""

    passed: bool
    score: float  # 0..1
    answer: dict[str, Any]  # the answer as it is stored (cleaned)
    marks: list[bool] = field(default_factory=list)


def _bad() -> CourseError:
    return CourseError("bad_answer", [message(N_("The answer could not be read; try again."))])


def _index(value: Any, count: int) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise _bad() from None
    if not 0 <= number < count:
        raise _bad()
    return number


def normalize(text: str) -> str:
    """A blank as compared: spaces trimmed and collapsed, surrounding backticks dropped."""
    return SPACES.sub(" ", text.strip().strip("`").strip())


def grade(kind: str, body: dict[str, Any], answer: dict[str, Any]) -> Outcome:
    """Grades `answer` against a step of kind single, multiple or blanks.

    Args:
        kind: the step's kind.
        body: the step's table (options with `correct`, or `answers` for the blanks).
        answer: what the student sent.

    Returns:
        The outcome; `passed` only for a fully right answer.

    Raises:
        CourseError: the answer does not fit the step (code "bad_answer"), or the kind is not
            graded automatically (code "not_graded").
    """
    if kind == SINGLE:
        return _single(body["options"], answer)
    if kind == MULTIPLE:
        return _multiple(body["options"], answer)
    if kind == BLANKS:
        return _blanks(body["answers"], answer)
    if kind == ORDERING:
        return _by_place(len(body["items"]), answer, "order", permutation=True)
    if kind == MATCHING:
        return _by_place(len(body["pairs"]), answer, "matches", permutation=False)
    raise CourseError("not_graded", [message(N_("This step is not answered here."))])


def _single(options: list[dict[str, Any]], answer: dict[str, Any]) -> Outcome:
    choice = _index(answer.get("choice"), len(options))
    right = bool(options[choice].get("correct"))
    return Outcome(right, 1.0 if right else 0.0, {"choice": choice}, [right])


def _multiple(options: list[dict[str, Any]], answer: dict[str, Any]) -> Outcome:
    raw = answer.get("choices")
    if not isinstance(raw, list) or len(raw) > len(options):
        raise _bad()
    chosen = sorted({_index(v, len(options)) for v in raw})
    correct = {i for i, o in enumerate(options) if o.get("correct")}
    hits = len(correct.intersection(chosen))
    misses = len(set(chosen) - correct)
    passed = set(chosen) == correct
    score = 1.0 if passed else max(0.0, (hits - misses) / len(correct))
    return Outcome(passed, round(score, 4), {"choices": chosen}, [i in correct for i in chosen])


def _blanks(accepted: list[list[str]], answer: dict[str, Any]) -> Outcome:
    raw = answer.get("blanks")
    if not isinstance(raw, list) or len(raw) != len(accepted):
        raise _bad()
    if not all(isinstance(v, str) and len(v) <= MAX_BLANK for v in raw):
        raise _bad()
    marks = [
        normalize(given) in {normalize(a) for a in options}
        for given, options in zip(raw, accepted, strict=True)
    ]
    return Outcome(all(marks), round(sum(marks) / len(marks), 4), {"blanks": list(raw)}, marks)


def _by_place(count: int, answer: dict[str, Any], field: str, *, permutation: bool) -> Outcome:
    """Ordering and matching: the answer is right at place i when it holds i there."""
    raw = answer.get(field)
    if not isinstance(raw, list) or len(raw) != count:
        raise _bad()
    given = [_index(v, count) for v in raw]
    if permutation and len(set(given)) != count:
        raise CourseError("bad_answer", [message(N_("Give every item a different place."))])
    marks = [value == place for place, value in enumerate(given)]
    return Outcome(all(marks), round(sum(marks) / count, 4), {field: given}, marks)
