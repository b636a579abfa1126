"""Exact arithmetic for grades: values as fractions, rounded once, to a setting's rule."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction

HALF_UP = "half_up"  # 84.95 -> 85.0: the school rule (a half goes up)
HALF_EVEN = "half_even"  # banker's rounding, for schools whose spreadsheets use it
DOWN = "down"  # cut off: 84.99 -> 84.9
UP = "up"  # 84.91 -> 85.0
ROUNDING_MODES: tuple[str, ...] = (HALF_UP, HALF_EVEN, DOWN, UP)


def total(values: Iterable[Fraction]) -> Fraction:
    """The sum, in integers while the values are whole (most marks and points are)."""
    items = list(values)
    if all(v.denominator == 1 for v in items):
        return Fraction(sum(v.numerator for v in items))
    return sum(items, Fraction(0))


def exact(value: float | int | str | Decimal | Fraction) -> Fraction:
    """The value as an exact fraction; a float reads as its shortest decimal (7.8, not 7.79...)."""
    if isinstance(value, Fraction):
        return value
    if isinstance(value, float):
        return Fraction(repr(value))
    return Fraction(value)


def quantize(value: Fraction, places: int, mode: str = HALF_UP) -> Decimal:
    """`value` rounded to `places` decimals by `mode`, as a Decimal with that many places."""
    # integer arithmetic only: a school's recomputation rounds some 80,000 numbers
    low, rest = divmod(value.numerator * 10**places, value.denominator)  # floor, remainder
    twice, whole = 2 * rest, value.denominator
    if mode == DOWN or rest == 0:
        units = low
    elif mode == UP or twice > whole:
        units = low + 1
    elif twice < whole:
        units = low
    elif mode == HALF_EVEN:
        units = low + (low % 2)
    else:  # HALF_UP: grades are never negative, so "up" and "away from zero" agree
        units = low + 1
    return Decimal(units).scaleb(-places)


def plain(value: Decimal | Fraction | float | int) -> str:
    """A value as people write it, without trailing zeros: 8, 7.5, 38.25."""
    if isinstance(value, Fraction) and value.denominator == 1:
        return str(value.numerator)
    number = value if isinstance(value, Decimal) else _decimal(exact(value))
    return f"{number.normalize():f}"


def _decimal(value: Fraction) -> Decimal:
    # only for values with a finite decimal expansion (grades as entered); others are quantized
    return Decimal(value.numerator) / Decimal(value.denominator)
