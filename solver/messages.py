"""Sentences for people, kept as a template plus values so any layer can translate them.

The solver core may not import the store's i18n helper, so it never renders text in a fixed
language: it returns `Msg` objects whose English template is the gettext msgid. `str(msg)` gives
English; `msg.render(gettext)` gives the reader's language once the catalogues know the msgid.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class Msg:
    template: str  # English msgid with {named} placeholders
    params: Mapping[str, Any] = field(default_factory=dict)

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        """The sentence in the language `translate` maps msgids into (nested Msgs too)."""
        params = {
            name: value.render(translate) if isinstance(value, Msg) else value
            for name, value in self.params.items()
        }
        return translate(self.template).format(**params)

    def __str__(self) -> str:
        return self.render()


def msg(template: str, **params: Any) -> Msg:
    """Shorthand: `msg("{teacher} is busy", teacher="Asel Nurova")`."""
    return Msg(template, params)
