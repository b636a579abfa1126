"""The yearly figures as an Excel workbook: export to fill in, import to update a school's."""

from __future__ import annotations

from dataclasses import dataclass
from io import BytesIO
from typing import Any
from zipfile import BadZipFile

from openpyxl import Workbook, load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlmodel import Session

from guidance.admissions.schemas import CATEGORIES, Admissions
from guidance.admissions.school import (
    AdmissionsError,
    FigureInput,
    admissions_for_school,
    check_figure,
    set_figure,
)
from models.guidance_atlas import GROUP_THRESHOLD, MINIMUM
from models.i18n import N_, Message, message

SHEET = "Figures"
HEADER = ("kind", "key", "name", "year", "score", "source", "note", "illustrative")
INSTRUCTIONS = (
    "Fill in the year, score and source of each figure your school has checked, then import "
    "this file on the admissions page. Rows without a score are left as they are. kind: "
    "group_threshold (the grant pass score of a group of educational programmes) or minimum "
    "(the minimum UNT total of a category). The 'illustrative' column shows which current "
    "values are demo figures, not published ones."
)


@dataclass(frozen=True, slots=True)
class ImportReport:
    changed: int
    unchanged: int


def figures_workbook(data: Admissions, lang: str) -> bytes:
    """Every group's pass score and every category's minimum now in force, one row each."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append(HEADER)
    for code, group in sorted(data.groups.items()):
        f = group.latest()
        sheet.append((GROUP_THRESHOLD, code, group.name.get(lang), f.year if f else None,
                      f.score if f else None, _source(data, f.source) if f else "",
                      f.note if f else "", "yes" if f and f.illustrative else ""))  # fmt: skip
    for category in CATEGORIES:
        f = data.minimum(category)
        sheet.append((MINIMUM, category, category, f.year if f else None, f.score if f else None,
                      _source(data, f.source) if f else "", f.note if f else "",
                      "yes" if f and f.illustrative else ""))  # fmt: skip
    notes = book.create_sheet("Instructions")
    notes.append((INSTRUCTIONS,))
    out = BytesIO()
    book.save(out)
    return out.getvalue()


def _source(data: Admissions, key: str) -> str:
    source = data.sources.get(key)
    return source.title if source else key


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float) and float(value).is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def read_rows(content: bytes) -> list[tuple[int, FigureInput]]:
    """The filled rows of the workbook (row number, figure); rows without a score are skipped.

    Raises:
        AdmissionsError: the file is not a workbook or lacks the Figures sheet.
    """
    try:
        book = load_workbook(BytesIO(content), read_only=True, data_only=True)
    except (InvalidFileException, BadZipFile, OSError, KeyError, ValueError) as exc:
        refusal = message(N_("This is not an Excel workbook (.xlsx)."))
        raise AdmissionsError("admissions.not_a_workbook", [refusal]) from exc
    if SHEET not in book.sheetnames:
        raise AdmissionsError("admissions.no_sheet", [message(
            N_("The workbook has no sheet named {sheet}."), sheet=SHEET)])  # fmt: skip
    rows = []
    for number, values in enumerate(book[SHEET].iter_rows(min_row=2, values_only=True), start=2):
        cells = dict(zip(HEADER, (*values, *([None] * len(HEADER)))[: len(HEADER)], strict=True))
        if cells["score"] in (None, ""):
            continue
        rows.append((number, FigureInput(
            str(cells["kind"] or "").strip(), str(cells["key"] or "").strip(),
            _int(cells["year"]), _int(cells["score"]), str(cells["source"] or ""),
            str(cells["note"] or ""),
        )))  # fmt: skip
    return rows


def import_figures(
    session: Session, *, school_id: int, content: bytes, actor: str, actor_id: int | None
) -> ImportReport:
    """Store every changed figure of the workbook, or none if a row is wrong.

    Args:
        session: an open session.
        school_id: the school importing.
        content: the .xlsx file.
        actor: who imports; actor_id: their account id.

    Returns:
        How many figures changed and how many rows matched what is already in force.

    Raises:
        AdmissionsError: every wrong row, each sentence naming its row number.
    """
    current = admissions_for_school(session, school_id=school_id)
    rows = read_rows(content)
    problems: list[Message] = []
    for number, figure in rows:
        problems += [message(N_("Row {row}: {problem}"), row=number, problem=p)
                     for p in check_figure(figure, current)]  # fmt: skip
    if problems:
        raise AdmissionsError("admissions.bad_workbook", problems)
    changed = unchanged = 0
    for _, figure in rows:
        if _same(current, figure):
            unchanged += 1
            continue
        set_figure(session, school_id=school_id, figure=figure, actor=actor, actor_id=actor_id)
        changed += 1
    return ImportReport(changed, unchanged)


def _same(data: Admissions, figure: FigureInput) -> bool:
    """The row repeats the figure in force (as exported), so importing it changes nothing."""
    if figure.kind == GROUP_THRESHOLD:
        found = data.groups[figure.key].thresholds
    else:
        found = data.minimums.get(figure.key, ())
    return any(f.year == figure.year and f.score == figure.score
               and _source(data, f.source) == figure.source.strip() for f in found)  # fmt: skip
