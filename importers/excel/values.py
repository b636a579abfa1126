"""Cell values in and out: how dates, times, yes/no, days and lists look in the workbook."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any

from importers.excel.layout import DAY_ABBR, DAY_NAMES, GRID_SEP, GROUP_SEP, LIST_SEP, NO, YES
from solver.messages import Msg, msg


class CellError(ValueError):
    """A cell's value cannot be read as the column's type; `message` says why in words."""

    def __init__(self, message: Msg) -> None:
        super().__init__(str(message))
        self.message = message


_TIME = re.compile(r"^\s*(\d{1,2})\s*[:.]\s*(\d{2})(?:\s*[:.]\s*00)?\s*$")
_INT = re.compile(r"^\s*[+-]?\d+(?:[.,]0+)?\s*$")
_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y", "%Y.%m.%d")
_LIST_SPLIT = re.compile(r"[,;+\n]")
_TRUE = {"yes", "y", "true", "1", "x", "+", "иә", "иа", "ия", "да", "д"}
_FALSE = {"no", "n", "false", "0", "-", "жоқ", "жок", "нет", "н"}
_DAYS: dict[str, int] = {
    name.casefold(): i
    for table in (DAY_NAMES, DAY_ABBR)
    for names in table.values()
    for i, name in enumerate(names)
}
_EXCEL_EPOCH = datetime(1899, 12, 30)


def is_blank(value: Any) -> bool:
    """True for an empty cell (None or only whitespace)."""
    return value is None or (isinstance(value, str) and not value.strip())


# ---- out: Python values to cell values ----


def bool_out(value: bool, lang: str) -> str:
    """Yes/no in the workbook's first language."""
    return YES[lang] if value else NO[lang]


def day_out(day: int, lang: str) -> str:
    """A 0-based day index as the day's name."""
    return DAY_NAMES[lang][day]


def list_out(values: tuple[str, ...] | list[str]) -> str:
    """Several values in one cell."""
    return LIST_SEP.join(values)


def pair_out(first: str, second: str | None) -> str:
    """'7A/kz' (class and subgroup), or '7A' alone."""
    return first if second is None else f"{first}{GROUP_SEP}{second}"


def grid_header(day: int, shift: str, period: int, lang: str) -> str:
    """'Mon·1·3': the availability grid column for Monday, shift 1, period 3."""
    return f"{DAY_ABBR[lang][day]}{GRID_SEP}{shift}{GRID_SEP}{period}"


# ---- in: cell values to Python values (raise CellError) ----


def text_in(value: Any) -> str:
    """Any cell as trimmed text; whole numbers lose their '.0'."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == time() else value.isoformat(" ")
    return str(value).strip()


def int_in(value: Any) -> int:
    """A whole number."""
    if isinstance(value, bool):
        raise CellError(msg("'{value}' is not a whole number", value=value))
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT.match(value):
        return int(re.split(r"[.,]", value.strip())[0])
    raise CellError(msg("'{value}' is not a whole number", value=text_in(value)))


def date_in(value: Any) -> date:
    """A date: a date cell, or text like 2026-09-01 or 01.09.2026."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
        return (_EXCEL_EPOCH + timedelta(days=int(value))).date()
    if isinstance(value, str):
        for fmt in _DATE_FORMATS:
            try:
                return datetime.strptime(value.strip(), fmt).date()
            except ValueError:
                continue
    raise CellError(msg("'{value}' is not a date like 2026-09-01", value=text_in(value)))


def time_in(value: Any) -> str:
    """A clock time as 'HH:MM': a time cell, a fraction of a day, or text like 08:00."""
    minutes: int | None = None
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        minutes = value.hour * 60 + value.minute
    elif isinstance(value, float | int) and not isinstance(value, bool) and 0 <= value < 1:
        minutes = round(value * 24 * 60)
    elif isinstance(value, str) and (m := _TIME.match(value)):
        h, mm = int(m.group(1)), int(m.group(2))
        if h < 24 and mm < 60:
            minutes = h * 60 + mm
    if minutes is None or minutes >= 24 * 60:
        raise CellError(msg("'{value}' is not a time like 08:00", value=text_in(value)))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes_of(clock: str) -> int:
    """'08:30' -> 510."""
    h, m = clock.split(":")
    return int(h) * 60 + int(m)


def bool_in(value: Any) -> bool:
    """Yes/no in any of the three languages (or 1/0, true/false)."""
    if isinstance(value, bool):
        return value
    key = text_in(value).casefold()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellError(msg("'{value}' is not yes or no", value=text_in(value)))


def day_in(value: Any) -> int:
    """A day name or abbreviation in any language, or its number 1-7; returns 0 = Monday."""
    text = text_in(value)
    if text.casefold() in _DAYS:
        return _DAYS[text.casefold()]
    if text.isdigit() and 1 <= int(text) <= 7:
        return int(text) - 1
    raise CellError(msg("'{value}' is not a day of the week", value=text))


def list_in(value: Any) -> list[str]:
    """Several values from one cell, separated by ',', ';', '+' or new lines."""
    return [part.strip() for part in _LIST_SPLIT.split(text_in(value)) if part.strip()]


def pair_in(item: str) -> tuple[str, str | None]:
    """'7A/kz' -> ('7A', 'kz'); '7A' -> ('7A', None). Also accepts '·' and ':'."""
    for sep in (GROUP_SEP, "·", ":"):
        if sep in item:
            first, second = item.split(sep, 1)
            return first.strip(), second.strip()
    return item.strip(), None


def grid_header_in(text: str) -> tuple[int, str, int] | None:
    """'Mon·1·3' (any language's day abbreviation or name) -> (0, '1', 3); None if not a slot."""
    parts = [p.strip() for p in re.split(r"[·/|]", text) if p.strip()]
    if len(parts) != 3 or not parts[2].isdigit():
        return None
    day = _DAYS.get(parts[0].casefold())
    if day is None:
        return None
    return day, parts[1], int(parts[2])
