"""The atlas of professions: loads, is consistent, is in three languages, is ours, credits O*NET."""

from __future__ import annotations

import csv
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from guidance.admissions.l10n import DataError
from guidance.admissions.loader import shipped_admissions
from guidance.atlas.loader import DATA, read_atlas, shipped_atlas
from guidance.atlas.schemas import KLIMOV

ONET = Path(__file__).resolve().parents[3] / "shared" / "data" / "onet"
KAZAKH_LETTERS = set("әғқңөұүһі")


def test_the_atlas_loads_with_80_to_120_professions_across_sectors() -> None:
    atlas = shipped_atlas()
    assert 80 <= len(atlas.professions) <= 120
    sectors = Counter(p.sector for p in atlas.professions)
    assert set(sectors) == set(atlas.sectors)
    assert min(sectors.values()) >= 5


def test_every_profession_leads_somewhere_that_exists() -> None:
    atlas, admissions = shipped_atlas(), shipped_admissions()
    for p in atlas.professions:
        assert p.groups and p.pairs, p.id
        for group in p.groups:
            assert group in admissions.groups, (p.id, group)
        for pair in p.pairs:
            assert set(p.groups) & set(admissions.pairs[pair].groups), (p.id, pair)
        assert set(p.subjects) <= set(admissions.subjects), p.id
        assert set(p.klimov) <= set(KLIMOV) and set(p.skills) <= set(atlas.skills), p.id
        assert 3 <= len(p.tasks.en) <= 6 and p.outlook.demand in ("high", "medium", "low")
        assert admissions.sources[p.outlook.source].official is False  # our judgement, said so


def test_texts_are_in_three_languages_and_the_kazakh_is_kazakh() -> None:
    for p in shipped_atlas().professions:
        for text in (p.title, p.description, p.outlook.reason):
            assert text.kk and text.ru and text.en
        assert len(p.tasks.kk) == len(p.tasks.ru) == len(p.tasks.en)
        # real Kazakh uses its own letters; a Russian text pasted in would not
        assert KAZAKH_LETTERS & set(p.description.kk.lower()), p.id
        assert p.description.kk != p.description.ru


def test_the_onet_figures_file_credits_onet_and_matches_the_source() -> None:
    raw = json.loads((DATA / "onet_figures.json").read_text(encoding="utf-8"))
    assert "CC BY 4.0" in raw["attribution"] and "USDOL/ETA" in raw["attribution"]
    assert "CC BY 4.0" in shipped_atlas().attribution.en
    if not ONET.exists():
        pytest.skip("no ../shared/data/onet in this clone")
    import scripts.onet_figures as build

    rebuilt = build.build(ONET, build.wanted_codes())
    assert rebuilt["occupations"] == raw["occupations"]


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z']+", text.lower())


def _shingles(text: str, n: int = 6) -> set[tuple[str, ...]]:
    words = _words(text)
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_our_descriptions_and_tasks_are_not_copied_from_onet() -> None:
    if not ONET.exists():
        pytest.skip("no ../shared/data/onet in this clone")
    theirs: dict[str, set[tuple[str, ...]]] = {}
    with (ONET / "Occupation Data.txt").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            theirs.setdefault(row["O*NET-SOC Code"], set()).update(_shingles(row["Description"]))
    with (ONET / "Task Statements.txt").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            theirs.setdefault(row["O*NET-SOC Code"], set()).update(_shingles(row["Task"]))
    for p in shipped_atlas().professions:
        ours = _shingles(" ".join([p.description.en, *p.tasks.en]))
        assert not ours & theirs.get(p.onet.code, set()), p.id  # no six words in a row shared


def test_a_profession_naming_an_unknown_group_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    it = folder / "professions" / "it.toml"
    it.write_text(it.read_text(encoding="utf-8").replace('groups = ["B058"]', 'groups = ["B999"]'),
                  encoding="utf-8")  # fmt: skip
    with pytest.raises(DataError, match="cybersecurity_analyst: unknown group B999"):
        read_atlas(shipped_admissions(), folder)


def test_a_missing_translation_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    shutil.copytree(DATA, folder)
    it = folder / "professions" / "it.toml"
    text = it.read_text(encoding="utf-8").replace('title = { kk = "Веб-әзірлеуші", ', "title = { ")
    it.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match=r"it\.web_developer\.title: the kk text is missing"):
        read_atlas(shipped_admissions(), folder)
