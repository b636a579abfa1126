"""The profile as the recommendation engine's input, and its recommendations once the
"profile complete" checklist is done.

guidance.recommend is pure and takes plain values (ProfileInput): this module reads them from a
built profile - the newest results of the interest inventory, the work-type questionnaire, the
perception and English tests and the Big Five's conscientiousness (only those the reader may
see, so a class teacher's or a parent's view never reaches beyond what they read), term marks by
subject (journal names mapped to the admissions data's subject ids), the chosen pair and the
newest mock UNT total. No name and no screening answer goes in.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import guidance.atlas  # noqa: F401 - first: importing guidance.admissions first is circular
from guidance.admissions import Admissions, shipped_admissions
from guidance.atlas.loader import shipped_atlas
from guidance.profile.assemble import Profile
from guidance.profile.sources import SubjectMark
from guidance.recommend import KlimovScores, ProfileInput, Recommendations, RiasecScores, recommend
from models.guidance_work import UNT

# Criteria-based term percents to the 5-point scale (the usual bands of the assessment rules).
FIVE_POINT = ((85.0, 5.0), (65.0, 4.0), (40.0, 3.0), (0.0, 2.0))
TOP_PROFESSIONS = 3


@dataclass(frozen=True)
class Advice:
    """Recommendations for a profile, or why they are still locked."""

    unlocked: bool
    result: Recommendations | None  # None while locked


def _riasec(profile: Profile) -> RiasecScores | None:
    found = profile.latest("riasec")
    if found is None:
        return None
    s = found.scores
    return RiasecScores(*(float(s.get(k, 0.0)) for k in ("R", "I", "A", "S", "E", "C")))


def _klimov(profile: Profile) -> KlimovScores | None:
    found = profile.latest("klimov")
    if found is None:
        return None
    s = found.scores
    return KlimovScores(float(s.get("nature", 0)), float(s.get("technology", 0)),
                        float(s.get("people", 0)), float(s.get("signs", 0)),
                        float(s.get("art", 0)))  # fmt: skip


def _perception(profile: Profile) -> str | None:
    found = profile.latest("perception")
    top = found.summary.get("top", []) if found else []
    if not top or (found and found.summary.get("flat")):
        return None
    return {"visual": "visual", "auditory": "audio", "hands_on": "hands_on"}.get(str(top[0]))


def _english(profile: Profile) -> str | None:
    found = profile.latest("english-placement")
    return str(found.bands.get("total")) if found and found.bands.get("total") else None


def _self_direction(profile: Profile) -> float | None:
    found = profile.latest("ipip-big5")
    if found is None or "C" not in found.scores:
        return None
    return max(0.0, min(1.0, (float(found.scores["C"]) - 10.0) / 40.0))  # raw 10-50


def five_point(mark: SubjectMark) -> float | None:
    """A term mark on the 5-point scale: the mark itself, else from its percent."""
    if mark.mark.isdigit() and 1 <= int(mark.mark) <= 5:
        return float(mark.mark)
    if mark.percent is None:
        return None
    return next(points for low, points in FIVE_POINT if mark.percent >= low)


@cache
def _names() -> dict[str, str]:
    """Every name a school may give a subject (folded) -> the admissions data's subject id."""
    names: dict[str, str] = {}
    for sid, subject in shipped_admissions().subjects.items():
        for name in (sid, *subject.name.all(), *subject.aliases):
            names[_fold(name)] = sid
    return names


def _fold(name: str) -> str:
    return name.strip().casefold().replace("ё", "е")


def subject_id(name: str) -> str | None:
    """The admissions subject id of a journal subject name (Kazakh, Russian or English)."""
    return _names().get(_fold(name))


def profile_input(profile: Profile) -> ProfileInput:
    """The engine's input from a profile (only what the profile's reader may see)."""
    grades: dict[str, float] = {}
    academics = profile.outside.academics
    for mark in academics.subjects if academics else ():
        sid, points = subject_id(mark.subject), five_point(mark)
        if sid is not None and points is not None:
            grades[sid] = points
    unt = profile.mock.latest(UNT)
    chosen = profile.subjects
    return ProfileInput(
        grade=profile.grade, riasec=_riasec(profile), klimov=_klimov(profile), grades=grades,
        profile_subjects=(chosen.first, chosen.second) if chosen else (),
        unt_mock_total=float(unt.row.total) if unt else None, perception=_perception(profile),
        english_level=_english(profile), self_direction=_self_direction(profile),
    )  # fmt: skip


def advice_for(profile: Profile, admissions: Admissions | None = None) -> Advice:
    """Recommendations for the profile once its checklist is complete; locked before.

    Args:
        profile: the built profile.
        admissions: the admissions data (the shipped data by default).

    Returns:
        The advice.
    """
    if not profile.checklist.complete:
        return Advice(False, None)
    data = admissions or shipped_admissions()
    return Advice(True, recommend(profile_input(profile), shipped_atlas(), data))
