"""The XHSTT evaluator: (infeasibility, objective) of a solution, as the specification defines.

For every constraint and every point of application, the deviation is worked out
(`importers.xhstt.monitors`), the cost function turns it into a number, and the weight
multiplies it. Costs of Required constraints add up to the infeasibility value, the others to
the objective value.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.xhstt.instance import Constraint, Instance, Solution
from importers.xhstt.monitors import MONITORS
from importers.xhstt.view import make_view
from solver.messages import Msg, msg


@dataclass(frozen=True, slots=True)
class PointCost:
    """The cost at one point of application (a resource, event or event group, by Id)."""

    point: str
    deviation: int  # the sum of the deviation's parts
    cost: int


@dataclass(frozen=True)
class ConstraintCost:
    """One constraint's total cost and its points with a non-zero deviation."""

    constraint: Constraint
    cost: int
    points: tuple[PointCost, ...] = ()


@dataclass(frozen=True)
class Evaluation:
    """Totals, costs by constraint (file order), and what could not be evaluated.

    `problems` lists flaws of the solution itself (durations that do not add up, a time
    past the end, a preassigned time or resource changed); `unsupported` names constraints
    of a type this evaluator does not know (their cost is not included).
    """

    infeasibility: int
    objective: int
    by_constraint: list[ConstraintCost] = field(default_factory=list)
    problems: tuple[Msg, ...] = ()
    unsupported: tuple[str, ...] = ()


def cost_of(function: str, parts: list[int]) -> int:
    """The cost function applied to a point's deviation parts (before the weight).

    Linear, Quadratic and Step (XHSTT-2014) take the total deviation; Sum, SquareSum and
    StepSum (ITC2011) agree with them; SumSquares and SumSteps take the parts one by one.

    Raises:
        ValueError: for an unknown cost function.
    """
    total = sum(parts)
    if function in ("Linear", "Sum"):
        return total
    if function in ("Quadratic", "SquareSum"):
        return total * total
    if function in ("Step", "StepSum"):
        return 1 if total > 0 else 0
    if function == "SumSquares":
        return sum(p * p for p in parts)
    if function == "SumSteps":
        return sum(1 for p in parts if p > 0)
    raise ValueError(f"unknown cost function {function}")


def evaluate(instance: Instance, solution: Solution) -> Evaluation:
    """Evaluate a solution of `instance`.

    Args:
        instance: the instance.
        solution: a solution of it (events by index into `instance.events`).

    Returns:
        Infeasibility (sum of costs of Required constraints), objective (the others), the
        cost of each constraint with its violated points, and the problems found.
    """
    view = make_view(instance, solution)
    hard = soft = 0
    rows: list[ConstraintCost] = []
    unsupported: list[str] = []
    for c in instance.constraints:
        monitor = MONITORS.get(c.kind)
        if monitor is None:
            unsupported.append(f"{c.kind}Constraint {c.id}")
            continue
        points = []
        for point, parts in monitor(view, c):
            if sum(parts) == 0:
                continue
            points.append(PointCost(point, sum(parts), c.weight * cost_of(c.cost_function, parts)))
        total = sum(p.cost for p in points)
        rows.append(ConstraintCost(c, total, tuple(points)))
        if c.required:
            hard += total
        else:
            soft += total
    problems = list(view.problems)
    problems.extend(msg("{name}: not evaluated (type not supported)", name=u) for u in unsupported)
    return Evaluation(hard, soft, rows, tuple(problems), tuple(unsupported))
