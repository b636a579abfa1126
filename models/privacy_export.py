"""A person's data export: every row the store keeps about someone, as a zip of JSON and CSV.

A student's (for their parent, themself or the school admin: `export_person`), or anyone's
behind one of the school's accounts, a teacher, parent or specialist (the admin: `export_account`).

Rows are found through the schema rather than a hand-kept list, so tables added later are in
the export without a change here: the person's own row, every table with a `student_id` (or
`parent_id`/`teacher_id`) column naming them, every table with a `user_id` naming one of their
accounts, and audit entries about them. Secrets never leave (password and token hashes,
calendar tokens). For a parent or the student themself, the school psychologist's records
(risk cases and their notes, screening answers) are withheld and counted in the README, because
a screening answer can be about the home; the school admin's export has everything.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from models.accounts import PARENT, SCHOOL_ADMIN, STUDENT, UserAccount
from models.audit import record_audit
from models.errors import NotFound, StoreError
from models.history import AuditEntry
from models.i18n import N_, message
from models.people import Guardianship, Student

SECRET_COLUMNS = frozenset({"password_hash", "token_hash", "token", "secret", "key_hash"})
SKIPPED_TABLES = frozenset({"login_attempt", "password_reset", "calendar_token", "audit_log"})
# The psychologist's records: in the admin's export only.
PSYCHOLOGIST_ONLY = frozenset(
    {"guidance_case", "guidance_case_entry", "guidance_response", "guidance_answer"}
)


class ExportRefused(StoreError):
    """A data export the store refuses: not the requester's child or own data."""


@dataclass(frozen=True, slots=True)
class Requester:
    """Who asks for an export."""

    account_id: int
    login: str
    role: str
    school_id: int
    student_id: int | None = None
    parent_id: int | None = None


@dataclass
class PersonData:
    """What was found: rows by table, and how many rows were withheld from this requester."""

    subject: str  # "student:12", "parent:3", "teacher:7" or "user_account:40"
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    withheld: dict[str, int] = field(default_factory=dict)


def may_export(session: Session, requester: Requester, student_id: int) -> bool:
    """Whether the requester may have this student's data: the school admin for any student of
    the school, a parent for their child, a student for themself."""
    student = session.get(Student, student_id)
    if student is None or student.school_id != requester.school_id:
        return False
    if requester.role == SCHOOL_ADMIN:
        return True
    if requester.role == STUDENT:
        return requester.student_id == student_id
    if requester.role == PARENT and requester.parent_id is not None:
        link = session.exec(select(Guardianship).where(
            Guardianship.school_id == requester.school_id,
            Guardianship.parent_id == requester.parent_id, Guardianship.student_id == student_id,
        )).first()  # fmt: skip
        return link is not None
    return False


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def _rows(session: Session, table: sa.Table, where: Any) -> list[dict[str, Any]]:
    keep = [c for c in table.c if c.name not in SECRET_COLUMNS]
    result = session.execute(sa.select(*keep).where(where).order_by(*table.primary_key.columns))
    return [{k: _plain(v) for k, v in row._mapping.items()} for row in result]


def _school_rows(table: sa.Table, where: Any, school_id: int) -> Any:
    if "school_id" not in table.c:
        return where
    return sa.and_(where, sa.or_(table.c.school_id == school_id, table.c.school_id.is_(None)))


def _collect(
    session: Session, *, school_id: int, person: tuple[str, int] | None, account_ids: list[int],
    full: bool,
) -> PersonData:  # fmt: skip
    """Rows naming the person (`(table, id)`: its row and every `<table>_id` column) or one of
    their accounts (the account rows and every `user_id` column), in the school."""
    kind, person_id = person if person is not None else ("user_account", account_ids[0])
    data = PersonData(f"{kind}:{person_id}")
    for table in SQLModel.metadata.sorted_tables:
        if table.name in SKIPPED_TABLES:
            continue
        conditions = []
        if person is not None and table.name == kind:
            conditions.append(table.c.id == person_id)
        if person is not None and f"{kind}_id" in table.c:
            conditions.append(table.c[f"{kind}_id"] == person_id)
        if table.name == "user_account" and account_ids:
            conditions.append(table.c.id.in_(account_ids))
        if "user_id" in table.c and account_ids:
            conditions.append(table.c.user_id.in_(account_ids))
        if not conditions:
            continue
        rows = _rows(session, table, _school_rows(table, sa.or_(*conditions), school_id))
        if not rows:
            continue
        if table.name in PSYCHOLOGIST_ONLY and not full:
            data.withheld[table.name] = len(rows)
        else:
            data.tables[table.name] = rows
    _child_rows(session, data, full)
    entities = [data.subject, *(f"user_account:{a}" for a in account_ids)]
    audit = session.exec(select(AuditEntry).where(
        AuditEntry.school_id == school_id, col(AuditEntry.entity).in_(entities)
    ).order_by(col(AuditEntry.id))).all()  # fmt: skip
    if audit:
        data.tables["audit_log"] = [
            {k: _plain(v) for k, v in a.model_dump().items()} for a in audit
        ]
    return data


def collect(session: Session, *, school_id: int, student_id: int, full: bool) -> PersonData:
    """Every row about the student in the school (see the module's docstring).

    Args:
        session: an open session.
        school_id: the school.
        student_id: the student.
        full: include the psychologist's records (the school admin's export).

    Returns:
        The rows by table.

    Raises:
        NotFound: no such student in the school.
    """
    student = session.get(Student, student_id)
    if student is None or student.school_id != school_id:
        raise NotFound("no_student", [message(N_("There is no such student."))])
    account_ids = [a for a in session.exec(select(UserAccount.id).where(
        UserAccount.school_id == school_id, UserAccount.student_id == student_id
    )).all() if a is not None]  # fmt: skip
    return _collect(session, school_id=school_id, person=("student", student_id),
                    account_ids=account_ids, full=full)  # fmt: skip


def collect_account(session: Session, *, school_id: int, account_id: int) -> PersonData:
    """Every row about the person behind an account of the school (the admin's export of a
    teacher, a parent, a specialist or a student), the psychologist's records included.

    Args:
        session: an open session.
        school_id: the school.
        account_id: the account.

    Returns:
        The rows by table.

    Raises:
        NotFound: no such account in the school.
    """
    account = session.get(UserAccount, account_id)
    if account is None or account.school_id != school_id:
        raise NotFound("no_account", [message(N_("There is no such account."))])
    if account.student_id is not None:
        return collect(session, school_id=school_id, student_id=account.student_id, full=True)
    person: tuple[str, int] | None = None
    if account.parent_id is not None:
        person = ("parent", account.parent_id)
    elif account.teacher_id is not None:
        person = ("teacher", account.teacher_id)
    return _collect(session, school_id=school_id, person=person, account_ids=[account_id],
                    full=True)  # fmt: skip


def _child_rows(session: Session, data: PersonData, full: bool) -> None:
    """Rows one foreign key below rows already found (a case's entries, a response's answers);
    below withheld rows they are only counted."""
    found = dict(data.tables)
    kind, _, number = data.subject.partition(":")
    subject_id = int(number)
    for table in SQLModel.metadata.sorted_tables:
        if table.name in found or table.name in data.withheld or table.name in SKIPPED_TABLES:
            continue
        for fk in table.foreign_keys:
            parent = fk.column.table
            if fk.column.name != "id" or parent is table:
                continue
            hidden = parent.name in data.withheld
            if parent.name in found:
                ids = [row["id"] for row in found[parent.name]]
            elif hidden and f"{kind}_id" in parent.c:
                query = sa.select(parent.c.id).where(parent.c[f"{kind}_id"] == subject_id)
                ids = [r[0] for r in session.execute(query)]
            else:
                continue
            rows = _rows(session, table, fk.parent.in_(ids)) if ids else []
            if not rows:
                continue
            if hidden or (table.name in PSYCHOLOGIST_ONLY and not full):
                data.withheld[table.name] = data.withheld.get(table.name, 0) + len(rows)
            else:
                data.tables.setdefault(table.name, []).extend(rows)


def _csv(rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    names = list(dict.fromkeys(k for row in rows for k in row))
    writer = csv.DictWriter(out, fieldnames=names)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, dict | list)
                         else v for k, v in row.items()})  # fmt: skip
    return out.getvalue()


def export_zip(data: PersonData, *, made_at: datetime, readme: str) -> bytes:
    """The export as a zip: README.txt, data.json (every table) and one CSV per table.

    Args:
        data: what `collect` found.
        made_at: when the export was made (written into the README and data.json).
        readme: the README text (in the requester's language, written by the caller).

    Returns:
        The zip file's bytes.
    """
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("README.txt", readme)
        document = {"subject": data.subject, "made_at": made_at.isoformat(),
                    "tables": data.tables, "withheld": data.withheld}  # fmt: skip
        archive.writestr("data.json", json.dumps(document, ensure_ascii=False, indent=2))
        for name, rows in sorted(data.tables.items()):
            archive.writestr(f"csv/{name}.csv", _csv(rows))
    return buffer.getvalue()


def export_person(session: Session, requester: Requester, *, student_id: int) -> PersonData:
    """The student's data for this requester, checked and audited.

    Args:
        session: an open session (the audit row is written when it commits).
        requester: who asks.
        student_id: whose data.

    Returns:
        The rows to put in the zip.

    Raises:
        ExportRefused: the requester may not have this student's data. The refusal's audit row
            is already in the session: catch the error inside the transaction to keep it.
    """
    if not may_export(session, requester, student_id):
        record_audit(session, school_id=requester.school_id, actor=requester.login,
                     action="export_refused", entity=f"student:{student_id}")  # fmt: skip
        raise ExportRefused("not_yours", [message(N_("You may not export this person's data."))])
    data = collect(session, school_id=requester.school_id, student_id=student_id,
                   full=requester.role == SCHOOL_ADMIN)  # fmt: skip
    record_audit(session, school_id=requester.school_id, actor=requester.login,
                 action="export_personal_data", entity=f"student:{student_id}",
                 details={"tables": sorted(data.tables), "withheld": data.withheld})  # fmt: skip
    return data


def export_account(session: Session, requester: Requester, *, account_id: int) -> PersonData:
    """Everything about the person behind one of the school's accounts, for the school admin
    (audited; refusals too, as in `export_person`).

    Args:
        session: an open session.
        requester: who asks (only the school admin may).
        account_id: whose data.

    Returns:
        The rows to put in the zip.

    Raises:
        ExportRefused: not the school admin, or not an account of their school.
    """
    account = session.get(UserAccount, account_id)
    mine = account is not None and account.school_id == requester.school_id
    if requester.role != SCHOOL_ADMIN or not mine:
        record_audit(session, school_id=requester.school_id, actor=requester.login,
                     action="export_refused", entity=f"user_account:{account_id}")  # fmt: skip
        raise ExportRefused("not_yours", [message(N_("You may not export this person's data."))])
    data = collect_account(session, school_id=requester.school_id, account_id=account_id)
    record_audit(session, school_id=requester.school_id, actor=requester.login,
                 action="export_personal_data", entity=f"user_account:{account_id}",
                 details={"tables": sorted(data.tables)})  # fmt: skip
    return data
