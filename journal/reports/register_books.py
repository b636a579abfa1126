"""Registers as Excel workbooks, headed in the reader's language; names as they are (Unicode)."""

from __future__ import annotations

from openpyxl.styles import Alignment

from journal.assessment import kind_label
from journal.reports import sheets
from journal.reports.registers import GradeCell, LessonSheet, TermRegister
from journal.reports.sheets import Translate, same
from models.i18n import N_, message
from models.journal import ABSENT, EXCUSED, LATE

STATUS_WORDS: dict[str, str] = {
    "present": N_("Present"), ABSENT: N_("Absent"), LATE: N_("Late"), EXCUSED: N_("Excused"),
}  # fmt: skip
# What a term register's cell shows for a mark (a legend under the table explains them).
SHORT_MARKS: dict[str, str] = {
    # TRANSLATORS: a register cell's short mark for an absence without a reason (ru "н")
    ABSENT: N_("abs."),
    # TRANSLATORS: a register cell's short mark for a late arrival (ru "оп")
    LATE: N_("late."),
    # TRANSLATORS: a register cell's short mark for an excused absence (ru "уп")
    EXCUSED: N_("exc."),
}


def _grade(cell: GradeCell, t: Translate) -> str:
    """ "7", or "SAU 18/20" with the kind for summative points."""
    return cell.shown if cell.bare else f"{kind_label(cell.kind).render(t)} {cell.shown}"


def lesson_register_xlsx(
    sheet: LessonSheet, *, school: str, translate: Translate | None = None
) -> bytes:
    """One lesson's register as a workbook: the lesson, then a row per student.

    Args:
        sheet: what `lesson_sheet` read.
        school: the school's name, printed above.
        translate: the reader's language.

    Returns:
        The .xlsx file.
    """
    t = translate or same
    book = sheets.new_book()
    ws = sheets.sheet(book, f"{sheet.day.isoformat()} {sheet.subject}")
    lines = [
        f"{sheet.subject} · {sheet.audience}",
        school,
        message(N_("{day}, period {period}"), day=sheet.day.strftime("%d.%m.%Y"),
                period=sheet.period).render(t),
        message(N_("Topic: {text}"), text=sheet.topic).render(t),
        message(N_("Homework: {text}"), text=sheet.homework).render(t),
    ]  # fmt: skip
    if not sheet.taken:
        lines.append(t(N_("Attendance was not taken in this lesson.")))
    sheets.title(ws, lines)
    grades = [
        f"{kind_label(kind).render(t)} {title}".strip() for _, kind, title, _ in sheet.assessments
    ]
    heads = (N_("Student"), N_("Attendance"), N_("Late, minutes"), N_("Reason"))
    sheets.heading(ws, ["№", *(t(h) for h in heads), *grades])
    for n, (_, name, mark, by) in enumerate(sheet.students, start=1):
        status = t(STATUS_WORDS.get(mark["status"], mark["status"])) if sheet.taken else ""
        cells = [_grade(by[a[0]], t) if a[0] in by else "" for a in sheet.assessments]
        ws.append([n, name, status, mark["minutes"] or "", mark["reason"], *cells])
    sheets.widths(ws, [5, 34, 18, 12, 28, *[14] * len(grades)])
    return sheets.to_bytes(book)


def term_register_xlsx(
    register: TermRegister, *, school: str, translate: Translate | None = None
) -> bytes:
    """A class's term register of a subject: dates as columns, the term mark at the end.

    Args:
        register: what `term_register` read.
        school: the school's name, printed above.
        translate: the reader's language.

    Returns:
        The .xlsx file; date headers are Excel dates (shown dd.mm).
    """
    t = translate or same
    book = sheets.new_book()
    ws = sheets.sheet(book, f"{register.class_code} {register.subject}")
    sheets.title(ws, [f"{register.class_code} · {register.subject} · {register.term}", school])
    ends = (N_("Missed"), N_("Late"), N_("Term mark"), N_("Term %"))
    days = [c.day for c in register.columns]
    sheets.heading(ws, ["№", t(N_("Student")), *days, *(t(h) for h in ends)])
    head = ws.max_row
    for i in range(len(register.columns)):
        ws.cell(row=head, column=3 + i).number_format = "DD.MM"
    for n, row in enumerate(register.rows, start=1):
        cells = []
        for i in range(len(register.columns)):
            parts = [t(SHORT_MARKS[row.marks[i]])] if i in row.marks else []
            parts += [_grade(g, t) for g in row.grades.get(i, [])]
            cells.append(" ".join(parts))
        missed = sum(1 for s in row.marks.values() if s in (ABSENT, EXCUSED))
        late = sum(1 for s in row.marks.values() if s == LATE)
        percent = "" if row.term_percent is None else row.term_percent
        ws.append([n, row.name, *cells, missed, late, sheets.mark(row.term_mark, t), percent])
    for line in ws.iter_rows(min_row=head + 1, min_col=3, max_col=2 + len(register.columns)):
        for cell in line:
            cell.alignment = Alignment(horizontal="center")
    ws.append([])
    legend = ", ".join(f"{t(SHORT_MARKS[s])} = {t(STATUS_WORDS[s])}" for s in SHORT_MARKS)
    ws.append(["", message(N_("Marks: {legend}"), legend=legend).render(t)])
    sheets.widths(ws, [5, 34, *[9] * len(register.columns), 10, 10, 10, 10])
    return sheets.to_bytes(book)
