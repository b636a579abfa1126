"""Results in plain words: one version for the specialist, an age-appropriate one for the student.

The words about a scale or band come from the instrument file (in the reader's language where it
has it); the sentences around them are ours and translated like every other sentence.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from guidance.instruments.schema import CODE, Instrument, Scale, pick
from models.i18n import N_, Message, message

SPECIALIST, STUDENT = "specialist", "student"


def number(value: float) -> str:
    """A score as people write it: 12, not 12.0; 3.25 stays."""
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def _band_of(scale: Scale, band_id: str | None) -> Any:
    return next((b for b in scale.bands if b.id == band_id), None)


def scale_lines(
    instrument: Instrument,
    scores: Mapping[str, float],
    bands: Mapping[str, str],
    language: str,
    audience: str,
) -> list[Message]:
    """One sentence per scale that has a band (its score, band and meaning)."""
    lines = []
    for scale in instrument.scales:
        band = _band_of(scale, bands.get(scale.id))
        if band is None:
            continue
        meaning = pick(band.specialist if audience == SPECIALIST else band.student, language)
        text = N_("{scale}: {score} — {band}. {meaning}")
        if audience == STUDENT:
            text = N_("{scale}: {band}. {meaning}")
        lines.append(
            message(text, scale=pick(scale.name, language), score=number(scores[scale.id]),
                    band=pick(band.label, language), meaning=meaning)
        )  # fmt: skip
    return lines


def summary_lines(
    instrument: Instrument, summary: Mapping[str, Any], language: str, audience: str
) -> list[Message]:
    """The summary: the Holland code or the strongest scale(s), what each means, and ties."""
    if not summary or instrument.summary is None:
        return []
    if summary.get("flat"):
        return [message(N_("All the scales came out equal, so there is no profile to read; "
                           "talking it through will tell more."))]  # fmt: skip
    names = [pick(instrument.scale(s).name, language) for s in summary["top"]]
    lines = []
    if instrument.summary.kind == CODE:
        text = N_("Code {code}: the strongest are {names}.")
        lines.append(message(text, code=summary.get("code", ""), names=", ".join(names)))
    else:
        lines.append(message(N_("The strongest: {names}."), names=", ".join(names)))
    for scale_id in summary["top"]:
        scale = instrument.scale(scale_id)
        meaning = pick(scale.specialist if audience == SPECIALIST else scale.student, language)
        if meaning:
            lines.append(message(N_("{scale}: {meaning}"), scale=pick(scale.name, language),
                                 meaning=meaning))  # fmt: skip
    if summary.get("ties"):
        tied = ", ".join(pick(instrument.scale(s).name, language) for s in summary["ties"])
        lines.append(message(N_("Equal scores, so the order among them is not a preference: "
                                "{names}."), names=tied))  # fmt: skip
    return lines


def interpret(
    instrument: Instrument,
    scores: Mapping[str, float],
    bands: Mapping[str, str],
    summary: Mapping[str, Any],
    *,
    language: str,
    audience: str,
) -> list[Message]:
    """The result in plain words.

    Args:
        instrument: the instrument taken.
        scores: scale id -> score.
        bands: scale id -> band id.
        summary: the scoring's summary (code, top, ties).
        language: the reader's language.
        audience: SPECIALIST or STUDENT.

    Returns:
        Sentences, the summary first.
    """
    lines = summary_lines(instrument, summary, language, audience)
    lines += scale_lines(instrument, scores, bands, language, audience)
    if audience == SPECIALIST and not any(s.bands for s in instrument.scales):
        lines.append(message(N_("Raw scores without norms: compare a student's scales with "
                                "each other, not with other students.")))  # fmt: skip
    return lines
