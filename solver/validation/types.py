"""What the validator reports: one `Violation` per distinct broken condition, and their totals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from solver.conditions import Condition, kind_of
from solver.messages import Msg
from solver.rules.ids import HARD_RULES, SOFT_RULES, RuleId
from solver.weights import Weights


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken condition, in words, with the lessons, day and period it concerns.

    For a soft rule `count` is the number of units the rule's weight multiplies and `cost` is
    weight x count. For a hard rule `count` is how many units the item stands for (e.g. the
    periods above a maximum, the free periods of a gap) and `cost` is 0.
    """

    rule: RuleId
    hard: bool
    count: int
    cost: int
    message: Msg
    lessons: tuple[int, ...] = ()
    day: int | None = None
    period: int | None = None
    source: str = ""  # for imported conditions: their family (`solver.conditions.kind_of`)


@dataclass(frozen=True)
class Summary:
    """Totals over a list of violations.

    `hard_violations` counts hard items (distinct conflicts); `soft_cost` sums soft costs.
    `cost_by_rule` has every soft rule, `count_by_rule` every rule (zero when absent).
    """

    hard_violations: int
    soft_cost: int
    cost_by_rule: dict[RuleId, int] = field(default_factory=dict)
    count_by_rule: dict[RuleId, int] = field(default_factory=dict)


_WEIGHT_FIELD: dict[RuleId, str] = {
    RuleId.TEACHER_GAP: "teacher_gap",
    RuleId.BUILDING_CHANGE: "building_change",
    RuleId.SAME_SUBJECT_DAY: "same_subject_day",
    RuleId.HARD_SUBJECT_LATE: "hard_subject_late",
    RuleId.TEACHER_DAY_OFF: "teacher_day_off",
    RuleId.CLASS_ROOM_CHANGE: "class_room_change",
    RuleId.CLASS_GAP: "class_gap",
}


def weight_of(weights: Weights, rule: RuleId) -> int:
    """The school's weight for one unit of a soft rule.

    Args:
        weights: the school's weights.
        rule: a soft rule.

    Returns:
        The cost of one unit of `rule`.

    Raises:
        KeyError: when `rule` is not a soft rule.
    """
    value: int = getattr(weights, _WEIGHT_FIELD[rule])
    return value


def hard(
    rule: RuleId,
    message: Msg,
    *,
    count: int = 1,
    lessons: Sequence[int] = (),
    day: int | None = None,
    period: int | None = None,
) -> Violation:
    """A hard violation (cost 0)."""
    return Violation(rule, True, count, 0, message, tuple(lessons), day, period)


def soft(
    rule: RuleId,
    weights: Weights,
    count: int,
    message: Msg,
    *,
    lessons: Sequence[int] = (),
    day: int | None = None,
    period: int | None = None,
) -> Violation:
    """A soft violation whose cost is the rule's weight times `count`."""
    cost = weight_of(weights, rule) * count
    return Violation(rule, False, count, cost, message, tuple(lessons), day, period)


def broken(
    condition: Condition,
    count: int,
    message: Msg,
    *,
    lessons: Sequence[int] = (),
    day: int | None = None,
    period: int | None = None,
) -> Violation:
    """A violation of an imported condition: hard (CONDITION) or soft (CONDITION_COST, its
    own weight times `count`)."""
    source = kind_of(condition)
    if condition.weight is None:
        rule, cost = RuleId.CONDITION, 0
    else:
        rule, cost = RuleId.CONDITION_COST, condition.weight * count
    return Violation(
        rule, condition.weight is None, count, cost, message, tuple(lessons), day, period, source
    )


def summarize(violations: Sequence[Violation]) -> Summary:
    """Add up violations: hard items, soft cost, and per-rule costs and counts.

    Args:
        violations: what `validate` returned (any subset of it works too).

    Returns:
        The totals; every rule appears in `count_by_rule`, every soft rule in `cost_by_rule`.
    """
    cost_by_rule = {r: 0 for r in sorted(SOFT_RULES)}
    count_by_rule = {r: 0 for r in RuleId}
    hard_items = 0
    for v in violations:
        count_by_rule[v.rule] = count_by_rule.get(v.rule, 0) + v.count
        if v.hard or v.rule in HARD_RULES:
            hard_items += 1
        else:
            cost_by_rule[v.rule] = cost_by_rule.get(v.rule, 0) + v.cost
    return Summary(hard_items, sum(cost_by_rule.values()), cost_by_rule, count_by_rule)


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing wrong with the data before solving.

    An "error" proves that no timetable satisfies every hard rule; a "warning" names a cost
    no timetable can avoid or data that looks wrong. `rule` is the rule concerned, if one is.
    """

    severity: Literal["error", "warning"]
    message: Msg
    rule: RuleId | None = None
