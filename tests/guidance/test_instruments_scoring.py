"""Each shipped instrument scored from a filled answer sheet, worked out by hand in comments."""

from __future__ import annotations

import pytest

from guidance.instruments.catalogue import shipped
from guidance.instruments.errors import InstrumentError
from guidance.instruments.interpret import SPECIALIST, STUDENT, interpret
from guidance.instruments.schema import Instrument
from guidance.instruments.scoring import score


def sheet(instrument: Instrument, by_scale: dict[str, list[int]]) -> dict[str, int]:
    """Answers in file order per scale: by_scale["R"][k] answers the k-th R item."""
    taken: dict[str, int] = {}
    seen: dict[str, int] = {}
    for item in instrument.items:
        scale = item.scales[0]
        taken[item.id] = by_scale[scale][seen.get(scale, 0)]
        seen[scale] = seen.get(scale, 0) + 1
    return taken


def test_riasec_raw_scores_and_holland_code() -> None:
    riasec = shipped()["riasec"]
    answers = sheet(riasec, {
        "R": [4, 3, 2, 1, 0, 4, 3, 2],  # 19
        "I": [3] * 8,                   # 24
        "A": [0] * 8,                   # 0
        "S": [4] * 8,                   # 32
        "E": [2] * 8,                   # 16
        "C": [1] * 8,                   # 8
    })  # fmt: skip
    result = score(riasec, answers)
    assert result.scores == {"R": 19, "I": 24, "A": 0, "S": 32, "E": 16, "C": 8}
    assert result.summary == {"top": ["S", "I", "R"], "ties": [], "code": "SIR"}
    assert result.bands == {} and result.risks == ()


def test_riasec_ties_are_named_not_taken_for_a_preference() -> None:
    riasec = shipped()["riasec"]
    # S 32; I and A 24 each; the rest 8: the code keeps the file's order (I before A) and says so
    answers = sheet(riasec, {"R": [1] * 8, "I": [3] * 8, "A": [3] * 8, "S": [4] * 8,
                             "E": [1] * 8, "C": [1] * 8})  # fmt: skip
    result = score(riasec, answers)
    assert result.summary["code"] == "SIA"
    assert result.summary["ties"] == ["I", "A"]  # "SAI" would be as true: the order is no choice
    answers = sheet(riasec, {"R": [2] * 8, "I": [3] * 8, "A": [2] * 8, "S": [4] * 8,
                             "E": [2] * 8, "C": [0] * 8})  # fmt: skip
    # S 32, I 24, then R = A = E = 16: the third letter is cut out of a three-way tie
    result = score(riasec, answers)
    assert result.summary["code"] == "SIR"
    assert result.summary["ties"] == ["R", "A", "E"]
    words = [str(m) for m in interpret(riasec, result.scores, result.bands, result.summary,
                                       language="en", audience=STUDENT)]  # fmt: skip
    assert words[0] == ("Code SIR: the strongest are Social (helping), Investigative (research), "
                        "Realistic (practical).")  # fmt: skip
    assert any(w.startswith("Equal scores") for w in words)
    # a tie inside the code: I = S = 32 on top, so "IS..." is no more true than "SI..."
    answers = sheet(riasec, {"R": [0] * 8, "I": [4] * 8, "A": [1] * 8, "S": [4] * 8,
                             "E": [2] * 8, "C": [0] * 8})  # fmt: skip
    assert score(riasec, answers).summary == {"top": ["I", "S", "E"], "ties": ["I", "S"],
                                              "code": "ISE"}  # fmt: skip


def test_klimov_top_type() -> None:
    klimov = shipped()["klimov"]
    answers = sheet(klimov, {
        "nature": [4] * 6,                # 24
        "technology": [0, 1, 2, 3, 4, 0],  # 10
        "people": [2] * 6,                # 12
        "signs": [3] * 6,                 # 18
        "art": [0] * 6,                   # 0
    })  # fmt: skip
    result = score(klimov, answers)
    assert result.scores == {"nature": 24, "technology": 10, "people": 12, "signs": 18, "art": 0}
    assert result.summary["top"] == ["nature"]


def test_perception_top_preference() -> None:
    perception = shipped()["perception"]
    # visual 3+3+3+0+0+0 = 9; auditory 6 x 1 = 6; hands-on 6 x 2 = 12
    answers = sheet(perception, {"visual": [3, 3, 3, 0, 0, 0], "auditory": [1] * 6,
                                 "hands_on": [2] * 6})  # fmt: skip
    result = score(perception, answers)
    assert result.scores == {"visual": 9, "auditory": 6, "hands_on": 12}
    assert result.summary["top"] == ["hands_on"]


def test_ipip_reverse_keyed_items() -> None:
    ipip = shipped()["ipip-big5"]
    # all "very accurate" (5): keyed items give 5, reverse-keyed give 1 + 5 - 5 = 1
    # E 5 keyed + 5 reversed = 25 + 5 = 30; A 6 + 4 = 34; C 6 + 4 = 34;
    # emotional stability 2 keyed + 8 reversed = 10 + 8 = 18; intellect 7 + 3 = 38
    result = score(ipip, {i.id: 5 for i in ipip.items})
    assert result.scores == {"E": 30, "A": 34, "C": 34, "ES": 18, "I": 38}
    # all "neither" (3) gives 3 either way: 10 items x 3 = 30 on every factor
    assert set(score(ipip, {i.id: 3 for i in ipip.items}).scores.values()) == {30}


def _in_order(instrument: Instrument, values: list[int]) -> dict[str, int]:
    return {item.id: value for item, value in zip(instrument.items, values, strict=True)}


def test_phq9_bands_and_risk_rules() -> None:
    phq9 = shipped()["phq9"]
    # 1+2+0+3+1+0+2+1+0 = 10 -> moderate (10-14); item 9 = 0; item 10 is not added
    result = score(phq9, _in_order(phq9, [1, 2, 0, 3, 1, 0, 2, 1, 0, 3]))
    assert result.scores == {"total": 10} and result.bands == {"total": "moderate"}
    assert result.risks == ()
    # 3+3+2+2+2+1+1+0+1 = 15 -> moderately severe; item 9 = 1 fires the urgent rule, 15 the high
    result = score(phq9, _in_order(phq9, [3, 3, 2, 2, 2, 1, 1, 0, 1, 0]))
    assert result.bands == {"total": "moderately_severe"}
    assert [r.rule for r in result.risks] == ["self_harm_thoughts", "total_15"]
    assert result.severity == "urgent"


def test_phq_a_extra_questions_are_not_added_but_can_open_a_case() -> None:
    phqa = shipped()["phq-a"]
    # items 1-9: 0+1+0+0+1+0+0+0+0 = 2 -> minimal; 10 no, 11 "not difficult", 12 yes, 13 no
    result = score(phqa, _in_order(phqa, [0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0]))
    assert result.scores == {"total": 2} and result.bands == {"total": "minimal"}
    assert [(r.rule, r.severity) for r in result.risks] == [("suicidal_thoughts_month", "urgent")]


def test_gad7_bands() -> None:
    gad7 = shipped()["gad7"]
    # 3+3+2+2+2+2+1 = 15 -> severe, and the rule at 15 (moderate severity) fires
    result = score(gad7, _in_order(gad7, [3, 3, 2, 2, 2, 2, 1]))
    assert (result.scores, result.bands) == ({"total": 15}, {"total": "severe"})
    assert result.severity == "moderate"
    # 1+1+1+1+1+0+0 = 5 -> mild, no case
    result = score(gad7, _in_order(gad7, [1, 1, 1, 1, 1, 0, 0]))
    assert (result.bands, result.risks) == ({"total": "mild"}, ())


def test_who5_percent_and_low_score_rule() -> None:
    who5 = shipped()["who5"]
    # 3+3+3+2+2 = 13, x 4 = 52 -> good well-being
    result = score(who5, _in_order(who5, [3, 3, 3, 2, 2]))
    assert (result.scores, result.bands, result.risks) == ({"percent": 52}, {"percent": "good"}, ())
    # 3+3+2+2+2 = 12, x 4 = 48 -> poor (29-50), no case
    assert score(who5, _in_order(who5, [3, 3, 2, 2, 2])).bands == {"percent": "poor"}
    # 1+1+2+1+2 = 7, x 4 = 28 -> likely depression, and the rule "at most 28" fires
    result = score(who5, _in_order(who5, [1, 1, 2, 1, 2]))
    assert result.scores == {"percent": 28} and result.bands == {"percent": "likely_depression"}
    assert [r.rule for r in result.risks] == ["percent_28"]


def test_youth_risk_rules() -> None:
    youth = shipped()["youth-risk"]
    ids = [i.id for i in youth.items]
    quiet = dict.fromkeys(ids, 0)
    assert score(youth, quiet).risks == ()
    # bullied at school (yes) and alcohol on 3-5 days (value 2): bullying 1; two moderate rules
    answers = quiet | {"yr_bullied_school": 1, "yr_alcohol": 2}
    result = score(youth, answers)
    assert result.scores == {"bullying": 1, "suicidality": 0}
    assert [r.rule for r in result.risks] == ["bullied_school", "alcohol_3_days"]
    assert result.severity == "moderate"
    # alcohol on 1-2 days (value 1) opens nothing; considering suicide is urgent
    result = score(youth, quiet | {"yr_alcohol": 1, "yr_suicide_considered": 1})
    assert [(r.rule, r.severity) for r in result.risks] == [("suicide_considered", "urgent")]


def test_english_placement_counts_correct_answers() -> None:
    english = shipped()["english-placement"]
    # every A1, A2 and B1 item right (8 + 8 + 8), every B2 item wrong: 24 -> B1 (18-24)
    answers = {
        i.id: (i.correct if i.tag != "B2" else (i.correct or 0) + 1) % len(i.answers.options)
        for i in english.items
    }
    result = score(english, answers)
    assert result.scores == {"total": 24, "a1": 8, "a2": 8, "b1": 8, "b2": 0}
    assert result.bands == {"total": "B1"}
    lines = [str(m) for m in interpret(english, result.scores, result.bands, result.summary,
                                       language="en", audience=SPECIALIST)]  # fmt: skip
    assert lines == ["Correct answers (of 30): 24 — B1. Perfect tenses, the passive, "
                     "conditionals; longer texts."]  # fmt: skip


def test_an_incomplete_or_wrong_sheet_is_refused_with_each_question_named() -> None:
    gad7 = shipped()["gad7"]
    answers = {"gad7_1": 1, "gad7_2": 7, "zzz": 1}
    with pytest.raises(InstrumentError) as caught:
        score(gad7, answers)
    problems = [str(m) for m in caught.value.messages]
    assert problems[0] == "There is no question zzz."
    assert "Question 2 has no such answer." in problems
    assert "Question 7 is not answered." in problems
