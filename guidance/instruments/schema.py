"""An instrument as plain frozen data: items, answer scales, scales with bands, risk rules.

Texts are per language (`{"en": ..., "ru": ...}`); an instrument has only the languages its file
declares, each marked original, validated (with the published translation's citation) or ours
(not validated, and never shown as validated).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

LANGS: tuple[str, ...] = ("kk", "ru", "en")

# Language status
ORIGINAL, VALIDATED, OURS = "original", "validated", "ours"
LANGUAGE_STATUSES: tuple[str, ...] = (ORIGINAL, VALIDATED, OURS)

# Scale methods
SUM, MEAN, CORRECT = "sum", "mean", "correct"
METHODS: tuple[str, ...] = (SUM, MEAN, CORRECT)

# Summary kinds: a Holland-style code of the top scales, or the top scale(s)
CODE, TOP = "code", "top"
SUMMARY_KINDS: tuple[str, ...] = (CODE, TOP)

# Instrument kinds (what it measures), shown on the instruments page
KINDS: tuple[str, ...] = (
    "interests", "personality", "screening", "wellbeing", "learning", "knowledge",
)  # fmt: skip

Texts = dict[str, str]


def pick(texts: Texts, language: str) -> str:
    """The text in `language`, else in English, Russian, Kazakh, else any (never fails)."""
    for lang in (language, "en", "ru", "kk"):
        if texts.get(lang):
            return texts[lang]
    return next(iter(texts.values()), "")


@dataclass(frozen=True, slots=True)
class Option:
    value: int
    label: Texts


@dataclass(frozen=True, slots=True)
class AnswerScale:
    id: str
    options: tuple[Option, ...]

    @property
    def low(self) -> int:
        return min(o.value for o in self.options)

    @property
    def high(self) -> int:
        return max(o.value for o in self.options)

    def has(self, value: int) -> bool:
        return any(o.value == value for o in self.options)


@dataclass(frozen=True, slots=True)
class Item:
    id: str
    text: Texts
    answers: AnswerScale
    scales: tuple[str, ...] = ()  # empty: asked but not scored
    reverse: bool = False  # scored as (low + high - value)
    weight: float = 1.0
    correct: int | None = None  # knowledge tests: the right option's value
    tag: str = ""  # e.g. the CEFR level an English item aims at


@dataclass(frozen=True, slots=True)
class Band:
    id: str
    low: float
    high: float
    label: Texts
    specialist: Texts = field(default_factory=dict)  # plain words for the specialist
    student: Texts = field(default_factory=dict)  # age-appropriate words for the student

    def holds(self, score: float) -> bool:
        return self.low <= score <= self.high


@dataclass(frozen=True, slots=True)
class Scale:
    id: str
    name: Texts
    method: str = SUM
    multiplier: float = 1.0  # e.g. WHO-5: raw x 4 = percentage
    bands: tuple[Band, ...] = ()
    specialist: Texts = field(default_factory=dict)  # what a high score means, for specialists
    student: Texts = field(default_factory=dict)  # the same for the student


@dataclass(frozen=True, slots=True)
class RiskRule:
    """An answer on `item`, or a score on `scale`, at or above `at_least` (or, for scales where
    low is bad such as WHO-5, at or below `at_most`)."""

    id: str
    severity: str
    at_least: float | None
    item: str | None = None
    scale: str | None = None
    reason: Texts = field(default_factory=dict)  # for the psychologist
    at_most: float | None = None

    def fires(self, value: float) -> bool:
        if self.at_least is not None:
            return value >= self.at_least
        return self.at_most is not None and value <= self.at_most


@dataclass(frozen=True, slots=True)
class Language:
    code: str
    status: str
    citation: str = ""  # validated: the published translation; ours: who translated it


@dataclass(frozen=True, slots=True)
class Summary:
    kind: str
    scales: tuple[str, ...]
    length: int = 1


@dataclass(frozen=True, slots=True)
class Instrument:
    key: str
    version: str
    kind: str
    title: Texts
    languages: dict[str, Language]
    items: tuple[Item, ...]
    scales: tuple[Scale, ...]
    licence: str
    source: str
    description: Texts = field(default_factory=dict)
    instructions: Texts = field(default_factory=dict)
    attribution: str = ""  # a line the licence asks to show with the instrument
    clinical: bool = False  # a screening: results for psychologists only, never a score for
    student_sees_result: bool = False  # the student; otherwise as this flag says
    grades: tuple[int, int] = (5, 11)
    ages: tuple[int, int] | None = None
    norms: str = ""  # where bands come from (published cut-offs), or why there are none
    risk: tuple[RiskRule, ...] = ()
    summary: Summary | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def scale(self, scale_id: str) -> Scale:
        return next(s for s in self.scales if s.id == scale_id)

    def item(self, item_id: str) -> Item:
        return next(i for i in self.items if i.id == item_id)

    def language_for(self, wanted: str) -> str:
        """The language to take it in: the wanted one if the file has it, else the first of
        English, Russian, Kazakh it has."""
        if wanted in self.languages:
            return wanted
        return next((lang for lang in ("en", "ru", "kk") if lang in self.languages), wanted)

    @property
    def shows_student(self) -> bool:
        """Whether the student sees their own scores (never for a clinical screening)."""
        return self.student_sees_result and not self.clinical
