"""Instruments: questionnaire files (TOML), their loader, scoring, interpretation and results.

`results_for_student` is the read API of the student profile (guidance/profile).
"""

from __future__ import annotations

from guidance.instruments.access import may_read, may_send
from guidance.instruments.catalogue import (
    Listed,
    find_listed,
    get_instrument,
    import_instrument,
    list_instruments,
    shipped,
)
from guidance.instruments.errors import InstrumentError, InstrumentInvalid, InstrumentNotFound
from guidance.instruments.loader import load_instrument
from guidance.instruments.results import Result, latest_scores, results_for_student
from guidance.instruments.schema import Instrument, pick
from guidance.instruments.scoring import Scored, score

__all__ = [
    "Instrument",
    "InstrumentError",
    "InstrumentInvalid",
    "InstrumentNotFound",
    "Listed",
    "Result",
    "Scored",
    "find_listed",
    "get_instrument",
    "import_instrument",
    "latest_scores",
    "list_instruments",
    "load_instrument",
    "may_read",
    "may_send",
    "pick",
    "results_for_student",
    "score",
    "shipped",
]
