"""Words the engine's reasons are made of: Holland types, chances, levels, modes, lists."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from models.i18n import N_, Message

HOLLAND: dict[str, str] = {
    "R": N_("Realistic"),
    "I": N_("Investigative"),
    "A": N_("Artistic"),
    "S": N_("Social"),
    "E": N_("Enterprising"),
    "C": N_("Conventional"),
}

CHANCE: dict[str, str] = {
    "safe": N_("safe"),
    "likely": N_("likely"),
    "reach": N_("reach"),
    "unlikely": N_("unlikely for now"),
    "below_minimum": N_("below the minimum"),
    "no_score": N_("no mock score yet"),
}

DEMAND: dict[str, str] = {"high": N_("high"), "medium": N_("medium"), "low": N_("low")}

LEVEL: dict[str, str] = {"low": N_("basic"), "medium": N_("intermediate"), "high": N_("advanced")}

MODE: dict[str, str] = {
    "teacher": N_("with a teacher"),
    "alone": N_("on your own"),
    "mixed": N_("mixed: on your own with a teacher's check-ins"),
}

FORMAT: dict[str, str] = {
    "audio": N_("audio lessons and discussion"),
    "visual": N_("video, diagrams and visual notes"),
    "hands_on": N_("hands-on projects and experiments"),
}


def word(table: dict[str, str], key: str) -> Message:
    """The translatable word for `key` of one of the tables above."""
    return Message(table.get(key, key))


@dataclass(frozen=True, slots=True)
class Joined:
    """Several words or names shown as one list ("Investigative, Realistic"), each translated."""

    items: tuple[Any, ...]
    separator: str = ", "

    def render(self, translate: Callable[[str], str] | None = None) -> str:
        """The items in the reader's language, separated by the separator."""
        parts = []
        for item in self.items:
            render = getattr(item, "render", None)
            parts.append(render(translate) if callable(render) else str(item))
        return self.separator.join(parts)

    def __str__(self) -> str:
        return self.render()


def joined(items: Sequence[Any], separator: str = ", ") -> Joined:
    """A `Joined` list of the items."""
    return Joined(tuple(items), separator)


def pair_words(subject_names: Sequence[Any]) -> Joined:
    """A UNT pair as people write it: "Mathematics – Computer science" (one name if the same)."""
    return joined(list(dict.fromkeys(subject_names)), " – ")


def holland_names(code: str) -> Joined:
    """The names of the types in a Holland code, in its order."""
    return joined([word(HOLLAND, letter) for letter in code])


def grade_text(value: float) -> str:
    """An average grade as people write it (4.6)."""
    return f"{value:.1f}"
