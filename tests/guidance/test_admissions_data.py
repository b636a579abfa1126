"""The shipped admissions data: the real UNT structure, figures with year and source, references."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from guidance.admissions.l10n import DataError
from guidance.admissions.loader import DATA, check_admissions, read_admissions, shipped_admissions
from guidance.admissions.schemas import CATEGORIES, COMPULSORY, PROFILE


def test_the_unt_has_140_points_three_compulsory_and_two_profile_subjects() -> None:
    unt = shipped_admissions().unt
    points = {s.subject: s.points for s in unt.compulsory}
    assert points == {"history_kz": 20, "reading_literacy": 10, "math_literacy": 10}
    assert unt.profile_points == 50
    assert sum(points.values()) + 2 * unt.profile_points == unt.total_points == 140
    subjects = shipped_admissions().subjects
    assert all(subjects[s].unt == COMPULSORY for s in points)


def test_every_figure_has_a_year_and_a_known_source() -> None:
    data = shipped_admissions()
    figures = [f for g in data.groups.values() for f in g.thresholds]
    figures += [f for fs in data.minimums.values() for f in fs]
    assert figures
    for f in figures:
        assert 2000 < f.year < 2100 and f.source in data.sources
        # a figure from a source that is not official must say it is illustrative
        assert f.illustrative or data.sources[f.source].official


def test_the_minimums_for_the_grant_competition() -> None:
    data = shipped_admissions()
    assert set(data.minimums) == set(CATEGORIES)
    scores = {c: data.minimum(c).score for c in CATEGORIES}  # type: ignore[union-attr]
    assert scores == {"general": 50, "national": 65, "medical": 70, "pedagogical": 75, "law": 75}


def test_pairs_groups_and_universities_refer_to_what_exists() -> None:
    data = shipped_admissions()
    assert check_admissions(data) == []
    for pair in data.pairs.values():
        assert all(data.subjects[s].unt == PROFILE for s in pair.subjects)
    assert data.find_pair(["informatics", "math"]).id == "math_informatics"  # type: ignore[union-attr]
    assert data.find_pair(["math", "biology"]) is None
    assert data.find_pair(["creative", "creative"]).id == "creative"  # type: ignore[union-attr]


def test_nu_and_abroad_name_their_sources() -> None:
    data = shipped_admissions()
    assert data.nu.ielts_min == 6.5 and data.nu.source == "nu"
    assert {s.id for s in data.nu.sections} >= {"nuet", "nu_english"}
    assert (
        "bolashak" in data.scholarships and "bachelor" not in data.scholarships["bolashak"].levels
    )
    for s in data.scholarships.values():
        assert s.source in data.sources and s.deadline.en


def test_a_threshold_without_a_year_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    groups = folder / "groups.toml"
    text = groups.read_text(encoding="utf-8").replace("score = 110, year = 2024, ", "score = 110, ",
                                                      1)  # fmt: skip
    groups.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="integer score and year"):
        read_admissions(folder)


def test_a_pair_opening_an_unknown_group_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    unt = folder / "unt.toml"
    unt.write_text(unt.read_text(encoding="utf-8").replace('"B011", "B057"', '"B011", "B999"'),
                   encoding="utf-8")  # fmt: skip
    with pytest.raises(DataError, match="pair math_informatics: unknown group B999"):
        read_admissions(folder)
