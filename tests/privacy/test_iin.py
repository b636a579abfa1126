"""IIN: the check digit (both weight rounds), the date part, and masking to the last four."""

from __future__ import annotations

import pytest

from models.privacy_iin import is_valid_iin, mask_iin, mask_iins_in_text


def _with_check(first11: str) -> str | None:
    for last in "0123456789":
        if is_valid_iin(first11 + last):
            return first11 + last
    return None


def test_exactly_one_check_digit_fits() -> None:
    iin = _with_check("08051550012")
    assert iin == "080515500126"
    wrong = [iin[:11] + d for d in "0123456789" if d != iin[11]]
    assert not any(is_valid_iin(w) for w in wrong)


def test_the_second_round_of_weights() -> None:
    # 1..11 weights give 10 for these first digits, so the 3..11,1,2 round decides
    found = [f"{n:011d}" for n in range(10101000000, 10101000400)]
    second_round = [
        f for f in found
        if sum(int(d) * w for d, w in zip(f, range(1, 12), strict=True)) % 11 == 10
    ]  # fmt: skip
    assert second_round, "the range has ids that need the second round"
    weights2 = (3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2)
    for first11 in second_round[:5]:
        check = sum(int(d) * w for d, w in zip(first11, weights2, strict=True)) % 11
        assert is_valid_iin(first11 + str(check)) is (check != 10)


@pytest.mark.parametrize("bad", ["", "12345", "0805155001261", "08051550012a", "081315500126",
                                 "080500500120", " 080515500126"])  # fmt: skip
def test_malformed_values_are_not_iins(bad: str) -> None:
    assert not is_valid_iin(bad)


def test_masking_keeps_the_last_four() -> None:
    assert mask_iin("080515500126") == "••••••••0126"
    assert mask_iin("") == ""
    assert mask_iin("123") == "•••"
    text = "ИИН 080515500126, телефон 870112345678"
    assert mask_iins_in_text(text) == "ИИН ••••••••0126, телефон 870112345678"


def test_pages_have_a_masking_filter() -> None:
    from web.app import _environment

    page = _environment().from_string("<td>{{ iin|iin }}</td>")
    assert page.render(iin="080515500126") == "<td>••••••••0126</td>"
