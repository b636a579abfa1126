"""recommend(): a profile -> explained professions, UNT pair, programmes, universities, electives.

Pure and deterministic: the same profile and data give the same recommendations, in the same
order, with the same reasons; nothing is read from or written to the store here.
"""

from __future__ import annotations

from collections.abc import Mapping

from guidance.admissions.schemas import Admissions
from guidance.atlas.schemas import Atlas
from guidance.recommend.admission import rank_groups, rank_pairs, university_options
from guidance.recommend.beyond import abroad_options, english_rank, nu_option
from guidance.recommend.electives import Elective, choose_electives, shipped_electives
from guidance.recommend.fit import holland_code
from guidance.recommend.professions import chosen_pair, rank_professions
from guidance.recommend.schemas import AUDIO, HANDS_ON, VISUAL, ProfileInput, Recommendations
from models.i18n import N_, Message, message

VERSION = "1"  # bump when the scoring changes, so cached recommendations are recomputed
PROFESSIONS_SHOWN = 5
MIN_GRADED_SUBJECTS = 3
STYLES = {"audio": AUDIO, "visual": VISUAL, "video": VISUAL, "hands_on": HANDS_ON,
          "hands-on": HANDS_ON, "kinesthetic": HANDS_ON}  # fmt: skip


def missing_inputs(profile: ProfileInput) -> list[Message]:
    """What the profile lacks for full recommendations, as sentences for the student."""
    out = []
    if profile.riasec is None:
        out.append(message(N_("Take the interest inventory: professions are matched to your "
                              "interests first.")))  # fmt: skip
    if profile.klimov is None:
        out.append(message(N_("Take the Klimov questionnaire on types of work.")))
    if len(profile.grades) < MIN_GRADED_SUBJECTS:
        out.append(message(N_("Term grades in at least {n} subjects are needed."),
                           n=MIN_GRADED_SUBJECTS))  # fmt: skip
    if profile.perception is None:
        out.append(message(N_("Take the perception-style test, so courses suit how you learn.")))
    if english_rank(profile.english_level) is None:
        out.append(message(N_("Take the English placement test.")))
    return out


def _normalised(profile: ProfileInput) -> ProfileInput:
    style = STYLES.get((profile.perception or "").strip().lower())
    if style == profile.perception:
        return profile
    return ProfileInput(
        grade=profile.grade, riasec=profile.riasec, klimov=profile.klimov, grades=profile.grades,
        profile_subjects=profile.profile_subjects, unt_mock_total=profile.unt_mock_total,
        perception=style, english_level=profile.english_level,
        self_direction=profile.self_direction,
    )  # fmt: skip


def recommend(
    profile: ProfileInput, atlas: Atlas, admissions: Admissions, *,
    electives: Mapping[str, Elective] | None = None,
) -> Recommendations:  # fmt: skip
    """Explained recommendations for one student.

    Args:
        profile: the student's inputs (no name, no screening answers).
        atlas: the atlas of professions (guidance.atlas.shipped_atlas()).
        admissions: the admissions data, with the school's own figures where it set them
            (guidance.admissions.admissions_for_school, or shipped_admissions()).
        electives: the elective catalogue; the shipped one by default.

    Returns:
        Professions (best first), the UNT pairs and groups of programmes that lead to them,
        universities with the mock score against their thresholds, Nazarbayev University and
        study abroad where they fit, and at most two electives; each with its reasons.
    """
    profile = _normalised(profile)
    pair = chosen_pair(profile, admissions)
    top, _ = rank_professions(profile, atlas, admissions, PROFESSIONS_SHOWN)
    code = holland_code(profile.riasec.values()) if profile.riasec else ""
    pairs = rank_pairs(profile, top, atlas, admissions, pair)
    groups = rank_groups([p for p in pairs if p.fits], top, atlas, admissions)
    missing = missing_inputs(profile)
    if profile.profile_subjects and pair is None:
        missing.append(message(N_("The profile subjects you chose do not make an allowed UNT "
                                  "pair; check them with the counsellor.")))  # fmt: skip
    return Recommendations(
        complete=not missing,
        missing=tuple(missing),
        holland_code=code,
        professions=tuple(top),
        pairs=tuple(pairs),
        groups=tuple(groups),
        universities=tuple(university_options(profile, groups, admissions)),
        nu=nu_option(profile, top, atlas, admissions),
        abroad=tuple(abroad_options(profile, admissions)),
        electives=tuple(choose_electives(profile, top, atlas, admissions, code,
                                         electives if electives is not None
                                         else shipped_electives())),
        version=VERSION,
    )  # fmt: skip
