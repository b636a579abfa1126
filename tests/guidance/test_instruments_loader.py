"""The instrument file format: every shipped file loads; a broken file lists all its problems."""

from __future__ import annotations

import pytest

from guidance.instruments.catalogue import shipped
from guidance.instruments.errors import InstrumentInvalid
from guidance.instruments.loader import load_instrument
from guidance.instruments.schema import OURS, VALIDATED
from guidance.instruments.scoring import score

SHIPPED = {
    "riasec", "klimov", "ipip-big5", "phq9", "phq-a", "gad7", "who5", "youth-risk",
    "perception", "english-placement",
}  # fmt: skip

SMALL = """
id = "small"
version = "1"
kind = "personality"
licence = "ours"
source = "a test"
title = {en = "Small", ru = "Малый"}
[languages]
en = {status = "original"}
ru = {status = "ours"}
[answers.five]
options = [
  {value = 1, label = {en = "no", ru = "нет"}},
  {value = 2, label = {en = "rather no", ru = "скорее нет"}},
  {value = 3, label = {en = "rather yes", ru = "скорее да"}},
  {value = 4, label = {en = "yes", ru = "да"}},
]
[[scales]]
id = "s"
name = {en = "S"}
[[scales]]
id = "m"
method = "mean"
name = {en = "M"}
[[items]]
id = "a"
scales = ["s", "m"]
answers = "five"
text = {en = "A", ru = "А"}
[[items]]
id = "b"
scales = ["s", "m"]
answers = "five"
reverse = true
weight = 2
text = {en = "B", ru = "Б"}
"""


def test_every_shipped_instrument_loads_with_source_licence_and_languages() -> None:
    found = shipped()
    assert set(found) == SHIPPED
    for instrument in found.values():
        assert instrument.source and instrument.licence
        assert instrument.languages
        for item in instrument.items:
            assert set(instrument.languages) <= set(item.text)


def test_clinical_screenings_ship_no_translation_we_cannot_cite() -> None:
    # No Russian or Kazakh PHQ/GAD/WHO-5 text is shipped: only the English originals, so nothing
    # of ours can ever be taken for the published translations.
    for key in ("phq9", "phq-a", "gad7", "who5"):
        instrument = shipped()[key]
        assert instrument.clinical
        assert list(instrument.languages) == ["en"]
    # a translation of ours is marked so; none of ours claims to be validated
    for instrument in shipped().values():
        for language in instrument.languages.values():
            assert language.status != VALIDATED
    assert shipped()["youth-risk"].languages["kk"].status == OURS


def test_reverse_keys_weights_and_mean_by_hand() -> None:
    instrument = load_instrument(SMALL, file="small.toml")
    # a = 3 -> 3; b = 2 reverse-keyed on 1..4 -> 1 + 4 - 2 = 3, weight 2 -> 6
    # s = 3 + 6 = 9; m = 9 / (1 + 2) = 3
    result = score(instrument, {"a": 3, "b": 2})
    assert result.scores == {"s": 9.0, "m": 3.0}


def test_a_broken_file_lists_every_problem_with_file_item_and_field() -> None:
    broken = (
        SMALL.replace('kind = "personality"', 'kind = "horoscope"\ncolour = "red"')
        .replace('ru = {status = "ours"}', 'ru = {status = "validated"}')
        .replace('text = {en = "B", ru = "Б"}', 'text = {en = "B"}')
        .replace('answers = "five"\ntext = {en = "A"', 'answers = "six"\ntext = {en = "A"')
        + '\n[[risk]]\nid = "r"\nitem = "zzz"\nat_least = 1\nseverity = "urgent"\n'
        + '\n[[scales.bands]]\nid = "x"\nmin = 0\nmax = 5\nlabel = "x"\n'
        + '[[scales.bands]]\nid = "y"\nmin = 5\nmax = 9\nlabel = "y"\n'
    )
    with pytest.raises(InstrumentInvalid) as caught:
        load_instrument(broken, file="broken.toml")
    problems = [str(m) for m in caught.value.messages]
    expected = [
        "broken.toml, -: unknown field colour",
        "broken.toml, kind: must be one of",
        "broken.toml, languages.ru: a validated translation needs the citation of its source",
        "broken.toml, item a: answers must name an [answers.<id>] table, or give options",
        "broken.toml, risk r: item zzz does not exist",
        "broken.toml, scale m, band y: overlaps another band",
    ]
    for text in expected:
        assert any(p.startswith(text) for p in problems), (text, problems)


def test_a_missing_translation_of_an_item_is_named() -> None:
    broken = SMALL.replace('text = {en = "B", ru = "Б"}', 'text = {en = "B"}')
    with pytest.raises(InstrumentInvalid) as caught:
        load_instrument(broken, file="f.toml")
    assert [str(m) for m in caught.value.messages] == [
        "f.toml, item b, text: the text is missing in ru"
    ]


def test_not_toml_at_all() -> None:
    with pytest.raises(InstrumentInvalid) as caught:
        load_instrument(b"id = [", file="x.toml")
    assert str(caught.value.messages[0]).startswith("x.toml, -: not valid TOML")
