"""Absences and the day's cover plan, built on the solver (issue 5).

The public names load on first use, so `sabaq` starts without loading OR-Tools and the store:
`from substitutions import plan_day` imports `substitutions.services` then.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from substitutions.absences import (
        AbsenceView,
        add_absence,
        find_teacher,
        list_absences,
        remove_absence,
    )
    from substitutions.build import AbsenceInfo, CoverCounts, build_day, prepare
    from substitutions.engine import plan_day as solve_day
    from substitutions.errors import CoverNotFound, SubstitutionError
    from substitutions.explain import Candidate, candidates
    from substitutions.params import CoverParams, CoverWeights
    from substitutions.plan import CoverPlanResult, PlanStatus, Proposal
    from substitutions.problem import Choice, CoverProblem
    from substitutions.publish import publish_day
    from substitutions.published import PublishedCover, covers_for_teacher, published_covers
    from substitutions.report import payroll_lines, payroll_pdf, payroll_xlsx
    from substitutions.schemas import (
        CandidateView,
        CoverView,
        DayPlan,
        PublishResult,
        TeacherCount,
    )
    from substitutions.self_report import report_absence
    from substitutions.services import (
        acknowledge_cover,
        change_cover,
        cover_candidates,
        day_board,
        lock_cover,
        plan_day,
        replan_day,
        teacher_cover_counts,
    )
    from substitutions.settings import (
        CoverSettings,
        cover_settings,
        save_cover_settings,
        school_weights,
    )
    from substitutions.validate import Violation, summarize, validate

_WHERE = {
    "substitutions.absences": (
        "AbsenceView", "add_absence", "find_teacher", "list_absences", "remove_absence",
    ),
    "substitutions.build": ("AbsenceInfo", "CoverCounts", "build_day", "prepare"),
    "substitutions.errors": ("CoverNotFound", "SubstitutionError"),
    "substitutions.explain": ("Candidate", "candidates"),
    "substitutions.params": ("CoverParams", "CoverWeights"),
    "substitutions.plan": ("CoverPlanResult", "PlanStatus", "Proposal"),
    "substitutions.problem": ("Choice", "CoverProblem"),
    "substitutions.publish": ("publish_day",),
    "substitutions.self_report": ("report_absence",),
    "substitutions.published": ("PublishedCover", "covers_for_teacher", "published_covers"),
    "substitutions.report": ("payroll_lines", "payroll_pdf", "payroll_xlsx"),
    "substitutions.schemas": (
        "CandidateView", "CoverView", "DayPlan", "PublishResult", "TeacherCount",
    ),
    "substitutions.services": (
        "acknowledge_cover", "change_cover", "cover_candidates", "day_board", "lock_cover",
        "plan_day", "replan_day", "teacher_cover_counts",
    ),
    "substitutions.settings": (
        "CoverSettings", "cover_settings", "save_cover_settings", "school_weights",
    ),
    "substitutions.validate": ("Violation", "summarize", "validate"),
}  # fmt: skip
_MODULE = {name: module for module, names in _WHERE.items() for name in names}

__all__ = [
    "AbsenceInfo",
    "AbsenceView",
    "Candidate",
    "CandidateView",
    "Choice",
    "CoverCounts",
    "CoverNotFound",
    "CoverParams",
    "CoverPlanResult",
    "CoverProblem",
    "CoverSettings",
    "CoverView",
    "CoverWeights",
    "DayPlan",
    "PlanStatus",
    "Proposal",
    "PublishResult",
    "PublishedCover",
    "SubstitutionError",
    "TeacherCount",
    "Violation",
    "acknowledge_cover",
    "add_absence",
    "build_day",
    "candidates",
    "change_cover",
    "cover_candidates",
    "cover_settings",
    "covers_for_teacher",
    "day_board",
    "find_teacher",
    "list_absences",
    "lock_cover",
    "payroll_lines",
    "payroll_pdf",
    "payroll_xlsx",
    "plan_day",
    "prepare",
    "publish_day",
    "published_covers",
    "remove_absence",
    "replan_day",
    "report_absence",
    "save_cover_settings",
    "school_weights",
    "solve_day",
    "summarize",
    "teacher_cover_counts",
    "validate",
]


def __getattr__(name: str) -> Any:
    """Load a public name's module on first use (`solve_day` is the engine's `plan_day`)."""
    if name == "solve_day":
        return import_module("substitutions.engine").plan_day
    if name in _MODULE:
        return getattr(import_module(_MODULE[name]), name)
    raise AttributeError(f"module 'substitutions' has no attribute {name!r}")
