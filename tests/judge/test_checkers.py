"""The built-in checkers and the testlib exit codes (pure functions, no sandbox)."""

from __future__ import annotations

import pytest

from lms.judge import checkers


def test_tokens_ignore_spacing_but_not_words():
    assert checkers.tokens(b"1  2\n3", b"1 2 3\n").verdict == "AC"
    wrong = checkers.tokens(b"1 2 4", b"1 2 3")
    assert wrong.verdict == "WA" and str(wrong.message) == "word 3: expected 3, got 4"
    short = checkers.tokens(b"1 2", b"1 2 3")
    assert str(short.message) == "expected 3 words or numbers, the output has 2"


def test_exact_gives_pe_when_only_spacing_differs():
    assert checkers.exact(b"1 2\r\n3\r\n", b"1 2\n3").verdict == "AC"
    assert checkers.exact(b"1  2\n3\n", b"1 2\n3\n").verdict == "PE"
    assert checkers.exact(b"1 2 3\n", b"1 2\n3\n").verdict == "PE"
    assert checkers.exact(b"1 2\n4\n", b"1 2\n3\n").verdict == "WA"
    assert checkers.tokens(b"1  2\n3\n", b"1 2\n3\n").verdict == "AC"  # tokens never says PE


def test_float_tolerance_absolute_and_relative():
    assert checkers.floats(b"0.3333334", b"0.333333", 1e-6).verdict == "AC"
    assert checkers.floats(b"1000000.5", b"1000000.0", 1e-6).verdict == "AC"  # relative
    assert checkers.floats(b"0.334", b"0.333", 1e-6).verdict == "WA"
    assert checkers.floats(b"YES 1.0", b"YES 1", 1e-9).verdict == "AC"
    assert checkers.floats(b"nan", b"1.0", 1e-6).verdict == "WA"


def test_unordered_lines():
    assert checkers.lines_unordered(b"b 2\na  1\n\n", b"a 1\nb 2\n").verdict == "AC"
    out = checkers.lines_unordered(b"a 1\n", b"a 1\nb 2\n")
    assert str(out.message) == "a line of the answer is missing: b 2"
    assert checkers.lines_unordered(b"a 1\na 1\n", b"a 1\n").verdict == "WA"


@pytest.mark.parametrize(
    ("code", "comment", "verdict", "points"),
    [(0, "ok fine", "AC", None), (1, "wrong answer 3 != 4", "WA", None), (2, "", "PE", None),
     (3, "FAIL bad answer file", "IE", None), (7, "0.250000 quarter", "WA", 0.25),
     (7, "points 1", "AC", 1.0), (66, "", "WA", 0.5), (None, "", "IE", None)],
)  # fmt: skip
def test_testlib_exit_codes(code, comment, verdict, points):
    outcome = checkers.testlib_outcome(code, comment)
    assert (outcome.verdict, outcome.points) == (verdict, points)
