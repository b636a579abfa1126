"""The report pages' charts: marks of a class, quality by class, attendance by week.

Each builder takes the statistics and the reader's translate function and returns SVG text
(journal.reports.charts); the pages show a table of the same numbers next to each chart.
"""

from __future__ import annotations

from collections.abc import Callable

from journal.assessment import FAIL, PASS, mark_text
from journal.reports.attendance import AttendanceReport
from journal.reports.charts import Bar, Point, bar_chart, line_chart
from journal.reports.grades import MARK_COLUMNS, Distribution, SchoolGrades
from models.i18n import N_, Message, message

Translate = Callable[[str], str]
TONES = {"5": "5", "4": "4", "3": "3", "2": "2", PASS: "ok", FAIL: "bad"}


def _shown(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f} %"


def _text(value: Message | str, translate: Translate) -> str:
    return value.render(translate) if isinstance(value, Message) else value


def _listed(pairs: list[tuple[str, str]]) -> str:
    """ "label: value" pairs in one line, for screen readers."""
    return "; ".join(f"{label}: {value}" for label, value in pairs)


def marks_chart(marks: Distribution, *, chart_id: str, translate: Translate) -> str:
    """Bars of how many 5, 4, 3 and 2 (pass and fail when there are any)."""
    shown = [m for m in MARK_COLUMNS if m.isdigit() or marks.count(m)]
    bars = [
        Bar(_text(mark_text(m), translate), float(marks.count(m)), str(marks.count(m)), TONES[m])
        for m in shown
    ]
    title = message(N_("Marks: {count} in all"), count=marks.graded).render(translate)
    return bar_chart(
        bars, chart_id=chart_id, title=title,
        desc=_listed([(b.label, b.shown) for b in bars]),
    )  # fmt: skip


def quality_chart(grades: SchoolGrades, *, chart_id: str, translate: Translate) -> str:
    """Bars of each class's quality of knowledge (by students), in percent."""
    bars = [
        Bar(c.code, c.summary.quality or 0.0, _shown(c.summary.quality), "quality")
        for c in grades.classes
        if c.summary.graded
    ]
    title = translate(N_("Quality of knowledge by class, %"))
    return bar_chart(
        bars, chart_id=chart_id, title=title, maximum=100.0,
        desc=_listed([(b.label, b.shown) for b in bars]),
    )  # fmt: skip


def weeks_chart(report: AttendanceReport, *, chart_id: str, translate: Translate) -> str:
    """A line of the percent of lessons attended, week by week (labelled by their Monday)."""
    points = [
        Point(w.monday.strftime("%d.%m"), w.tally.attended, _shown(w.tally.attended))
        for w in report.weeks
        if w.tally.lessons
    ]
    title = translate(N_("Lessons attended by week, %"))
    return line_chart(
        points, chart_id=chart_id, title=title,
        desc=_listed([(p.label, p.shown) for p in points]),
    )  # fmt: skip
