"""Words for the expert's search: folded (ё → е, lower case) and reduced to a simple stem.

Russian and English words go through the Snowball stemmers; Kazakh words (recognised by their
own letters) lose their common plural, case and possessive endings. Documents and questions are
reduced the same way, and every question word also matches as a prefix, so a half-typed word
or a Kazakh form the rules miss still finds its documents.
"""

from __future__ import annotations

import re
from functools import cache

import snowballstemmer

WORD = re.compile(r"\w+", re.UNICODE)
KAZAKH_LETTERS = frozenset("әғқңөұүһі")
CYRILLIC = re.compile(r"[а-яё]")
# Kazakh endings, longest first; stripped at most three times, never below three letters.
# fmt: off
KAZAKH_ENDINGS = tuple(sorted({
    "лар", "лер", "дар", "дер", "тар", "тер", "ның", "нің", "дың", "дің", "тың", "тің",
    "ға", "ге", "қа", "ке", "на", "не", "а", "е", "да", "де", "та", "те", "нда", "нде",
    "дан", "ден", "тан", "тен", "нан", "нен", "ды", "ді", "ты", "ті", "ны", "ні",
    "мен", "бен", "пен", "сы", "сі", "ы", "і", "ым", "ім", "ың", "ің",
    "шы", "ші", "лық", "лік", "дық", "дік", "тық", "тік",
}, key=lambda e: (-len(e), e)))
MIN_STEM = 3
# Question words that say nothing about the topic (folded; Russian, Kazakh, English).
STOPWORDS = frozenset([
    "а", "в", "во", "и", "или", "на", "по", "с", "со", "к", "ко", "о", "об", "от", "до", "из",
    "кем", "кого", "чего", "каким", "какую", "каком", "каков", "почему", "зачем",
    "за", "для", "у", "не", "ли", "же", "бы", "как", "какой", "какая", "какие", "каких", "что",
    "чем", "кто", "где", "когда", "куда", "сколько", "нужно", "нужны", "нужен", "нужна", "надо",
    "можно", "мне", "я",
    "есть", "это", "этот", "эта", "эти", "про", "при", "чтобы", "хочу", "стать", "быть",
    "сдавать", "сдать", "поступить", "работать",
    "және", "мен", "да", "де", "қандай", "қалай", "не", "неше", "қайда", "қашан", "кім", "үшін",
    "керек", "бола", "болу", "болып", "ма", "ме", "ба", "бе", "па", "пе", "сен", "ол", "бұл",
    "осы", "қай",
    "a", "an", "the", "of", "to", "for", "in", "on", "at", "is", "are", "be", "do", "does", "i",
    "my", "me", "what", "which", "how", "who", "where", "when", "can", "should", "need", "want",
    "become", "study",
])
# fmt: on
PASSES = 3


def fold(text: str) -> str:
    """Lower case with ё written е (the way Russian is usually typed)."""
    return text.casefold().replace("ё", "е")


@cache
def _stemmer(language: str) -> snowballstemmer.Stemmer:
    return snowballstemmer.stemmer(language)


def _kazakh_stem(word: str) -> str:
    for _ in range(PASSES):
        for ending in KAZAKH_ENDINGS:
            if word.endswith(ending) and len(word) - len(ending) >= MIN_STEM:
                word = word[: -len(ending)]
                break
        else:
            break
    return word


@cache
def stem(word: str) -> str:
    """The stem of one folded word."""
    if KAZAKH_LETTERS & set(word):
        return _kazakh_stem(word)
    if CYRILLIC.search(word):
        return str(_stemmer("russian").stemWord(word))
    if word.isascii() and word.isalpha():
        return str(_stemmer("english").stemWord(word))
    return word


def words(text: str, *, question: bool = False) -> list[str]:
    """The stems of a text, in order (of a question: without its question words)."""
    found = WORD.findall(fold(text))
    if question:
        found = [w for w in found if w not in STOPWORDS]
    return [stem(w) for w in found]


def indexed(text: str) -> str:
    """A text as the index stores it: its stems separated by spaces."""
    return " ".join(words(text))
