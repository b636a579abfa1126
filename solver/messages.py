"""Sentences for people, kept as a template plus values so any layer can translate them.

The solver core may not import the store's i18n helper, so it never renders text in a fixed
language: it returns `Msg` objects whose English template is the gettext msgid. `str(msg)` gives
English; `msg.render(gettext)` gives the reader's language once the catalogues know the msgid.

Every template is a literal that `pybabel extract` finds (babel.cfg): the first argument of
`msg`/`Msg`, the two of `nmsg`, or a literal marked with `N_` where a template is kept in a
table or handed to a helper. A sentence whose wording depends on a count is built by `nmsg`, so
each language gets its own forms (three in Russian) when the translate function offers
`ngettext` (web.i18n's does). Values may themselves be sentences (`Msg`, a list of them as
`Joined`, or any object with the same `render`): they are rendered in the same language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any


def _identity(text: str) -> str:
    return text


def N_(text: str) -> str:  # the name gettext extractors look for
    """Mark `text` as a msgid for extraction without translating it now."""
    return text


def _value(value: Any, translate: Callable[[str], str]) -> Any:
    """A sentence value as the reader sees it: nested sentences rendered, the rest as given."""
    render = getattr(value, "render", None)
    return render(translate) if callable(render) else value


@dataclass(frozen=True, slots=True)
class Msg:
    template: str  # English msgid with {named} placeholders (the singular one of a plural)
    params: Mapping[str, Any] = field(default_factory=dict)
    plural: tuple[str, int] | None = None  # (plural msgid, count) of a count-dependent sentence

    def text(self, translate: Callable[[str], str] = _identity) -> str:
        """The template in the language of `translate`, its form chosen by the count.

        `translate` gives plural forms through its `ngettext` attribute; without one the
        English rule picks the singular or the plural msgid, which `translate` then maps.
        """
        if self.plural is None:
            return translate(self.template)
        many, n = self.plural
        ngettext: Callable[[str, str, int], str] | None = getattr(translate, "ngettext", None)
        if ngettext is None:
            return translate(self.template if n == 1 else many)
        return ngettext(self.template, many, n)

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        """The sentence in the language `translate` maps msgids into (nested sentences too)."""
        params = {name: _value(value, translate) for name, value in self.params.items()}
        return self.text(translate).format(**params)

    def __str__(self) -> str:
        return self.render()


def msg(template: str, **params: Any) -> Msg:
    """Shorthand: `msg("{teacher} is busy", teacher="Asel Nurova")`."""
    return Msg(template, params)


def nmsg(singular: str, plural: str, n: int, /, **params: Any) -> Msg:
    """A sentence whose wording follows the count `n` (given to the template as `{n}` unless
    `params` names an `n` of its own).

    `nmsg("{teacher} has a gap", "{teacher} has {n} gaps", 3, teacher="Asel")`: English
    takes the singular for 1; a catalogue gives each language its own forms.
    """
    return Msg(singular, {"n": n, **params}, (plural, n))


def term(text: str) -> Msg:
    """A word from the data that the catalogues may know (the week's English day names).

    Any other text is shown as written, braces included.
    """
    return Msg(text.replace("{", "{{").replace("}", "}}"))


@dataclass(frozen=True, slots=True)
class Joined:
    """Values shown as one list ("Monday, Tuesday"; "A → B"), sentences among them rendered."""

    items: tuple[Any, ...]
    sep: str = ", "

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        """The items in the language of `translate`, joined by `sep`."""
        return self.sep.join(str(_value(item, translate)) for item in self.items)

    def __str__(self) -> str:
        return self.render()


def joined(items: Iterable[Any], sep: str = ", ") -> Joined:
    """`joined(day_names)`: a list value for a sentence, translated item by item."""
    return Joined(tuple(items), sep)
