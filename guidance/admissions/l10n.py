"""Texts our data files give in Kazakh, Russian and English, rendered in the reader's language."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

LANGS = ("kk", "ru", "en")


def lang_of(translate: object) -> str:
    """The language a translate function renders into (web.i18n's carries `.locale`)."""
    lang = getattr(translate, "locale", "en")
    return lang if lang in LANGS else "en"


@dataclass(frozen=True, slots=True)
class L10n:
    """One text in each language; usable as a value inside a `Message` (it has `render`)."""

    kk: str
    ru: str
    en: str

    def get(self, lang: str | None) -> str:
        """The text in `lang` (kk, ru, en); English for any other code."""
        if lang == "kk":
            return self.kk
        if lang == "ru":
            return self.ru
        return self.en

    def render(self, translate: object = None) -> str:
        """The text in the language of `translate` (so a Message renders it in its reader's)."""
        return self.get(lang_of(translate))

    def all(self) -> tuple[str, str, str]:
        """The three texts (for search indexes)."""
        return (self.kk, self.ru, self.en)

    def __str__(self) -> str:
        return self.en


@dataclass(frozen=True, slots=True)
class L10nList:
    """A list of short texts (key tasks) in each language."""

    kk: tuple[str, ...]
    ru: tuple[str, ...]
    en: tuple[str, ...]

    def get(self, lang: str | None) -> tuple[str, ...]:
        """The list in `lang`; English for any other code."""
        if lang == "kk":
            return self.kk
        if lang == "ru":
            return self.ru
        return self.en


class DataError(ValueError):
    """A shipped or imported data file breaks its format (the message names the file and key)."""


def l10n(value: Any, where: str) -> L10n:
    """An `L10n` from a table {kk, ru, en} of non-empty strings.

    Raises:
        DataError: a language is missing or empty.
    """
    if not isinstance(value, Mapping):
        raise DataError(f"{where}: expected a table with kk, ru and en")
    texts = []
    for lang in LANGS:
        text = value.get(lang)
        if not isinstance(text, str) or not text.strip():
            raise DataError(f"{where}: the {lang} text is missing")
        texts.append(text.strip())
    return L10n(*texts)


def l10n_list(value: Any, where: str) -> L10nList:
    """An `L10nList` from a table {kk: [...], ru: [...], en: [...]} of equal, non-empty lists.

    Raises:
        DataError: a language is missing, a list is empty, or the lists differ in length.
    """
    if not isinstance(value, Mapping):
        raise DataError(f"{where}: expected a table with kk, ru and en lists")
    lists = []
    for lang in LANGS:
        items = value.get(lang)
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            raise DataError(f"{where}: the {lang} list is missing or empty")
        lists.append(tuple(i.strip() for i in items))
    if len({len(items) for items in lists}) != 1:
        raise DataError(f"{where}: the kk, ru and en lists differ in length")
    return L10nList(*lists)
