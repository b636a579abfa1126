"""Read the atlas (guidance/atlas/data): our professions joined with their O*NET figures."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from guidance.admissions.l10n import DataError, l10n, l10n_list
from guidance.admissions.schemas import Admissions
from guidance.atlas.schemas import DEMAND, KLIMOV, Atlas, OnetFigures, Outlook, Profession

DATA = Path(__file__).parent / "data"
FIGURES = "onet_figures.json"
DEFAULT_OUTLOOK_SOURCE = "our_judgement"


def read_onet_figures(path: Path) -> tuple[str, dict[str, OnetFigures]]:
    """The release name and figures per O*NET-SOC code written by scripts/onet_figures.py."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    figures = {}
    for code, item in raw["occupations"].items():
        r = item["riasec"]
        figures[code] = OnetFigures(
            code, item["title"], (r["R"], r["I"], r["A"], r["S"], r["E"], r["C"]),
            item["high_points"], item.get("job_zone"),
        )  # fmt: skip
    return str(raw["release"]), figures


def _profession(
    item: Mapping[str, Any], sector: str, figures: Mapping[str, OnetFigures],
    pairs_of_group: Mapping[str, tuple[str, ...]],
) -> Profession:  # fmt: skip
    pid = item.get("id", "?")
    where = f"{sector}.{pid}"
    if item.get("onet") not in figures:
        raise DataError(f"{where}: no O*NET figures for {item.get('onet')!r} "
                        f"(run scripts/onet_figures.py)")  # fmt: skip
    if item.get("demand") not in DEMAND:
        raise DataError(f"{where}: demand must be one of {DEMAND}")
    if not 3 <= len(item["tasks"]["en"]) <= 6:
        raise DataError(f"{where}: a profession lists 3 to 6 key tasks")
    groups = tuple(item["groups"])
    pairs = tuple(sorted({p for g in groups for p in pairs_of_group.get(g, ())}))
    outlook = Outlook(item["demand"], l10n(item["outlook"], f"{where}.outlook"),
                      item.get("outlook_source", DEFAULT_OUTLOOK_SOURCE))  # fmt: skip
    return Profession(
        id=pid, sector=sector, title=l10n(item["title"], f"{where}.title"),
        description=l10n(item["description"], f"{where}.description"),
        tasks=l10n_list(item["tasks"], f"{where}.tasks"), skills=tuple(item["skills"]),
        subjects=tuple(item["subjects"]), klimov=tuple(item["klimov"]), outlook=outlook,
        groups=groups, pairs=pairs, onet=figures[item["onet"]],
        college=bool(item.get("college", False)), keywords=tuple(item.get("keywords", ())),
    )  # fmt: skip


def read_atlas(admissions: Admissions, folder: Path = DATA) -> Atlas:
    """The atlas of `folder`, checked against itself and the admissions data.

    Raises:
        DataError: a file breaks the format, or a profession names an unknown sector, skill,
            subject, Klimov type, group or source, or two professions share an id.
    """
    with (folder / "vocab.toml").open("rb") as fh:
        vocab = tomllib.load(fh)
    release, figures = read_onet_figures(folder / FIGURES)
    pairs_of_group: dict[str, list[str]] = {}
    for pair in admissions.pairs.values():
        for group in pair.groups:
            pairs_of_group.setdefault(group, []).append(pair.id)
    frozen_pairs = {g: tuple(p) for g, p in pairs_of_group.items()}
    professions = []
    for path in sorted((folder / "professions").glob("*.toml")):
        with path.open("rb") as fh:
            for item in tomllib.load(fh).get("professions", ()):
                professions.append(_profession(item, path.stem, figures, frozen_pairs))
    atlas = Atlas(
        professions=tuple(professions),
        by_id={p.id: p for p in professions},
        sectors={k: l10n(v, f"vocab.sectors.{k}") for k, v in vocab["sectors"].items()},
        skills={k: l10n(v, f"vocab.skills.{k}") for k, v in vocab["skills"].items()},
        klimov={k: l10n(v, f"vocab.klimov.{k}") for k, v in vocab["klimov"].items()},
        attribution=l10n(vocab["attribution"], "vocab.attribution"),
        onet_release=release,
    )
    problems = check_atlas(atlas, admissions)
    if problems:
        raise DataError("; ".join(problems))
    return atlas


def check_atlas(atlas: Atlas, admissions: Admissions) -> list[str]:
    """Everything a profession names that the vocabularies or the admissions data lack."""
    problems = []
    if len(atlas.by_id) != len(atlas.professions):
        problems.append("two professions share an id")
    for p in atlas.professions:
        unknown = [f"skill {s}" for s in p.skills if s not in atlas.skills]
        unknown += [f"subject {s}" for s in p.subjects if s not in admissions.subjects]
        unknown += [f"Klimov type {k}" for k in p.klimov if k not in KLIMOV]
        unknown += [f"group {g}" for g in p.groups if g not in admissions.groups]
        if p.sector not in atlas.sectors:
            unknown.append(f"sector {p.sector}")
        if p.outlook.source not in admissions.sources:
            unknown.append(f"source {p.outlook.source}")
        problems += [f"{p.id}: unknown {what}" for what in unknown]
        if not p.groups or not p.pairs:
            problems.append(f"{p.id}: no group of educational programmes with a UNT pair")
        if not p.klimov or not p.subjects or not p.skills:
            problems.append(f"{p.id}: Klimov types, subjects and skills must not be empty")
    return problems


@cache
def shipped_atlas() -> Atlas:
    """The atlas shipped with Sabaq (read once per process)."""
    from guidance.admissions.loader import shipped_admissions

    return read_atlas(shipped_admissions())
