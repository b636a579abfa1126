"""Term and year grades from a student's grades: percent, mark and an explanation, exactly.

Pure functions: no store, no clock. Numbers are fractions until the one rounding the rules
name, so a term percent is right to its last decimal. A component (ФО, СОР, СОЧ) counts when
the student has at least one grade of that kind in the term; an assessment without the
student's grade (away, to be written later) does not count for them, and a component with no
grades at all is left out with the other weights re-normalised (or the rule set's
`without_soch` weights when it is the СОЧ that is missing).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any

from journal.assessment.explain import explain
from journal.assessment.numbers import plain, quantize, total
from journal.assessment.rules import (
    ALL,
    CLASSIC,
    DESCRIPTIVE,
    EXACT,
    FAIL,
    MEAN,
    MEAN_OF_MARKS,
    MEAN_PERCENT,
    PASS,
    PASS_FAIL,
    ROUNDED,
    RuleSet,
)
from models.i18n import Message
from models.journal import FORMATIVE, MARK, SECTION, TERM_SUMMATIVE

EXPLANATION_VERSION = 1


@dataclass(frozen=True, slots=True)
class GradeInput:
    """One grade of the student: the assessment's kind, the value and the assessment's maximum."""

    kind: str
    value: Fraction
    max_points: Fraction


@dataclass(frozen=True, slots=True)
class TermMark:
    """A term's result as the year grade reads it: the mark in force (override first)."""

    term: str
    mark: str
    score: Decimal | None


@dataclass(frozen=True, slots=True)
class Result:
    """A computed term or year grade; `explanation` is JSON, `message` says it in words."""

    score: Decimal | None  # percent (criteria) or average mark (classic); None without grades
    mark: str  # "" without grades
    explanation: dict[str, Any]

    @property
    def message(self) -> Message:
        return explain(self.explanation)


def term_grade(rules: RuleSet, grades: Sequence[GradeInput], *, scheme: str, term: str) -> Result:
    """A student's term grade in one subject.

    Args:
        rules: the school's rule set.
        grades: the student's live grades of the subject in the term.
        scheme: rules.scheme_for(...) of the student's grade level and the subject.
        term: the term's name, for the explanation.

    Returns:
        The percent (or average), the mark ("" without grades) and the explanation.
    """
    if rules.system == CLASSIC:
        return _classic(rules, [g for g in grades if g.kind == MARK], scheme, term)
    by_kind = {kind: [g for g in grades if g.kind == kind] for kind in rules.kinds}
    present = [kind for kind in rules.kinds if by_kind[kind]]
    weights = _weights(rules, present)
    if not present or weights is None:
        return _empty(term, scheme)
    places, mode = rules.rounding.places, rules.rounding.mode
    parts: list[dict[str, str]] = []
    exact_total, rounded_total = Fraction(0), Decimal(0)
    for kind in present:
        ratio, shown = _component(rules, kind, by_kind[kind])
        share = ratio * weights[kind]
        rounded = quantize(share, places, mode)
        exact_total += share
        rounded_total += rounded
        parts.append(
            {
                "kind": kind,
                "count": str(len(by_kind[kind])),
                "shown": shown,
                "weight": _weight_text(weights[kind]),
                "share": str(rounded),
            }
        )
    total = exact_total if rules.rounding.total_of == EXACT else Fraction(rounded_total)
    score = quantize(total, places, mode)
    mark = rules.mark_for(Fraction(score) if rules.rounding.mark_from == ROUNDED else total, scheme)
    missing = [kind for kind in rules.kinds if kind not in present]
    explanation = _head("term", term, scheme, rules) | {
        "parts": parts,
        "missing": missing,
        "score": str(score),
        "mark": mark,
    }
    return Result(score, mark, explanation)


def year_grade(rules: RuleSet, terms: Sequence[TermMark], *, scheme: str, year: str) -> Result:
    """A student's year grade in one subject from the term results in force.

    Args:
        rules: the school's rule set.
        terms: the terms of the year in order; terms without a mark are skipped.
        scheme: as for term_grade.
        year: the academic year's name, for the explanation.

    Returns:
        The year's score (mean of term scores, when read from them), mark and explanation.
    """
    marked = [t for t in terms if t.mark]
    head = _head("year", year, scheme, rules)
    if not marked:
        return _empty(year, scheme, kind="year")
    listed = [
        {"term": t.term, "mark": t.mark, "score": "" if t.score is None else str(t.score)}
        for t in marked
    ]
    if scheme == PASS_FAIL:
        passed = [t.mark == PASS for t in marked]
        mark = (PASS if all(passed) else FAIL) if rules.year.pass_fail == ALL else marked[-1].mark
        return Result(
            None, mark, head | {"method": rules.year.pass_fail, "terms": listed, "mark": mark}
        )
    numeric = [t for t in marked if t.mark.isdigit()]
    if scheme != DESCRIPTIVE and rules.year.method == MEAN_OF_MARKS and numeric:
        mean = Fraction(sum(int(t.mark) for t in numeric), len(numeric))
        mark = str(quantize(mean, 0, rules.year.mode))
        data = {
            "method": MEAN_OF_MARKS,
            "terms": listed,
            "mean": str(quantize(mean, 2)),
            "mark": mark,
        }
        return Result(None, mark, head | data)
    scores = [Fraction(t.score) for t in marked if t.score is not None]
    if not scores:
        return _empty(year, scheme, kind="year")
    mean = sum(scores, Fraction(0)) / len(scores)
    score = quantize(mean, rules.rounding.places, rules.rounding.mode)
    read = Fraction(score) if rules.rounding.mark_from == ROUNDED else mean
    mark = rules.mark_for(read, scheme)
    data = {"method": "mean_of_scores", "terms": listed, "mean": str(score), "mark": mark}
    return Result(score, mark, head | data)


def _head(kind: str, period: str, scheme: str, rules: RuleSet) -> dict[str, Any]:
    return {
        "version": EXPLANATION_VERSION,
        "kind": kind,
        "period": period,
        "scheme": scheme,
        "system": rules.system,
    }


def _empty(period: str, scheme: str, *, kind: str = "term") -> Result:
    data = {
        "version": EXPLANATION_VERSION,
        "kind": kind,
        "period": period,
        "scheme": scheme,
        "empty": True,
    }
    return Result(None, "", data)


def _weights(rules: RuleSet, present: Sequence[str]) -> dict[str, Fraction] | None:
    """The weights of the components present: as set, `without_soch`, or re-normalised."""
    if set(present) == set(rules.kinds):
        return {kind: rules.weights[kind] for kind in present}
    without = rules.without_soch
    if without is not None and TERM_SUMMATIVE not in present and set(present) == set(without):
        return {kind: without[kind] for kind in present}
    total = sum((rules.weights[kind] for kind in present), Fraction(0))
    if total == 0:
        return None
    return {kind: rules.weights[kind] * 100 / total for kind in present}


def _component(rules: RuleSet, kind: str, grades: Sequence[GradeInput]) -> tuple[Fraction, str]:
    """(the component's ratio 0..1, how it is shown: "7.8/10", "38/45", "84.4 %")."""
    if kind == FORMATIVE and rules.formative_combine == MEAN:
        mean = total(g.value for g in grades) / len(grades)
        shown = f"{quantize(mean, rules.rounding.places)}/{plain(rules.formative_max)}"
        return mean / rules.formative_max, shown
    if kind == SECTION and rules.sections_combine == MEAN_PERCENT:
        ratio = sum((g.value / g.max_points for g in grades), Fraction(0)) / len(grades)
        return ratio, f"{quantize(ratio * 100, rules.rounding.places)} %"
    points = total(g.value for g in grades)
    maximum = total(g.max_points for g in grades)
    return points / maximum, f"{plain(points)}/{plain(maximum)}"


@lru_cache(maxsize=256)
def _weight_text(weight: Fraction) -> str:
    return plain(quantize(weight, 2))


def _classic(rules: RuleSet, grades: Sequence[GradeInput], scheme: str, term: str) -> Result:
    if not grades:
        return _empty(term, scheme)
    mean = total(g.value for g in grades) / len(grades)
    score = quantize(mean, rules.rounding.places, rules.rounding.mode)
    mark = rules.mark_for(Fraction(score) if rules.rounding.mark_from == ROUNDED else mean, scheme)
    data = {"marks": [plain(g.value) for g in grades], "score": str(score), "mark": mark}
    return Result(score, mark, _head("term", term, scheme, rules) | data)
