"""School settings and soft-rule weights: what a school may change about the rules."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Weights:
    """Cost of one unit of each soft rule (see `solver.rules.ids.RuleId` for the units)."""

    teacher_gap: int = 3
    building_change: int = 6
    same_subject_day: int = 4
    hard_subject_late: int = 1
    teacher_day_off: int = 2
    class_room_change: int = 1
    class_gap: int = 10  # only when `Settings.class_no_gaps` is False


@dataclass(frozen=True, slots=True)
class Settings:
    """School-wide switches. Defaults are what a Kazakhstan school expects."""

    weights: Weights = field(default_factory=Weights)
    class_no_gaps: bool = True  # hard: a student's day has no free period between lessons
    late_after: int = 4  # a hard subject in a period numbered above this is "late"
    max_building_changes: int | None = None  # hard cap per teacher per day, when set


NO_SCHOOL_RULES = Settings(
    weights=Weights(**{name: 0 for name in Weights.__dataclass_fields__}),
    class_no_gaps=False,
)
"""For problems read from other programs' files (FET, XHSTT): they carry all their rules as
conditions, and our own school rules would only add costs the file never had."""
