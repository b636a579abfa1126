"""A school's OneRoster 1.2 CSV package: every file's rows, the manifest, the zip."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session

from journal.errors import JournalNotFound
from journal.grades_rules import active_rules
from journal.oneroster import spec
from journal.oneroster.gradebook import category_rows, line_item_rows, read_marks, result_rows
from journal.oneroster.people import demographic_rows, enrollment_rows, role_rows, user_rows
from journal.oneroster.rostering import (
    Row,
    academic_sessions,
    class_rows,
    course_rows,
    org_row,
    teaching_groups,
)
from journal.oneroster.source import read_school_rows
from journal.oneroster.values import Ids
from models.i18n import N_, Message, message
from models.school import School


def _identity(text: str) -> str:
    return text


@dataclass
class OneRosterPackage:
    """The files of an export (name -> rows by column name) and what it could not carry."""

    school_code: str
    files: dict[str, list[Row]] = field(default_factory=dict)
    left_out: int = 0  # assessments of classes or subjects no longer in the school data

    def notes(self) -> list[Message]:
        """What a reader of the export should know, in sentences."""
        counts = {name: len(rows) for name, rows in self.files.items()}
        out = [
            message(
                N_("{users} users, {classes} classes, {enrollments} enrollments, "
                   "{items} assessments and {results} results."),
                users=counts.get("users.csv", 0), classes=counts.get("classes.csv", 0),
                enrollments=counts.get("enrollments.csv", 0),
                items=counts.get("lineItems.csv", 0), results=counts.get("results.csv", 0),
            )
        ]  # fmt: skip
        if self.left_out:
            text = N_("{count} assessments of classes or subjects no longer in the school data "
                      "were left out.")  # fmt: skip
            out.append(message(text, count=self.left_out))
        return out


def build_oneroster(
    session: Session,
    *,
    school_id: int,
    translate: Callable[[str], str] = _identity,
    demographics: bool = False,
    today: date | None = None,
) -> OneRosterPackage:
    """The school's rostering and gradebook data as OneRoster 1.2 CSV rows.

    Args:
        session: an open session (a read scope is enough).
        school_id: the school; every query is filtered by it.
        translate: renders category titles (ФО, СОР, СОЧ) in the school's language.
        demographics: also write demographics.csv (students' birth dates); off by default.
        today: the date that picks the current school year (default: today).

    Returns:
        Every file's rows; files the school has nothing for are still present (empty).

    Raises:
        JournalNotFound: no live school has this id.
    """
    school = session.get(School, school_id)
    if school is None or school.deleted_at is not None:
        raise JournalNotFound("school_not_found", [message(N_("There is no such school."))])
    rows = read_school_rows(session, school)
    ids = Ids(school.code)
    marks = read_marks(session, rows)
    groups = teaching_groups(rows, marks.class_keys())
    sessions = academic_sessions(rows, ids, today or date.today())
    files: dict[str, list[Row]] = {
        "academicSessions.csv": sessions.rows,
        "orgs.csv": [org_row(rows, ids)],
        "courses.csv": course_rows(rows, groups, ids, sessions.year),
        "classes.csv": class_rows(rows, groups, ids, sessions.terms),
        "users.csv": user_rows(rows, ids),
        "roles.csv": role_rows(rows, ids),
        "enrollments.csv": enrollment_rows(rows, groups, ids),
        "categories.csv": category_rows(
            rows, marks, active_rules(session, school_id=school_id), ids, translate
        ),
        "lineItems.csv": line_item_rows(rows, marks, ids, sessions, translate),
        "results.csv": result_rows(marks, ids),
    }
    if demographics:
        files["demographics.csv"] = demographic_rows(rows, ids)
    return OneRosterPackage(school.code, files, marks.left_out)


def csv_text(name: str, rows: list[Row]) -> str:
    """One file: the binding's header, then the rows in its column order (CRLF, UTF-8 text)."""
    header = spec.HEADERS[name]
    columns = set(header)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        if not row.keys() <= columns:  # a misspelt column would silently vanish
            raise ValueError(f"{name}: no such columns {sorted(set(row) - columns)}")
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue()


def manifest_text(package: OneRosterPackage) -> str:
    """manifest.csv: the versions, each file bulk or absent, and the source system."""
    present = {name.removesuffix(".csv") for name in package.files}
    rows = [
        ("manifest.version", spec.MANIFEST_VERSION),
        ("oneroster.version", spec.ONEROSTER_VERSION),
        *((f"file.{n}", spec.BULK if n in present else spec.ABSENT) for n in spec.MANIFEST_FILES),
        ("source.systemName", spec.SYSTEM_NAME),
        ("source.systemCode", spec.SYSTEM_CODE),
    ]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(spec.MANIFEST_HEADER)
    writer.writerows(rows)
    return out.getvalue()


def package_zip(package: OneRosterPackage) -> bytes:
    """The package as a zip: manifest.csv first, every file at the top level."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.csv", manifest_text(package).encode("utf-8"))
        for name, rows in package.files.items():
            archive.writestr(name, csv_text(name, rows).encode("utf-8"))
    return buffer.getvalue()
