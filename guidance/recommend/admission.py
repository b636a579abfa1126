"""From recommended professions to UNT pairs, groups of programmes and universities."""

from __future__ import annotations

from collections.abc import Sequence

from guidance.admissions.schemas import GENERAL, NATIONAL, Admissions, Figure, University
from guidance.atlas.schemas import Atlas
from guidance.recommend.schemas import (
    BELOW_MINIMUM,
    LIKELY,
    NO_SCORE,
    REACH,
    SAFE,
    UNLIKELY,
    GroupMatch,
    PairMatch,
    ProfessionMatch,
    ProfileInput,
    UniversityOption,
)
from guidance.recommend.words import CHANCE, grade_text, joined, word
from models.i18n import N_, Message, message

PAIRS_SHOWN = 3
GROUPS_SHOWN = 4
UNIVERSITIES_PER_GROUP = 5
SAFE_MARGIN = 10  # points above the pass score that make a place safe
REACH_MARGIN = 15  # points below it that still make it worth trying
CHANCE_ORDER = {SAFE: 0, LIKELY: 1, REACH: 2, NO_SCORE: 3, UNLIKELY: 4, BELOW_MINIMUM: 5}


def rank_pairs(
    profile: ProfileInput, top: Sequence[ProfessionMatch], atlas: Atlas, admissions: Admissions,
    chosen: str | None,
) -> list[PairMatch]:  # fmt: skip
    """The pairs that open the recommended professions (the chosen one always listed first)."""
    weight: dict[str, float] = {}
    leads: dict[str, list[str]] = {}
    for match in top:
        for pair_id in atlas.by_id[match.profession_id].pairs:
            weight[pair_id] = weight.get(pair_id, 0.0) + match.score
            leads.setdefault(pair_id, []).append(match.profession_id)
    for pair_id in weight:  # the student's grades in the pair's subjects count as well
        grades = [profile.grades[s] for s in admissions.pairs[pair_id].subjects
                  if s in profile.grades]  # fmt: skip
        if grades:
            weight[pair_id] *= 0.7 + 0.3 * min(max((sum(grades) / len(grades) - 2) / 3, 0), 1)
    order = sorted(weight, key=lambda k: (-weight[k], k))[:PAIRS_SHOWN]
    if chosen is not None:
        order = [chosen, *[k for k in order if k != chosen]][:PAIRS_SHOWN]
    return [_pair_match(k, profile, leads.get(k, []), atlas, admissions, k == chosen)
            for k in order]  # fmt: skip


def _pair_match(
    pair_id: str, profile: ProfileInput, leads: list[str], atlas: Atlas, admissions: Admissions,
    chosen: bool,
) -> PairMatch:  # fmt: skip
    pair = admissions.pairs[pair_id]
    reasons: list[Message] = []
    if chosen:
        reasons.append(message(N_("These are the profile subjects you chose.")))
    if leads:
        titles = joined([atlas.by_id[p].title for p in leads])
        reasons.append(message(N_("They open the way to: {professions}."), professions=titles))
    elif chosen:
        reasons.append(message(N_("None of the professions recommended to you needs this pair; "
                                  "talk it over with the career counsellor.")))  # fmt: skip
    known = [(s, profile.grades[s]) for s in dict.fromkeys(pair.subjects) if s in profile.grades]
    if known:
        grades = joined([message(N_("{subject} {grade}"), subject=admissions.subjects[s].name,
                                 grade=grade_text(g)) for s, g in known])  # fmt: skip
        reasons.append(message(N_("Your averages: {grades}."), grades=grades))
    return PairMatch(pair_id, pair.subjects, chosen, bool(leads), tuple(reasons))


def rank_groups(
    pairs: Sequence[PairMatch], top: Sequence[ProfessionMatch], atlas: Atlas,
    admissions: Admissions,
) -> list[GroupMatch]:  # fmt: skip
    """Groups of programmes that both a listed pair opens and a recommended profession needs."""
    out: list[GroupMatch] = []
    seen: set[str] = set()
    for pair in pairs:
        for code in admissions.pairs[pair.pair_id].groups:
            professions = [m.profession_id for m in top
                           if code in atlas.by_id[m.profession_id].groups]  # fmt: skip
            if not professions or code in seen:
                continue
            seen.add(code)
            titles = joined([atlas.by_id[p].title for p in professions])
            reasons = [message(N_("It prepares for: {professions}."), professions=titles)]
            latest = admissions.groups[code].latest()
            if latest is not None:
                reasons.append(_threshold_reason(latest))
            out.append(GroupMatch(code, pair.pair_id, tuple(professions), tuple(reasons)))
    return out[:GROUPS_SHOWN]


def _threshold_reason(figure: Figure) -> Message:
    if figure.illustrative:
        return message(N_("Grant pass score {score} in {year} (an illustrative figure, not the "
                          "published one)."), score=figure.score, year=figure.year)  # fmt: skip
    return message(N_("Grant pass score {score} in {year}."), score=figure.score, year=figure.year)


def _minimum(u: University, category: str, admissions: Admissions) -> Figure | None:
    """The minimum total that applies: the group's kind, or the national universities' one."""
    figures = [admissions.minimum(category), admissions.minimum(GENERAL)]
    if u.national:
        figures.append(admissions.minimum(NATIONAL))
    present = [f for f in figures if f is not None]
    return max(present, key=lambda f: f.score) if present else None


def chance_of(score: float | None, needed: int, minimum: int) -> str:
    """How a mock total stands against a pass score: safe, likely, reach, unlikely..."""
    if score is None:
        return NO_SCORE
    if score < minimum:
        return BELOW_MINIMUM
    if score >= needed + SAFE_MARGIN:
        return SAFE
    if score >= needed:
        return LIKELY
    return REACH if score >= needed - REACH_MARGIN else UNLIKELY


def university_options(
    profile: ProfileInput, groups: Sequence[GroupMatch], admissions: Admissions
) -> list[UniversityOption]:
    """Universities teaching each recommended group, with the mock score against the threshold."""
    out = []
    for group in groups:
        options = [_option(profile, u, group.code, admissions)
                   for u in admissions.universities.values() if group.code in u.groups]  # fmt: skip
        options.sort(key=lambda o: (CHANCE_ORDER[o.chance], not _national(o, admissions),
                                    o.university_id))  # fmt: skip
        out += options[:UNIVERSITIES_PER_GROUP]
    return out


def _national(option: UniversityOption, admissions: Admissions) -> bool:
    return admissions.universities[option.university_id].national


def _option(
    profile: ProfileInput, u: University, code: str, admissions: Admissions
) -> UniversityOption:
    group = admissions.groups[code]
    minimum = _minimum(u, group.category, admissions)
    latest = group.latest()
    floor = minimum.score if minimum else 0
    needed = max(floor, latest.score if latest else 0)
    chance = chance_of(profile.unt_mock_total, needed, floor)
    reasons = [_chance_reason(profile.unt_mock_total, needed, chance)]
    if minimum is not None and minimum.score > 50:
        reasons.append(message(N_("The minimum total here is {score} ({year})."),
                               score=minimum.score, year=minimum.year))  # fmt: skip
    illustrative = latest.illustrative if latest else False
    if illustrative:
        reasons.append(message(N_("The pass score is an illustrative figure; ask your counsellor "
                                  "for this year's published one.")))  # fmt: skip
    return UniversityOption(u.id, code, chance, needed, latest.year if latest else None,
                            illustrative, tuple(reasons))  # fmt: skip


def _chance_reason(score: float | None, needed: int, chance: str) -> Message:
    if score is None:
        return message(N_("Take a mock UNT to see your chances; the pass score is {needed}."),
                       needed=needed)  # fmt: skip
    gap = round(score - needed)
    if gap >= 0:
        return message(N_("Your mock UNT score {score} is {gap} points above the pass score "
                          "{needed}: {chance}."), score=round(score), gap=gap, needed=needed,
                       chance=word(CHANCE, chance))  # fmt: skip
    return message(N_("Your mock UNT score {score} is {gap} points below the pass score "
                      "{needed}: {chance}."), score=round(score), gap=-gap, needed=needed,
                   chance=word(CHANCE, chance))  # fmt: skip
