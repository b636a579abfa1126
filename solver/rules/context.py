"""What every rule function receives: the model, its cells, guards and the penalty list."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from solver.problem import Problem
from solver.rules.ids import RuleId
from solver.variables import Vars

LinearExpr = cp_model.LinearExprT


@dataclass(frozen=True)
class Penalty:
    """One soft-rule term: `weight * expr` enters the objective; `name` reads as words."""

    rule: RuleId
    name: str
    expr: LinearExpr
    weight: int
    units: frozenset[int] = frozenset()  # the units whose places decide it (for `solver.lns`)


@dataclass
class Ctx:
    """The model under construction.

    With `guarded` set (diagnosis), hard rules are enforced only when the assumption literal
    of their (rule, row) holds, so that CP-SAT can tell which rows conflict.
    """

    problem: Problem
    model: cp_model.CpModel
    v: Vars
    guarded: bool = False
    start_first: bool = False  # fast-phase strengthening: a student's day starts at period 1
    soft: bool = True  # False in the fast phase: model no soft rule's counting machinery
    guards: dict[tuple[RuleId, object], cp_model.IntVar] = field(default_factory=dict)
    penalties: list[Penalty] = field(default_factory=list)

    def guard(self, rule: RuleId, row: object) -> list[cp_model.IntVar]:
        """Enforcement literals for a hard constraint of `rule` on `row` (none when unguarded)."""
        if not self.guarded:
            return []
        key = (rule, row)
        if key not in self.guards:
            self.guards[key] = self.model.new_bool_var(f"assume_{rule}_{row}")
        return [self.guards[key]]

    def add_le(
        self, terms: Sequence[cp_model.IntVar], bound: int, rule: RuleId, row: object
    ) -> None:
        """`sum(terms) <= bound` for 0/1 `terms` under the guard of (rule, row)."""
        if len(terms) <= bound:
            return
        if bound == 1 and not self.guarded:
            self.model.add_at_most_one(terms)
            return
        ct = self.model.add(sum(terms) <= bound)
        ct.only_enforce_if(self.guard(rule, row))

    def penalize(
        self,
        rule: RuleId,
        name: str,
        expr: LinearExpr,
        weight: int,
        units: Iterable[int] = (),
    ) -> None:
        """Record a soft term (dropped when the weight is 0); `units` decide its value."""
        if weight:
            self.penalties.append(Penalty(rule, name, expr, weight, frozenset(units)))
