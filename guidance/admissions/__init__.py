"""Admissions data: the UNT, subject pairs, programme groups, universities, NU and study abroad."""

from guidance.admissions.loader import read_admissions, shipped_admissions
from guidance.admissions.schemas import Admissions, Figure, ProgrammeGroup, University

__all__ = ["Admissions", "Figure", "ProgrammeGroup", "University", "read_admissions",
           "shipped_admissions"]  # fmt: skip
