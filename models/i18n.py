"""Sentences for people from the store layer, kept as a template plus values for translation."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def _identity(text: str) -> str:
    return text


def N_(text: str) -> str:  # the gettext name extractors look for
    """Mark `text` as a msgid for extraction without translating it now."""
    return text


@dataclass(frozen=True, slots=True)
class Message:
    template: str  # English msgid with {named} placeholders
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        """The sentence in the language `translate` maps msgids into."""
        # a parameter may itself be a sentence (a translated noun, a nested Message, or the
        # solver's Msg: anything with `render`), rendered in the same language
        params = {
            name: value.render(translate) if callable(getattr(value, "render", None)) else value
            for name, value in self.params.items()
        }
        return translate(self.template).format(**params)

    def __str__(self) -> str:
        return self.render()


def message(template: str, **params: Any) -> Message:
    """Shorthand: `message(N_("Unknown teacher {code}"), code="T-14")`."""
    return Message(template, params)


# What the store's entities are called in sentences ("New teacher T-14."), marked for extraction.
NOUNS: dict[str, str] = {
    "school": N_("school"),
    "settings": N_("settings"),
    "term": N_("term"),
    "building": N_("building"),
    "travel": N_("travel time"),
    "room": N_("room"),
    "subject": N_("subject"),
    "bell": N_("bell period"),
    "teacher": N_("teacher"),
    "class": N_("class"),
    "subgroup": N_("subgroup"),
    "lesson": N_("lesson"),
    "student": N_("student"),
    "parent": N_("parent"),
    "rule": N_("rule"),
    "lock": N_("locked lesson"),
}


def noun(entity: str) -> Message:
    """The word for an entity of the store, translated when the sentence is rendered."""
    return Message(NOUNS.get(entity, entity))
