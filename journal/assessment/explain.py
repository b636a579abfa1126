"""A computed grade's explanation (JSON as stored in FinalGrade) told as a sentence."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from models.i18n import N_, Message, message

# What the kinds of assessment are called in a sentence. In Russian: ФО, СОР, СОЧ; in
# Kazakh: ҚБ, БЖБ, ТЖБ (the catalogues translate these msgids).
KIND_LABELS: dict[str, str] = {
    "fo": N_("FA"),  # formative assessment (ФО)
    "sor": N_("SAU"),  # summative assessment for a unit / section (СОР)
    "soch": N_("SAT"),  # summative assessment for the term (СОЧ)
    "mark": N_("marks"),
}

# Marks that are words, translated when the sentence is rendered; digits stay as they are.
MARK_WORDS: dict[str, str] = {
    "pass": N_("pass"),
    "fail": N_("fail"),
    "low": N_("low level"),
    "medium": N_("medium level"),
    "high": N_("high level"),
}


def kind_label(kind: str) -> Message:
    """The short name of a kind of assessment ("FA" -> "ФО" in Russian)."""
    return Message(KIND_LABELS.get(kind, kind))


def mark_text(mark: str) -> Message | str:
    """A mark as shown: digits as they are, known words translated."""
    return Message(MARK_WORDS[mark]) if mark in MARK_WORDS else mark


def joined(items: Sequence[Message | str]) -> Message | str:
    """Items as a list in a sentence ("a, b, c"); the separator is translatable."""
    if not items:
        return ""
    result: Message | str = items[-1]
    for item in reversed(items[:-1]):
        result = message(N_("{head}, {tail}"), head=item, tail=result)
    return result


def explain(data: Mapping[str, Any]) -> Message:
    """The sentence for a stored explanation.

    Args:
        data: FinalGrade.explanation (from journal.assessment.compute).

    Returns:
        E.g. "Term 2: FA 7.8/10 → 19.5 %, SAU 38/45 → 21.1 %, SAT 20/25 → 40.0 %; 80.6 % → 4".
    """
    period = data.get("period", "")
    if data.get("empty") or not data:
        return message(N_("{period}: no grades yet"), period=period)
    if data.get("kind") == "year":
        return _year(data, period)
    mark = mark_text(data.get("mark", ""))
    if data.get("system") == "classic":
        return message(
            N_("{period}: marks {marks} → average {average} → {mark}"),
            period=period,
            marks=", ".join(data.get("marks", [])),
            average=data.get("score", ""),
            mark=mark,
        )
    parts = joined(
        [
            message(
                N_("{kind} {shown} → {share} %"),
                kind=kind_label(p["kind"]),
                shown=p["shown"],
                share=p["share"],
            )
            for p in data.get("parts", [])
        ]
    )
    missing = data.get("missing") or []
    if missing:
        return message(
            N_("{period}, without {missing}: {parts}; {percent} % → {mark}"),
            period=period,
            missing=joined([kind_label(k) for k in missing]),
            parts=parts,
            percent=data.get("score", ""),
            mark=mark,
        )
    return message(
        N_("{period}: {parts}; {percent} % → {mark}"),
        period=period,
        parts=parts,
        percent=data.get("score", ""),
        mark=mark,
    )


def _year(data: Mapping[str, Any], period: str) -> Message:
    terms = data.get("terms", [])
    mark = mark_text(data.get("mark", ""))
    method = data.get("method")
    if method == "mean_of_marks":
        marks = ", ".join(t["mark"] for t in terms)
        return message(
            N_("{period}: term marks {marks} → mean {mean} → {mark}"),
            period=period,
            marks=marks,
            mean=data.get("mean", ""),
            mark=mark,
        )
    if method == "last":
        return message(
            N_("{period}: {mark}, as in the last term ({term})"),
            period=period,
            mark=mark,
            term=terms[-1]["term"] if terms else "",
        )
    if method == "all":
        listed = joined([mark_text(t["mark"]) for t in terms])
        return message(
            N_("{period}: terms {marks} → {mark}"), period=period, marks=listed, mark=mark
        )
    scores = ", ".join(t["score"] for t in terms if t.get("score"))
    if data.get("system") == "classic":
        return message(
            N_("{period}: term averages {scores} → mean {mean} → {mark}"),
            period=period,
            scores=scores,
            mean=data.get("mean", ""),
            mark=mark,
        )
    return message(
        N_("{period}: term percents {scores} → mean {mean} % → {mark}"),
        period=period,
        scores=scores,
        mean=data.get("mean", ""),
        mark=mark,
    )
