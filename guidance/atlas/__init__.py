"""The atlas of professions: our own texts in kk/ru/en joined with O*NET figures (CC BY 4.0)."""

from guidance.admissions.l10n import L10n, L10nList
from guidance.atlas.loader import read_atlas, shipped_atlas
from guidance.atlas.schemas import Atlas, OnetFigures, Outlook, Profession

__all__ = [
    "Atlas",
    "L10n",
    "L10nList",
    "OnetFigures",
    "Outlook",
    "Profession",
    "read_atlas",
    "shipped_atlas",
]
