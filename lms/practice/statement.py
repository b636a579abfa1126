"""A task statement's Markdown as HTML that is safe to show, rendered as course lessons are.

Teachers write statements and students read them, so nothing a statement holds may run in the
reader's browser: lms.courses.markdown has markdown-it's HTML off and refuses javascript: and
similar links; `$n$` formulas come out as text with their symbols, code is highlighted.
"""

from __future__ import annotations

from lms.courses.markdown import render

MAX_CHARS = 200_000


def statement_html(text: str) -> str:
    """The statement as HTML (CommonMark, tables, $math$, code; raw HTML escaped)."""
    return render(text[:MAX_CHARS])
