"""At most two elective courses a year, each with a difficulty, a teaching mode and a format."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from guidance.admissions.l10n import DataError, L10n, l10n
from guidance.admissions.schemas import Admissions
from guidance.atlas.schemas import Atlas
from guidance.recommend.schemas import (
    ALONE,
    HIGH,
    LOW,
    MEDIUM,
    MIXED,
    WITH_TEACHER,
    ElectiveCourse,
    ProfessionMatch,
    ProfileInput,
)
from guidance.recommend.words import FORMAT, LEVEL, MODE, grade_text, word
from models.i18n import N_, Message, message

DATA = Path(__file__).parent / "data" / "electives.toml"
PER_YEAR = 2
HIGH_GRADE, LOW_GRADE = 4.5, 3.5


@dataclass(frozen=True, slots=True)
class Elective:
    id: str
    title: L10n
    subjects: tuple[str, ...]
    sectors: tuple[str, ...]
    letters: str


def read_electives(path: Path = DATA) -> dict[str, Elective]:
    """The elective catalogue (guidance/recommend/data/electives.toml)."""
    with path.open("rb") as fh:
        raw = tomllib.load(fh)["electives"]
    return {k: Elective(k, l10n(e["title"], f"electives.{k}"), tuple(e["subjects"]),
                        tuple(e["sectors"]), e["letters"]) for k, e in raw.items()}  # fmt: skip


def check_electives(
    electives: Mapping[str, Elective], atlas: Atlas, admissions: Admissions
) -> list[str]:
    """Subjects and sectors an elective names that the data does not define."""
    problems = []
    for e in electives.values():
        problems += [f"elective {e.id}: unknown subject {s}" for s in e.subjects
                     if s not in admissions.subjects]  # fmt: skip
        problems += [f"elective {e.id}: unknown sector {s}" for s in e.sectors
                     if s not in atlas.sectors]  # fmt: skip
    return problems


@cache
def shipped_electives() -> dict[str, Elective]:
    """The shipped catalogue, read once per process."""
    electives = read_electives()
    if not electives:
        raise DataError("electives.toml: no electives")
    return electives


def _relevance(e: Elective, top: Sequence[ProfessionMatch], atlas: Atlas, code: str) -> float:
    sectors = sum(m.score for m in top if atlas.by_id[m.profession_id].sector in e.sectors)
    letters = sum(3 - i for i, letter in enumerate(code[:3]) if letter in e.letters)
    return sectors + 10 * letters


def choose_electives(
    profile: ProfileInput, top: Sequence[ProfessionMatch], atlas: Atlas, admissions: Admissions,
    code: str, electives: Mapping[str, Elective],
) -> list[ElectiveCourse]:  # fmt: skip
    """The two electives that serve the recommended professions best, each on a different main
    subject, with a level, mode and format fitted to the student."""
    ranked = sorted(electives.values(), key=lambda e: (-_relevance(e, top, atlas, code), e.id))
    chosen: list[ElectiveCourse] = []
    used: set[str] = set()
    for e in ranked:
        if len(chosen) == PER_YEAR:
            break
        if e.subjects[0] in used or _relevance(e, top, atlas, code) <= 0:
            continue
        used.add(e.subjects[0])
        chosen.append(_course(e, profile, top, atlas, admissions))
    return chosen


def _course(
    e: Elective, profile: ProfileInput, top: Sequence[ProfessionMatch], atlas: Atlas,
    admissions: Admissions,
) -> ElectiveCourse:  # fmt: skip
    main = e.subjects[0]
    grade = profile.grades.get(main)
    reasons: list[Message] = []
    related = [atlas.by_id[m.profession_id].title for m in top
               if atlas.by_id[m.profession_id].sector in e.sectors][:2]  # fmt: skip
    if related:
        reasons.append(message(N_("It prepares for professions recommended to you, such as "
                                  "{profession}."), profession=related[0]))  # fmt: skip
    difficulty = MEDIUM if grade is None else HIGH if grade >= HIGH_GRADE else (
        MEDIUM if grade >= LOW_GRADE else LOW)  # fmt: skip
    subject = admissions.subjects[main].name
    if grade is None:
        reasons.append(message(N_("Level {level}: there are no grades in {subject} yet."),
                               level=word(LEVEL, difficulty), subject=subject))  # fmt: skip
    else:
        reasons.append(message(N_("Level {level}: your average in {subject} is {grade}."),
                               level=word(LEVEL, difficulty), subject=subject,
                               grade=grade_text(grade)))  # fmt: skip
    mode, why = _mode(difficulty, profile.self_direction)
    reasons.append(message(why, mode=word(MODE, mode)))
    style = profile.perception
    if style in FORMAT:
        reasons.append(message(N_("Materials: {format}, the way you learn best."),
                               format=word(FORMAT, style)))  # fmt: skip
    return ElectiveCourse(e.id, difficulty, mode, style if style in FORMAT else None,
                          tuple(reasons))  # fmt: skip


def _mode(difficulty: str, self_direction: float | None) -> tuple[str, str]:
    """The teaching mode and the msgid that explains it."""
    if difficulty == LOW:
        return WITH_TEACHER, N_("Mode: {mode}, so the basics get support.")
    if self_direction is not None and self_direction < 0.4:
        return WITH_TEACHER, N_("Mode: {mode}: regular lessons keep you on track.")
    if self_direction is not None and self_direction >= 0.6 and difficulty == HIGH:
        return ALONE, N_("Mode: {mode}: you are strong in the subject and study well alone.")
    return MIXED, N_("Mode: {mode}.")
