"""HTML of quiz questions (Moodle's editor, GIFT's [html]) as the Markdown our steps hold.

Paragraphs, line breaks, bold, italics, code, preformatted blocks, lists, headings, tables,
links (http, https and mailto only) and images are kept; every other tag keeps only its text,
and script, style and similar elements are dropped with their content. Text is escaped so
that a `*` or `_` in a question stays a character instead of becoming emphasis.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html.parser import HTMLParser

DROPPED = {"script", "style", "head", "title", "iframe", "object", "embed", "svg", "math"}
BLOCKS = {"p", "div", "section", "article", "blockquote", "center", "figure", "figcaption"}
SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
LINE_START = re.compile(r"^(\s*)([#>+-]|\d+[.)])(?=\s)", re.MULTILINE)
SAFE_LINK = re.compile(r"^(https?:|mailto:)", re.IGNORECASE)


def escape(text: str) -> str:
    """Plain text as Markdown that shows exactly that text."""
    return LINE_START.sub(r"\1\\\2", SPECIAL.sub(r"\\\1", text))


class _Converter(HTMLParser):
    def __init__(self, image: Callable[[str], str | None]) -> None:
        super().__init__(convert_charrefs=True)
        self.image = image  # src -> the path to write, or None to drop the image
        self.out: list[str] = []
        self.skip = 0  # inside a dropped element
        self.pre = 0
        self.lists: list[list[int]] = []  # per open list: [kind (0 ul, 1 ol), next number]
        self.link: list[str | None] = []
        self.row: list[str] | None = None
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def _emit(self, text: str) -> None:
        (self.cell if self.cell is not None else self.out).append(text)

    def _block(self) -> None:
        if self.cell is None:
            self.out.append("\n\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag in DROPPED:
            self.skip += 1
        elif self.skip:
            return
        elif tag in BLOCKS or re.fullmatch(r"h[1-6]", tag):
            self._block()
            if tag.startswith("h") and len(tag) == 2:
                self._emit("#" * int(tag[1]) + " ")
        elif tag == "br":
            self._emit("  \n" if self.cell is None else " ")
        elif tag in ("b", "strong"):
            self._emit("**")
        elif tag in ("i", "em"):
            self._emit("*")
        elif tag in ("code", "tt", "kbd", "samp") and not self.pre:
            self._emit("`")
        elif tag == "pre":
            self.pre += 1
            self._block()
            self._emit("```\n")
        elif tag in ("ul", "ol"):
            self.lists.append([int(tag == "ol"), 1])
            self._block()
        elif tag == "li":
            self._start_item()
        elif tag == "a":
            href = found.get("href", "")
            self.link.append(href if SAFE_LINK.match(href) else None)
            if self.link[-1]:
                self._emit("[")
        elif tag == "img":
            self._img(found)
        else:
            self._table_start(tag)

    def _start_item(self) -> None:
        kind = self.lists[-1] if self.lists else [0, 1]
        indent = "  " * max(0, len(self.lists) - 1)
        mark = f"{kind[1]}." if kind[0] else "-"
        kind[1] += 1
        self.out.append(f"\n{indent}{mark} ")

    def _img(self, found: dict[str, str]) -> None:
        path = self.image(found.get("src", ""))
        alt = escape(" ".join(found.get("alt", "").split()))
        if path:
            self._emit(f"![{alt}]({path})")
        elif alt:
            self._emit(alt)

    def _table_start(self, tag: str) -> None:
        if tag == "table":
            self._block()
            self.rows = []
        elif tag == "tr":
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in DROPPED:
            self.skip = max(0, self.skip - 1)
        elif self.skip:
            return
        elif tag in BLOCKS or re.fullmatch(r"h[1-6]", tag):
            self._block()
        elif tag in ("b", "strong"):
            self._emit("**")
        elif tag in ("i", "em"):
            self._emit("*")
        elif tag in ("code", "tt", "kbd", "samp") and not self.pre:
            self._emit("`")
        elif tag == "pre" and self.pre:
            self.pre -= 1
            self._emit("\n```")
            self._block()
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._block()
        elif tag == "a" and self.link:
            href = self.link.pop()
            if href:
                self._emit(f"]({href})")
        else:
            self._table_end(tag)

    def _table_end(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.rows.append(self.row)
            self.row = None
        elif tag == "table" and self.rows:
            width = max(len(r) for r in self.rows)
            lines = ["| " + " | ".join(r + [""] * (width - len(r))) + " |" for r in self.rows]
            lines.insert(1, "|" + " --- |" * width)
            self.out.append("\n\n" + "\n".join(lines) + "\n\n")
            self.rows = []

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.pre:
            self._emit(data)
        else:
            self._emit(escape(re.sub(r"\s+", " ", data)))


def to_markdown(html: str, image: Callable[[str], str | None] = lambda _src: None) -> str:
    """HTML as Markdown.

    Args:
        html: the HTML (a fragment).
        image: maps an image's src to the path the Markdown should use, or None to keep only
            its description.

    Returns:
        The Markdown, paragraphs separated by one blank line, no blank lines at the ends.
    """
    converter = _Converter(image)
    converter.feed(html)
    converter.close()
    text = "".join(converter.out)
    text = re.sub(r"\n[ \t]+(?=\n)", "\n", text)  # lines of spaces only
    text = re.sub(r" +\n(?=\n)", "\n", text)  # a line break right before a paragraph's end
    text = re.sub(r"(?<=\S) \n", "\n", text)  # one space left at a line's end
    text = re.sub(r"\n{3,}", "\n\n", text)
    return text.strip()


def as_markdown(text: str, fmt: str, image: Callable[[str], str | None] = lambda _src: None) -> str:
    """A question's text in one of the quiz formats as Markdown.

    Args:
        text: the text as the file holds it.
        fmt: html, moodle_auto_format / moodle (plain text whose line breaks count, HTML
            allowed), markdown, or plain_text / plain.
        image: as for `to_markdown`.

    Returns:
        The Markdown.
    """
    if fmt == "markdown":
        return text.strip()
    if fmt in ("plain_text", "plain"):
        return "\n".join(escape(line) for line in text.strip().splitlines())
    if fmt in ("moodle_auto_format", "moodle"):
        text = text.strip().replace("\n", "<br>")
    return to_markdown(text, image)
