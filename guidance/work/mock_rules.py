"""The structure and scoring rules of mock UNT, NUET and SAT, read from data by year.

The numbers live in `data/mock_tests.json` (a year may say `same_as` another); this module
names the sections in words, checks a sitting's scores section by section and says which
minimums it reaches. UNT: 140 points over history of Kazakhstan (20), reading literacy (10),
mathematical literacy (10) and two profile subjects (50 each), each with a minimum, and minimum
totals by kind of university or field. SAT: two sections of 200-800 in steps of 10.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from guidance.work.errors import WorkError
from models.guidance_work import MOCK_KINDS, NUET, SAT, UNT
from models.i18n import N_, Message, message

DATA = Path(__file__).parent / "data" / "mock_tests.json"

KIND_LABELS: dict[str, str] = {UNT: N_("UNT"), NUET: N_("NUET"), SAT: N_("SAT")}
SECTION_LABELS: dict[str, str] = {
    "history_kz": N_("History of Kazakhstan"),
    "reading_literacy": N_("Reading literacy"),
    "math_literacy": N_("Mathematical literacy"),
    "profile_1": N_("Profile subject 1"),
    "profile_2": N_("Profile subject 2"),
    "critical_thinking": N_("Critical thinking"),
    "mathematics": N_("Mathematics"),
    "reading_writing": N_("Reading and Writing"),
    "math": N_("Math"),
}
SUBJECT_LABELS: dict[str, str] = {
    "math": N_("Mathematics"),
    "physics": N_("Physics"),
    "informatics": N_("Informatics"),
    "geography": N_("Geography"),
    "biology": N_("Biology"),
    "chemistry": N_("Chemistry"),
    "world_history": N_("World history"),
    "law": N_("Fundamentals of law"),
    "foreign_language": N_("Foreign language"),
    "kazakh_language": N_("Kazakh language"),
    "kazakh_literature": N_("Kazakh literature"),
    "russian_language": N_("Russian language"),
    "russian_literature": N_("Russian literature"),
}
THRESHOLD_LABELS: dict[str, str] = {
    "general": N_("universities (general minimum)"),
    "national": N_("national universities"),
    "pedagogy": N_("pedagogical sciences"),
    "medicine": N_("health care (medicine)"),
    "agriculture_national": N_("agriculture and veterinary at national universities"),
}


@dataclass(frozen=True, slots=True)
class Section:
    code: str
    max: int
    floor: int = 0  # the lowest score there is (SAT: 200)
    pass_mark: int | None = None  # the minimum the rules ask for, if any
    step: int = 1
    profile: int | None = None  # UNT: which of the two profile subjects it scores

    @property
    def label(self) -> Message:
        """The section's name in words."""
        return message(SECTION_LABELS.get(self.code, self.code))


@dataclass(frozen=True, slots=True)
class Threshold:
    code: str
    min: int

    @property
    def label(self) -> Message:
        """What the minimum total is for, in words."""
        return message(THRESHOLD_LABELS.get(self.code, self.code))


@dataclass(frozen=True, slots=True)
class MockRules:
    """One kind of mock test as scored in one year."""

    kind: str
    year: int
    source: str
    sections: tuple[Section, ...]
    thresholds: tuple[Threshold, ...]
    pairs: tuple[tuple[str, str], ...]  # UNT: the allowed profile-subject pairs

    @property
    def total_max(self) -> int:
        """The highest total."""
        return sum(s.max for s in self.sections)

    @property
    def total_floor(self) -> int:
        """The lowest total there is."""
        return sum(s.floor for s in self.sections)

    def allows_pair(self, first: str, second: str) -> bool:
        """Whether two subjects (in either order) are a profile pair of these rules."""
        return (first, second) in self.pairs or (second, first) in self.pairs


@dataclass(frozen=True, slots=True)
class Problem:
    """Why one value of a sitting was refused: the field (a section code or "subjects")."""

    field: str
    message: Message


@dataclass(frozen=True, slots=True)
class Outcome:
    """A checked sitting: its total, the sections under their minimum, the totals reached."""

    total: int
    below: tuple[Section, ...]
    reached: tuple[Threshold, ...]

    @property
    def passed(self) -> bool:
        """Every section at its minimum and the first (general) minimum total reached."""
        return not self.below


@cache
def _data() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DATA.read_text(encoding="utf-8"))
    return loaded


def years(kind: str) -> list[int]:
    """The years whose rules are known for a kind of test, oldest first."""
    return sorted(int(y) for y in _data().get(kind, {}))


def rules_for(kind: str, year: int) -> MockRules:
    """The rules of one kind of test in one year.

    Args:
        kind: unt, nuet or sat.
        year: the year of the rules.

    Returns:
        The sections, minimums and (UNT) profile pairs.

    Raises:
        WorkError: an unknown kind, or no rules for that year.
    """
    if kind not in MOCK_KINDS:
        what = N_("There is no mock test {kind}.")
        raise WorkError("unknown_mock_kind", [message(what, kind=kind)])
    by_year = _data()[kind]
    raw = by_year.get(str(year))
    if raw is None:
        text = N_("There are no {kind} rules for {year}.")
        raise WorkError("no_mock_rules", [message(text, kind=kind_label(kind), year=year)])
    body = by_year[raw["same_as"]] if "same_as" in raw else raw
    return MockRules(
        kind=kind,
        year=year,
        source=str(raw.get("source") or body.get("source", "")),
        sections=tuple(_section(s) for s in body["sections"]),
        thresholds=tuple(Threshold(t["code"], t["min"]) for t in body.get("thresholds", [])),
        pairs=tuple((p[0], p[1]) for p in body.get("pairs", [])),
    )


def _section(raw: dict[str, Any]) -> Section:
    return Section(
        code=raw["code"], max=raw["max"], floor=raw.get("floor", 0), pass_mark=raw.get("pass"),
        step=raw.get("step", 1), profile=raw.get("profile"),
    )  # fmt: skip


def rules_year(kind: str, taken_on: date) -> int:
    """The year whose rules score a sitting on `taken_on`: its own, else the nearest earlier
    one, else the oldest known."""
    known = years(kind)
    earlier = [y for y in known if y <= taken_on.year]
    return earlier[-1] if earlier else known[0]


def kind_label(kind: str) -> Message:
    """The test's name in words."""
    return message(KIND_LABELS.get(kind, kind))


def subject_label(code: str) -> Message:
    """A UNT profile subject's name in words."""
    return message(SUBJECT_LABELS.get(code, code))


def check_scores(
    rules: MockRules, raw: Mapping[str, Any], subjects: Sequence[str] = ()
) -> tuple[dict[str, int], list[Problem]]:
    """Reads a sitting's section scores (numbers or text) and, for the UNT, its subject pair.

    Args:
        rules: the rules the sitting is scored by.
        raw: section code -> the score as typed (empty or missing = not given).
        subjects: the two profile subjects (UNT only).

    Returns:
        The scores as integers, and every problem found (all of them, not the first).
    """
    scores: dict[str, int] = {}
    problems: list[Problem] = []
    for section in rules.sections:
        value, problem = _score(section, raw.get(section.code))
        if problem is not None:
            problems.append(Problem(section.code, problem))
        elif value is not None:
            scores[section.code] = value
    if rules.kind == UNT:
        problems.extend(_pair_problems(rules, subjects))
    return scores, problems


def _score(section: Section, value: Any) -> tuple[int | None, Message | None]:
    label = section.label
    text = "" if value is None else str(value).strip()
    if not text:
        return None, message(N_("{section}: the score is missing."), section=label)
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        number = float("nan")
    if number != number or number != int(number):
        what = N_("{section}: “{value}” is not a whole number of points.")
        return None, message(what, section=label, value=text)
    points = int(number)
    if not section.floor <= points <= section.max:
        what = N_("{section}: {value} is outside {floor}–{max}.")
        return None, message(what, section=label, value=points, floor=section.floor,
                             max=section.max)  # fmt: skip
    if (points - section.floor) % section.step:
        what = N_("{section}: scores go in steps of {step}, not {value}.")
        return None, message(what, section=label, step=section.step, value=points)
    return points, None


def _pair_problems(rules: MockRules, subjects: Sequence[str]) -> list[Problem]:
    chosen = [s.strip() for s in subjects if s and s.strip()]
    if len(chosen) != 2:
        return [Problem("subjects", message(N_("Choose the two profile subjects.")))]
    unknown = [s for s in chosen if s not in SUBJECT_LABELS]
    if unknown:
        what = N_("“{subject}” is not a UNT profile subject.")
        return [Problem("subjects", message(what, subject=s)) for s in unknown]
    if not rules.allows_pair(chosen[0], chosen[1]):
        what = N_("{first} and {second} are not a pair of UNT profile subjects.")
        first, second = subject_label(chosen[0]), subject_label(chosen[1])
        return [Problem("subjects", message(what, first=first, second=second))]
    return []


def outcome(rules: MockRules, scores: Mapping[str, int]) -> Outcome:
    """The total of a checked sitting, the sections under their minimum and the totals reached.

    Args:
        rules: the rules the sitting is scored by.
        scores: section code -> points (as check_scores returns them).

    Returns:
        The outcome; a minimum total counts as reached only with every section at its minimum.
    """
    total = sum(scores.get(s.code, 0) for s in rules.sections)
    below = tuple(
        s for s in rules.sections if s.pass_mark is not None and scores.get(s.code, 0) < s.pass_mark
    )
    reached = () if below else tuple(t for t in rules.thresholds if total >= t.min)
    return Outcome(total, below, reached)
