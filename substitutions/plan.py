"""The engine's answer for one day: a proposal per affected lesson, with status, cost and time."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from models.i18n import Message
from models.substitutions import CANCEL
from substitutions.problem import Choice


class PlanStatus(StrEnum):
    OPTIMAL = "optimal"  # every affected lesson answered, cost proven minimal
    FEASIBLE = "feasible"  # every affected lesson answered, cost not proven minimal
    INFEASIBLE = "infeasible"  # proven: the locked choices cannot all hold together
    UNKNOWN = "unknown"  # no plan within the time limit (not a proof)


@dataclass(frozen=True, slots=True)
class Proposal:
    choice: Choice
    reason: Message  # one sentence from the facts the choice used
    cost: int  # the option's own cost (fairness and quota come on top, per teacher)
    locked: bool = False


@dataclass(frozen=True)
class CoverPlanResult:
    status: PlanStatus
    proposals: tuple[Proposal, ...] = ()
    objective: int | None = None
    bound: float | None = None
    seconds: float = 0.0
    seed: int = 0
    messages: tuple[Message, ...] = ()  # why there is no plan, in words

    @property
    def complete(self) -> bool:
        """True when every affected lesson has an answer (cancelling is an answer)."""
        return self.status in (PlanStatus.OPTIMAL, PlanStatus.FEASIBLE)

    @property
    def choices(self) -> tuple[Choice, ...]:
        """The chosen answers, one per affected lesson."""
        return tuple(p.choice for p in self.proposals)

    @property
    def uncovered(self) -> int:
        """Affected lessons that are cancelled."""
        return sum(1 for p in self.proposals if p.choice.action == CANCEL)
