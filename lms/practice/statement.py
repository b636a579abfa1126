"""A task statement's Markdown as HTML that is safe to show: raw HTML in it is shown as text.

Teachers write statements and students read them, so nothing a statement holds may run in
the reader's browser: markdown-it's HTML is off, and its link check refuses javascript: and
similar URLs. Math between dollar signs stays as written.
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt

MAX_CHARS = 200_000


@lru_cache(maxsize=1)
def _renderer() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")


def statement_html(text: str) -> str:
    """The statement as HTML (CommonMark and tables; raw HTML escaped)."""
    return str(_renderer().render(text[:MAX_CHARS]))
