"""The report pages as Excel workbooks: a class's report, the school's, and attendance."""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.worksheet.worksheet import Worksheet

from journal.reports import labels as L
from journal.reports import sheets
from journal.reports.attendance import AttendanceReport, Line, Tally
from journal.reports.grades import (
    CATEGORIES,
    MARK_COLUMNS,
    ClassGrades,
    Distribution,
    SchoolGrades,
    Summary,
)
from journal.reports.sheets import Translate, same, shown
from models.i18n import N_

ATTENDANCE_HEADS = (L.LESSONS, L.MISSED, L.EXCUSED, L.UNEXCUSED, L.LATE, L.LATE_MINUTES,
                    L.ATTENDED)  # fmt: skip
STAT_HEADS = (L.AVERAGE, L.QUALITY, L.SUCCESS, L.SOU)


def _tally(t: Tally) -> list[object]:
    return [t.lessons, t.missed, t.excused, t.absent, t.late, t.late_minutes, shown(t.attended)]


def _stats(d: Distribution) -> list[object]:
    return [shown(d.average), shown(d.quality), shown(d.success), shown(d.sou)]


def _marks_heads(t: Translate) -> list[str]:
    return [sheets.mark(m, t) for m in MARK_COLUMNS]


def _summary_heads(t: Translate) -> list[str]:
    words = [*(L.CATEGORY_WORDS[c] for c in CATEGORIES), *L.RESERVE_WORDS.values()]
    return [t(L.STUDENTS), *(t(w) for w in words), t(L.QUALITY), t(L.SUCCESS), t(L.AVERAGE)]


def _summary(s: Summary) -> list[object]:
    return [
        s.students, *(s.categories[c] for c in CATEGORIES), *s.reserves.values(),
        shown(s.quality), shown(s.success), shown(s.marks.average),
    ]  # fmt: skip


def _attendance_sheet(
    ws: Worksheet, lines: Sequence[Line], first: str, t: Translate, *, chronic: bool = False
) -> None:
    extra = [t(L.CHRONIC)] if chronic else []
    sheets.heading(ws, [t(first), *(t(h) for h in ATTENDANCE_HEADS), *extra])
    for line in lines:
        flag = [t(N_("yes")) if line.chronic else ""] if chronic else []
        ws.append([line.name, *_tally(line.tally), *flag])
    sheets.widths(ws, [34, *[12] * (len(ATTENDANCE_HEADS) + 1)])


def _subjects_sheet(ws: Worksheet, grades: ClassGrades, t: Translate) -> None:
    sheets.heading(ws, [t(N_("Subject")), *_marks_heads(t), *(t(h) for h in STAT_HEADS)])
    for sid, name in grades.subjects:
        d = grades.by_subject[sid]
        ws.append([name, *(d.count(m) for m in MARK_COLUMNS), *_stats(d)])
    total = grades.summary.marks
    ws.append([t(N_("All subjects")), *(total.count(m) for m in MARK_COLUMNS), *_stats(total)])
    sheets.widths(ws, [30, *[8] * len(MARK_COLUMNS), *[12] * len(STAT_HEADS)])


def class_report_xlsx(
    grades: ClassGrades,
    attendance: AttendanceReport,
    *,
    school: str,
    period: str,
    translate: Translate | None = None,
) -> bytes:
    """A class's report: summary, subjects, students' marks, attendance by student.

    Args:
        grades: the class's grade statistics (`grade_statistics(...).classes[0]`).
        attendance: the class's attendance in the same period.
        school: the school's name.
        period: the period's name as the page shows it.
        translate: the reader's language.

    Returns:
        The .xlsx file.
    """
    t = translate or same
    book = sheets.new_book()
    ws = sheets.sheet(book, t(N_("Summary")))
    sheets.title(ws, [f"{grades.code} · {period}", school])
    sheets.heading(ws, _summary_heads(t))
    ws.append(_summary(grades.summary))
    sheets.widths(ws, [12] * 12)
    _subjects_sheet(sheets.sheet(book, t(N_("Subjects"))), grades, t)
    ws = sheets.sheet(book, t(N_("Students")))
    sheets.heading(ws, [t(N_("Student")), *(n for _, n in grades.subjects), t(N_("Category"))])
    for s in grades.students:
        marks = [sheets.mark(s.marks.get(sid, ""), t) for sid, _ in grades.subjects]
        ws.append([s.name, *marks, t(L.CATEGORY_WORDS[s.category])])
    sheets.widths(ws, [34, *[10] * len(grades.subjects), 20])
    _attendance_sheet(sheets.sheet(book, t(N_("Attendance"))), attendance.students,
                      N_("Student"), t, chronic=True)  # fmt: skip
    return sheets.to_bytes(book)


def school_report_xlsx(
    grades: SchoolGrades,
    attendance: AttendanceReport,
    *,
    school: str,
    period: str,
    translate: Translate | None = None,
) -> bytes:
    """The school's report: classes, quality and success by subject and class, attendance.

    Returns:
        The .xlsx file.
    """
    t = translate or same
    book = sheets.new_book()
    ws = sheets.sheet(book, t(N_("Classes")))
    sheets.title(ws, [f"{school} · {period}"])
    sheets.heading(ws, [t(N_("Class")), *_summary_heads(t)])
    for c in grades.classes:
        ws.append([c.code, *_summary(c.summary)])
    ws.append([t(N_("School")), *_summary(grades.summary)])
    sheets.widths(ws, [12] * 13)
    for word, pick in ((L.QUALITY, "quality"), (L.SUCCESS, "success"), (L.AVERAGE, "average")):
        ws = sheets.sheet(book, t(word))
        sheets.heading(ws, [t(N_("Subject")), *(c.code for c in grades.classes), t(N_("School"))])
        for sid, name in grades.subjects:
            cells = [grades.cell(sid, c.class_id) for c in grades.classes]
            values = [shown(getattr(d, pick)) if d else "" for d in cells]
            ws.append([name, *values, shown(getattr(grades.by_subject[sid], pick))])
        sheets.widths(ws, [30, *[8] * (len(grades.classes) + 1)])
    _attendance_sheet(sheets.sheet(book, t(N_("Attendance"))), attendance.classes, N_("Class"), t)
    return sheets.to_bytes(book)


def attendance_xlsx(
    report: AttendanceReport, *, school: str, heading: str, translate: Translate | None = None
) -> bytes:
    """An attendance report: students (chronic absence flagged), classes, subjects, weeks.

    Returns:
        The .xlsx file.
    """
    t = translate or same
    book = sheets.new_book()
    ws = sheets.sheet(book, t(N_("Students")))
    sheets.title(ws, [heading, school])
    sheets.heading(ws, [t(N_("Student")), t(N_("Class")), *(t(h) for h in ATTENDANCE_HEADS),
                        t(L.CHRONIC)])  # fmt: skip
    for s in report.students:
        ws.append([s.name, s.class_code, *_tally(s.tally), t(N_("yes")) if s.chronic else ""])
    sheets.widths(ws, [34, 8, *[12] * (len(ATTENDANCE_HEADS) + 1)])
    _attendance_sheet(sheets.sheet(book, t(N_("Classes"))), report.classes, N_("Class"), t)
    _attendance_sheet(sheets.sheet(book, t(N_("Subjects"))), report.subjects, N_("Subject"), t)
    ws = sheets.sheet(book, t(N_("Weeks")))
    sheets.heading(ws, [t(N_("Week of")), *(t(h) for h in ATTENDANCE_HEADS)])
    for w in report.weeks:
        ws.append([w.monday, *_tally(w.tally)])
        ws.cell(row=ws.max_row, column=1).number_format = "DD.MM.YYYY"
    sheets.widths(ws, [14, *[12] * len(ATTENDANCE_HEADS)])
    return sheets.to_bytes(book)
