"""The recommendations shaped for the profile page: the top three professions, each with its
reasons, its UNT subject pairs (the chosen one marked) and the universities that teach it."""

from __future__ import annotations

from dataclasses import dataclass

from guidance.admissions import Admissions
from guidance.atlas.schemas import Atlas
from guidance.profile.advice import TOP_PROFESSIONS, Advice
from guidance.recommend import UniversityOption
from guidance.recommend.words import CHANCE
from models.i18n import Message, message

UNIVERSITIES_SHOWN = 4


@dataclass(frozen=True, slots=True)
class PairLine:
    names: str
    chosen: bool


@dataclass(frozen=True, slots=True)
class UniversityLine:
    name: str
    city: str
    group: str
    chance: Message
    chance_code: str
    needed: int | None
    year: int | None
    illustrative: bool
    reasons: tuple[Message, ...]


@dataclass(frozen=True, slots=True)
class ProfessionCard:
    id: str
    title: str
    description: str
    score: float
    reasons: tuple[Message, ...]
    pairs: tuple[PairLine, ...]
    universities: tuple[UniversityLine, ...]


def _university(option: UniversityOption, data: Admissions, lang: str) -> UniversityLine:
    uni = data.universities[option.university_id]
    group = data.groups.get(option.group_code)
    return UniversityLine(
        uni.name.get(lang), uni.city.get(lang),
        f"{option.group_code} {group.name.get(lang)}" if group else option.group_code,
        message(CHANCE.get(option.chance, option.chance)), option.chance, option.needed,
        option.year, option.illustrative, option.reasons,
    )  # fmt: skip


def profession_cards(
    advice: Advice, atlas: Atlas, data: Admissions, lang: str, chosen: tuple[str, ...]
) -> list[ProfessionCard]:
    """The top professions of unlocked advice as cards for the page (none while locked)."""
    if advice.result is None:
        return []
    cards = []
    for match in advice.result.professions[:TOP_PROFESSIONS]:
        p = atlas.by_id[match.profession_id]
        pairs = []
        for pair_id in p.pairs:
            pair = data.pairs.get(pair_id)
            if pair is None:
                continue
            names = " + ".join(data.subjects[s].name.get(lang) for s in pair.subjects
                               if s in data.subjects)  # fmt: skip
            pairs.append(PairLine(names, set(pair.subjects) == set(chosen)))
        options = [u for u in advice.result.universities if u.group_code in p.groups]
        cards.append(ProfessionCard(
            p.id, p.title.get(lang), p.description.get(lang), match.score, match.reasons,
            tuple(pairs), tuple(_university(u, data, lang) for u in options[:UNIVERSITIES_SHOWN]),
        ))  # fmt: skip
    return cards
