"""Class teacher and school reports: attendance and grade statistics, charts, report cards,
registers and statistics as Excel (issue 6, item 5)."""

from journal.reports.attendance import AttendanceReport, Tally, attendance_report
from journal.reports.card import CardSet, cards_pdf, report_cards
from journal.reports.exports import attendance_xlsx, class_report_xlsx, school_report_xlsx
from journal.reports.grades import (
    ClassGrades,
    Distribution,
    SchoolGrades,
    category,
    distribution,
    grade_statistics,
)
from journal.reports.register_books import lesson_register_xlsx, term_register_xlsx
from journal.reports.registers import lesson_sheet, term_register
from journal.reports.scope import (
    ClassRef,
    Period,
    period_choices,
    resolve_period,
    visible_class,
    visible_classes,
    year_of,
)
from journal.reports.settings import CHRONIC_PERCENT, chronic_threshold, set_chronic_threshold
from journal.reports.visuals import marks_chart, quality_chart, weeks_chart

__all__ = [
    "CHRONIC_PERCENT",
    "AttendanceReport",
    "CardSet",
    "ClassGrades",
    "ClassRef",
    "Distribution",
    "Period",
    "SchoolGrades",
    "Tally",
    "attendance_report",
    "attendance_xlsx",
    "cards_pdf",
    "category",
    "chronic_threshold",
    "class_report_xlsx",
    "distribution",
    "grade_statistics",
    "lesson_register_xlsx",
    "lesson_sheet",
    "marks_chart",
    "period_choices",
    "quality_chart",
    "report_cards",
    "resolve_period",
    "school_report_xlsx",
    "set_chronic_threshold",
    "term_register",
    "term_register_xlsx",
    "visible_class",
    "visible_classes",
    "weeks_chart",
    "year_of",
]
