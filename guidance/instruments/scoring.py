"""Scoring an answer sheet: raw scale scores, bands, the summary code and the risk rules that fire.

A pure function of the instrument and the answers (item id -> the chosen option's value):
    sum      the sum of the item scores (reverse-keyed items as low + high - value), weighted
    mean     that sum divided by the sum of the weights of the answered items
    correct  the sum of the weights of the items answered with their `correct` value
then times the scale's multiplier (e.g. WHO-5's x 4), rounded to 2 decimals.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from guidance.instruments.errors import InstrumentError
from guidance.instruments.schema import CODE, CORRECT, MEAN, Instrument, Item, Scale
from models.guidance import SEVERITIES
from models.i18n import N_, message


@dataclass(frozen=True, slots=True)
class RiskHit:
    rule: str
    severity: str


@dataclass(frozen=True, slots=True)
class Scored:
    scores: dict[str, float]
    bands: dict[str, str]
    summary: dict[str, Any] = field(default_factory=dict)
    risks: tuple[RiskHit, ...] = ()

    @property
    def severity(self) -> str | None:
        """The most urgent severity among the rules that fired, or None."""
        found = {hit.severity for hit in self.risks}
        return next((s for s in SEVERITIES if s in found), None)


def item_score(item: Item, value: int) -> float:
    """What one answer adds to its scales (before the weight)."""
    if item.correct is not None:
        return 1.0 if value == item.correct else 0.0
    if item.reverse:
        return float(item.answers.low + item.answers.high - value)
    return float(value)


def check_answers(instrument: Instrument, answers: Mapping[str, int]) -> None:
    """Refuses an answer sheet with unknown items, values that are no option, or gaps.

    Raises:
        InstrumentError: every problem, in the order of the items.
    """
    problems = [
        message(N_("There is no question {item}."), item=key)
        for key in answers
        if key not in {i.id for i in instrument.items}
    ]
    for number, item in enumerate(instrument.items, 1):
        if item.id not in answers:
            problems.append(message(N_("Question {n} is not answered."), n=number))
        elif not item.answers.has(answers[item.id]):
            problems.append(message(N_("Question {n} has no such answer."), n=number))
    if problems:
        raise InstrumentError("answers_incomplete", problems)


def _scale_score(instrument: Instrument, scale: Scale, answers: Mapping[str, int]) -> float:
    total = weights = 0.0
    for item in instrument.items:
        if scale.id not in item.scales or item.id not in answers:
            continue
        weights += item.weight
        if scale.method == CORRECT:
            total += item.weight if answers[item.id] == item.correct else 0.0
        else:
            total += item.weight * item_score(item, answers[item.id])
    if scale.method == MEAN:
        total = total / weights if weights else 0.0
    return round(total * scale.multiplier, 2)


def score(instrument: Instrument, answers: Mapping[str, int]) -> Scored:
    """Scores a complete answer sheet.

    Args:
        instrument: the instrument taken.
        answers: item id -> the value of the option chosen, for every item.

    Returns:
        Scale scores, the band of each scale that has bands, the summary and the risk hits.

    Raises:
        InstrumentError: the sheet has gaps, unknown items or values that are no option.
    """
    check_answers(instrument, answers)
    scores = {s.id: _scale_score(instrument, s, answers) for s in instrument.scales}
    bands = {}
    for scale in instrument.scales:
        band = next((b for b in scale.bands if b.holds(scores[scale.id])), None)
        if band is not None:
            bands[scale.id] = band.id
    risks = tuple(
        RiskHit(rule.id, rule.severity)
        for rule in instrument.risk
        if rule.fires(answers[rule.item] if rule.item is not None else scores[rule.scale or ""])
    )
    return Scored(scores, bands, summarize(instrument, scores), risks)


def summarize(instrument: Instrument, scores: Mapping[str, float]) -> dict[str, Any]:
    """The summary the file asks for: a code of the top scales (e.g. Holland's "SIA"), or the
    top scale(s). Ties keep the file's order of scales, and are named, so no one reads a
    tie as a preference."""
    summary = instrument.summary
    if summary is None:
        return {}
    ranked = sorted(summary.scales, key=lambda s: -scores[s])  # stable: file order on ties
    top = ranked[: summary.length]
    # every scale that shares its score with another where one of them is in the summary: the
    # order among them (or which of them made it in) is no preference of the student's
    levels = {scores[s] for s in top}
    tied = [
        s
        for s in ranked
        if scores[s] in levels and [scores[t] for t in ranked].count(scores[s]) > 1
    ]
    result: dict[str, Any] = {"top": top, "ties": tied}
    if summary.kind == CODE:
        result["code"] = "".join(top)
    if len(set(scores[s] for s in summary.scales)) == 1:
        result["flat"] = True  # every scale the same: no profile to read
    return result


def raise_if_unknown(instrument: Instrument, item_id: str, value: int) -> Item:
    """The item, when `value` is one of its options (one answer saved at a time).

    Raises:
        InstrumentError: no such question or answer.
    """
    item = next((i for i in instrument.items if i.id == item_id), None)
    if item is None:
        raise InstrumentError(
            "no_such_item", [message(N_("There is no question {item}."), item=item_id)]
        )
    if not item.answers.has(value):
        raise InstrumentError("no_such_answer", [message(N_("There is no such answer."))])
    return item
