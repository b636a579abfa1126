"""Rule identifiers shared by the CP-SAT model and the independent validator, with their meaning.

Every rule is stated here in school language and, for soft rules, with the exact unit the cost
counts, so that the model and the validator count the same thing (their totals must be equal).
"""

from __future__ import annotations

from enum import StrEnum


class RuleId(StrEnum):
    # ---- hard ----
    PLACED = "placed"
    """Every lesson takes place exactly once a week at a start period its length fits in
    (a double lesson occupies two consecutive periods of one shift on one day)."""
    TEACHER_CLASH = "teacher_clash"
    """A teacher teaches at most one lesson at a time (periods compared by clock time)."""
    STUDENT_CLASH = "student_clash"
    """A class, or a subgroup of it, attends at most one lesson at a time; subgroups of the
    same division (e.g. the Kazakh and Russian language groups) may meet in parallel."""
    ROOM_CLASH = "room_clash"
    """A room holds at most one lesson at a time."""
    ROOM_FIT = "room_fit"
    """A lesson that needs a room gets one of its candidate rooms (right kind, big enough)."""
    SHIFT = "shift"
    """A class has its lessons only in the periods of its own shift."""
    TEACHER_UNAVAILABLE = "teacher_unavailable"
    """A teacher is not given lessons in periods marked unavailable."""
    CLASS_UNAVAILABLE = "class_unavailable"
    """A class is not given lessons in periods marked unavailable."""
    ROOM_UNAVAILABLE = "room_unavailable"
    """A room is not used in periods marked unavailable."""
    CLASS_NO_GAPS = "class_no_gaps"
    """A student's day has no free period between two lessons (per class and subgroup)."""
    TEACHER_MAX_PER_DAY = "teacher_max_per_day"
    """A teacher teaches at most their maximum number of periods a day."""
    TEACHER_MAX_PER_WEEK = "teacher_max_per_week"
    """A teacher teaches at most their maximum number of periods a week."""
    TEACHER_MAX_DAYS = "teacher_max_days"
    """A teacher works on at most their maximum number of days a week."""
    CLASS_MAX_PER_DAY = "class_max_per_day"
    """A class has at most its maximum number of periods a day (per student atom)."""
    TRAVEL = "travel"
    """A teacher or student never has lessons in two buildings so close in time that the
    travel between them takes longer than the break."""
    BUILDING_CHANGES_CAP = "building_changes_cap"
    """A teacher changes building at most the capped number of times a day (when a cap is set)."""
    CONDITION = "condition"
    """An imported hard condition holds (each one states itself: `solver.conditions`)."""
    FIXED = "fixed"
    """A locked lesson stays at its day, period (and room, if given)."""

    # ---- soft (cost = weight x count) ----
    TEACHER_GAP = "teacher_gap"
    """Count: per teacher and day, every period of the day's timeline (all shifts, by start
    time) that lies strictly between the teacher's first and last lesson and overlaps none of
    their lessons."""
    BUILDING_CHANGE = "building_change"
    """Count: per teacher and day, taking their lessons in time order, each lesson held in a
    different building from the teacher's previous lesson that day (free periods between do
    not reset it). Lessons without a room do not count."""
    SAME_SUBJECT_DAY = "same_subject_day"
    """Count: per course (one weekly requirement) and day, the units beyond the first placed
    that day (a double is one unit)."""
    HARD_SUBJECT_LATE = "hard_subject_late"
    """Count: every period occupied by a lesson of a hard subject whose period number within
    its shift is above `Settings.late_after`."""
    TEACHER_DAY_OFF = "teacher_day_off"
    """Count: every lesson (unit) a teacher has on their preferred day off."""
    CLASS_ROOM_CHANGE = "class_room_change"
    """Count: per class and day, each pair of adjacent periods of its shift where the class has
    a whole-class lesson in both, in different rooms (a double counts once, as one room)."""
    CONDITION_COST = "condition_cost"
    """Count: the units of each imported soft condition, in the unit its record states
    (`solver.conditions`); each condition carries its own weight."""
    CLASS_GAP = "class_gap"
    """Count (only when class gaps are allowed): per student atom and day, periods of its
    shift strictly between its first and last lesson with no lesson."""


HARD_RULES: frozenset[RuleId] = frozenset(
    r for r in RuleId if list(RuleId).index(r) <= list(RuleId).index(RuleId.FIXED)
)
SOFT_RULES: frozenset[RuleId] = frozenset(RuleId) - HARD_RULES
