"""Professions ranked for a profile: interests, Klimov type, grades, chosen pair, perception."""

from __future__ import annotations

from guidance.admissions.schemas import Admissions
from guidance.atlas.schemas import Atlas, Profession
from guidance.recommend.fit import (
    Part,
    interest_part,
    klimov_part,
    pair_part,
    perception_part,
    subject_part,
)
from guidance.recommend.schemas import ProfessionMatch, ProfileInput
from guidance.recommend.words import DEMAND, word
from models.i18n import N_, message

# How much each kind of evidence counts; weights of missing evidence are left out, not zeroed.
WEIGHTS = {"interest": 0.45, "klimov": 0.2, "subjects": 0.2, "pair": 0.1, "perception": 0.05}


def chosen_pair(profile: ProfileInput, admissions: Admissions) -> str | None:
    """The allowed UNT pair the student chose, if the two subjects make one."""
    pair = admissions.find_pair(profile.profile_subjects)
    return pair.id if pair else None


def _parts(
    profile: ProfileInput, p: Profession, atlas: Atlas, admissions: Admissions, pair: str | None
) -> dict[str, Part | None]:
    return {
        "interest": interest_part(profile.riasec, p) if profile.riasec else None,
        "klimov": klimov_part(profile.klimov, p, atlas) if profile.klimov else None,
        "subjects": subject_part(profile.grades, p, admissions),
        "pair": pair_part(pair, p, admissions),
        "perception": perception_part(profile.perception, p),
    }


def score_profession(
    profile: ProfileInput, p: Profession, atlas: Atlas, admissions: Admissions, pair: str | None
) -> ProfessionMatch:
    """One profession's score (0-100) for the profile, with every reason behind it."""
    parts = {k: v for k, v in _parts(profile, p, atlas, admissions, pair).items() if v}
    weight = sum(WEIGHTS[k] for k in parts)
    score = sum(WEIGHTS[k] * part.fit for k, part in parts.items()) / weight if weight else 0.0
    reasons = [part.reason for part in parts.values() if part.reason is not None]
    demand = word(DEMAND, p.outlook.demand)
    reasons.append(message(N_("Demand in Kazakhstan: {demand}. {why}"), demand=demand,
                           why=p.outlook.reason))  # fmt: skip
    return ProfessionMatch(p.id, round(100 * score, 1), tuple(reasons))


def rank_professions(
    profile: ProfileInput, atlas: Atlas, admissions: Admissions, limit: int
) -> tuple[list[ProfessionMatch], list[ProfessionMatch]]:
    """The best `limit` professions and the whole ranking (best first, ties by id)."""
    pair = chosen_pair(profile, admissions)
    ranked = sorted(
        (score_profession(profile, p, atlas, admissions, pair) for p in atlas.professions),
        key=lambda m: (-m.score, m.profession_id),
    )
    return ranked[:limit], ranked
