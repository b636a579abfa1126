"""The guide's Markdown files read once: each role's guide in a language, split into sections.

`web/help/<lang>/<role>.md` holds a role's own sections and `web/help/<lang>/common.md` the ones
every role shares (account, offline use, asking for help); a section opens with
`## Title {#id}`. `web/help/<lang>/tour/<role>.md` holds the first-login tour cards the same way,
followed by the shared cards of `tour/common.md`. Text is rendered by the lessons' Markdown
renderer (raw HTML shown as text, unsafe links refused).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lms.courses.markdown import render
from models.accounts import ROLES

HERE = Path(__file__).resolve().parent
HELP_LANGUAGES = ("kk", "ru", "en")
GUIDE_ROLES: tuple[str, ...] = ROLES
HEADING = re.compile(r"^## +(.+?) *\{#([a-z0-9-]+)\} *$")
WORD = re.compile(r"\w+")


@dataclass(frozen=True, slots=True)
class Section:
    """One section of a guide: its anchor id, title, Markdown source and safe HTML."""

    id: str
    title: str
    source: str
    html: str


@dataclass(frozen=True, slots=True)
class Guide:
    """A role's guide in one language: its sections in reading order."""

    role: str
    language: str
    sections: tuple[Section, ...]

    def get(self, section_id: str) -> Section | None:
        """The section with this id, if the guide has it."""
        return next((s for s in self.sections if s.id == section_id), None)

    @property
    def ids(self) -> frozenset[str]:
        """Every section id of this guide."""
        return frozenset(s.id for s in self.sections)


def split_sections(text: str) -> tuple[Section, ...]:
    """The `## Title {#id}` sections of a Markdown text (text before the first is dropped)."""
    sections: list[Section] = []
    current: tuple[str, str] | None = None
    lines: list[str] = []

    def close() -> None:
        if current is not None:
            source = "\n".join(lines).strip()
            sections.append(Section(current[0], current[1], source, render(source)))

    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            close()
            current, lines = (match.group(2), match.group(1)), []
        else:
            lines.append(line)
    close()
    return tuple(sections)


def _read(language: str, name: str) -> tuple[Section, ...]:
    path = HERE / language / f"{name}.md"
    return split_sections(path.read_text(encoding="utf-8")) if path.exists() else ()


def _language(language: str | None) -> str:
    return language if language in HELP_LANGUAGES else "ru"


@cache
def guide(role: str, language: str | None) -> Guide:
    """A role's guide in a language (Russian when the language has no guide), shared parts last."""
    lang = _language(language)
    return Guide(role, lang, _read(lang, role) + _read(lang, "common"))


@cache
def tour(role: str, language: str | None) -> tuple[Section, ...]:
    """The first-login tour cards of a role in a language: its own cards, then the shared ones."""
    lang = _language(language)
    return _read(lang, f"tour/{role}") + _read(lang, "tour/common")


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFC", text.casefold()).replace("ё", "е")
    return WORD.findall(folded)


def search_guide(role: str, language: str | None, query: str) -> list[Section]:
    """The sections of a role's guide holding every word of the query (as word prefixes).

    Prefixes let Kazakh and Russian endings differ ("журнал" finds "журналда"); title matches
    come first. The guide is a few dozen sections, so a scan in memory is enough.
    """
    words = _words(query)
    if not words:
        return []
    found: list[tuple[int, int, Section]] = []
    for n, section in enumerate(guide(role, language).sections):
        title, body = _words(section.title), _words(section.source)
        if all(any(t.startswith(w) for t in title + body) for w in words):
            in_title = sum(any(t.startswith(w) for t in title) for w in words)
            found.append((-in_title, n, section))
    return [s for _, _, s in sorted(found, key=lambda f: (f[0], f[1]))]
