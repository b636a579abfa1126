"""How values are written in OneRoster CSV files: stable sourcedIds, dates, grades, names."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable
from datetime import UTC, date, datetime

# sourcedIds are uuid5 names under this namespace: the same school, kind and id always give the
# same sourcedId, in every export and on every machine, and different schools never collide.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:sabaq:oneroster")


class Ids:
    """The sourcedIds of one school's things: uuid5 of "school code/kind/id".

    Computed as uuid.uuid5 does (SHA-1 of namespace and name, version and variant bits set),
    from a hash of the namespace and school code made once, and remembered: an export asks for
    a student's or a line item's id once per result, hundreds of thousands of times.
    """

    def __init__(self, school_code: str) -> None:
        self.school_code = school_code
        self._prefix = hashlib.sha1(NAMESPACE.bytes + f"{school_code}/".encode())
        self._known: dict[tuple[object, ...], str] = {}

    def __call__(self, kind: str, *parts: object) -> str:
        """The sourcedId of the thing of `kind` with this id (several parts for composites)."""
        key = (kind, *parts)
        known = self._known.get(key)
        if known is None:
            digest = self._prefix.copy()
            digest.update("/".join([kind, *(str(p) for p in parts)]).encode())
            raw = bytearray(digest.digest()[:16])
            raw[6] = (raw[6] & 0x0F) | 0x50  # version 5
            raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
            h = raw.hex()
            known = f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"
            if kind not in _ONCE:
                self._known[key] = known
        return known


_ONCE = {"result", "enrollment"}  # asked for once each: not worth remembering


def moment(value: datetime) -> str:
    """A dateTime in UTC as the binding writes it: 2026-09-01T08:00:00.000Z."""
    if value.tzinfo is not None:
        value = value.astimezone(UTC).replace(tzinfo=None)
    return value.isoformat(timespec="milliseconds") + "Z"


def day(value: date | None) -> str:
    """A date as YYYY-MM-DD (empty for none)."""
    return value.isoformat() if value is not None else ""


def grade_code(grade: int) -> str:
    """A grade level in the CEDS vocabulary the binding uses: 0 -> KG, 7 -> 07."""
    if grade == 0:
        return "KG"
    if 1 <= grade <= 13:
        return f"{grade:02d}"
    return "Other"


def number(value: float) -> str:
    """A score or maximum as a plain decimal: 8, 7.5 (never 8.0 or 1e+01)."""
    if float(value).is_integer():
        return str(int(value))
    return format(value, "f").rstrip("0").rstrip(".")


def listed(values: Iterable[str]) -> str:
    """Several values in one field: comma-separated (the writer quotes the field)."""
    return ",".join(v for v in values if v)


def split_name(full: str) -> tuple[str, str, str]:
    """(given, family, middle) of a name written as Kazakh schools write it: family name first.

    "Жұмабекова Мөлдір Асанқызы" -> ("Мөлдір", "Жұмабекова", "Асанқызы"); a single word is
    both the given and the family name (the binding requires both).
    """
    words = full.split()
    if not words:
        return "", "", ""
    if len(words) == 1:
        return words[0], words[0], ""
    return words[1], words[0], " ".join(words[2:])
