"""The assessment rules by hand-worked examples: the arithmetic is written beside each case."""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction

import pytest

from journal.assessment import (
    DESCRIPTIVE,
    MARKS,
    PASS_FAIL,
    GradeInput,
    RuleSet,
    TermMark,
    explain,
    parse_rules,
    preset,
    term_grade,
    year_grade,
)
from journal.assessment.numbers import quantize
from journal.errors import InvalidRules

RU = {"FA": "ФО", "SAU": "СОР", "SAT": "СОЧ", "high level": "высокий уровень", "pass": "зачёт"}


def ru(text: str) -> str:
    return RU.get(text, text)


def fo(*marks: float) -> list[GradeInput]:
    return [GradeInput("fo", Fraction(str(m)), Fraction(10)) for m in marks]


def pts(kind: str, value: float, maximum: float) -> GradeInput:
    return GradeInput(kind, Fraction(str(value)), Fraction(str(maximum)))


def rules_with(**overrides: object) -> RuleSet:
    return parse_rules({"preset": "kz-criteria", **overrides})


# The issue's example. ФО 8, 7, 8, 8, 8: mean 39/5 = 7.8; 7.8/10 x 25 = 19.5.
# СОР 18/20 and 20/25: 38/45 (points over maxima); 38/45 x 25 = 21.111... -> shown 21.1.
# СОЧ 20/25 x 50 = 40.0. Sum of the exact shares 19.5 + 21.111... + 40 = 80.611... -> 80.6 -> "4".
ISSUE = [*fo(8, 7, 8, 8, 8), pts("sor", 18, 20), pts("sor", 20, 25), pts("soch", 20, 25)]


def test_the_issue_example_to_the_last_decimal() -> None:
    result = term_grade(preset(), ISSUE, scheme=MARKS, term="Term 2")
    assert result.score == Decimal("80.6")
    assert result.mark == "4"
    assert result.message.render(ru) == (
        "Term 2: ФО 7.8/10 → 19.5 %, СОР 38/45 → 21.1 %, СОЧ 20/25 → 40.0 %; 80.6 % → 4"
    )
    parts = result.explanation["parts"]
    assert [(p["kind"], p["shown"], p["weight"], p["share"]) for p in parts] == [
        ("fo", "7.8/10", "25", "19.5"),
        ("sor", "38/45", "25", "21.1"),
        ("soch", "20/25", "50", "40.0"),
    ]


def test_the_explanation_is_json_and_tells_the_same_sentence_after_storing() -> None:
    result = term_grade(preset(), ISSUE, scheme=MARKS, term="Term 2")
    stored = json.loads(json.dumps(result.explanation))
    assert explain(stored).render(ru) == result.message.render(ru)


def test_a_term_without_soch_uses_the_without_soch_weights() -> None:
    # ФО 7.8/10 x 50 = 39.0; СОР 38/45 x 50 = 42.222... -> 42.2; 39 + 42.222... = 81.222... -> 81.2
    result = term_grade(preset(), ISSUE[:7], scheme=MARKS, term="Term 1")
    assert (result.score, result.mark) == (Decimal("81.2"), "4")
    assert result.explanation["missing"] == ["soch"]
    assert result.message.render(ru) == (
        "Term 1, without СОЧ: ФО 7.8/10 → 39.0 %, СОР 38/45 → 42.2 %; 81.2 % → 4"
    )


def test_a_term_without_soch_renormalises_other_weights_when_set_so() -> None:
    # weights 20/30/50 without СОЧ re-normalised: ФО 20/50 = 40 %, СОР 30/50 = 60 %.
    # ФО 7.8/10 x 40 = 31.2; СОР 38/45 x 60 = 50.666... -> 50.7;
    # 31.2 + 50.666... = 81.866... -> 81.9
    rules = rules_with(weights={"fo": 20, "sor": 30, "soch": 50}, without_soch="renormalise")
    result = term_grade(rules, ISSUE[:7], scheme=MARKS, term="Term 1")
    assert result.score == Decimal("81.9")
    assert [p["weight"] for p in result.explanation["parts"]] == ["40", "60"]


def test_only_formative_marks_count_in_full() -> None:
    # ФО 6, 7: mean 6.5; 6.5/10 x 100 = 65.0 -> "4"
    result = term_grade(preset(), fo(6, 7), scheme=MARKS, term="Term 1")
    assert (result.score, result.mark) == (Decimal("65.0"), "4")


def soch_only(points: int, maximum: int) -> list[GradeInput]:
    # alone, СОЧ carries 100 % (50 re-normalised over 50): percent = points / maximum x 100
    return [pts("soch", points, maximum)]


@pytest.mark.parametrize(
    ("points", "maximum", "score", "mark"),
    [
        (399, 1000, "39.9", "2"),  # 39.9 stays in the 0-39 band
        (400, 1000, "40.0", "3"),  # 40.0 opens the "3" band
        (1299, 2000, "65.0", "4"),  # 64.95 rounds half up to 65.0 -> "4"
        (1299 * 2 - 1, 4000, "64.9", "3"),  # 64.925 -> 64.9 -> "3"
        (1699, 2000, "85.0", "5"),  # 84.95 -> 85.0 -> "5"
        (8494, 10000, "84.9", "4"),  # 84.94 -> 84.9 -> "4"
        (850, 1000, "85.0", "5"),  # 85.0 exactly
    ],
)
def test_boundary_percents_under_the_default_rounding(
    points: int, maximum: int, score: str, mark: str
) -> None:
    result = term_grade(preset(), soch_only(points, maximum), scheme=MARKS, term="T")
    assert (str(result.score), result.mark) == (score, mark)


def test_reading_the_exact_percent_keeps_64_95_a_three() -> None:
    rules = rules_with(rounding={"mark_from": "exact"})
    result = term_grade(rules, soch_only(1299, 2000), scheme=MARKS, term="T")
    assert (str(result.score), result.mark) == ("65.0", "3")  # shown 65.0, but 64.95 < 65


def test_whole_percent_rounding_lifts_39_5_to_a_three() -> None:
    rules = rules_with(rounding={"places": 0})
    assert term_grade(rules, soch_only(395, 1000), scheme=MARKS, term="T").mark == "3"  # 39.5 -> 40
    assert term_grade(rules, soch_only(394, 1000), scheme=MARKS, term="T").mark == "2"  # 39.4 -> 39


def test_the_sum_of_rounded_shares_differs_from_the_rounded_sum_when_set() -> None:
    # ФО 7, 8: 7.5/10 x 25 = 18.75 -> 18.8; СОР 11/20 x 25 = 13.75 -> 13.8; СОЧ 20/25 -> 40.0.
    # exact: 18.75 + 13.75 + 40 = 72.5 -> 72.5; shares: 18.8 + 13.8 + 40.0 = 72.6
    grades = [*fo(7, 8), pts("sor", 11, 20), pts("soch", 20, 25)]
    assert term_grade(preset(), grades, scheme=MARKS, term="T").score == Decimal("72.5")
    shares = rules_with(rounding={"total_of": "shares"})
    assert term_grade(shares, grades, scheme=MARKS, term="T").score == Decimal("72.6")


def test_sor_as_the_mean_of_percents() -> None:
    # СОР 18/20 = 90 % and 20/25 = 80 %: mean 85 % x 25 = 21.25 -> 21.3 (points would give 21.1).
    # 19.5 + 21.25 + 40 = 80.75 -> 80.8 -> "4"
    rules = rules_with(sections={"combine": "mean_percent"})
    result = term_grade(rules, ISSUE, scheme=MARKS, term="Term 2")
    assert result.score == Decimal("80.8")
    assert result.explanation["parts"][1]["shown"] == "85.0 %"
    assert result.explanation["parts"][1]["share"] == "21.3"


def test_rounding_modes() -> None:
    assert str(quantize(Fraction("64.85"), 1, "half_up")) == "64.9"
    assert str(quantize(Fraction("64.85"), 1, "half_even")) == "64.8"
    assert str(quantize(Fraction("64.99"), 1, "down")) == "64.9"
    assert str(quantize(Fraction("64.91"), 1, "up")) == "65.0"
    assert str(quantize(Fraction(2, 3) * 100, 1)) == "66.7"


def test_classic_five_point_marks_are_averaged_and_rounded_half_up() -> None:
    classic = preset("classic-5")

    def marks(*values: int) -> list[GradeInput]:
        return [GradeInput("mark", Fraction(v), Fraction(5)) for v in values]

    # 5 + 4 + 4 + 5 = 18; 18 / 4 = 4.5 -> "5"
    result = term_grade(classic, marks(5, 4, 4, 5), scheme=MARKS, term="Term 1")
    assert (result.score, result.mark) == (Decimal("4.50"), "5")
    assert str(result.message) == "Term 1: marks 5, 4, 4, 5 → average 4.50 → 5"
    # 4 + 5 + 5 + 4 + 5 + 4 + 4 = 31; 31 / 7 = 4.428... -> 4.43 -> "4"
    assert term_grade(classic, marks(4, 5, 5, 4, 5, 4, 4), scheme=MARKS, term="T").mark == "4"
    # 3 + 2 = 5; 5 / 2 = 2.5 -> "3"
    assert term_grade(classic, marks(3, 2), scheme=MARKS, term="T").mark == "3"
    # formative points are not part of a classic register
    assert term_grade(classic, fo(9), scheme=MARKS, term="T").mark == ""


def test_grade_one_gets_a_level_not_a_mark() -> None:
    rules = preset()
    assert rules.scheme_for(1, "MATH") == DESCRIPTIVE
    # ФО 9, 8, 9: mean 26/3 = 8.666...; alone 100 %: 86.666... -> 86.7 -> "high" (from 85)
    result = term_grade(rules, fo(9, 8, 9), scheme=DESCRIPTIVE, term="Term 3")
    assert (result.score, result.mark) == (Decimal("86.7"), "high")
    assert result.message.render(ru) == (
        "Term 3, without СОР, СОЧ: ФО 8.7/10 → 86.7 %; 86.7 % → высокий уровень"
    )
    # ФО 5, 6: 55.0 -> "medium" (40-84)
    assert term_grade(rules, fo(5, 6), scheme=DESCRIPTIVE, term="T").mark == "medium"


def test_pass_fail_subjects() -> None:
    rules = rules_with(pass_fail={"subjects": ["PE"]})
    assert rules.scheme_for(7, "PE") == PASS_FAIL
    assert rules.scheme_for(7, "MATH") == MARKS
    # ФО 4, 3: 35.0 % < 40 -> fail; ФО 4, 5: 45.0 % -> pass
    assert term_grade(rules, fo(4, 3), scheme=PASS_FAIL, term="T").mark == "fail"
    passed = term_grade(rules, fo(4, 5), scheme=PASS_FAIL, term="T")
    assert passed.mark == "pass"
    assert passed.message.render(ru).endswith("45.0 % → зачёт")


def test_no_grades_no_mark() -> None:
    result = term_grade(preset(), [], scheme=MARKS, term="Term 4")
    assert (result.score, result.mark) == (None, "")
    assert str(result.message) == "Term 4: no grades yet"


def terms(*marks: str) -> list[TermMark]:
    return [TermMark(f"Term {i}", m, None) for i, m in enumerate(marks, 1)]


def test_year_grade_is_the_rounded_mean_of_term_marks() -> None:
    rules = preset()
    # (4 + 5 + 4 + 5) / 4 = 4.5 -> "5" (half up)
    result = year_grade(rules, terms("4", "5", "4", "5"), scheme=MARKS, year="2026-2027")
    assert result.mark == "5"
    assert str(result.message) == "2026-2027: term marks 4, 5, 4, 5 → mean 4.50 → 5"
    # (4 + 4 + 5 + 4) / 4 = 4.25 -> "4"
    assert year_grade(rules, terms("4", "4", "5", "4"), scheme=MARKS, year="Y").mark == "4"
    # a term without a mark is left out: (3 + 4) / 2 = 3.5 -> "4"
    assert year_grade(rules, terms("3", "", "4"), scheme=MARKS, year="Y").mark == "4"
    half_even = rules_with(year={"mode": "half_even"})
    assert year_grade(half_even, terms("4", "5", "4", "5"), scheme=MARKS, year="Y").mark == "4"


def test_year_grade_from_term_percents() -> None:
    rules = rules_with(year={"method": "mean_of_scores"})
    scores = ["80.6", "84.9", "85.0", "86.0"]  # mean 336.5 / 4 = 84.125 -> 84.1 -> "4"
    given = [TermMark(f"T{i}", "4", Decimal(s)) for i, s in enumerate(scores)]
    result = year_grade(rules, given, scheme=MARKS, year="Y")
    assert (result.score, result.mark) == (Decimal("84.1"), "4")
    assert str(result.message) == "Y: term percents 80.6, 84.9, 85.0, 86.0 → mean 84.1 % → 4"


def test_year_of_a_pass_fail_subject() -> None:
    rules = preset()
    given = terms("fail", "pass", "pass")
    assert year_grade(rules, given, scheme=PASS_FAIL, year="Y").mark == "pass"  # the last term
    strict = rules_with(year={"pass_fail": "all"})
    assert year_grade(strict, given, scheme=PASS_FAIL, year="Y").mark == "fail"


def test_year_of_grade_one_reads_the_mean_percent() -> None:
    given = [TermMark("T1", "medium", Decimal("80.0")), TermMark("T2", "high", Decimal("90.0"))]
    result = year_grade(preset(), given, scheme=DESCRIPTIVE, year="Y")  # 85.0 -> high
    assert (result.score, result.mark) == (Decimal("85.0"), "high")


def problems(data: object) -> list[str]:
    with pytest.raises(InvalidRules) as caught:
        parse_rules(data)
    assert caught.value.code == "invalid_rules"
    return [str(m) for m in caught.value.messages]


def test_bad_rule_json_names_each_field() -> None:
    found = problems(
        {
            "preset": "kz-criteria",
            "weights": {"fo": 25, "sor": 25, "soch": 40},
            "rounding": {"mde": "half_up", "places": 7},
            "table": [
                {"from": 0, "mark": "2"},
                {"from": 30, "mark": "3"},
                {"from": 20, "mark": "x"},
            ],
            "sections": {"combine": "median"},
            "pass_fail": {"subjects": ["PE", 3]},
        }
    )
    assert set(found) == {
        "weights: must add up to 100 (they add up to 90)",
        "rounding.mde: is not a setting we know",
        "rounding.places: must be a whole number from 0 to 4",
        "table[2].from: must be greater than the row before",
        "table[2].mark: must be a whole number while year.method is mean_of_marks",
        "sections.combine: must be one of points, mean_percent",
        "pass_fail.subjects[1]: must be a subject code",
    }


def test_rule_json_without_a_preset_must_be_complete() -> None:
    found = problems({"system": "criteria", "kinds": ["fo", "sor", "soch", "mark"]})
    assert "kinds[3]: must be one of fo, sor, soch, each once" in found
    assert "rounding: is missing" in found
    assert "rounding.mode: must be one of half_up, half_even, down, up" not in found  # said once
    assert problems([1, 2]) == ["The rules must be a JSON object."]
    assert "preset: must be one of kz-criteria, classic-5" in problems({"preset": "nope"})


def test_weights_replace_the_presets_and_must_cover_every_kind() -> None:
    weights = {"fo": 40, "soch": 60}
    rules = rules_with(kinds=["fo", "soch"], weights=weights, without_soch="renormalise")
    assert dict(rules.weights) == {"fo": 40, "soch": 60}
    assert "weights.soch: is missing" in problems(
        {"preset": "kz-criteria", "weights": {"fo": 50, "sor": 50}}
    )


def test_a_preset_parsed_from_its_own_json_is_the_preset() -> None:
    from journal.assessment import preset_json

    assert parse_rules({**preset_json("classic-5"), "name": "classic-5"}) == preset("classic-5")


def _oracle(grades: list[GradeInput]) -> Decimal:
    """The default rules again in decimal arithmetic (50 digits), as a spreadsheet would."""
    import decimal

    ctx = decimal.Context(prec=50)
    kinds = {k: [g for g in grades if g.kind == k] for k in ("fo", "sor", "soch")}
    weights = {"fo": Decimal(25), "sor": Decimal(25), "soch": Decimal(50)}
    present = [k for k in kinds if kinds[k]]
    if set(present) == {"fo", "sor"}:
        weights = {"fo": Decimal(50), "sor": Decimal(50)}
    elif len(present) < 3:
        total = sum(weights[k] for k in present)
        weights = {k: ctx.divide(weights[k] * 100, total) for k in present}

    def dec(x: Fraction) -> Decimal:
        return ctx.divide(Decimal(x.numerator), Decimal(x.denominator))

    percent = Decimal(0)
    for k in present:
        points = sum(dec(g.value) for g in kinds[k])
        maximum = sum(dec(g.max_points) for g in kinds[k])
        if k == "fo":
            maximum = Decimal(10) * len(kinds[k])
        percent = ctx.add(percent, ctx.multiply(ctx.divide(points, maximum), weights[k]))
    # 50 digits leave 3.7499…9 where the exact value is 3.75 (1/12 and 1/30 repeat forever):
    # settle the last digits first, as the exact fractions the code uses would.
    settled = percent.quantize(
        Decimal("1e-30"), rounding=decimal.ROUND_HALF_UP, context=decimal.Context(prec=60)
    )
    return settled.quantize(Decimal("0.1"), rounding=decimal.ROUND_HALF_UP)


def test_the_percent_matches_decimal_arithmetic_for_any_grades() -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    fo_grades = st.lists(
        st.integers(0, 10).map(lambda v: GradeInput("fo", Fraction(v), Fraction(10))), max_size=12
    )
    summative = st.tuples(st.sampled_from(["sor", "soch"]), st.integers(1, 40), st.data())

    @settings(max_examples=300, deadline=None)
    @given(fo_grades, st.lists(summative, max_size=5))
    def check(fos: list[GradeInput], works: list[tuple[str, int, st.DataObject]]) -> None:
        grades = list(fos)
        for kind, maximum, data in works:
            halves = data.draw(st.integers(0, 2 * maximum))  # half points allowed
            grades.append(GradeInput(kind, Fraction(halves, 2), Fraction(maximum)))
        result = term_grade(preset(), grades, scheme=MARKS, term="T")
        if not grades:
            assert result.score is None
            return
        assert result.score == _oracle(grades)
        assert Decimal(0) <= result.score <= Decimal(100)
        expected = (
            "5"
            if result.score >= 85
            else "4"
            if result.score >= 65
            else "3"
            if result.score >= 40
            else "2"
        )
        assert result.mark == expected

    check()
