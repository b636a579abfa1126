"""Shares as reports print them: a percent rounded half up to one decimal."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

TENTH = Decimal("0.1")


def percent(part: int | float | Decimal, whole: int | float | Decimal) -> float | None:
    """`part` of `whole` in percent, rounded half up to a tenth; None when `whole` is 0.

    Args:
        part: the count (or sum) that is a share of the whole.
        whole: the whole.

    Returns:
        E.g. percent(2, 3) == 66.7 and percent(1, 8) == 12.5; None for an empty whole.
    """
    if not whole:
        return None
    exact = Decimal(str(part)) * 100 / Decimal(str(whole))
    return float(exact.quantize(TENTH, rounding=ROUND_HALF_UP))


def mean(total: int | float | Decimal, count: int, places: str = "0.01") -> float | None:
    """`total / count` rounded half up (to hundredths by default); None for no items."""
    if not count:
        return None
    exact = Decimal(str(total)) / Decimal(count)
    return float(exact.quantize(Decimal(places), rounding=ROUND_HALF_UP))
