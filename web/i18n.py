"""The interface languages: catalogues, choosing a language, Jinja callables, dates and numbers."""

from __future__ import annotations

import gettext as gnu
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from io import BytesIO
from pathlib import Path
from typing import Any, Literal, Protocol

from babel import dates, numbers
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from jinja2 import Environment, pass_context
from jinja2.runtime import Context

# Codes in the order the language menu shows them, each with its name in its own language.
# A mapping, so `code in LANGUAGES`, `tuple(LANGUAGES)` and `LANGUAGES.items()` all read naturally.
LANGUAGES: Mapping[str, str] = {"kk": "Қазақша", "ru": "Русский", "en": "English"}
DEFAULT_LANGUAGE = "ru"  # when neither the person, the browser nor the school says otherwise
LOCALE_DIR = Path(__file__).parent / "locale"
DOMAIN = "messages"
# A template context variable of this name (the page's language code) picks the render's
# language; without it the language set by `use_locale` (or the default) applies.
CONTEXT_KEY = "lang"

_current: ContextVar[str] = ContextVar("sabaq_locale", default=DEFAULT_LANGUAGE)


class Renderable(Protocol):
    """A domain sentence: models.i18n.Message or solver.messages.Msg."""

    def render(self, translate: Callable[[str], str]) -> str: ...


def catalogue_path(locale: str) -> Path:
    """Where the gettext catalogue of `locale` lives (a .po file, read as is)."""
    return LOCALE_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def load_translations(path: Path, locale: str) -> Translations:
    """Read one .po catalogue and compile it in memory (no .mo files, no build step)."""
    with path.open("rb") as fh:
        catalog = read_po(fh, locale=locale, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)  # leaves out fuzzy and untranslated entries: they show the msgid
    buffer.seek(0)
    return Translations(buffer, domain=DOMAIN)


@dataclass(frozen=True, slots=True)
class Gettext:
    """One language's gettext as a function that also offers `ngettext`.

    Code that hands a sentence only its translate function (`message.render(t.gettext)`) thus
    still gets each language's plural forms (`solver.messages.Msg` looks for `.ngettext`) and
    words a value gives per language (`.locale`).
    """

    translations: gnu.NullTranslations
    locale: str  # for values that carry their own words per language (importers.excel Words)

    def __call__(self, text: str) -> str:
        """`text` (a msgid) in this language; the msgid itself where no translation exists."""
        return self.translations.gettext(text)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of `singular`/`plural` that fits the count `n` in this language."""
        return self.translations.ngettext(singular, plural, n)


@dataclass(frozen=True, slots=True)
class Translator:
    """Text, sentences, dates and numbers in one language.

    `gettext(text)` translates a msgid; passed on as a function it carries `ngettext` too.
    """

    locale: str
    translations: gnu.NullTranslations
    gettext: Gettext = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "gettext", Gettext(self.translations, self.locale))

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """The form of `singular`/`plural` that fits the count `n` in this language."""
        return self.translations.ngettext(singular, plural, n)

    def render(self, message: Renderable) -> str:
        """A domain sentence (Message or Msg) in this language, its values filled in."""
        return message.render(self.gettext)

    def format_date(self, value: date, format: str = "medium") -> str:
        """A date in the language's own way: "1 қыркүйек 2025 ж.", "1 сентября 2025 г."."""
        return dates.format_date(value, format=format, locale=self.locale)

    def format_time(self, value: time | datetime, format: str = "short") -> str:
        """A clock time ("08:30"; "8:30 AM" in English)."""
        return dates.format_time(value, format=format, locale=self.locale)

    def format_datetime(self, value: datetime, format: str = "medium") -> str:
        """A date with its time."""
        return dates.format_datetime(value, format=format, locale=self.locale)

    def format_number(self, value: float | Decimal, format: str | None = None) -> str:
        """A number with the language's separators ("1 234,5" in kk and ru)."""
        return numbers.format_decimal(value, format=format, locale=self.locale)

    def day_name(
        self, weekday: int, width: Literal["abbreviated", "narrow", "short", "wide"] = "wide"
    ) -> str:
        """The name of a weekday, 0 = Monday: "дүйсенбі", "понедельник", "Monday"."""
        names = dates.get_day_names(width, context="stand-alone", locale=self.locale)
        return str(names[weekday % 7])

    def month_name(
        self, month: int, width: Literal["abbreviated", "narrow", "wide"] = "wide"
    ) -> str:
        """The name of a month on its own (1 = January): "Қыркүйек", "сентябрь"."""
        names = dates.get_month_names(width, context="stand-alone", locale=self.locale)
        return str(names[month])


# The Kazakh Cyrillic alphabet holds the Russian one in Russian order, so one ranking sorts names
# in both languages ("Әсел" after "Асқар", before "Бауыржан"; "Ёлкин" after "Елена").
_CYRILLIC = "аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя"
_RANK = {letter: i for i, letter in enumerate(_CYRILLIC)}
_PARTS = re.compile(r"\d+|.", re.DOTALL)


def sort_key(locale: str | None) -> Callable[[str], tuple[tuple[int, int], ...]]:
    """A key for sorting names as the language does: Cyrillic first in kk and ru, Latin in en.

    Numbers compare by value, so class 9B comes before 10A.
    """
    cyrillic_group = 1 if supported(locale) == "en" else 0

    def key(text: str) -> tuple[tuple[int, int], ...]:
        out = []
        for part in _PARTS.finditer(text.casefold()):
            char = part.group()
            if char.isdigit():
                out.append((0, int(char)))
            elif char in _RANK:
                out.append((2 + cyrillic_group, _RANK[char]))
            elif char.isalpha():
                out.append((3 - cyrillic_group, ord(char)))
            else:  # spaces and punctuation after numbers, before letters
                out.append((1, ord(char)))
        return tuple(out)

    return key


def _load_all() -> dict[str, Translator]:
    return {
        code: Translator(code, load_translations(catalogue_path(code), code)) for code in LANGUAGES
    }


# Read once when the app starts; `reload_catalogues` re-reads them after the .po files change.
_translators: dict[str, Translator] = _load_all()


def reload_catalogues() -> None:
    """Read the three catalogues again (after scripts/i18n.sh or a translator's edit)."""
    _translators.update(_load_all())


def supported(code: str | None) -> str | None:
    """The interface language a code names ("kk-KZ", "RU", "en_GB"), or None if we have none."""
    if not code:
        return None
    primary = code.strip().replace("_", "-").split("-", 1)[0].lower()
    return primary if primary in LANGUAGES else None


def translator(locale: str | None) -> Translator:
    """The translator of a language; an unknown or empty code gets the default language."""
    return _translators[supported(locale) or DEFAULT_LANGUAGE]


def accepted_languages(header: str | None) -> list[str]:
    """Our languages in an Accept-Language header, most preferred first (q-values; q=0 refuses)."""
    ranked: list[tuple[float, int, str]] = []
    for position, item in enumerate((header or "").split(",")):
        tag, _, params = item.partition(";")
        code = supported(tag)
        if code is None:
            continue
        quality = 1.0
        for param in params.split(";"):
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0  # a malformed weight is no preference at all
        if quality > 0:
            ranked.append((-quality, position, code))
    seen: list[str] = []
    for _, _, code in sorted(ranked):
        if code not in seen:
            seen.append(code)
    return seen


def negotiate(
    user_choice: str | None,
    cookie: str | None,
    accept_language: str | None,
    school_default: str | None,
) -> str:
    """The language of a page: the person's choice, the cookie, the browser, the school, Russian."""
    for code in (supported(user_choice), supported(cookie)):
        if code:
            return code
    browser = accepted_languages(accept_language)
    if browser:
        return browser[0]
    return supported(school_default) or DEFAULT_LANGUAGE


def current_locale() -> str:
    """The language set for this request or task by `use_locale` (else the default)."""
    return _current.get()


@contextmanager
def use_locale(locale: str | None) -> Iterator[Translator]:
    """Within the block, templates and `current_translator()` use `locale`.

    A middleware wraps each request in it; a worker wraps each e-mail it renders.
    """
    chosen = translator(locale)
    token = _current.set(chosen.locale)
    try:
        yield chosen
    finally:
        _current.reset(token)


def current_translator() -> Translator:
    """The translator of the language set by `use_locale`."""
    return translator(current_locale())


def _context_translator(context: Context) -> Translator:
    """The render's language: the context's `lang` if it names one, else the current locale."""
    lang = context.get(CONTEXT_KEY)
    found = _translators.get(lang) if isinstance(lang, str) else None  # the usual exact code
    return found or translator(supported(lang) or current_locale())


@pass_context
def _gettext(context: Context, text: str) -> str:
    return _context_translator(context).gettext(text)


@pass_context
def _ngettext(context: Context, singular: str, plural: str, n: int) -> str:
    return _context_translator(context).ngettext(singular, plural, n)


def _with_translator(method: str) -> Callable[..., str]:
    """A Jinja filter/global calling `Translator.<method>` in the render's language."""

    @pass_context
    def call(context: Context, *args: Any, **kwargs: Any) -> str:
        result: str = getattr(_context_translator(context), method)(*args, **kwargs)
        return result

    return call


JINJA_HELPERS = (
    "render",
    "format_date",
    "format_time",
    "format_datetime",
    "format_number",
    "day_name",
    "month_name",
)


def install_jinja(env: Environment) -> None:
    """Give templates `_`, `gettext`, `ngettext`, `{% trans %}` and the formatting helpers.

    The callables are bound once but look up the language at each render: the context's
    `lang` variable, else the locale of `use_locale`. `_("Hello %(name)s", name=x)` formats with
    named values (new-style gettext), escaping them under autoescape. `{% trans %}` blocks are
    trimmed, as babel.cfg extracts them. `render(message)` shows a domain Message; dates and
    numbers come as filters and globals: `{{ day|format_date("long") }}`, `{{ day_name(0) }}`.
    """
    env.add_extension("jinja2.ext.i18n")
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=_gettext, ngettext=_ngettext, newstyle=True
    )
    for name in JINJA_HELPERS:
        helper = _with_translator(name)
        env.globals[name] = helper
        env.filters[name] = helper
    env.globals["languages"] = LANGUAGES
