"""Beyond the UNT competition: Nazarbayev University and study abroad, where they fit."""

from __future__ import annotations

from collections.abc import Sequence

from guidance.admissions.schemas import Admissions
from guidance.atlas.schemas import Atlas
from guidance.recommend.schemas import AbroadOption, NuOption, ProfessionMatch, ProfileInput
from guidance.recommend.words import grade_text, joined
from models.i18n import N_, Message, message

CEFR = ("A1", "A2", "B1", "B2", "C1", "C2")
LEVEL_NAMES = {
    "beginner": "A1", "elementary": "A2", "pre-intermediate": "A2", "intermediate": "B1",
    "upper-intermediate": "B2", "advanced": "C1", "proficient": "C2",
}  # fmt: skip
NU_ENGLISH = "B2"  # the CEFR level close to the IELTS band NU asks for
STRONG_MATHS = 4.5
ABROAD_NOW = ("hungary", "turkey", "korea", "china", "japan")  # bachelor scholarships, English
ABROAD_NO_ENGLISH = ("russia", "turkey", "china")  # taught in Russian or after a language year
MAX_ABROAD = 3


def english_rank(level: str | None) -> int | None:
    """0 (A1) .. 5 (C2) for a CEFR level or a level name; None when unknown."""
    if not level:
        return None
    text = level.strip().lower().replace("_", "-").replace(" ", "-")
    cefr = LEVEL_NAMES.get(text, text.upper()[:2])
    return CEFR.index(cefr) if cefr in CEFR else None


def nu_option(
    profile: ProfileInput, top: Sequence[ProfessionMatch], atlas: Atlas, admissions: Admissions
) -> NuOption:
    """Whether Nazarbayev University fits: its fields, the student's English and maths."""
    nu = admissions.nu
    near = [m.profession_id for m in top
            if set(atlas.by_id[m.profession_id].groups) & set(nu.schools)]  # fmt: skip
    reasons: list[Message] = []
    if near:
        titles = joined([atlas.by_id[p].title for p in near])
        reasons.append(message(N_("Nazarbayev University teaches towards: {professions}."),
                               professions=titles))  # fmt: skip
    else:
        reasons.append(message(N_("Nazarbayev University has no programme close to the "
                                  "professions recommended to you.")))  # fmt: skip
    rank = english_rank(profile.english_level)
    if rank is None:
        reasons.append(message(N_("Teaching is in English and NU asks for IELTS {ielts}; take "
                                  "the English placement test."), ielts=nu.ielts_min))  # fmt: skip
    elif rank >= CEFR.index(NU_ENGLISH):
        reasons.append(message(N_("Your English ({level}) is close to the IELTS {ielts} NU asks "
                                  "for."), level=CEFR[rank], ielts=nu.ielts_min))  # fmt: skip
    else:
        reasons.append(message(N_("NU teaches in English and asks for IELTS {ielts}; from your "
                                  "level ({level}) plan English study or the Foundation Year."),
                               level=CEFR[rank], ielts=nu.ielts_min))  # fmt: skip
    maths = profile.grades.get("math")
    if maths is not None:
        strong = N_("NUET has a mathematics part, and your maths average is {grade}.")
        weak = N_("NUET has a mathematics part; your maths average ({grade}) needs work.")
        template = strong if maths >= STRONG_MATHS else weak
        reasons.append(message(template, grade=grade_text(maths)))
    fits = bool(near) and (rank is None or rank >= CEFR.index("B1"))
    return NuOption(fits, tuple(reasons))


def abroad_options(profile: ProfileInput, admissions: Admissions) -> list[AbroadOption]:
    """Scholarships a school leaver can aim for now, then Bolashak as a goal for later."""
    rank = english_rank(profile.english_level)
    english = rank is not None and rank >= CEFR.index("B1")
    countries = ABROAD_NOW if english else ABROAD_NO_ENGLISH
    out: list[AbroadOption] = []
    for country in countries:
        for s in sorted(admissions.scholarships.values(), key=lambda s: s.id):
            if s.country == country and "bachelor" in s.levels and len(out) < MAX_ABROAD:
                reasons = [message(N_("Open for bachelor's study. Deadline: {deadline}."),
                                   deadline=s.deadline)]  # fmt: skip
                if english:
                    reasons.append(message(N_("Your English level lets you apply to programmes "
                                              "taught in English.")))  # fmt: skip
                else:
                    why = N_("Chosen because it does not need English from the start (Russian, "
                             "or a language year first).")  # fmt: skip
                    reasons.append(message(why))
                out.append(AbroadOption(s.id, s.country, True, tuple(reasons)))
    if "bolashak" in admissions.scholarships:
        later = message(N_("Bolashak pays for a master's or doctorate abroad, not a bachelor's: "
                           "a goal for after your first degree."))  # fmt: skip
        out.append(AbroadOption("bolashak", "any", False, (later,)))
    return out
