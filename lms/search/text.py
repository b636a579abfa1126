"""Words as the index sees them: folded, stemmed, and a query's words as prefixes to look for.

Texts are in Kazakh, Russian and English, often mixed, and a query does not say its language:

- Every word is folded: Unicode NFKC, case folding, `ё` -> `е` (Russian writes either).
- The index holds each folded word, and for Latin words also its English Snowball stem
  (`happy` -> `happi`, which is not a prefix of the word).
- A query word is looked for as a prefix, together with its stems: the Russian Snowball stem
  for Cyrillic words (`переменных` -> `перемен`, a prefix of `переменные`), the English stem
  for Latin ones. Kazakh adds its endings to the word, so a prefix already finds its forms
  (`айнымал` finds `айнымалылар`); a whole Kazakh word form also drops its endings (`есептерді`
  -> `есеп`) — at once for words with Kazakh letters, and as a second try for other Cyrillic
  words (a Russian word must not lose endings that look Kazakh when it found something).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer

# letters and digits (FTS5's unicode61 also splits at "_"), and the stress marks of Russian and
# Kazakh teaching texts ("перемéнная": Cyrillic has no precomposed stressed vowels)
STRESS = "\u0300\u0301"
WORD = re.compile(rf"(?:[^\W_]|[{STRESS}])+")
CYRILLIC = re.compile(r"[а-яёәғқңөұүһі]")
LATIN = re.compile(r"[a-z]")
KAZAKH_LETTERS = re.compile(r"[әғқңөұүһі]")
MAX_WORD = 40  # longer "words" are data (base64, hashes), not something anyone searches for
MIN_PREFIX = 3  # stems shorter than this find too much
MAX_QUERY_WORDS = 8
MIN_KAZAKH_STEM = 3
# Kazakh endings, longest first: case, possessive and plural (the common ones of nouns).
KAZAKH_ENDING_GROUPS = (
    ("лар", "лер", "дар", "дер", "тар", "тер"),  # plural
    ("ның", "нің", "дың", "дің", "тың", "тің"),  # genitive
    ("ға", "ге", "қа", "ке", "на", "не"),  # dative
    ("ны", "ні", "ды", "ді", "ты", "ті"),  # accusative
    ("да", "де", "та", "те", "нда", "нде"),  # locative
    ("дан", "ден", "тан", "тен", "нан", "нен"),  # ablative
    ("мен", "бен", "пен"),  # instrumental
    ("ымыз", "іміз", "мыз", "міз", "ыңыз", "іңіз", "ңыз", "ңіз"),  # possessive, plural persons
    ("ым", "ім", "ың", "ің", "сы", "сі", "ы", "і"),  # possessive
)
KAZAKH_ENDINGS = tuple(sorted((e for g in KAZAKH_ENDING_GROUPS for e in g), key=len, reverse=True))


@lru_cache(maxsize=4)
def _stemmer(language: str) -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer(language)


def fold(text: str) -> str:
    """The text as it is compared: NFKC, case-folded, `ё` written `е`, stress marks left out."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return folded.translate(_NO_STRESS)


_NO_STRESS = {ord(mark): None for mark in STRESS}


def words(text: str) -> list[str]:
    """The folded words of a text, in order (over-long ones left out)."""
    return [w for w in WORD.findall(fold(text)) if w and len(w) <= MAX_WORD]


@lru_cache(maxsize=1 << 16)
def english_stem(word: str) -> str:
    """The English Snowball stem of a folded Latin word (the word itself otherwise); cached:
    texts repeat their words, and stemming in pure Python costs far more than the lookup."""
    return _stemmer("english").stemWord(word) if LATIN.search(word) else word


def index_terms(text: str) -> str:
    """What the index stores for a text: its folded words, with English stems beside them."""
    out = []
    for word in words(text):
        out.append(word)
        stem = english_stem(word)
        if stem != word:
            out.append(stem)
    return " ".join(out)


def kazakh_stem(word: str) -> str:
    """A Kazakh word without its case, possessive and plural endings (up to three of them)."""
    for _ in range(3):
        for ending in KAZAKH_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_KAZAKH_STEM:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


def _minimal(prefixes: set[str]) -> tuple[str, ...]:
    """The prefixes without those another one already covers (a shorter prefix of them)."""
    kept = sorted(prefixes, key=len)
    out: list[str] = []
    for prefix in kept:
        if not any(prefix.startswith(shorter) for shorter in out):
            out.append(prefix)
    return tuple(sorted(out))


def _prefixes(word: str, *, kazakh: bool) -> tuple[str, ...]:
    found = {word}
    stems: list[str] = []
    if LATIN.search(word):
        stems.append(english_stem(word))
    if CYRILLIC.search(word):
        if not KAZAKH_LETTERS.search(word):
            stems.append(_stemmer("russian").stemWord(word))
        if kazakh or KAZAKH_LETTERS.search(word):
            stems.append(kazakh_stem(word))
    found.update(s for s in stems if len(s) >= MIN_PREFIX)
    return _minimal(found)


@dataclass(frozen=True)
class Query:
    """A query's words and, per word, the prefixes a matching text has one of."""

    text: str
    words: tuple[str, ...]
    groups: tuple[tuple[str, ...], ...]

    @property
    def empty(self) -> bool:
        return not self.groups

    def wider(self) -> Query | None:
        """The same query with Kazakh endings dropped from every Cyrillic word (None when that
        changes nothing): the second try when the first found nothing."""
        groups = tuple(_prefixes(w, kazakh=True) for w in self.words)
        return None if groups == self.groups else Query(self.text, self.words, groups)


def parse_query(text: str) -> Query:
    """A query typed by a person: its words (one letter alone is left out, but digits stay).

    Args:
        text: what was typed, in any language, possibly half a word at the end.

    Returns:
        The query; `empty` when nothing searchable is left.
    """
    found = [w for w in words(text[:500]) if len(w) >= 2 or w.isdigit()]
    unique = tuple(dict.fromkeys(found))[:MAX_QUERY_WORDS]
    return Query(text, unique, tuple(_prefixes(w, kazakh=False) for w in unique))


def marked(text: str, query: Query) -> list[tuple[str, bool]]:
    """A text in pieces, each saying whether it is a word the query matched (to highlight).

    Args:
        text: plain text as shown to the reader.
        query: the query (its wider form is used, so every word it could have found is marked).

    Returns:
        (piece, matched) in order; the pieces joined give the text back.
    """
    prefixes = {p for group in (query.wider() or query).groups for p in group}
    out: list[tuple[str, bool]] = []
    last = 0
    for found in WORD.finditer(text):
        folded = fold(found.group())
        candidates = (folded, english_stem(folded)) if LATIN.search(folded) else (folded,)
        if any(c.startswith(p) for c in candidates for p in prefixes):
            if found.start() > last:
                out.append((text[last : found.start()], False))
            out.append((found.group(), True))
            last = found.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


def snippet(text: str, query: Query, width: int = 180) -> list[tuple[str, bool]]:
    """About `width` characters of the text around its first matched word (its beginning when
    none matched), spaces collapsed, marked like `marked`, with … where it was cut."""
    flat = " ".join(text.split())
    hits = [(i, p) for i, (p, hit) in enumerate(marked(flat, query)) if hit]
    offset = 0
    if hits:
        pieces = marked(flat, query)
        offset = sum(len(p) for p, _ in pieces[: hits[0][0]])
    start = max(0, offset - width // 3)
    if start:
        space = flat.find(" ", start, offset)
        start = space + 1 if space != -1 else start
    end = min(len(flat), start + width)
    if end < len(flat):
        space = flat.rfind(" ", start, end)
        end = space if space > offset else end
    out = marked(flat[start:end], query)
    if start:
        out.insert(0, ("…", False))
    if end < len(flat):
        out.append(("…", False))
    return out
