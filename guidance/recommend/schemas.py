"""The engine's inputs (a student's profile as plain values) and its explained outputs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from models.i18n import Message

# Perception styles (G1's placement test) and the teaching modes and levels of electives.
AUDIO, VISUAL, HANDS_ON = "audio", "visual", "hands_on"
WITH_TEACHER, ALONE, MIXED = "teacher", "alone", "mixed"
LOW, MEDIUM, HIGH = "low", "medium", "high"
# How a mock UNT score stands against a university's grant pass score.
SAFE, LIKELY, REACH, UNLIKELY = "safe", "likely", "reach", "unlikely"
BELOW_MINIMUM, NO_SCORE = "below_minimum", "no_score"


@dataclass(frozen=True, slots=True)
class RiasecScores:
    """Raw scores of the interest inventory per Holland type, on any one scale (>= 0)."""

    r: float
    i: float
    a: float
    s: float
    e: float
    c: float

    def values(self) -> tuple[float, float, float, float, float, float]:
        """The six scores in the order R, I, A, S, E, C."""
        return (self.r, self.i, self.a, self.s, self.e, self.c)


@dataclass(frozen=True, slots=True)
class KlimovScores:
    """Raw scores per Klimov type of work: person–nature, –technology, –person, –sign systems,
    –artistic image (any one scale, >= 0)."""

    nature: float
    technique: float
    people: float
    signs: float
    art: float

    def as_dict(self) -> dict[str, float]:
        """Scores by type key (guidance.atlas.schemas.KLIMOV)."""
        return {"nature": self.nature, "technique": self.technique, "people": self.people,
                "signs": self.signs, "art": self.art}  # fmt: skip


@dataclass(frozen=True)
class ProfileInput:
    """Everything the engine reads about one student; no name, no screening answers.

    grades: our subject ids (guidance.admissions subjects; `subject_id_of` maps a journal's
    names) -> average term grade on the 5-point scale. profile_subjects: the two UNT profile
    subjects the student chose, if any. unt_mock_total: the latest mock UNT total out of 140.
    perception: AUDIO, VISUAL or HANDS_ON. english_level: a CEFR level (A1..C2) or a name such
    as "intermediate". self_direction: 0..1, how well the student studies alone (e.g. from a
    conscientiousness scale), if known.
    """

    grade: int | None = None
    riasec: RiasecScores | None = None
    klimov: KlimovScores | None = None
    grades: Mapping[str, float] = field(default_factory=dict)
    profile_subjects: tuple[str, ...] = ()
    unt_mock_total: float | None = None
    perception: str | None = None
    english_level: str | None = None
    self_direction: float | None = None


@dataclass(frozen=True, slots=True)
class ProfessionMatch:
    profession_id: str
    score: float  # 0-100
    reasons: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class PairMatch:
    pair_id: str
    subjects: tuple[str, str]
    chosen: bool
    fits: bool  # leads to at least one recommended profession
    reasons: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class GroupMatch:
    code: str
    pair_id: str
    professions: tuple[str, ...]
    reasons: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class UniversityOption:
    university_id: str
    group_code: str
    chance: str  # SAFE, LIKELY, REACH, UNLIKELY, BELOW_MINIMUM or NO_SCORE
    needed: int | None
    year: int | None
    illustrative: bool
    reasons: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class NuOption:
    fits: bool
    reasons: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class AbroadOption:
    scholarship_id: str
    country_id: str
    now: bool  # open to school leavers (bachelor's); False: a goal for later study
    reasons: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class ElectiveCourse:
    course_id: str
    difficulty: str  # LOW, MEDIUM, HIGH
    mode: str  # WITH_TEACHER, ALONE, MIXED
    format: str | None  # the perception style the materials should favour
    reasons: tuple[Message, ...]


@dataclass(frozen=True)
class Recommendations:
    complete: bool  # every input the recommendations rely on is there
    missing: tuple[Message, ...]
    holland_code: str
    professions: tuple[ProfessionMatch, ...]
    pairs: tuple[PairMatch, ...]
    groups: tuple[GroupMatch, ...]
    universities: tuple[UniversityOption, ...]
    nu: NuOption | None
    abroad: tuple[AbroadOption, ...]
    electives: tuple[ElectiveCourse, ...]
    version: str
