"""The vendored DejaVu Sans Condensed for every PDF we write (Kazakh and Russian letters)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS = Path(__file__).parent / "fonts"
FONT, FONT_BOLD = "SabaqSans", "SabaqSans-Bold"


@cache
def register_fonts() -> str:
    """Registers the font family with reportlab once.

    Returns:
        The regular font's name (FONT_BOLD is its bold face).
    """
    pdfmetrics.registerFont(TTFont(FONT, str(FONTS / "DejaVuSansCondensed.ttf")))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, str(FONTS / "DejaVuSansCondensed-Bold.ttf")))
    pdfmetrics.registerFontFamily(
        FONT, normal=FONT, bold=FONT_BOLD, italic=FONT, boldItalic=FONT_BOLD
    )
    return FONT
