"""Admissions data as plain values: UNT structure, subject pairs, programme groups, universities."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from guidance.admissions.l10n import L10n

# What a UNT subject is: one of the three every applicant sits, a profile subject, or a school
# subject that is not on the UNT (its grades still count for recommendations).
COMPULSORY = "compulsory"
PROFILE = "profile"
SCHOOL = "school"

# Minimum total UNT score to take part in the state grant competition, by kind of programme
# group or university (the rules name national universities, pedagogy, medicine and law).
GENERAL = "general"
NATIONAL = "national"
PEDAGOGICAL = "pedagogical"
MEDICAL = "medical"
LAW = "law"
CATEGORIES = (GENERAL, NATIONAL, PEDAGOGICAL, MEDICAL, LAW)


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure comes from; `official` False means our own judgement or a demo value."""

    key: str
    title: str
    url: str
    official: bool
    note: L10n | None = None


@dataclass(frozen=True, slots=True)
class Subject:
    id: str
    name: L10n
    unt: str  # COMPULSORY, PROFILE or SCHOOL
    aliases: tuple[str, ...] = ()  # names schools give it in the journal (folded), for mapping


@dataclass(frozen=True, slots=True)
class UntSection:
    subject: str
    questions: int
    points: int
    min_points: int  # below this on the section, the result does not count for a grant


@dataclass(frozen=True, slots=True)
class UntStructure:
    total_points: int
    minutes: int
    compulsory: tuple[UntSection, ...]
    profile_questions: int
    profile_points: int
    profile_min_points: int
    year: int
    source: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A score with its year and source; `illustrative` marks a demo value, not a published one."""

    score: int
    year: int
    source: str
    illustrative: bool
    note: str = ""


@dataclass(frozen=True, slots=True)
class SubjectPair:
    id: str
    subjects: tuple[str, str]
    groups: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ProgrammeGroup:
    code: str  # the classifier's code, e.g. B057
    name: L10n
    category: str  # GENERAL, PEDAGOGICAL, MEDICAL or LAW: which minimum applies
    thresholds: tuple[Figure, ...]  # grant competition pass scores, newest year first

    def latest(self) -> Figure | None:
        """The newest competitive threshold, if any."""
        return self.thresholds[0] if self.thresholds else None


@dataclass(frozen=True, slots=True)
class University:
    id: str
    name: L10n
    city: L10n
    national: bool  # a national university: its own (higher) minimum applies
    groups: tuple[str, ...]
    url: str
    source: str
    aliases: tuple[str, ...] = ()  # short names people use (КазНУ, KBTU)


@dataclass(frozen=True, slots=True)
class Section:
    """A titled block of prose (NU, abroad, grants) with its source, for pages and search."""

    id: str
    title: L10n
    body: L10n
    source: str


@dataclass(frozen=True, slots=True)
class Scholarship:
    id: str
    name: L10n
    country: str
    levels: tuple[str, ...]  # bachelor, master, phd
    deadline: L10n
    url: str
    source: str
    body: L10n


@dataclass(frozen=True, slots=True)
class Country:
    id: str
    name: L10n
    universities: tuple[str, ...]  # names as the universities write them
    body: L10n
    english: bool  # are many programmes open in English (an English level matters)


@dataclass(frozen=True, slots=True)
class NuInfo:
    """Nazarbayev University: its own admissions (NUET and English), not the UNT competition."""

    sections: tuple[Section, ...]
    schools: tuple[str, ...]  # programme groups NU teaches in (ours), for matching
    ielts_min: float
    source: str


@dataclass(frozen=True)
class Admissions:
    subjects: Mapping[str, Subject]
    unt: UntStructure
    minimums: Mapping[str, tuple[Figure, ...]]  # category -> figures, newest year first
    pairs: Mapping[str, SubjectPair]
    groups: Mapping[str, ProgrammeGroup]
    universities: Mapping[str, University]
    nu: NuInfo
    countries: Mapping[str, Country]
    scholarships: Mapping[str, Scholarship]
    grants: tuple[Section, ...]  # how the state grant works, in prose
    sources: Mapping[str, Source]
    pair_of: Mapping[frozenset[str], str] = field(default_factory=dict)

    def minimum(self, category: str) -> Figure | None:
        """The newest minimum total for a category, if the data has one."""
        figures = self.minimums.get(category, ())
        return figures[0] if figures else None

    def find_pair(self, subjects: tuple[str, ...] | list[str]) -> SubjectPair | None:
        """The allowed pair made of these two subject ids (in any order), or None."""
        pair_id = self.pair_of.get(frozenset(subjects)) if len(subjects) == 2 else None
        return self.pairs.get(pair_id) if pair_id else None
