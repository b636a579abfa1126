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
        return translate(self.template).format(**self.params)

    def __str__(self) -> str:
        return self.render()


def message(template: str, **params: Any) -> Message:
    """Shorthand: `message(N_("Unknown teacher {code}"), code="T-14")`."""
    return Message(template, params)
