"""Mock results in a workbook: a class's blank sheet to fill in, and reading it back, with every
problem named by sheet, row and column, all at once; nothing is stored while any remains."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from sqlmodel import Session, col, select

from guidance.work.errors import WorkError
from guidance.work.mock_rules import (
    SUBJECT_LABELS,
    kind_label,
    rules_for,
    rules_year,
)
from guidance.work.mock_tests import EXCEL, MockInvalid, Sitting, check_sitting, new_result
from guidance.work.roster import class_students, school_class
from models.base import utcnow
from models.guidance_work import UNT, MockTestResult
from models.i18n import N_, Message, message
from models.people import Student

Translate = Callable[[str], str]
FIXED = 3  # student code, name, date; then the sections; then (UNT) the two subjects


@dataclass(frozen=True, slots=True)
class Imported:
    """What a workbook added: how many results, of how many filled rows."""

    stored: int
    skipped_blank: int


def _heads(kind: str, t: Translate) -> list[str]:
    rules = rules_for(kind, rules_year(kind, utcnow().date()))
    heads = [t(N_("Student code")), t(N_("Student")), t(N_("Date (YYYY-MM-DD)"))]
    heads += [s.label.render(t) for s in rules.sections]
    if kind == UNT:
        heads += [t(N_("Profile subject 1")), t(N_("Profile subject 2"))]
    return heads


def class_template(
    session: Session, *, school_id: int, class_id: int, kind: str, translate: Translate,
    taken_on: date | None = None, sort_key: Callable[[str], Any] = str.casefold,
) -> bytes:  # fmt: skip
    """A workbook with a class's students to fill in with one sitting's scores.

    Args:
        session: an open session.
        school_id: the school.
        class_id: the class (of this school).
        kind: unt, nuet or sat.
        translate: the reader's gettext, for headings and subject names.
        taken_on: the day written in every row (empty when None).
        sort_key: how names sort (the reader's language).

    Returns:
        The .xlsx bytes: one sheet named after the test, subjects as drop-downs (UNT).

    Raises:
        WorkNotFound: no such class.
        WorkError: an unknown kind.
    """
    klass = school_class(session, school_id=school_id, class_id=class_id)
    book = Workbook()
    ws = book.active
    assert ws is not None
    ws.title = f"{kind_label(kind).render(translate)} {klass.code}"[:31]
    heads = _heads(kind, translate)
    ws.append(heads)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for student in class_students(session, school_id=school_id, class_id=class_id,
                                  sort_key=sort_key):  # fmt: skip
        ws.append([student.code, student.name, taken_on.isoformat() if taken_on else ""])
    for i, head in enumerate(heads, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(12, len(head) + 2)
    if kind == UNT:
        names = ",".join(translate(label) for label in SUBJECT_LABELS.values())
        pick = DataValidation(type="list", formula1=f'"{names}"', allow_blank=True)
        ws.add_data_validation(pick)
        first = get_column_letter(len(heads) - 1)
        pick.add(f"{first}2:{get_column_letter(len(heads))}{max(ws.max_row, 2) + 50}")
    ws.freeze_panes = "C2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def import_workbook(
    session: Session, *, school_id: int, data: bytes, kind: str, translate: Translate,
    entered_by: int | None, default_day: date | None = None,
) -> Imported:  # fmt: skip
    """Stores the sittings of a filled workbook (any students of the school, by code).

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        data: the .xlsx bytes.
        kind: unt, nuet or sat.
        translate: the reader's gettext (subjects may be typed as codes or by their names in
            the reader's language or in English).
        entered_by: the counsellor's account.
        default_day: the day of rows without a date.

    Returns:
        How many results were stored and how many rows were blank.

    Raises:
        MockInvalid: every problem, as "Sheet, row, column: why", keyed by (sheet, row).
        WorkError: not a workbook, or an unknown kind.
    """
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a file that is not a workbook
        what = N_("The file is not an Excel workbook (.xlsx).")
        raise WorkError("not_a_workbook", [message(what)]) from exc
    students = _students_by_code(session, school_id)
    subjects = _subject_names(translate)
    problems: list[tuple[Any, str, Message]] = []
    rows: list[MockTestResult] = []
    blank = 0
    for ws in book.worksheets:
        for number, values in enumerate(ws.iter_rows(min_row=2, values_only=True), start=2):
            cells = list(values)
            if not any(v is not None and str(v).strip() for v in cells):
                continue
            found, row = _read_row(ws.title, number, cells, kind, students, subjects, default_day)
            problems.extend(((ws.title, number), field, text) for field, text in found)
            if row is None and not found:
                blank += 1
            elif row is not None:
                student, day, sitting = row
                rules, scores, _ = check_sitting(kind, day, sitting)
                rows.append(new_result(school_id, student.id or 0, kind, day, rules, scores,
                                       sitting, entered_by, EXCEL))  # fmt: skip
    if problems:
        raise MockInvalid(problems)
    session.add_all(rows)
    session.flush()
    return Imported(len(rows), blank)


def _students_by_code(session: Session, school_id: int) -> dict[str, Student]:
    found = session.exec(
        select(Student).where(Student.school_id == school_id, col(Student.deleted_at).is_(None))
    ).all()
    return {s.code.strip().casefold(): s for s in found}


def _subject_names(translate: Translate) -> dict[str, str]:
    names: dict[str, str] = {}
    for code, label in SUBJECT_LABELS.items():
        for name in (code, label, translate(label)):
            names[name.strip().casefold()] = code
    return names


def _where(sheet: str, row: int, column: int, problem: Message) -> Message:
    text = N_("Sheet “{sheet}”, row {row}, column {column}: {problem}")
    return message(text, sheet=sheet, row=row, column=get_column_letter(column), problem=problem)


def _read_row(
    sheet: str, number: int, cells: list[Any], kind: str, students: dict[str, Student],
    subjects: dict[str, str], default_day: date | None,
) -> tuple[list[tuple[str, Message]], tuple[Student, date, Sitting] | None]:  # fmt: skip
    """One filled row: its problems (field, sentence), or the student, day and sitting."""
    cells = cells + [None] * 10
    rules = rules_for(kind, rules_year(kind, _day(cells[2]) or default_day or utcnow().date()))
    width = len(rules.sections)
    scored = cells[FIXED : FIXED + width + (2 if kind == UNT else 0)]
    if not any(str(v).strip() for v in scored if v is not None):
        return [], None  # a row of the template left empty
    problems: list[tuple[str, Message]] = []
    code = str(cells[0] or "").strip()
    student = students.get(code.casefold())
    if student is None:
        what = message(N_("there is no student with the code “{code}”."), code=code)
        problems.append(("student", _where(sheet, number, 1, what)))
    day = _day(cells[2]) or default_day
    if day is None:
        what = message(N_("“{value}” is not a date (YYYY-MM-DD)."), value=cells[2] or "")
        problems.append(("date", _where(sheet, number, 3, what)))
    elif day > utcnow().date():
        future = message(N_("the day is in the future."))
        problems.append(("date", _where(sheet, number, 3, future)))
    raw = {s.code: cells[FIXED + i] for i, s in enumerate(rules.sections)}
    typed = [str(v or "").strip() for v in cells[FIXED + width : FIXED + width + 2]]
    pair = [subjects.get(v.casefold(), v) for v in typed] if kind == UNT else []
    sitting = Sitting(raw, pair)
    _, _, found = check_sitting(kind, day or utcnow().date(), sitting)
    columns = {s.code: FIXED + 1 + i for i, s in enumerate(rules.sections)}
    for p in found:
        column = columns.get(p.field, FIXED + width + 1)
        problems.append((p.field, _where(sheet, number, column, p.message)))
    if problems or student is None or day is None:
        return problems, None
    return [], (student, day, sitting)


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value or "").strip())
    except ValueError:
        return None
