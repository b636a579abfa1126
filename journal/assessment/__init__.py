"""Assessment rules as data and the term/year grade computation (pure; no store access)."""

from __future__ import annotations

from journal.assessment.compute import GradeInput, Result, TermMark, term_grade, year_grade
from journal.assessment.explain import explain, kind_label, mark_text
from journal.assessment.parse import parse_rules, preset, preset_json
from journal.assessment.rules import (
    CLASSIC,
    CRITERIA,
    DEFAULT_PRESET,
    DESCRIPTIVE,
    FAIL,
    MARKS,
    PASS,
    PASS_FAIL,
    PRESETS,
    RuleSet,
)

__all__ = [
    "CLASSIC",
    "CRITERIA",
    "DEFAULT_PRESET",
    "DESCRIPTIVE",
    "FAIL",
    "MARKS",
    "PASS",
    "PASS_FAIL",
    "PRESETS",
    "GradeInput",
    "Result",
    "RuleSet",
    "TermMark",
    "explain",
    "kind_label",
    "mark_text",
    "parse_rules",
    "preset",
    "preset_json",
    "term_grade",
    "year_grade",
]
