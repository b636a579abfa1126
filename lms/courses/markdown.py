"""Lesson Markdown rendered safely: no raw HTML, safe links, tables, highlighted code, $math$.

Raw HTML in the source is shown as text (markdown-it with html off), and link targets with
javascript: and similar schemes are refused by markdown-it's own check. Formulas between `$`
signs are shown as text with the common TeX commands turned into their symbols, in a span the
stylesheet sets in a serif italic: no KaTeX and nothing fetched from elsewhere.
"""

from __future__ import annotations

import re
from functools import lru_cache
from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

BLANK = re.compile(r"\{\{(.*?)\}\}")
PLACEHOLDER = "@@SABAQBLANK{n}@@"
PLACEHOLDER_SPLIT = re.compile(r"@@SABAQBLANK\d+@@")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
TEX = {
    r"\cdot": "·",
    r"\times": "×",
    r"\bmod": "mod",
    r"\le": "≤",
    r"\leq": "≤",
    r"\ge": "≥",
    r"\geq": "≥",
    r"\ne": "≠",
    r"\neq": "≠",
    r"\pm": "±",
    r"\div": "÷",
    r"\ldots": "…",
    r"\dots": "…",
    r"\infty": "∞",
    r"\sqrt": "√",
    r"\pi": "π",
    r"\approx": "≈",
    r"\to": "→",
    r"\,": " ",
    r"\;": " ",
    r"\quad": " ",
    r"\%": "%",
}
TEX_COMMAND = re.compile(r"\\(?:text|mathrm|mathit|operatorname)\{([^{}]*)\}")
TEX_WORD = re.compile(r"\\[A-Za-z]+|\\[,;%]")
SCRIPT = re.compile(r"([\^_])(\{[^{}]*\}|[A-Za-z0-9])")
_FORMATTER = HtmlFormatter(nowrap=True)


def _math_rule(state: StateInline, silent: bool) -> bool:
    """`$formula$`: a dollar, no space inside either edge, and no digit right after the end."""
    src, start = state.src, state.pos
    if src[start] != "$" or src.startswith("$$", start):
        return False
    end = src.find("$", start + 1)
    if end <= start + 1 or src[start + 1].isspace() or src[end - 1].isspace():
        return False
    if end + 1 < len(src) and src[end + 1].isdigit():
        return False
    if not silent:
        token = state.push("math_inline", "span", 0)
        token.content = src[start + 1 : end]
    state.pos = end + 1
    return True


def tex_text(formula: str) -> str:
    """A TeX formula as readable text (HTML): \\text{} unwrapped, commands as symbols."""
    text = TEX_COMMAND.sub(lambda m: m.group(1), formula)
    text = TEX_WORD.sub(lambda m: TEX.get(m.group(0), m.group(0).lstrip("\\")), text)
    parts, last = [], 0
    for match in SCRIPT.finditer(text):
        parts.append(escape(text[last : match.start()]))
        tag = "sup" if match.group(1) == "^" else "sub"
        parts.append(f"<{tag}>{escape(match.group(2).strip('{}'))}</{tag}>")
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts).replace("{", "").replace("}", "")


def _highlight(code: str, lang: str, _attrs: Any) -> str:
    try:
        lexer = get_lexer_by_name(lang or "text")
    except ClassNotFound:
        return ""  # markdown-it escapes it as plain code
    return str(highlight(code, lexer, _FORMATTER))


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "highlight": _highlight})
    md.enable(["table", "strikethrough"])
    md.inline.ruler.before("escape", "math_inline", _math_rule)
    md.add_render_rule(
        "math_inline",
        lambda self, tokens, idx, options, env: (
            f'<span class="math">{tex_text(tokens[idx].content)}</span>'
        ),
    )
    default_image = getattr(md.renderer, "rules", {}).get("image")

    def image(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        token = tokens[idx]
        src = str(token.attrGet("src") or "")
        base = env.get("base", "") if isinstance(env, dict) else ""
        if base and src and not SCHEME.match(src) and not src.startswith(("/", "#")):
            token.attrSet("src", base.rstrip("/") + "/" + src.removeprefix("./"))
        token.attrSet("loading", "lazy")
        assert default_image is not None
        return str(default_image(tokens, idx, options, env))

    md.add_render_rule("image", image)
    return md


_MD = _parser()


@lru_cache(maxsize=4096)
def render(text: str, base: str = "") -> str:
    """Markdown to safe HTML; relative image paths are resolved against `base` (a URL)."""
    return str(_MD.render(text, {"base": base}))


@lru_cache(maxsize=8192)
def render_inline(text: str) -> str:
    """One line of Markdown (an option, a short label) to safe HTML without a paragraph."""
    return str(_MD.renderInline(text, {}))


@lru_cache(maxsize=1024)
def blank_parts(text: str) -> tuple[str, ...]:
    """A fill-in-the-blanks text as safe HTML pieces; the blanks go between them (n + 1 parts)."""
    counter = iter(range(10_000))
    marked = BLANK.sub(lambda _m: PLACEHOLDER.format(n=next(counter)), text)
    html = _MD.renderInline(marked, {}) if "\n" not in text.strip() else _MD.render(marked, {})
    return tuple(PLACEHOLDER_SPLIT.split(html))
