"""The accounts workbook: its blank template (headers in kk, ru or en) and reading it into rows."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from models.account_admin import SCHOOL_ACCOUNT_ROLES
from models.account_bulk import BulkError, BulkProblem, BulkRow
from models.accounts import (
    COUNSELLOR,
    PARENT,
    PLATFORM_ADMIN,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
    TIMETABLER,
)
from models.i18n import N_, message

FIELDS = ("role", "name", "login", "email", "code")
LANGUAGES = ("kk", "ru", "en")

# Column headers per language; the first of each is what the template writes.
HEADERS: dict[str, dict[str, tuple[str, ...]]] = {
    "role": {"kk": ("Рөлі", "Рөл"), "ru": ("Роль",), "en": ("Role",)},
    "name": {"kk": ("Аты-жөні", "Аты"), "ru": ("ФИО", "Имя"), "en": ("Full name", "Name")},
    "login": {"kk": ("Логин",), "ru": ("Логин",), "en": ("Login",)},
    "email": {
        "kk": ("Эл. пошта", "Email"), "ru": ("Эл. почта", "Email", "Почта"),
        "en": ("E-mail", "Email"),
    },
    "code": {
        "kk": ("Коды (мұғалім/оқушы/ата-ана)", "Коды", "Код"),
        "ru": ("Код (учителя/ученика/родителя)", "Код"),
        "en": ("Code (teacher/student/parent)", "Code"),
    },
}  # fmt: skip

# What a role may be called in the role column; the first of each is what the drop-down offers.
ROLE_WORDS: dict[str, dict[str, tuple[str, ...]]] = {
    SCHOOL_ADMIN: {
        "kk": ("мектеп әкімшісі", "әкімші"), "ru": ("администратор школы", "администратор"),
        "en": ("school admin", "school administrator", "admin"),
    },
    TIMETABLER: {
        "kk": ("кесте жасаушы",), "ru": ("составитель расписания", "диспетчер"),
        "en": ("timetable staff", "timetabler", "scheduler"),
    },
    TEACHER: {"kk": ("мұғалім", "ұстаз"), "ru": ("учитель", "педагог"), "en": ("teacher",)},
    PSYCHOLOGIST: {"kk": ("психолог",), "ru": ("психолог",), "en": ("psychologist",)},
    COUNSELLOR: {
        "kk": ("кәсіптік кеңесші", "кеңесші"), "ru": ("профориентатор", "профконсультант"),
        "en": ("career counsellor", "counsellor", "counselor"),
    },
    STUDENT: {
        "kk": ("оқушы",), "ru": ("ученик", "ученица", "учащийся"), "en": ("student", "pupil"),
    },
    PARENT: {
        "kk": ("ата-ана", "қамқоршы"), "ru": ("родитель", "законный представитель"),
        "en": ("parent", "guardian"),
    },
}  # fmt: skip

SHEET_TITLE = {"kk": "Тіркелгілер", "ru": "Учётные записи", "en": "Accounts"}
INSTRUCTIONS_TITLE = {"kk": "Нұсқаулық", "ru": "Инструкция", "en": "Instructions"}
INSTRUCTIONS = (
    N_("One row per person. Only the role is always needed."),
    N_("Role: choose from the list (teacher, student, parent, staff)."),
    N_("Name: the person's full name; it may stay empty when a code is given."),
    N_("Login: leave empty to have one made from the name."),
    N_("E-mail: optional; used for password reset links."),
    N_("Code: the teacher's, student's or parent's code in the school data, to link the account."),
    N_("Nothing is created while any row has a problem; every problem is listed with its cell."),
    N_("After the upload you get a printable page with each login and initial password."),
)


def _fold(text: str) -> str:
    return re.sub(r"[\s.,()/_-]+", " ", text.casefold()).strip()


_HEADER_OF = {
    _fold(word): key
    for key, by_language in HEADERS.items()
    for words in by_language.values()
    for word in (*words, key)
}
_ROLE_OF = {
    _fold(word): role
    for role, by_language in ROLE_WORDS.items()
    for words in by_language.values()
    for word in (*words, role)
}
_ROLE_OF[_fold(PLATFORM_ADMIN)] = PLATFORM_ADMIN


def role_of(text: str) -> str:
    """The role code for a cell's words in any of the three languages, or "" if unknown."""
    return _ROLE_OF.get(_fold(text), "")


def _language(language: str) -> str:
    return language if language in LANGUAGES else "ru"


def accounts_template(language: str, translate: Callable[[str], str]) -> bytes:
    """The blank accounts workbook: headers and role drop-down in `language`, instructions.

    Args:
        language: kk, ru or en (anything else gives ru).
        translate: turns the instruction msgids into the same language.

    Returns:
        The .xlsx file's bytes.
    """
    lang = _language(language)
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = SHEET_TITLE[lang]
    sheet.append([HEADERS[key][lang][0] for key in FIELDS])
    for index, width in enumerate((22, 36, 22, 30, 24), start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    choices = ",".join(ROLE_WORDS[role][lang][0] for role in SCHOOL_ACCOUNT_ROLES)
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    sheet.add_data_validation(validation)
    validation.add("A2:A5001")
    notes = book.create_sheet(INSTRUCTIONS_TITLE[lang])
    for line in INSTRUCTIONS:
        notes.append([translate(line)])
    notes.column_dimensions["A"].width = 100
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # a code typed as a number comes back as 17.0
    return str(value).strip()


def _columns(sheet: Any) -> tuple[dict[str, int], list[BulkProblem]]:
    header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
    columns: dict[str, int] = {}
    problems = []
    for index, cell in enumerate(header):
        key = _HEADER_OF.get(_fold(_text(cell)))
        if key is not None and key not in columns:
            columns[key] = index
    if "role" not in columns:
        text = message(N_("The first row needs a Role column (headers in kk, ru or en)."))
        problems.append(BulkProblem(text, sheet.title, 1))
    return columns, problems


def _row(sheet: str, number: int, cells: tuple[Any, ...], columns: dict[str, int]) -> BulkRow:
    values = {k: _text(cells[i]) if i < len(cells) else "" for k, i in columns.items()}
    letters = {k: get_column_letter(i + 1) for k, i in columns.items()}
    return BulkRow(
        row=number, role=role_of(values.get("role", "")), name=values.get("name", ""),
        login=values.get("login", ""), email=values.get("email", ""),
        code=values.get("code", ""), role_text=values.get("role", ""), sheet=sheet,
        columns=letters,
    )  # fmt: skip


def read_accounts_workbook(data: bytes) -> list[BulkRow]:
    """The rows of the first sheet of an uploaded accounts workbook (empty rows skipped).

    Args:
        data: the .xlsx file's bytes.

    Returns:
        One row per non-empty line below the header, with the column letter of each field.

    Raises:
        BulkError: not an Excel workbook, or no Role column in the first row.
    """
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        text = message(N_("This file is not an Excel workbook (.xlsx): {reason}"), reason=str(exc))
        raise BulkError([BulkProblem(text)]) from exc
    try:
        sheet = book.worksheets[0]  # a read-only sheet: rows stream from the file
        columns, problems = _columns(sheet)
        if problems:
            raise BulkError(problems)
        rows = []
        for number, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
            if any(_text(c) for c in cells):
                rows.append(_row(sheet.title, number, tuple(cells), columns))
        return rows
    finally:
        book.close()
