"""Recommendations that explain themselves: profile -> professions -> UNT pair -> programmes ->
universities, plus NU, study abroad and at most two electives a year (issue 9, item 5)."""

from guidance.recommend.engine import recommend
from guidance.recommend.schemas import (
    AbroadOption,
    ElectiveCourse,
    GroupMatch,
    KlimovScores,
    NuOption,
    PairMatch,
    ProfessionMatch,
    ProfileInput,
    Recommendations,
    RiasecScores,
    UniversityOption,
)

__all__ = [
    "AbroadOption",
    "ElectiveCourse",
    "GroupMatch",
    "KlimovScores",
    "NuOption",
    "PairMatch",
    "ProfessionMatch",
    "ProfileInput",
    "Recommendations",
    "RiasecScores",
    "UniversityOption",
    "recommend",
]
