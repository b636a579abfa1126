"""The scoring part of an instrument file: scales with their bands, risk rules and summary."""

from __future__ import annotations

from typing import Any

from guidance.instruments.fields import (
    BAND_KEYS,
    ID,
    RISK_KEYS,
    SCALE_KEYS,
    Problems,
    number,
    texts,
    unknown,
)
from guidance.instruments.schema import (
    METHODS,
    SUMMARY_KINDS,
    Band,
    Item,
    RiskRule,
    Scale,
    Summary,
)
from models.guidance import SEVERITIES
from models.i18n import N_


def read_scales(value: Any, problems: Problems) -> tuple[Scale, ...]:
    if not isinstance(value, list):
        problems.add("scales", N_("must be a list of [[scales]] tables"))
        return ()
    scales: list[Scale] = []
    for n, entry in enumerate(value, 1):
        entry = entry if isinstance(entry, dict) else {}
        sid = str(entry.get("id", ""))
        where = f"scale {sid or n}"
        unknown(entry, SCALE_KEYS, where, problems)
        if not ID.match(sid) or any(s.id == sid for s in scales):
            problems.add(where, N_("id must be given, unique, letters and digits"))
        method = entry.get("method", "sum")
        if method not in METHODS:
            problems.add(where, N_("method must be one of {allowed}"), allowed=", ".join(METHODS))
        multiplier = entry.get("multiplier", 1)
        if not number(multiplier):
            problems.add(where, N_("multiplier must be a number"))
        scales.append(
            Scale(
                sid, texts(entry.get("name"), f"{where}, name", problems, ()), str(method),
                float(multiplier) if number(multiplier) else 1.0,
                _bands(entry.get("bands", []), where, problems),
                texts(entry.get("specialist", {}), f"{where}, specialist", problems, (), True),
                texts(entry.get("student", {}), f"{where}, student", problems, (), True),
            )
        )  # fmt: skip
    return tuple(scales)


def _bands(value: Any, where: str, problems: Problems) -> tuple[Band, ...]:
    bands: list[Band] = []
    for n, entry in enumerate(value if isinstance(value, list) else [None], 1):
        entry = entry if isinstance(entry, dict) else {}
        at = f"{where}, band {entry.get('id') or n}"
        unknown(entry, BAND_KEYS, at, problems)
        low: Any = entry.get("min")
        high: Any = entry.get("max")
        if not (number(low) and number(high) and low <= high) or not entry.get("id"):
            problems.add(at, N_("a band needs an id and numbers min ≤ max"))
            continue
        label = texts(entry.get("label"), f"{at}, label", problems, ())
        specialist = texts(entry.get("specialist", {}), f"{at}, specialist", problems, (), True)
        student = texts(entry.get("student", {}), f"{at}, student", problems, (), True)
        band = Band(str(entry["id"]), float(low), float(high), label, specialist, student)
        if any(b.low <= band.high and band.low <= b.high for b in bands):
            problems.add(at, N_("overlaps another band"))
        bands.append(band)
    return tuple(bands)


def read_risks(
    value: Any, items: tuple[Item, ...], scales: tuple[Scale, ...], problems: Problems
) -> tuple[RiskRule, ...]:
    rules: list[RiskRule] = []
    for n, entry in enumerate(value if isinstance(value, list) else [None], 1):
        entry = entry if isinstance(entry, dict) else {}
        where = f"risk {entry.get('id') or n}"
        unknown(entry, RISK_KEYS, where, problems)
        item, scale = entry.get("item"), entry.get("scale")
        if (item is None) == (scale is None):
            problems.add(where, N_("give either item or scale"))
        elif item is not None and all(i.id != item for i in items):
            problems.add(where, N_("item {item} does not exist"), item=str(item))
        elif scale is not None and all(s.id != scale for s in scales):
            problems.add(where, N_("scale {scale} does not exist"), scale=str(scale))
        if entry.get("severity") not in SEVERITIES:
            allowed = ", ".join(SEVERITIES)
            problems.add(where, N_("severity must be one of {allowed}"), allowed=allowed)
        least: Any = entry.get("at_least")
        most: Any = entry.get("at_most")
        if [number(least), number(most)].count(True) != 1 or not entry.get("id"):
            problems.add(where, N_("a rule needs an id and one number: at_least or at_most"))
            continue
        reason = texts(entry.get("reason", {}), f"{where}, reason", problems, (), True)
        rules.append(
            RiskRule(str(entry["id"]), str(entry.get("severity")),
                     float(least) if number(least) else None, item, scale, reason,
                     float(most) if number(most) else None)
        )  # fmt: skip
    return tuple(rules)


def read_summary(value: Any, scales: tuple[Scale, ...], problems: Problems) -> Summary | None:
    if value is None:
        return None
    value = value if isinstance(value, dict) else {}
    kind, names, length = value.get("kind"), value.get("scales", []), value.get("length", 1)
    if kind not in SUMMARY_KINDS:
        allowed = ", ".join(SUMMARY_KINDS)
        problems.add("summary", N_("kind must be one of {allowed}"), allowed=allowed)
    ids = {s.id for s in scales}
    if not isinstance(names, list) or not names or any(n not in ids for n in names):
        problems.add("summary", N_("scales must list ids of [[scales]]"))
        return None
    if not isinstance(length, int) or not 1 <= length <= len(names):
        problems.add("summary", N_("length must be between 1 and the number of scales"))
        return None
    return Summary(str(kind), tuple(names), length)
