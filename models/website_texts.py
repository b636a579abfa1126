"""Texts of the website in three languages: cleaning what an editor typed, and picking a language.

An item keeps `{"kk": {...}, "ru": {...}, "en": {...}}`. A visitor gets their language when the
item has a title in it; otherwise the school's language, then any language that has one, and the
page says which language it shows (`Localized.fallback`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from models.errors import NotFound, StoreError
from models.i18n import N_, message

LANGS: tuple[str, ...] = ("kk", "ru", "en")
LIMITS: dict[str, int] = {
    "title": 200,
    "summary": 400,
    "body": 50_000,
    "place": 200,
    "role": 200,
    "caption": 300,
    "about": 20_000,
    "address": 400,
    "hours": 300,
}


class SiteError(StoreError):
    """An edit of the website the store refuses (the messages say why)."""


class SiteNotFound(NotFound):
    """No such item on this school's website (or not visible to the public)."""


def not_found() -> SiteNotFound:
    """The one refusal for anything missing, deleted, unpublished or of another school."""
    return SiteNotFound("site_not_found", [message(N_("There is no such page on this site."))])


def refuse(code: str, text: str, **params: object) -> SiteError:
    """A SiteError with one sentence."""
    return SiteError(code, [message(text, **params)])


def clean_texts(
    raw: Mapping[str, Mapping[str, str]], fields: Iterable[str], *, required: str | None = "title"
) -> dict[str, dict[str, str]]:
    """The texts an editor typed, trimmed, with only the given fields and our languages.

    Args:
        raw: language -> field -> text, as the form sent it.
        fields: the fields this kind of item has (e.g. title, summary, body).
        required: a field that must be filled in at least one language (None: nothing is).

    Returns:
        language -> field -> text, languages without any text left out.

    Raises:
        SiteError: a text is longer than its limit, or `required` is empty in every language.
    """
    out: dict[str, dict[str, str]] = {}
    wanted = tuple(fields)
    for lang in LANGS:
        values = raw.get(lang) or {}
        kept = {}
        for name in wanted:
            text = str(values.get(name, "") or "").replace("\r\n", "\n").strip()
            limit = LIMITS.get(name, 1000)
            if len(text) > limit:
                raise refuse(
                    "site_text_too_long",
                    N_("A text is longer than {limit} characters ({lang}: {field})."),
                    limit=limit,
                    lang=lang,
                    field=name,
                )
            if text:
                kept[name] = text
        if kept:
            out[lang] = kept
    if required and not any(required in values for values in out.values()):
        raise refuse("site_title_missing", N_("Write a title in at least one language."))
    return out


def texts_from_form(form: Mapping[str, Any], fields: Iterable[str]) -> dict[str, dict[str, str]]:
    """Form fields named `<field>_<lang>` (title_kk, body_ru...) as language -> field -> text."""
    wanted = tuple(fields)
    return {
        lang: {name: str(form.get(f"{name}_{lang}", "") or "") for name in wanted} for lang in LANGS
    }


@dataclass(frozen=True, slots=True)
class Localized:
    """An item's texts in the language a visitor reads them in."""

    lang: str  # the language shown
    wanted: str  # the language asked for
    values: dict[str, str] = field(default_factory=dict)

    @property
    def fallback(self) -> bool:
        """The item has no text in the visitor's language; another is shown."""
        return self.lang != self.wanted

    def get(self, name: str) -> str:
        """One field's text ("" when empty)."""
        return self.values.get(name, "")


def pick(
    texts: Mapping[str, Any], wanted: str, school_language: str, key: str = "title"
) -> Localized:
    """The texts of `wanted` when they have `key`; else the school's language's; else any.

    Args:
        texts: language -> field -> text.
        wanted: the visitor's language.
        school_language: the school's own language, the first fallback.
        key: the field whose presence decides whether a language has the item.

    Returns:
        The chosen language and its fields (empty fields when the item has no text at all).
    """
    order = [wanted, school_language, *LANGS]
    for lang in order:
        values = texts.get(lang)
        if isinstance(values, Mapping) and values.get(key):
            return Localized(lang, wanted, {k: str(v) for k, v in values.items()})
    return Localized(wanted, wanted, {})
