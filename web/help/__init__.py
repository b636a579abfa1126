"""The user guide: Markdown per language and role, its sections, search, and context help."""

from __future__ import annotations

from web.help.context import PAGE_SECTIONS, section_for
from web.help.guide import (
    GUIDE_ROLES,
    HELP_LANGUAGES,
    Guide,
    Section,
    guide,
    search_guide,
    tour,
)

__all__ = [
    "GUIDE_ROLES",
    "HELP_LANGUAGES",
    "PAGE_SECTIONS",
    "Guide",
    "Section",
    "guide",
    "search_guide",
    "section_for",
    "tour",
]
