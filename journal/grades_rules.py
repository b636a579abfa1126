"""A school's assessment rule set in the store: the active one, and saving a new one."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from journal.assessment import RuleSet, parse_rules, preset
from models.audit import record_audit
from models.journal import AssessmentRuleSet


def active_rules(session: Session, *, school_id: int) -> RuleSet:
    """The school's active rule set, or the "kz-criteria" preset when it has none.

    Args:
        session: an open session.
        school_id: the school.

    Returns:
        The rule set.

    Raises:
        InvalidRules: the stored rules no longer parse (each problem named).
    """
    row = _active_row(session, school_id)
    if row is None:
        return preset()
    return parse_rules({"name": row.name, **row.rules})


def _active_row(session: Session, school_id: int) -> AssessmentRuleSet | None:
    query = select(AssessmentRuleSet).where(
        AssessmentRuleSet.school_id == school_id, col(AssessmentRuleSet.active).is_(True)
    )
    return session.exec(query.order_by(col(AssessmentRuleSet.id).desc())).first()


def save_rule_set(
    session: Session,
    *,
    school_id: int,
    name: str,
    rules: dict[str, Any],
    actor: str,
    user_id: int | None = None,
) -> AssessmentRuleSet:
    """Checks the rules and makes them the school's active rule set (the old one is kept).

    Grades of open terms follow the new rules at their next recomputation; closed terms keep
    theirs.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        name: what the school calls the rule set.
        rules: the JSON (may start from a preset: {"preset": "kz-criteria", ...}).
        actor: who saves it (a login), for the audit log.
        user_id: the account saving it.

    Returns:
        The new active row.

    Raises:
        InvalidRules: every problem, each naming its field path.
    """
    parse_rules(rules)
    previous = _active_row(session, school_id)
    others = select(AssessmentRuleSet).where(
        AssessmentRuleSet.school_id == school_id, col(AssessmentRuleSet.active).is_(True)
    )
    for row in session.exec(others).all():
        row.active = False
        session.add(row)
    saved = AssessmentRuleSet(
        school_id=school_id, name=name, rules=rules, active=True, created_by=user_id
    )
    session.add(saved)
    session.flush()
    record_audit(
        session,
        school_id=school_id,
        actor=actor,
        action="save_assessment_rules",
        entity=f"assessment_rule_set:{saved.id}",
        details={
            "name": name,
            "previous": previous.id if previous else None,
            "old": previous.rules if previous else None,
            "new": rules,
            "user_id": user_id,
        },
    )
    return saved
