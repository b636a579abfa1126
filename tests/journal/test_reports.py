"""Report arithmetic worked by hand: mark statistics, student categories, percents and charts."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from journal.reports.attendance import Tally
from journal.reports.charts import Bar, Point, bar_chart, line_chart
from journal.reports.figures import mean, percent
from journal.reports.grades import (
    EXCELLENT,
    FAILING,
    GOOD,
    ONE_FOUR,
    ONE_THREE,
    SATISFACTORY,
    UNGRADED,
    StudentMarks,
    category,
    distribution,
    summary,
)

SVG = "{http://www.w3.org/2000/svg}"


def test_percent_rounds_half_up_to_a_tenth() -> None:
    assert percent(2, 3) == 66.7
    assert percent(1, 8) == 12.5
    assert percent(1, 16) == 6.3  # 6.25 -> 6.3 (half up; a float format would give 6.2)
    assert percent(0, 5) == 0.0
    assert percent(3, 0) is None
    assert mean(31, 8) == 3.88  # 3.875 -> 3.88
    assert mean(0, 0) is None


def test_distribution_of_five_marks() -> None:
    # 5, 5, 4, 3, 2: average 19/5 = 3.8; quality 3/5 = 60 %; success 4/5 = 80 %;
    # СОУ (1 + 1 + 0.64 + 0.36 + 0.16) / 5 = 3.16 / 5 = 63.2 %
    d = distribution(["5", "5", "4", "3", "2"])
    assert dict(d.counts) == {"5": 2, "4": 1, "3": 1, "2": 1}
    assert (d.average, d.quality, d.success, d.sou) == (3.8, 60.0, 80.0, 63.2)
    assert d.graded == 5


def test_pass_fail_counts_for_success_only_and_levels_not_at_all() -> None:
    # digits 4, 3; pass, pass, fail; grade-1 levels and empty marks are left out
    d = distribution(["4", "3", "pass", "pass", "fail", "high", "low", ""])
    assert d.graded == 5
    assert d.average == 3.5  # (4 + 3) / 2
    assert d.quality == 50.0  # one 4 of two digit marks
    assert d.success == 80.0  # 4, 3, pass, pass of five marks
    only = distribution(["pass", "fail", "fail"])
    assert (only.average, only.quality, only.sou) == (None, None, None)
    assert only.success == 33.3
    assert distribution([]).success is None


@pytest.mark.parametrize(
    ("marks", "expected"),
    [
        (["5", "5", "pass"], (EXCELLENT, "")),
        (["5", "4", "5"], (GOOD, ONE_FOUR)),
        (["4", "4", "5"], (GOOD, "")),
        (["4", "3", "5"], (SATISFACTORY, ONE_THREE)),
        (["3", "3", "5"], (SATISFACTORY, "")),
        (["5", "5", "2"], (FAILING, "")),
        (["5", "fail"], (FAILING, "")),
        (["pass", "high"], (UNGRADED, "")),
        ([], (UNGRADED, "")),
    ],
)
def test_a_students_category_by_all_their_marks(
    marks: list[str], expected: tuple[str, str]
) -> None:
    assert category(marks) == expected


def test_a_class_summary_counts_students_with_marks() -> None:
    def student(i: int, *marks: str) -> StudentMarks:
        own = dict(enumerate(marks))
        return StudentMarks(i, f"S{i}", 1, own, *category(own.values()))

    people = [
        student(1, "5", "5"),
        student(2, "5", "4"),
        student(3, "4", "3"),
        student(4, "2", "5"),
        student(5),  # no marks: not counted in the shares
    ]
    s = summary(people)
    assert s.categories == {EXCELLENT: 1, GOOD: 1, SATISFACTORY: 1, FAILING: 1, UNGRADED: 1}
    assert s.reserves == {ONE_FOUR: 1, ONE_THREE: 1}
    assert (s.students, s.graded) == (5, 4)
    assert s.quality == 50.0  # (1 excellent + 1 good) / 4
    assert s.success == 75.0  # (4 - 1 failing) / 4
    assert s.marks.average == 4.13  # 5 5 5 4 4 3 2 5: 33 / 8 = 4.125, half up


def test_a_tally_reads_as_a_register_does() -> None:
    t = Tally(lessons=15, absent=1, excused=1, late=1, late_minutes=5)
    assert (t.missed, t.attended, t.missed_percent) == (2, 86.7, 13.3)
    assert t.chronic(10.0) and not t.chronic(15.0)
    assert Tally(lessons=10, absent=1).chronic(10.0)  # exactly 10 % counts
    assert not Tally().chronic(10.0) and Tally().attended is None


def _parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img"
    assert "style" not in svg  # a strict CSP forbids inline styles
    labelled = (root.get("aria-labelledby") or "").split()
    ids = {e.get("id") for e in root.iter() if e.get("id")}
    assert labelled and set(labelled) <= ids
    return root


def test_a_bar_chart_is_an_accessible_svg_with_one_bar_per_value() -> None:
    bars = [Bar("5", 12, "12", "5"), Bar("4", 20, "20", "4"), Bar("3 & <2>", 0, "0", "3")]
    root = _parse(bar_chart(bars, chart_id="m", title="Marks <all>", desc="5: 12; 4: 20"))
    assert root.find(f"{SVG}title").text == "Marks <all>"  # escaped in, read back as text
    rects = root.findall(f"{SVG}rect")
    assert [r.get("class") for r in rects] == [
        "chart-bar chart-bar-5",
        "chart-bar chart-bar-4",
        "chart-bar chart-bar-3",
    ]
    heights = [float(r.get("height") or 0) for r in rects]
    assert heights[1] > heights[0] > heights[2] == 0.0
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "3 & <2>" in texts and "20" in texts


def test_a_line_chart_breaks_where_a_week_has_no_data() -> None:
    points = [
        Point("01.09", 95.0, "95 %"),
        Point("08.09", 90.0, "90 %"),
        Point("15.09", None, "—"),
        Point("22.09", 97.5, "97.5 %"),
    ]
    root = _parse(line_chart(points, chart_id="w", title="Weeks", desc="..."))
    assert len(root.findall(f"{SVG}polyline")) == 1  # the lone last point has no line
    assert len(root.findall(f"{SVG}circle")) == 3
