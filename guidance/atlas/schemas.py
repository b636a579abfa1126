"""The atlas of professions as plain values: professions, their O*NET figures and vocabularies."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from guidance.admissions.l10n import L10n, L10nList

RIASEC = "RIASEC"  # Realistic, Investigative, Artistic, Social, Enterprising, Conventional
KLIMOV = ("nature", "technique", "people", "signs", "art")
DEMAND = ("high", "medium", "low")


@dataclass(frozen=True, slots=True)
class OnetFigures:
    """An O*NET occupation's figures (CC BY 4.0, USDOL/ETA): never its description or tasks."""

    code: str
    title: str  # O*NET's English title, shown with the attribution
    riasec: tuple[float, float, float, float, float, float]  # occupational interests, 1-7
    high_points: str  # O*NET's interest high-points as letters, e.g. "IRC"
    job_zone: int | None  # 1-5: how much preparation the work needs


@dataclass(frozen=True, slots=True)
class Outlook:
    """Demand for the profession in Kazakhstan: high, medium or low, our reason, our source."""

    demand: str
    reason: L10n
    source: str


@dataclass(frozen=True, slots=True)
class Profession:
    id: str
    sector: str
    title: L10n
    description: L10n
    tasks: L10nList
    skills: tuple[str, ...]
    subjects: tuple[str, ...]  # school subjects that matter (guidance.admissions subject ids)
    klimov: tuple[str, ...]  # Klimov's types of work it belongs to
    outlook: Outlook
    groups: tuple[str, ...]  # groups of educational programmes that lead to it
    pairs: tuple[str, ...]  # UNT subject pairs opening those groups (derived when loading)
    onet: OnetFigures
    college: bool = False  # also learned at a college (TVET) after grade 9 or 11
    keywords: tuple[str, ...] = ()  # other names people search it by, any language


@dataclass(frozen=True)
class Atlas:
    professions: tuple[Profession, ...]
    by_id: Mapping[str, Profession]
    sectors: Mapping[str, L10n]
    skills: Mapping[str, L10n]
    klimov: Mapping[str, L10n]
    attribution: L10n
    onet_release: str
