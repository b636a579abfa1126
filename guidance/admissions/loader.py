"""Read the shipped admissions data (guidance/admissions/data/*.toml) into `Admissions`."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from guidance.admissions.l10n import DataError, l10n
from guidance.admissions.schemas import (
    CATEGORIES,
    PROFILE,
    Admissions,
    Country,
    Figure,
    NuInfo,
    ProgrammeGroup,
    Scholarship,
    Section,
    Source,
    Subject,
    SubjectPair,
    University,
    UntSection,
    UntStructure,
)

DATA = Path(__file__).parent / "data"


def _read(name: str, folder: Path) -> dict[str, Any]:
    with (folder / name).open("rb") as fh:
        return tomllib.load(fh)


def _sources(raw: Mapping[str, Any]) -> dict[str, Source]:
    out = {}
    for key, item in raw.items():
        note = l10n(item["note"], f"sources.{key}.note") if "note" in item else None
        out[key] = Source(key, item["title"], item.get("url", ""), bool(item["official"]), note)
    return out


def figure(raw: Mapping[str, Any], where: str, sources: Mapping[str, Source]) -> Figure:
    """A score with its year and source, checked.

    Raises:
        DataError: the year, score or a known source is missing.
    """
    score, year, source = raw.get("score"), raw.get("year"), raw.get("source")
    if not isinstance(score, int) or not isinstance(year, int) or year < 2000:
        raise DataError(f"{where}: a figure needs an integer score and year")
    if not isinstance(source, str) or source not in sources:
        raise DataError(f"{where}: unknown source {source!r}")
    official = sources[source].official
    illustrative = bool(raw.get("illustrative", not official))
    return Figure(score, year, str(source), illustrative, str(raw.get("note", "")))


def _newest_first(figures: list[Figure]) -> tuple[Figure, ...]:
    return tuple(sorted(figures, key=lambda f: -f.year))


def _subjects(raw: Mapping[str, Any]) -> dict[str, Subject]:
    return {
        key: Subject(key, l10n(item["name"], f"subjects.{key}"), item["unt"],
                     tuple(a.casefold().replace("ё", "е") for a in item.get("aliases", ())))
        for key, item in raw.items()
    }  # fmt: skip


def _unt(raw: Mapping[str, Any], sources: Mapping[str, Source]) -> UntStructure:
    s = raw["structure"]
    if s["source"] not in sources:
        raise DataError(f"unt.structure: unknown source {s['source']!r}")
    sections = tuple(UntSection(c["subject"], c["questions"], c["points"], c["min_points"])
                     for c in s["compulsory"])  # fmt: skip
    return UntStructure(
        s["total_points"], s["minutes"], sections, s["profile_questions"], s["profile_points"],
        s["profile_min_points"], s["year"], s["source"],
    )  # fmt: skip


def _minimums(raw: list[Any], sources: Mapping[str, Source]) -> dict[str, tuple[Figure, ...]]:
    found: dict[str, list[Figure]] = {}
    for i, item in enumerate(raw):
        if item.get("category") not in CATEGORIES:
            raise DataError(f"unt.minimums[{i}]: unknown category {item.get('category')!r}")
        found.setdefault(item["category"], []).append(figure(item, f"unt.minimums[{i}]", sources))
    return {category: _newest_first(figures) for category, figures in found.items()}


def _groups(raw: Mapping[str, Any], sources: Mapping[str, Source]) -> dict[str, ProgrammeGroup]:
    out = {}
    for code, item in raw.items():
        where = f"groups.{code}"
        figures = [figure(f, f"{where}.thresholds", sources) for f in item.get("thresholds", ())]
        out[code] = ProgrammeGroup(code, l10n(item["name"], where), item["category"],
                                   _newest_first(figures))  # fmt: skip
    return out


def _universities(raw: Mapping[str, Any]) -> dict[str, University]:
    return {
        key: University(key, l10n(u["name"], f"universities.{key}"),
                        l10n(u["city"], f"universities.{key}.city"), bool(u["national"]),
                        tuple(u["groups"]), u.get("url", ""), u["source"],
                        tuple(u.get("aliases", ())))
        for key, u in raw.items()
    }  # fmt: skip


def _section(item: Mapping[str, Any], where: str, source: str = "") -> Section:
    return Section(item["id"], l10n(item["title"], where), l10n(item["body"], where),
                   item.get("source", source))  # fmt: skip


def _abroad(raw: Mapping[str, Any]) -> tuple[dict[str, Country], dict[str, Scholarship]]:
    countries = {
        key: Country(key, l10n(c["name"], f"countries.{key}"), tuple(c["universities"]),
                     l10n(c["body"], f"countries.{key}.body"), bool(c["english"]))
        for key, c in raw["countries"].items()
    }  # fmt: skip
    scholarships = {
        key: Scholarship(key, l10n(s["name"], f"scholarships.{key}"), s["country"],
                         tuple(s["levels"]), l10n(s["deadline"], f"scholarships.{key}.deadline"),
                         s.get("url", ""), s["source"], l10n(s["body"], f"scholarships.{key}"))
        for key, s in raw["scholarships"].items()
    }  # fmt: skip
    return countries, scholarships


def read_admissions(folder: Path = DATA) -> Admissions:
    """The admissions data of `folder`, checked with `check_admissions`.

    Raises:
        DataError: a file breaks the format or the data refers to something it does not define.
    """
    sources = _sources(_read("sources.toml", folder)["sources"])
    unt_raw = _read("unt.toml", folder)
    nu_raw = _read("nu.toml", folder)
    countries, scholarships = _abroad(_read("abroad.toml", folder))
    pairs = {key: SubjectPair(key, (p["subjects"][0], p["subjects"][1]), tuple(p["groups"]))
             for key, p in unt_raw["pairs"].items()}  # fmt: skip
    nu = NuInfo(
        tuple(_section(s, f"nu.{s['id']}", nu_raw["source"]) for s in nu_raw["sections"]),
        tuple(nu_raw["schools"]), float(nu_raw["ielts_min"]), nu_raw["source"],
    )  # fmt: skip
    admissions = Admissions(
        subjects=_subjects(_read("subjects.toml", folder)["subjects"]),
        unt=_unt(unt_raw, sources),
        minimums=_minimums(unt_raw["minimums"], sources),
        pairs=pairs,
        groups=_groups(_read("groups.toml", folder)["groups"], sources),
        universities=_universities(_read("universities.toml", folder)["universities"]),
        nu=nu,
        countries=countries,
        scholarships=scholarships,
        grants=tuple(_section(g, f"unt.grants.{g['id']}") for g in unt_raw["grants"]),
        sources=sources,
        pair_of={frozenset(p.subjects): key for key, p in pairs.items()},
    )
    problems = check_admissions(admissions)
    if problems:
        raise DataError("; ".join(problems))
    return admissions


def check_admissions(data: Admissions) -> list[str]:
    """Every reference inside the admissions data that points at nothing, in words."""
    problems = []
    for pair in data.pairs.values():
        for subject in pair.subjects:
            if subject not in data.subjects or data.subjects[subject].unt != PROFILE:
                problems.append(f"pair {pair.id}: {subject} is not a profile subject")
        problems += [f"pair {pair.id}: unknown group {g}" for g in pair.groups
                     if g not in data.groups]  # fmt: skip
    for u in data.universities.values():
        problems += [f"university {u.id}: unknown group {g}" for g in u.groups
                     if g not in data.groups]  # fmt: skip
        if u.source not in data.sources:
            problems.append(f"university {u.id}: unknown source {u.source}")
    paired = {g for p in data.pairs.values() for g in p.groups}
    taught = {g for u in data.universities.values() for g in u.groups}
    for code, group in data.groups.items():
        if code not in paired:
            problems.append(f"group {code}: no subject pair leads to it")
        if code not in taught:
            problems.append(f"group {code}: no university teaches it")
        if group.category not in CATEGORIES:
            problems.append(f"group {code}: unknown category {group.category}")
    for category in CATEGORIES:
        if category not in data.minimums:
            problems.append(f"no minimum score for {category}")
    problems += [f"nu: unknown group {g}" for g in data.nu.schools if g not in data.groups]
    problems += [f"scholarship {s.id}: unknown country {s.country}"
                 for s in data.scholarships.values()
                 if s.country != "any" and s.country not in data.countries]  # fmt: skip
    sections = (*data.grants, *data.nu.sections)
    problems += [f"{s.id}: unknown source {s.source}" for s in sections
                 if s.source not in data.sources]  # fmt: skip
    return problems


@cache
def shipped_admissions() -> Admissions:
    """The admissions data shipped with Sabaq (read once per process)."""
    return read_admissions()
