"""The built-in checkers, and reading a testlib checker's verdict from its exit code.

PE, precisely: only the `exact` checker gives it, when the output differs from the answer but
its tokens (whitespace-separated words) are the same, so only spaces or line breaks differ.
Every checker ignores CRLF versus LF; `exact` also ignores whether the last line ends in a
newline, nothing else.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from models.i18n import N_, Message, message

_NUMBER = re.compile(rb"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_SHOW = 40  # characters of a token quoted in a message


@dataclass(frozen=True)
class Outcome:
    verdict: str  # AC, WA, PE or IE
    message: Message | None = None
    points: float | None = None  # part of the test's worth given by a checker (0..1)


def _show(token: bytes) -> str:
    text = token.decode("utf-8", errors="replace")
    return text if len(text) <= _SHOW else text[:_SHOW] + "…"


def _count_mismatch(out: list[bytes], ans: list[bytes]) -> Outcome:
    return Outcome("WA", message(
        N_("expected {expected} words or numbers, the output has {got}"),
        expected=len(ans), got=len(out)))  # fmt: skip


def tokens(output: bytes, answer: bytes) -> Outcome:
    """Equal token by token; spaces and line breaks do not matter."""
    out, ans = output.split(), answer.split()
    for i, (got, expected) in enumerate(zip(out, ans, strict=False)):
        if got != expected:
            return Outcome("WA", message(
                N_("word {n}: expected {expected}, got {got}"),
                n=i + 1, expected=_show(expected), got=_show(got)))  # fmt: skip
    return Outcome("AC") if len(out) == len(ans) else _count_mismatch(out, ans)


def _normal(data: bytes) -> bytes:
    data = data.replace(b"\r\n", b"\n")
    return data[:-1] if data.endswith(b"\n") else data


def exact(output: bytes, answer: bytes) -> Outcome:
    """Byte for byte (CRLF and the final newline aside); same tokens otherwise is PE."""
    if _normal(output) == _normal(answer):
        return Outcome("AC")
    if output.split() == answer.split():
        return Outcome("PE", message(N_("the right answer, but spaces or line breaks differ")))
    return Outcome("WA", tokens(output, answer).message)


def floats(output: bytes, answer: bytes, tolerance: float) -> Outcome:
    """Numbers within `tolerance`, absolute or relative (|a-b| <= tol*max(1,|b|)); words equal."""
    out, ans = output.split(), answer.split()
    if len(out) != len(ans):
        return _count_mismatch(out, ans)
    for i, (got, expected) in enumerate(zip(out, ans, strict=True)):
        if _NUMBER.match(expected) and _NUMBER.match(got):
            a, b = float(got), float(expected)
            if abs(a - b) <= tolerance * max(1.0, abs(b)):
                continue
        elif got == expected:
            continue
        return Outcome("WA", message(
            N_("number {n}: expected {expected}, got {got}"),
            n=i + 1, expected=_show(expected), got=_show(got)))  # fmt: skip
    return Outcome("AC")


def _lines(data: bytes) -> Counter[bytes]:
    return Counter(b" ".join(line.split()) for line in data.splitlines() if line.strip())


def lines_unordered(output: bytes, answer: bytes) -> Outcome:
    """The same lines in any order (each line compared by its tokens; blank lines ignored)."""
    out, ans = _lines(output), _lines(answer)
    if out == ans:
        return Outcome("AC")
    missing = ans - out
    if missing:
        line = next(iter(missing))
        return Outcome("WA", message(N_("a line of the answer is missing: {line}"),
                                     line=_show(line)))  # fmt: skip
    extra = next(iter(out - ans))
    return Outcome("WA", message(N_("a line that is not in the answer: {line}"), line=_show(extra)))


def builtin(kind: str, output: bytes, answer: bytes, tolerance: float = 1e-6) -> Outcome:
    """Run the built-in checker `kind` (tokens, exact, float, lines-unordered)."""
    if kind == "exact":
        return exact(output, answer)
    if kind == "float":
        return floats(output, answer, tolerance)
    if kind == "lines-unordered":
        return lines_unordered(output, answer)
    return tokens(output, answer)


# testlib's exit codes: _ok 0, _wa 1, _pe 2, _fail 3, _dirt 4 (WA), _points 7,
# _unexpected_eof 8 (WA: the output ended early), _partially 16+N (N percent of the test).
def testlib_outcome(exit_code: int | None, comment: str) -> Outcome:
    """A testlib checker's verdict from its exit code and its comment (stderr)."""
    note = comment.strip()[:500]
    said = message(N_("checker: {comment}"), comment=note) if note else None
    if exit_code == 0:
        return Outcome("AC", said)
    if exit_code in (1, 4, 8):
        return Outcome("WA", said)
    if exit_code == 2:
        return Outcome("PE", said)
    if exit_code == 7:
        found = re.match(r"^\s*(?:points\s+)?([0-9]*\.?[0-9]+)", note)
        points = min(1.0, max(0.0, float(found.group(1)))) if found else 0.0
        return Outcome("AC" if points >= 1 else "WA", said, points)
    if exit_code is not None and 16 <= exit_code <= 116:
        points = (exit_code - 16) / 100
        return Outcome("AC" if points >= 1 else "WA", said, points)
    return Outcome("IE", message(N_("the checker failed (exit code {code}): {comment}"),
                                 code=exit_code, comment=note))  # fmt: skip
