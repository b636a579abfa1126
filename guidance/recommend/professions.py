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
    profile: ProfileInput, p: Profession, atlas: Atlas, admissions: Admissions, pair: str | None,
    explain: bool,
) -> dict[str, Part | None]:  # fmt: skip
    return {
        "interest": interest_part(profile.riasec, p, explain) if profile.riasec else None,
        "klimov": klimov_part(profile.klimov, p, atlas, explain) if profile.klimov else None,
        "subjects": subject_part(profile.grades, p, admissions, explain),
        "pair": pair_part(pair, p, admissions, explain),
        "perception": perception_part(profile.perception, p, explain),
    }


def _score(parts: dict[str, Part]) -> float:
    weight = sum(WEIGHTS[k] for k in parts)
    score = sum(WEIGHTS[k] * part.fit for k, part in parts.items()) / weight if weight else 0.0
    return round(100 * score, 1)


def score_profession(
    profile: ProfileInput, p: Profession, atlas: Atlas, admissions: Admissions, pair: str | None
) -> ProfessionMatch:
    """One profession's score (0-100) for the profile, with every reason behind it."""
    parts = {k: v for k, v in _parts(profile, p, atlas, admissions, pair, True).items() if v}
    reasons = [part.reason for part in parts.values() if part.reason is not None]
    demand = word(DEMAND, p.outlook.demand)
    reasons.append(message(N_("Demand in Kazakhstan: {demand}. {why}"), demand=demand,
                           why=p.outlook.reason))  # fmt: skip
    return ProfessionMatch(p.id, _score(parts), tuple(reasons))


def quick_score(
    profile: ProfileInput, p: Profession, atlas: Atlas, admissions: Admissions, pair: str | None
) -> float:
    """The same score as `score_profession`, without building its reasons (for ranking all)."""
    return _score({k: v for k, v in _parts(profile, p, atlas, admissions, pair, False).items()
                   if v})  # fmt: skip


def rank_professions(
    profile: ProfileInput, atlas: Atlas, admissions: Admissions, limit: int
) -> tuple[list[ProfessionMatch], list[ProfessionMatch]]:
    """The best `limit` professions with their reasons, and the whole ranking (best first,
    ties by id) with scores only."""
    pair = chosen_pair(profile, admissions)
    scores = {p.id: quick_score(profile, p, atlas, admissions, pair) for p in atlas.professions}
    order = sorted(scores, key=lambda pid: (-scores[pid], pid))
    # reasons only for the shown ones: building sentences for all ~100 was most of the time
    top = [score_profession(profile, atlas.by_id[pid], atlas, admissions, pair)
           for pid in order[:limit]]  # fmt: skip
    return top, [ProfessionMatch(pid, scores[pid], ()) for pid in order]
