"""IIN (ЖСН/ИИН, the 12-digit individual identification number): checked and masked.

No table of ours stores an IIN today (students are keyed by the school's own codes), so this is
the one place any later field or import must go through: shown masked by default
(`••••••••1234`; pages use the `iin` template filter), whole only to the school admin, and the
reveal audited by the caller.
"""

from __future__ import annotations

import re

MASK = "•"
SHOWN = 4  # the last digits left visible, enough to tell two children apart on a list
_WEIGHTS = (tuple(range(1, 12)), (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2))
_CANDIDATE = re.compile(r"(?<!\d)\d{12}(?!\d)")


def is_valid_iin(value: str) -> bool:
    """Whether `value` is 12 digits with a valid birth date part and check digit.

    The check digit is the weighted sum of the first 11 digits mod 11 (weights 1..11); a result
    of 10 is recomputed with weights 3..11, 1, 2, and a second 10 means no valid IIN.

    Args:
        value: the text to check (spaces are not allowed).

    Returns:
        True for a well-formed IIN.
    """
    if not re.fullmatch(r"\d{12}", value):
        return False
    digits = [int(c) for c in value]
    month, day = int(value[2:4]), int(value[4:6])
    if not (1 <= month <= 12 and 1 <= day <= 31):
        return False
    for weights in _WEIGHTS:
        check = sum(d * w for d, w in zip(digits[:11], weights, strict=True)) % 11
        if check != 10:
            return check == digits[11]
    return False


def mask_iin(value: str) -> str:
    """The IIN with all but its last four digits hidden (`••••••••1234`); empty stays empty.

    Args:
        value: an IIN (or any identifier: anything longer than four characters is masked).

    Returns:
        The masked text.
    """
    value = value.strip()
    if len(value) <= SHOWN:
        return MASK * len(value)
    return MASK * (len(value) - SHOWN) + value[-SHOWN:]


def mask_iins_in_text(text: str) -> str:
    """Free text with every valid IIN in it masked (for exports and logs a person reads).

    Args:
        text: any text.

    Returns:
        The text with each 12-digit run that is a valid IIN masked.
    """
    return _CANDIDATE.sub(
        lambda m: mask_iin(m.group(0)) if is_valid_iin(m.group(0)) else m.group(0), text
    )
