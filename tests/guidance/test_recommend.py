"""Recommendations on hand-made profiles: what is recommended and the reasons given for it."""

from __future__ import annotations

import pytest

from guidance.admissions.loader import shipped_admissions
from guidance.atlas.loader import shipped_atlas
from guidance.recommend import KlimovScores, ProfileInput, RiasecScores, recommend
from guidance.recommend.admission import chance_of
from guidance.recommend.electives import check_electives, choose_electives, shipped_electives
from guidance.recommend.fit import holland_code, pearson
from guidance.recommend.professions import chosen_pair, quick_score, score_profession
from guidance.recommend.schemas import Recommendations

CODER = ProfileInput(
    grade=10,
    riasec=RiasecScores(r=6, i=9, a=2, s=3, e=2, c=7),
    klimov=KlimovScores(nature=1, technique=5, people=2, signs=8, art=1),
    grades={
        "math": 4.8,
        "informatics": 5.0,
        "physics": 4.0,
        "foreign_language": 4.2,
        "biology": 3.4,
    },
    unt_mock_total=112,
    perception="visual",
    english_level="B2",
    self_direction=0.7,
)
HEALER = ProfileInput(
    grade=11,
    riasec=RiasecScores(r=3, i=8, a=2, s=9, e=3, c=4),
    klimov=KlimovScores(nature=6, technique=1, people=9, signs=2, art=2),
    grades={"biology": 4.9, "chemistry": 4.6, "math": 3.9, "reading_literacy": 4.5},
    profile_subjects=("chemistry", "biology"),
    unt_mock_total=96,
    perception="audio",
    english_level="intermediate",
)


def _run(profile: ProfileInput) -> Recommendations:
    return recommend(profile, shipped_atlas(), shipped_admissions())


def _texts(messages: tuple[object, ...]) -> list[str]:
    return [str(m) for m in messages]


def test_holland_code_and_correlation() -> None:
    assert holland_code((6, 9, 2, 3, 2, 7)) == "ICR"
    assert holland_code((5, 5, 5, 5, 5, 5)) == "RIA"  # ties keep RIASEC order
    assert pearson((1, 2, 3), (2, 4, 6)) == pytest.approx(1.0)
    assert pearson((3, 3, 3), (1, 2, 3)) is None


def test_an_investigative_conventional_student_gets_it_professions_with_reasons() -> None:
    result = _run(CODER)
    assert result.holland_code == "ICR" and result.complete
    top = [m.profession_id for m in result.professions]
    atlas = shipped_atlas()
    assert sum(atlas.by_id[p].sector == "it" for p in top) >= 3, top
    assert "software_developer" in top
    qa = next(m for m in result.professions if m.profession_id == "qa_engineer")
    reasons = _texts(qa.reasons)
    assert any("Investigative, Conventional, Realistic (ICR)" in r for r in reasons), reasons
    assert any("“Person – sign systems” work, your strongest type" in r for r in reasons)
    assert any("Computer science 5.0" in r for r in reasons)
    assert any(r.startswith("Demand in Kazakhstan:") for r in reasons)


def test_the_pair_groups_and_universities_follow_from_the_professions() -> None:
    result = _run(CODER)
    assert result.pairs[0].pair_id == "math_informatics" and not result.pairs[0].chosen
    assert "Mathematics 4.8" in " ".join(_texts(result.pairs[0].reasons))
    assert result.groups[0].code == "B057"
    it_universities = [u for u in result.universities if u.group_code == "B057"]
    assert it_universities and all(u.needed == 110 for u in it_universities)
    assert {u.chance for u in it_universities} == {"likely"}  # 112 against 110
    first = _texts(it_universities[0].reasons)
    assert first[0] == "Your mock UNT score 112 is 2 points above the pass score 110: likely."
    assert any("illustrative" in r for r in first)  # the demo threshold says what it is


def test_a_chosen_pair_comes_first_and_decides_the_universities() -> None:
    result = _run(HEALER)
    assert result.pairs[0].pair_id == "biology_chemistry" and result.pairs[0].chosen
    assert result.pairs[0].fits
    top = [m.profession_id for m in result.professions]
    assert {"general_practitioner", "pediatrician"} & set(top[:3]), top
    assert any("open with the profile subjects you chose: Biology – Chemistry" in r
               for r in _texts(result.professions[0].reasons))  # fmt: skip
    medicine = [u for u in result.universities if u.group_code == "B086"]
    assert medicine and all(u.chance == "unlikely" for u in medicine)  # 96 against 120
    assert any("The minimum total here is 70 (2024)." in _texts(u.reasons) for u in medicine)


def test_a_chosen_pair_that_does_not_lead_to_a_profession_is_said_so() -> None:
    profile = ProfileInput(riasec=CODER.riasec, klimov=CODER.klimov, grades=CODER.grades,
                           profile_subjects=("kazakh_literature", "kazakh_language"))  # fmt: skip
    result = _run(profile)
    qa = next(m for m in result.professions if m.profession_id == "qa_engineer")
    expected = ("needs other profile subjects (Mathematics – Computer science) than the ones you "
                "chose (Kazakh language – Kazakh literature)")  # fmt: skip
    assert any(expected in r for r in _texts(qa.reasons))
    atlas, admissions = shipped_atlas(), shipped_admissions()
    analyst = score_profession(profile, atlas.by_id["systems_analyst"], atlas, admissions,
                               "kazakh_language_literature")  # fmt: skip
    assert any("(Mathematics – Geography; Mathematics – Computer science)" in r
               for r in _texts(analyst.reasons))  # fmt: skip
    chosen = result.pairs[0]
    assert chosen.chosen and not chosen.fits
    assert "talk it over with the career counsellor" in " ".join(_texts(chosen.reasons))


def test_missing_inputs_are_listed_and_the_profile_is_not_complete() -> None:
    result = _run(ProfileInput(riasec=CODER.riasec))
    assert not result.complete
    missing = " ".join(_texts(result.missing))
    assert "Klimov questionnaire" in missing and "Term grades in at least 3 subjects" in missing
    assert "English placement test" in missing
    assert result.professions  # interests alone still give a ranking


def test_even_interests_are_said_to_decide_nothing() -> None:
    result = _run(ProfileInput(riasec=RiasecScores(4, 4, 4, 4, 4, 4)))
    assert "even across all six types" in _texts(result.professions[0].reasons)[0]


def test_recommendations_are_deterministic() -> None:
    assert _run(CODER) == _run(CODER)


def test_chances_against_a_pass_score() -> None:
    assert chance_of(None, 100, 50) == "no_score"
    assert chance_of(45, 60, 50) == "below_minimum"
    assert chance_of(120, 110, 65) == "safe"
    assert chance_of(110, 110, 65) == "likely"
    assert chance_of(96, 110, 65) == "reach"
    assert chance_of(94, 110, 65) == "unlikely"


def test_at_most_two_electives_fitted_to_the_student() -> None:
    strong = _run(CODER).electives
    assert len(strong) == 2 and strong[0].course_id == "python"
    assert (strong[0].difficulty, strong[0].mode, strong[0].format) == ("high", "alone", "visual")
    assert len({e.course_id for e in strong}) == 2
    # the same recommended professions for a student weak in computer science
    weak = ProfileInput(riasec=CODER.riasec, grades={"informatics": 3.1}, self_direction=0.9)
    top = _run(CODER).professions
    course = choose_electives(weak, top, shipped_atlas(), shipped_admissions(), "ICR",
                              shipped_electives())[0]  # fmt: skip
    assert course.course_id == "python"
    assert (course.difficulty, course.mode, course.format) == ("low", "teacher", None)
    assert "Level basic: your average in Computer science is 3.1." in _texts(course.reasons)


def test_nu_and_abroad_depend_on_english() -> None:
    coder = _run(CODER)
    assert coder.nu is not None and coder.nu.fits
    assert "Your English (B2) is close to the IELTS 6.5 NU asks for." in _texts(coder.nu.reasons)
    assert [a.scholarship_id for a in coder.abroad][-1] == "bolashak"
    assert not coder.abroad[-1].now and coder.abroad[0].now
    beginner = _run(ProfileInput(riasec=CODER.riasec, grades=CODER.grades, english_level="A2"))
    assert beginner.abroad[0].country_id in ("russia", "turkey", "china")
    assert beginner.nu is not None and not beginner.nu.fits


def test_the_elective_catalogue_refers_to_known_subjects_and_sectors() -> None:
    electives = shipped_electives()
    assert len(electives) >= 10
    assert check_electives(electives, shipped_atlas(), shipped_admissions()) == []


def test_the_quick_ranking_scores_equal_the_explained_ones() -> None:
    atlas, admissions = shipped_atlas(), shipped_admissions()
    for profile in (CODER, HEALER, ProfileInput(riasec=RiasecScores(4, 4, 4, 4, 4, 4))):
        pair = chosen_pair(profile, admissions)
        for p in atlas.professions:
            explained = score_profession(profile, p, atlas, admissions, pair).score
            assert quick_score(profile, p, atlas, admissions, pair) == explained, p.id
