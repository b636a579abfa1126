"""The words a reader sees in a course's steps and a task's statement, as plain text by language.

Only what a student is shown before answering is taken: questions, options, items and texts —
never which option is right, the words in a blank, the right order of items or which sides of
a matching step belong together (items and sides are sorted), and no explanations (they tell
why an answer is wrong).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from lms.search.text import fold
from models.lms import (
    AUDIO,
    BLANKS,
    GLOSSARY,
    MATCHING,
    MULTIPLE,
    OPEN,
    ORDERING,
    SINGLE,
    TEXT,
    VIDEO,
)

GALLERY, UPLOAD = "gallery", "upload"  # kinds the course editor adds (lms.courses)
BLANK = re.compile(r"\{\{.*?\}\}")
# what could make Markdown of a text: without any of it the text is plain already
MARKUP = re.compile(r"[*_`#\[\]!<>|~\\&]|^\s*([-+]|\d+[.)])\s|^\s*$|^ {4}", re.MULTILINE)
MAX_TEXT = 50_000  # characters per language: a longer statement is indexed by its beginning
Texts = dict[str, str]  # language -> plain text


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def plain(markdown: str) -> str:
    """The text of Markdown without its marks: paragraphs, code, link texts, image descriptions."""
    if not MARKUP.search(markdown):
        return " ".join(markdown.split())
    out: list[str] = []
    for token in _parser().parse(markdown[:MAX_TEXT]):
        if token.type in ("fence", "code_block"):
            out.append(token.content)
        for child in token.children or ():
            if child.type in ("text", "code_inline"):
                out.append(child.content)
            elif child.type == "image":
                out.append(child.content or str(child.attrs.get("alt", "")))
            elif child.type in ("softbreak", "hardbreak"):
                out.append(" ")
        if token.type.endswith("_close") and token.block:
            out.append("\n")
    return re.sub(r"[ \t]+", " ", "".join(out)).strip()


def _texts(value: Any) -> Texts:
    """A {language: text} table as found in a step (anything else gives nothing)."""
    if not isinstance(value, dict):
        return {}
    return {k: v for k, v in value.items() if isinstance(k, str) and isinstance(v, str)}


def _join(parts: Iterable[Texts], *, markdown: bool = True, sort: bool = False) -> Texts:
    """Texts by language from several tables, one line each (sorted when the order tells)."""
    out: dict[str, list[str]] = {}
    for table in parts:
        for lang, value in table.items():
            out.setdefault(lang, []).append(plain(value) if markdown else value)
    if sort:
        out = {lang: sorted(lines, key=fold) for lang, lines in out.items()}
    return {lang: "\n".join(line for line in lines if line) for lang, lines in out.items()}


def merge(*parts: Texts) -> Texts:
    """Several texts by language as one, a paragraph each."""
    return _join(parts, markdown=False)


def step_texts(kind: str, body: dict[str, Any]) -> Texts:
    """What a step shows before it is answered, by language (empty for task steps)."""
    question = [_texts(body.get("question"))]
    if kind == TEXT:
        return _join([_texts(body.get("texts"))])
    if kind in (SINGLE, MULTIPLE):
        options = [_texts(o) for o in body.get("options", []) if isinstance(o, dict)]
        return merge(_join(question), _join(options))
    if kind == BLANKS:
        text = {k: BLANK.sub("…", v) for k, v in _texts(body.get("text")).items()}
        return _join([text])
    if kind == ORDERING:
        items = [_texts(i) for i in body.get("items", [])]
        return merge(_join(question), _join(items, sort=True))
    if kind == MATCHING:
        pairs = [p for p in body.get("pairs", []) if isinstance(p, dict)]
        sides = [_texts(p.get("left")) for p in pairs] + [_texts(p.get("right")) for p in pairs]
        return merge(_join(question), _join(sides, sort=True))
    if kind == OPEN:
        return _join(question)
    if kind in (VIDEO, AUDIO):
        return _join([_texts(body.get("text"))])
    if kind == GALLERY:
        images = [i for i in body.get("images", []) if isinstance(i, dict)]
        parts = [_texts(i.get(part)) for i in images for part in ("alt", "caption")]
        return _join([_texts(body.get("text")), *parts])
    if kind == UPLOAD:
        return _join(question)
    if kind == GLOSSARY:
        terms = [t for t in body.get("terms", []) if isinstance(t, dict)]
        return _join([_texts(t.get(part)) for t in terms for part in ("term", "meaning")])
    return {}


def statement_texts(folder: Path) -> Texts:
    """A task folder's statements (statement.<lang>.md) as plain text by language."""
    out: Texts = {}
    if not folder.is_dir():
        return out
    for path in sorted(folder.glob("statement.*.md")):
        lang = path.name.split(".")[1]
        try:
            out[lang] = plain(path.read_text(encoding="utf-8", errors="replace")[:MAX_TEXT])
        except OSError:
            continue
    return out


def title_texts(title: Any) -> Texts:
    """A title table ({language: title}) with only its texts."""
    return _texts(title)
