"""One module per rule of the CP-SAT model; `ids` names them for the model and the validator."""

from solver.rules.ids import HARD_RULES, SOFT_RULES, RuleId

__all__ = ["HARD_RULES", "SOFT_RULES", "RuleId"]
