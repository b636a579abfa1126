"""A school's cover settings (`SchoolSettings.cover`): weights of its choices, a weekly quota."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from sqlmodel import Session, select

from models.audit import record_audit
from models.i18n import N_, Message, message
from models.school import SchoolSettings
from substitutions.errors import SubstitutionError
from substitutions.params import CoverWeights

QUOTA = "quota"  # the CoverWeights field the weekly quota sets
MAX_WEIGHT = 1_000_000
MAX_QUOTA = 40  # covers a week; more periods than a teacher's week holds
# The weights a school may change, in the order the settings form shows them.
EDITABLE: tuple[str, ...] = tuple(f.name for f in fields(CoverWeights) if f.name != QUOTA)


@dataclass(frozen=True, slots=True)
class CoverSettings:
    """What the settings form shows: every weight by name and the weekly quota."""

    weights: dict[str, int]
    weekly_quota: int
    defaults: dict[str, int]  # CoverWeights' own values, to show beside the school's


def _row(session: Session, school_id: int) -> SchoolSettings | None:
    return session.exec(select(SchoolSettings).where(SchoolSettings.school_id == school_id)).first()


def weights_of(cover: Mapping[str, Any]) -> CoverWeights:
    """The weights a `SchoolSettings.cover` value stands for (defaults where it says nothing)."""
    values = dict(cover.get("weights") or {})
    if cover.get("weekly_quota") is not None:
        values[QUOTA] = cover["weekly_quota"]
    return CoverWeights.from_dict(values)


def school_weights(session: Session, school_id: int) -> CoverWeights:
    """The school's cover weights, with its weekly quota (the defaults without settings)."""
    row = _row(session, school_id)
    return weights_of(row.cover if row is not None else {})


def cover_settings(session: Session, *, school_id: int) -> CoverSettings:
    """The school's cover settings as the form shows them."""
    w = school_weights(session, school_id).as_dict()
    quota = w.pop(QUOTA)
    defaults = CoverWeights().as_dict()
    defaults.pop(QUOTA)
    return CoverSettings(w, quota, defaults)


def _number(name: str | Message, text: object, high: int, problems: list[Message]) -> int | None:
    """`text` as a whole number from 0 to `high`, or None with the problem added."""
    try:
        value = int(str(text).strip())
    except ValueError:
        bad = N_("{name}: “{value}” is not a whole number.")
        problems.append(message(bad, name=name, value=str(text)))
        return None
    if not 0 <= value <= high:
        out = N_("{name} must be between 0 and {high}; it is {value}.")
        problems.append(message(out, name=name, high=high, value=value))
        return None
    return value


def save_cover_settings(
    session: Session,
    *,
    school_id: int,
    weights: Mapping[str, object],
    weekly_quota: object,
    actor: str = "system",
) -> CoverSettings:
    """Checks and stores the school's cover weights and weekly quota.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        weights: weight name -> value (text or number); names not in `EDITABLE` are refused.
        weekly_quota: covers a week a teacher should not go beyond.
        actor: who, for the audit log.

    Returns:
        The settings as stored.

    Raises:
        SubstitutionError: `invalid_cover_settings`, every bad value in a sentence.
    """
    problems: list[Message] = []
    values: dict[str, int] = {}
    for name, text in weights.items():
        if name not in EDITABLE:
            problems.append(message(N_("There is no cover weight “{name}”."), name=name))
        elif (value := _number(name, text, MAX_WEIGHT, problems)) is not None:
            values[name] = value
    quota = _number(message(N_("Weekly quota")), weekly_quota, MAX_QUOTA, problems)
    if problems:
        raise SubstitutionError("invalid_cover_settings", problems)
    row = _row(session, school_id) or SchoolSettings(school_id=school_id)
    row.cover = {"weights": values, "weekly_quota": quota}
    session.add(row)
    session.flush()
    record_audit(
        session, school_id=school_id, actor=actor, action="cover_settings",
        entity=f"school_settings:{row.id}", details=dict(row.cover),
    )  # fmt: skip
    return cover_settings(session, school_id=school_id)
