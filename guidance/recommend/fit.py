"""How well one profession fits one profile, per kind of evidence, each with its reason."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from guidance.admissions.schemas import Admissions
from guidance.atlas.schemas import RIASEC, Atlas, OnetFigures, Profession
from guidance.recommend.schemas import AUDIO, HANDS_ON, VISUAL, KlimovScores, RiasecScores
from guidance.recommend.words import grade_text, holland_names, joined, pair_words
from models.i18n import N_, Message, message

STRONG_GRADE = 4.5
WEAK_GRADE = 3.5
CODE_WEIGHTS = (3, 2, 1)  # the first letter of a Holland code counts most


@dataclass(frozen=True, slots=True)
class Part:
    """One kind of evidence: a fit in 0..1 and the reason that explains it (None: no reason)."""

    fit: float
    reason: Message | None


def holland_code(values: Sequence[float], letters: int = 3) -> str:
    """The Holland code of six scores (R, I, A, S, E, C): the highest types first; ties keep
    RIASEC order, so the code is the same on every run."""
    return _code(tuple(values), letters)


@lru_cache(maxsize=4096)  # students' scores repeat across professions; bounded, they vary
def _code(values: tuple[float, ...], letters: int) -> str:
    order = sorted(range(6), key=lambda k: (-values[k], k))
    return "".join(RIASEC[k] for k in order[:letters])


def pearson(a: Sequence[float], b: Sequence[float]) -> float | None:
    """The correlation of two profiles; None when one of them is flat."""
    return _correlation(tuple(a), tuple(b))


@cache
def _onet_code(onet: OnetFigures) -> str:
    code = onet.high_points
    for letter in holland_code(onet.riasec, 6):
        if len(code) >= 3:
            break
        if letter not in code:
            code += letter
    return code


def profession_code(p: Profession) -> str:
    """The profession's Holland code: O*NET's high-points, completed from its scores."""
    return _onet_code(p.onet)


@lru_cache(maxsize=4096)
def _centered(values: tuple[float, ...]) -> tuple[tuple[float, ...], float]:
    """A profile minus its mean, and the square root of its sum of squares."""
    mean = sum(values) / len(values)
    centered = tuple(v - mean for v in values)
    return centered, math.sqrt(sum(c * c for c in centered))


def _correlation(mine: tuple[float, ...], theirs: tuple[float, ...]) -> float | None:
    a, norm_a = _centered(mine)
    b, norm_b = _centered(theirs)
    if norm_a == 0 or norm_b == 0:
        return None
    return sum(x * y for x, y in zip(a, b, strict=True)) / (norm_a * norm_b)


def interest_part(scores: RiasecScores, p: Profession, explain: bool = True) -> Part:
    """Interest fit: the correlation of the two RIASEC profiles, and the codes' overlap."""
    values = scores.values()
    mine = holland_code(values)
    theirs = profession_code(p)
    r = _correlation(values, p.onet.riasec)
    if r is None:
        even = N_("Your interest scores are even across all six types, so they do not decide here.")
        return Part(0.5, message(even) if explain else None)
    overlap = sum(w for letter, w in zip(mine, CODE_WEIGHTS, strict=False) if letter in theirs)
    fit = 0.7 * (r + 1) / 2 + 0.3 * overlap / sum(CODE_WEIGHTS)
    if not explain:
        return Part(fit, None)
    params = {"code": mine, "names": holland_names(mine), "profile": theirs,
              "profile_names": holland_names(theirs)}  # fmt: skip
    if fit >= 0.6:
        template = N_("Your interests are mostly {names} ({code}); this profession's profile is "
                      "{profile} ({profile_names}).")  # fmt: skip
    else:
        template = N_("This profession's profile is {profile} ({profile_names}), further from "
                      "your interests ({code}).")  # fmt: skip
    return Part(fit, message(template, **params))


def klimov_part(scores: KlimovScores, p: Profession, atlas: Atlas, explain: bool = True) -> Part:
    """Klimov fit: the student's relative score on the profession's best-matching type."""
    values = scores.as_dict()
    top = max(values.values())
    if top <= 0:
        return Part(0.5, None)
    best = max(p.klimov, key=lambda k: (values.get(k, 0.0), k))
    fit = values.get(best, 0.0) / top
    if not explain:
        return Part(fit, None)
    strongest = max(values, key=lambda k: (values[k], k))
    kind = atlas.klimov[best]
    if best == strongest:
        reason = message(N_("It is “{kind}” work, your strongest type in the Klimov "
                            "questionnaire."), kind=kind)  # fmt: skip
    elif fit >= 0.75:
        reason = message(N_("It is “{kind}” work, one of your stronger types."), kind=kind)
    else:
        reason = message(N_("It is “{kind}” work, which scored lower in your Klimov results."),
                         kind=kind)  # fmt: skip
    return Part(fit, reason)


def subject_part(
    grades: Mapping[str, float], p: Profession, admissions: Admissions, explain: bool = True
) -> Part | None:
    """Subject fit: the student's averages in the subjects the profession needs."""
    if not grades:
        return None
    known = [(s, grades[s]) for s in p.subjects if s in grades]
    # a subject without grades counts as an average one (3.5), neither for nor against
    scaled = [min(max((grades[s] - 2) / 3, 0.0), 1.0) if s in grades else 0.5 for s in p.subjects]
    fit = sum(scaled) / len(scaled)
    if not known or not explain:
        return Part(fit, None)
    strong = [(s, g) for s, g in known if g >= STRONG_GRADE]
    weak = [(s, g) for s, g in known if g < WEAK_GRADE]
    if strong:
        reason = message(N_("You do well in subjects that matter here: {subjects}."),
                         subjects=_subject_list(strong, admissions))  # fmt: skip
    elif weak:
        lower = N_("It needs {subjects}, where your averages are lower: worth strengthening.")
        reason = message(lower, subjects=_subject_list(weak, admissions))
    else:
        reason = message(N_("Your averages in the subjects it needs: {subjects}."),
                         subjects=_subject_list(known, admissions))  # fmt: skip
    return Part(fit, reason)


def _subject_list(items: Sequence[tuple[str, float]], admissions: Admissions) -> object:
    return joined([message(N_("{subject} {grade}"), subject=admissions.subjects[s].name,
                           grade=grade_text(g)) for s, g in items])  # fmt: skip


def pair_part(
    chosen: str | None, p: Profession, admissions: Admissions, explain: bool = True
) -> Part | None:
    """Whether the profession is open through the UNT pair the student chose."""
    if chosen is None:
        return None
    if not explain:
        return Part(1.0 if chosen in p.pairs else 0.0, None)
    names = _pair(chosen, admissions)
    if chosen in p.pairs:
        return Part(1.0, message(N_("It is open with the profile subjects you chose: {pair}."),
                                 pair=names))  # fmt: skip
    needed = joined([_pair(q, admissions) for q in p.pairs], "; ")
    return Part(0.0, message(N_("It needs other profile subjects ({needed}) than the ones you "
                                "chose ({pair})."), needed=needed, pair=names))  # fmt: skip


def _pair(pair_id: str, admissions: Admissions) -> object:
    return pair_words([admissions.subjects[s].name for s in admissions.pairs[pair_id].subjects])


def perception_part(style: str | None, p: Profession, explain: bool = True) -> Part | None:
    """A light nudge from how the student learns best towards work done the same way."""
    r, _, a, s, _, _ = p.onet.riasec
    if style == HANDS_ON:
        hit, template = r >= 4.5, N_("You learn best by doing, and this is largely hands-on work.")
    elif style == VISUAL:
        hit = a >= 4.5 or p.sector in ("arts", "construction")
        template = N_("You take in information best by seeing it, and this work is visual.")
    elif style == AUDIO:
        hit, template = s >= 4.5, N_("You learn best by listening and talking, and this work is "
                                     "mostly talking with people.")  # fmt: skip
    else:
        return None
    if not hit:
        return Part(0.5, None)
    return Part(1.0, message(template) if explain else None)
