"""Conditions beyond the school's basic fields: imported rules (FET, XHSTT) as plain data.

A school's own Excel data needs only the fixed rules of `solver.rules.ids`. Files from other
programs bring conditions of their own ("these three lessons on different days", "this
teacher at most 2 gaps a week"). Each is one frozen record here; the CP-SAT model
(`solver.rules.conditions`) and the independent validator (`solver.validation.conditions`)
both read it, and both count a violation in the unit its docstring states, so that their
totals agree exactly as for the fixed rules.

`weight` None makes a condition hard (rule `RuleId.CONDITION`); a number makes it soft and
each unit of violation costs `weight` (rule `RuleId.CONDITION_COST`). `label` names where it
came from ("FET MinDaysBetweenActivities #17") for the sentences people read.

Lessons are `Problem.lessons` ids. A lesson named by any condition is never merged with its
identical siblings in the model, because the condition tells them apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Slot = tuple[int, int]  # (day index, period id), as in `solver.problem`


@dataclass(frozen=True, slots=True, kw_only=True)
class Condition:
    """Common fields: the weight of one unit of violation (None = hard) and a label."""

    weight: int | None = None
    label: str = ""

    @property
    def hard(self) -> bool:
        return self.weight is None


@dataclass(frozen=True, slots=True)
class MinDaysApart(Condition):
    """Every two of `lessons` are at least `days` days apart (|day a - day b| >= days).

    Unit: each pair of lessons closer than that; with `adjacent_if_same_day`, a pair on the
    same day that is not back to back (one starts in the period right after the other ends,
    in the same shift) counts one unit more.
    """

    lessons: tuple[int, ...]
    days: int
    adjacent_if_same_day: bool = False


@dataclass(frozen=True, slots=True)
class SameStart(Condition):
    """All of `lessons` start on the same slot ("slot"), the same day ("day") or the same
    period number of their shift on any days ("period").

    Unit: each lesson after the first whose start differs from the first lesson's in that
    respect.
    """

    lessons: tuple[int, ...]
    what: Literal["slot", "day", "period"] = "slot"


@dataclass(frozen=True, slots=True)
class NoOverlap(Condition):
    """No two of `lessons` share a (day, period).

    Unit: each pair of lessons that share at least one (day, period).
    """

    lessons: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Block(Condition):
    """`lessons` (two or three) run back to back on one day in one shift: in the given order
    when `ordered` (FET "consecutive"), in any order otherwise (FET "grouped").

    Unit: 1 when they do not.
    """

    lessons: tuple[int, ...]
    ordered: bool = True


@dataclass(frozen=True, slots=True)
class Before(Condition):
    """`first` ends before `second` starts in the week (an earlier day, or the same day and
    an earlier clock time).

    Unit: 1 when it does not.
    """

    first: int
    second: int


@dataclass(frozen=True, slots=True)
class StartsIn(Condition):
    """Each of `lessons` starts at one of `slots` (`whole` False, FET "preferred starting
    times"), or every (day, period) it occupies is one of `slots` (`whole` True, FET
    "preferred time slots", XHSTT "prefer times").

    Unit: each lesson that does not. Hard ones are applied by removing the cells they forbid.
    """

    lessons: tuple[int, ...]
    slots: frozenset[Slot]
    whole: bool = False


@dataclass(frozen=True, slots=True)
class EndsDay(Condition):
    """Each of `lessons` is the last lesson of its day for every student atom attending it.

    Unit: each lesson after which some atom attending it has another lesson that day.
    """

    lessons: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class MinGap(Condition):
    """Two of `lessons` on the same day (same shift) have at least `periods` free periods
    between the end of one and the start of the other.

    Unit: each pair on the same day that is closer.
    """

    lessons: tuple[int, ...]
    periods: int


Measure = Literal[
    "max_per_day",
    "min_per_day",
    "max_continuous",
    "max_days",
    "min_days",
    "max_gaps_day",
    "max_gaps_week",
    "max_late_starts",
    "interval_max_days",
    "max_building_changes_day",
    "max_building_changes_week",
    "min_gap_building_change",
]


@dataclass(frozen=True, slots=True)
class Limit(Condition):
    """A limit on one person's week: a teacher (`who` = ("teacher", teacher id)) or one
    student atom (`who` = ("atom", index into `Problem.atoms`)).

    The person's periods are, for a teacher, `Problem.timeline`; for an atom, the periods of
    its class's shift. When `lessons` is given, only those lessons count (FET's activity-tag
    variants); otherwise every lesson of the person. Measures and their units:

    - max_per_day: periods a day <= value. Unit: each period over, per day.
    - min_per_day: periods on each day with a lesson >= value (on every day when not
      `allow_empty`). Unit: each period short, per day.
    - max_continuous: at most `value` busy periods in a row. Unit: each run of value + 1
      consecutive busy periods (windows, so a run of value + 2 counts 2).
    - max_days / min_days: days with a lesson <= / >= value. Unit: each day over / short.
    - max_gaps_day: free periods between the day's first and last lesson <= value.
      Unit: each gap over, per day. max_gaps_week: the same summed over the week.
    - max_late_starts: the day starts at the first period, except on at most `value` days
      when it starts at the second (FET "early max beginnings at second hour"). Unit: each
      day starting at the second period beyond `value`, and each day starting later.
    - interval_max_days: days with a lesson in periods numbered `start`..`end` - 1 (of the
      person's periods, 0-based) <= value. Unit: each day over.
    - max_building_changes_day / _week: changes of building between consecutive lessons
      (in time order, lessons without a room skipped) <= value. Unit: each change over.
    - min_gap_building_change: two consecutive lessons of a day in different buildings have
      at least `value` free periods between them. Unit: each such pair closer.

    `skip` (FET: the person's not-available times and breaks) are (day, period) slots that
    the gap measures (max_gaps_day, max_gaps_week, max_late_starts) leave out of the day, as
    if those periods did not exist: a free skipped period is no gap, and a day whose first
    period is skipped and that starts at the second starts "at the first".
    """

    who: tuple[Literal["teacher", "atom"], int]
    measure: Measure
    value: int
    lessons: frozenset[int] | None = None
    allow_empty: bool = True
    start: int = 0
    end: int = 0
    skip: frozenset[Slot] = frozenset()


@dataclass(frozen=True, slots=True)
class PreferRooms(Condition):
    """Each of `lessons` is held in one of `rooms` (soft only: a hard wish narrows the
    lesson's candidate rooms instead).

    Unit: each lesson held in another room.
    """

    lessons: tuple[int, ...]
    rooms: frozenset[int]


@dataclass(frozen=True, slots=True)
class Spread(Condition):
    """For each group of slots in `groups` (typically one per day), the number of `lessons`
    starting in it lies between `least` and `most` (XHSTT SpreadEvents).

    Unit: each lesson short of `least` or over `most`, per group.
    """

    lessons: tuple[int, ...]
    groups: tuple[frozenset[Slot], ...]
    least: int = 0
    most: int = 1


ANY_CONDITION = (
    MinDaysApart,
    SameStart,
    NoOverlap,
    Block,
    Before,
    StartsIn,
    EndsDay,
    MinGap,
    Limit,
    PreferRooms,
    Spread,
)


def lessons_of(condition: Condition) -> tuple[int, ...]:
    """Every lesson id a condition names (a Limit without a lesson filter names none)."""
    if isinstance(condition, Before):
        return (condition.first, condition.second)
    if isinstance(condition, Limit):
        return tuple(sorted(condition.lessons or ()))
    found: tuple[int, ...] = getattr(condition, "lessons", ())
    return found


def kind_of(condition: Condition) -> str:
    """A stable name for a condition's family, e.g. "MinDaysApart" or "Limit.max_gaps_day"."""
    name = type(condition).__name__
    if isinstance(condition, Limit):
        return f"{name}.{condition.measure}"
    return name
