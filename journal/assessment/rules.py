"""Assessment rules as data: weights, how marks combine, the conversion table, rounding, presets.

A school's rules are JSON in `AssessmentRuleSet.rules` (read by `journal.assessment.parse`);
without one, the "kz-criteria" preset applies. Every number the ministry may change is a
setting, because it does change them.

Sources (Kazakhstan, criteria-based assessment, grades 2-11):

- Order No. 125 of the Minister of Education and Science of 18 March 2008 (registered
  No. 5191), "Typical rules for current monitoring of progress, interim and final attestation
  of students", as amended (Orders No. 494 of 25.09.2018 and No. 248 of 31.05.2021 of that
  ministry; No. 96 of 13.04.2023 and No. 208 of 14.07.2023 of the Minister of Enlightenment);
  https://adilet.zan.kz/kaz/docs/V080005191_ . Its Appendix 1, "Scale for converting points
  into a mark", as schools reproduce it (e.g. zhetitobe-zhualy.mektebi.kz): 0-39 % -> "2",
  40-64 % -> "3", 65-84 % -> "4", 85-100 % -> "5". An earlier wording had a separate grade-1
  column (0-20, 21-50, 51-80, 81-100); grade 1 is now assessed without marks, so the preset
  gives grade 1 descriptive levels instead (low / medium / high, a setting).
- The term percent is formative marks 25 % + summative for sections (СОР) 25 % + summative
  for the term (СОЧ) 50 % (issue 6; the weights are a setting).
- Rounding: the texts we could reach give the bands in whole percents and do not say how a
  fractional percent between them (39.5, 64.95, 84.9) is read; the methodological
  recommendations of NAO named after Y. Altynsarin were not reachable here. The default
  therefore follows what the e-journals show and the issue's example ("80.6 %"): the term
  percent is rounded half up to a tenth, and the mark is read from that rounded percent with
  each band starting at its lower bound (39.9 -> "2", 40.0 -> "3", 64.95 -> 65.0 -> "4",
  84.9 -> "4", 85.0 -> "5"). `rounding.places` 0 gives whole percents instead (then
  39.5 -> 40 -> "3"); `rounding.mark_from: "exact"` reads the unrounded percent.
- A year mark with a fractional part of .5 is rounded up (the NIS rules say so explicitly,
  nisa.edu.kz); the default year grade is the mean of the term marks rounded half up.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from models.journal import FORMATIVE, MARK, SECTION, TERM_SUMMATIVE

CRITERIA = "criteria"  # percents from ФО, СОР, СОЧ
CLASSIC = "classic"  # 5-point marks averaged
SYSTEMS: tuple[str, ...] = (CRITERIA, CLASSIC)
COMPONENTS: tuple[str, ...] = (FORMATIVE, SECTION, TERM_SUMMATIVE)

# How a student is graded in a subject (`RuleSet.scheme_for`).
MARKS = "marks"  # the conversion table's marks
DESCRIPTIVE = "descriptive"  # grade 1: levels, no marks
PASS_FAIL = "pass_fail"  # зачёт / сынақ subjects
PASS = "pass"
FAIL = "fail"

MEAN = "mean"  # ФО: the mean of the marks out of `formative.max`
POINTS = "points"  # sum of points / sum of maxima
MEAN_PERCENT = "mean_percent"  # СОР: the mean of each work's percent
ROUNDED = "rounded"  # rounding.mark_from / total_of choices
EXACT = "exact"
SHARES = "shares"
MEAN_OF_MARKS = "mean_of_marks"  # year grade choices
MEAN_OF_SCORES = "mean_of_scores"
LAST = "last"  # a pass/fail subject's year result: the last term's, or pass only if all passed
ALL = "all"
RENORMALISE = "renormalise"

KZ_CRITERIA: dict[str, Any] = {
    "system": CRITERIA,
    "kinds": [FORMATIVE, SECTION, TERM_SUMMATIVE],
    "weights": {FORMATIVE: 25, SECTION: 25, TERM_SUMMATIVE: 50},
    "formative": {"max": 10, "combine": MEAN},
    "sections": {"combine": POINTS},
    "without_soch": {FORMATIVE: 50, SECTION: 50},
    "table": [
        {"from": 0, "mark": "2"},
        {"from": 40, "mark": "3"},
        {"from": 65, "mark": "4"},
        {"from": 85, "mark": "5"},
    ],
    "rounding": {"places": 1, "mode": "half_up", "mark_from": ROUNDED, "total_of": EXACT},
    "descriptive": {
        "grades": [1],
        "table": [
            {"from": 0, "mark": "low"},
            {"from": 40, "mark": "medium"},
            {"from": 85, "mark": "high"},
        ],
    },
    "pass_fail": {"subjects": [], "pass_from": 40},
    "marks": {"min": 2, "max": 5},
    "year": {"method": MEAN_OF_MARKS, "mode": "half_up", "pass_fail": LAST},
}

CLASSIC_5: dict[str, Any] = {
    "system": CLASSIC,
    "kinds": [MARK],
    "weights": {},
    "formative": {"max": 10, "combine": MEAN},
    "sections": {"combine": POINTS},
    "without_soch": RENORMALISE,
    # the average of 5-point marks, rounded half up: 4.5 -> "5", 4.49 -> "4"
    "table": [
        {"from": 0, "mark": "2"},
        {"from": 2.5, "mark": "3"},
        {"from": 3.5, "mark": "4"},
        {"from": 4.5, "mark": "5"},
    ],
    "rounding": {"places": 2, "mode": "half_up", "mark_from": EXACT, "total_of": EXACT},
    "descriptive": {
        "grades": [1],
        "table": [
            {"from": 0, "mark": "low"},
            {"from": 2.5, "mark": "medium"},
            {"from": 4.5, "mark": "high"},
        ],
    },
    "pass_fail": {"subjects": [], "pass_from": 2.5},
    "marks": {"min": 2, "max": 5},
    "year": {"method": MEAN_OF_MARKS, "mode": "half_up", "pass_fail": LAST},
}

PRESETS: dict[str, dict[str, Any]] = {"kz-criteria": KZ_CRITERIA, "classic-5": CLASSIC_5}
DEFAULT_PRESET = "kz-criteria"


@dataclass(frozen=True, slots=True)
class Band:
    """One row of a conversion table: from `lower` (inclusive) up to the next row, `mark`."""

    lower: Fraction
    mark: str


@dataclass(frozen=True, slots=True)
class Rounding:
    places: int  # decimals of the term percent (or average) and of each share
    mode: str  # numbers.ROUNDING_MODES
    mark_from: str  # ROUNDED: the table reads the rounded percent; EXACT: the unrounded one
    total_of: str  # EXACT: the percent sums exact shares; SHARES: it sums the rounded shares


@dataclass(frozen=True, slots=True)
class YearRule:
    method: str  # MEAN_OF_MARKS or MEAN_OF_SCORES (term percents through the table)
    mode: str  # rounding of the mean of marks
    pass_fail: str  # LAST or ALL


@dataclass(frozen=True, slots=True)
class RuleSet:
    """A school's assessment rules, checked and frozen."""

    name: str
    system: str
    kinds: tuple[str, ...]
    weights: Mapping[str, Fraction]
    formative_max: Fraction
    formative_combine: str
    sections_combine: str
    without_soch: Mapping[str, Fraction] | None  # None: re-normalise the remaining weights
    table: tuple[Band, ...]
    rounding: Rounding
    descriptive_grades: frozenset[int]
    descriptive_table: tuple[Band, ...]
    pass_fail_subjects: frozenset[str]
    pass_from: Fraction
    marks_min: int
    marks_max: int
    year: YearRule
    source: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def scheme_for(self, grade: int, subject_code: str) -> str:
        """How a student of `grade` is graded in the subject: MARKS, DESCRIPTIVE or PASS_FAIL."""
        if grade in self.descriptive_grades:
            return DESCRIPTIVE
        if subject_code in self.pass_fail_subjects:
            return PASS_FAIL
        return MARKS

    def allowed_marks(self, scheme: str) -> tuple[str, ...]:
        """The marks a final grade of this scheme may have (an override must be one of them)."""
        if scheme == DESCRIPTIVE:
            return tuple(band.mark for band in self.descriptive_table)
        if scheme == PASS_FAIL:
            return (PASS, FAIL)
        return tuple(band.mark for band in self.table)

    def mark_for(self, score: Fraction, scheme: str) -> str:
        """The mark for a term score (percent, or average mark in the classic system)."""
        if scheme == PASS_FAIL:
            return PASS if score >= self.pass_from else FAIL
        table = self.descriptive_table if scheme == DESCRIPTIVE else self.table
        mark = table[0].mark
        for band in table:
            if score >= band.lower:
                mark = band.mark
        return mark

    def fixed_max(self, kind: str) -> Fraction | None:
        """The maximum of an assessment of this kind when the rules fix it, else None."""
        if kind == FORMATIVE and self.formative_combine == MEAN:
            return self.formative_max
        if kind == MARK:
            return Fraction(self.marks_max)
        return None

    def value_range(self, kind: str, max_points: Fraction) -> tuple[Fraction, Fraction, bool]:
        """(lowest, highest, whole numbers only) for a grade in an assessment of this kind."""
        if kind == MARK:
            return Fraction(self.marks_min), Fraction(self.marks_max), True
        if kind == FORMATIVE and self.formative_combine == MEAN:
            return Fraction(0), self.formative_max, True
        return Fraction(0), max_points, False
