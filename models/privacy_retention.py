"""The retention schedule: leavers' personal data replaced after the school's set years.

A student who left (soft-deleted by a roster import or an edit) keeps their record for
`retention_years`; then the retention job (web.jobs.retention) calls `anonymise_student`: the
name becomes "Оқушы #1234" (in the school's language), the code and birth date go, their
accounts are closed and renamed, free-text notes about them are emptied (remarks, absence
reasons, grade comments, consultation and case notes, notices' text), the import history and
stored snapshots lose the name, and parents with no child left in the school are anonymised the
same way. Grades, attendance marks, scores and submissions stay, under the pseudonym, for the
school's statistics. Each student is done once (an `Anonymisation` row) and audited.
"""

from __future__ import annotations

import copy
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlmodel import Session, SQLModel, col, select

from models.accounts import UserAccount
from models.audit import record_audit
from models.base import utcnow
from models.errors import StoreError
from models.history import AuditEntry, ChangeRecord, DataVersion
from models.i18n import N_, message
from models.people import Guardianship, Parent, Student
from models.privacy import DEFAULT_RETENTION_YEARS, Anonymisation, PrivacySettings
from models.school import School

RETENTION_ACTOR = "retention"
MIN_YEARS, MAX_YEARS = 1, 75
# Text columns that describe a person in rows about them; emptied on anonymisation.
FREE_TEXT = frozenset({
    "reason", "text", "note", "notes", "next_steps", "comment", "summary", "body", "subject",
    "address", "given_by_name", "revoked_by_name", "override_reason",
})  # fmt: skip
PSEUDONYMS = {
    "kk": ("Оқушы #{id}", "Ата-ана #{id}"),
    "ru": ("Ученик #{id}", "Родитель #{id}"),
    "en": ("Student #{id}", "Parent #{id}"),
}
PERSON_FIELDS = ("name", "birth_date", "email", "phone")


class RetentionError(StoreError):
    """A retention setting the store refuses."""


def _aware(value: datetime) -> datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)  # SQLite: naive UTC


def retention_years(session: Session, *, school_id: int) -> int:
    """The school's retention period in years (the default when never set).

    Args:
        session: an open session.
        school_id: the school.

    Returns:
        Years after leaving.
    """
    row = session.exec(
        select(PrivacySettings).where(PrivacySettings.school_id == school_id)
    ).first()
    return row.retention_years if row is not None else DEFAULT_RETENTION_YEARS


def set_retention_years(session: Session, *, school_id: int, years: int, actor: str) -> None:
    """Sets the school's retention period (audited).

    Args:
        session: an open session.
        school_id: the school.
        years: whole years after leaving, 1 to 75.
        actor: who sets it (a login).

    Raises:
        RetentionError: out of range.
    """
    if not MIN_YEARS <= years <= MAX_YEARS:
        raise RetentionError("bad_years", [message(
            N_("The retention period is {low} to {high} years."), low=MIN_YEARS, high=MAX_YEARS,
        )])  # fmt: skip
    row = session.exec(
        select(PrivacySettings).where(PrivacySettings.school_id == school_id)
    ).first()
    before = row.retention_years if row is not None else DEFAULT_RETENTION_YEARS
    row = row or PrivacySettings(school_id=school_id)
    row.retention_years, row.updated_at = years, utcnow()
    session.add(row)
    record_audit(session, school_id=school_id, actor=actor, action="set_retention",
                 entity=f"privacy_settings:{school_id}",
                 details={"before": before, "after": years})  # fmt: skip


def leavers_due(session: Session, *, school_id: int, now: datetime | None = None) -> list[Student]:
    """Students who left more than the retention period ago and are not anonymised yet.

    Args:
        session: an open session.
        school_id: the school.
        now: the moment to judge by (default: now).

    Returns:
        The students, earliest leavers first.
    """
    years = retention_years(session, school_id=school_id)
    cutoff = (now or utcnow()) - timedelta(days=round(365.25 * years))
    done = select(Anonymisation.student_id).where(Anonymisation.school_id == school_id)
    rows = session.exec(
        select(Student).where(
            Student.school_id == school_id,
            col(Student.deleted_at).is_not(None),
            col(Student.id).not_in(done),
        )
    ).all()
    due = [s for s in rows if s.deleted_at is not None and _aware(s.deleted_at) <= cutoff]
    return sorted(due, key=lambda s: (_aware(s.deleted_at or cutoff), s.id or 0))


def _changed(session: Session, statement: sa.Update) -> int:
    result = session.execute(statement)
    return int(getattr(result, "rowcount", 0) or 0)


def _free_text(table: sa.Table) -> dict[str, str]:
    """The table's free-text columns (text types only: a JSON `summary` is not one)."""
    out = {}
    for column in table.c:
        kind = getattr(column.type, "impl", column.type)  # sqlmodel's AutoString wraps String
        if column.name in FREE_TEXT and isinstance(kind, sa.String):
            out[column.name] = ""
    return out


def _wipe_text(session: Session, school_id: int, column: str, ids: list[int]) -> int:
    """Empties the free-text columns of rows whose `column` is one of `ids`, and of rows one
    foreign key below them (a case's entries, a response's answers)."""
    wiped = 0
    tables = SQLModel.metadata.sorted_tables
    for table in tables:
        if column not in table.c or "school_id" not in table.c:
            continue
        texts = _free_text(table)
        where = sa.and_(table.c.school_id == school_id, table.c[column].in_(ids))
        if texts:
            wiped += _changed(session, sa.update(table).where(where).values(**texts))
        parent_ids = sa.select(table.c.id).where(where) if "id" in table.c else None
        for child in tables:
            fks = [
                fk for fk in child.foreign_keys if fk.column.table is table and child is not table
            ]
            child_texts = _free_text(child)
            if parent_ids is None or not fks or not child_texts or column in child.c:
                continue
            for fk in fks:
                stmt = sa.update(child).where(fk.parent.in_(parent_ids)).values(**child_texts)
                wiped += _changed(session, stmt)
    return wiped


def _close_accounts(session: Session, accounts: list[UserAccount], name: str, now: datetime) -> int:
    for account in accounts:
        old_login = account.login
        account.login = f"anon-{account.id}"
        account.name, account.email, account.active = name, "", False
        # not an Argon2 hash, so no password matches it (bandit takes it for a password)
        account.password_hash = "!anonymised"  # nosec B105
        account.deleted_at = account.deleted_at or now
        session.add(account)
        session.execute(sa.update(AuditEntry).where(
            col(AuditEntry.school_id) == account.school_id, col(AuditEntry.actor) == old_login
        ).values(actor=account.login))  # fmt: skip
    return len(accounts)


def _scrub(value: Any, fields: dict[str, Any]) -> Any:
    if isinstance(value, dict):
        return {k: (fields.get(k, v)) for k, v in value.items()}
    return value


def _scrub_history(
    session: Session, school_id: int, entity: str, keys: tuple[str, str], pseudonym: str
) -> int:
    """Import history: the change log's rows for this person, and the stored snapshots."""
    old_key, new_key = keys
    fields: dict[str, Any] = {"name": pseudonym, "birth_date": None, "email": "", "phone": "",
                              "code": new_key}  # fmt: skip
    changed = 0
    rows = session.exec(select(ChangeRecord).where(
        ChangeRecord.school_id == school_id, ChangeRecord.entity == entity,
        ChangeRecord.key == old_key,
    )).all()  # fmt: skip
    for row in rows:
        row.key = new_key
        if row.field in fields:
            row.old = row.new = fields[row.field]
        row.old, row.new = _scrub(row.old, fields), _scrub(row.new, fields)
        session.add(row)
        changed += 1
    plural = f"{entity}s"
    for version in session.exec(select(DataVersion).where(DataVersion.school_id == school_id)):
        people = version.snapshot.get(plural)
        if not isinstance(people, list):
            continue
        snapshot = copy.deepcopy(version.snapshot)
        for person in snapshot[plural]:
            if isinstance(person, dict) and (person.get("code") or person.get("name")) == old_key:
                person.update({k: v for k, v in fields.items() if k in person})
                changed += 1
            if entity == "student" and isinstance(person, dict):  # a parent's list of children
                person["children"] = [new_key if c == old_key else c
                                      for c in person.get("children", [])]  # fmt: skip
        version.snapshot = snapshot  # a new object, so the JSON column is written
        session.add(version)
    return changed


def _pseudonyms(session: Session, school_id: int) -> tuple[str, str]:
    school = session.get(School, school_id)
    return PSEUDONYMS.get(school.language if school else "kk", PSEUDONYMS["kk"])


def _anonymise_parents(
    session: Session, school_id: int, student_id: int, template: str, now: datetime
) -> int:
    """Parents of the child with no other child still in the school."""
    done = 0
    links = session.exec(select(Guardianship).where(
        Guardianship.school_id == school_id, Guardianship.student_id == student_id
    )).all()  # fmt: skip
    for link in links:
        others = session.exec(
            select(Student.id)
            .join(Guardianship, col(Guardianship.student_id) == col(Student.id))
            .where(Guardianship.parent_id == link.parent_id, Student.id != student_id,
                   col(Student.deleted_at).is_(None))
        ).first()  # fmt: skip
        parent = session.get(Parent, link.parent_id)
        if others is not None or parent is None or parent.code.startswith("anon-"):
            continue
        pseudonym, old_key = template.format(id=parent.id), parent.code or parent.name
        parent.code, parent.name, parent.email, parent.phone = (
            f"anon-{parent.id}",
            pseudonym,
            "",
            "",
        )
        parent.deleted_at = parent.deleted_at or now
        session.add(parent)
        accounts = session.exec(select(UserAccount).where(UserAccount.parent_id == parent.id)).all()
        _close_accounts(session, list(accounts), pseudonym, now)
        _wipe_text(session, school_id, "parent_id", [parent.id or 0])
        _scrub_history(session, school_id, "parent", (old_key, parent.code), pseudonym)
        done += 1
    return done


def anonymise_student(
    session: Session, *, school_id: int, student: Student, actor: str = RETENTION_ACTOR
) -> dict[str, int]:
    """Replaces one leaver's personal data (see the module's docstring); audited, done once.

    Args:
        session: an open session.
        school_id: the school (the student must be its own).
        student: the student who left.
        actor: who runs it ("retention" for the scheduled job).

    Returns:
        How many rows of each kind changed.

    Raises:
        RetentionError: the student is another school's or has not left.
    """
    if student.school_id != school_id or student.deleted_at is None or student.id is None:
        raise RetentionError(
            "not_a_leaver", [message(N_("Only students who left are anonymised."))]
        )
    now = utcnow()
    student_template, parent_template = _pseudonyms(session, school_id)
    pseudonym, old_key = student_template.format(id=student.id), student.code or student.name
    counts = {"parents": _anonymise_parents(session, school_id, student.id, parent_template, now)}
    student.name, student.code, student.birth_date = pseudonym, f"anon-{student.id}", None
    session.add(student)
    accounts = list(session.exec(select(UserAccount).where(UserAccount.student_id == student.id)))
    counts["accounts"] = _close_accounts(session, accounts, pseudonym, now)
    counts["text_fields"] = _wipe_text(session, school_id, "student_id", [student.id])
    account_ids = [a.id for a in accounts if a.id is not None]
    counts["notices"] = _wipe_text(session, school_id, "user_id", account_ids) if account_ids else 0
    counts["history"] = _scrub_history(session, school_id, "student", (old_key, student.code),
                                       pseudonym)  # fmt: skip
    session.add(
        Anonymisation(school_id=school_id, student_id=student.id, actor=actor, counts=counts)
    )
    record_audit(session, school_id=school_id, actor=actor, action="anonymise_student",
                 entity=f"student:{student.id}", details=counts)  # fmt: skip
    session.flush()
    session.expire_all()  # rows changed by the bulk updates above are read again when used
    return counts


def run_retention(
    session: Session, *, school_id: int, now: datetime | None = None, actor: str = RETENTION_ACTOR
) -> dict[str, Any]:
    """Anonymises every leaver of the school whose retention period is over.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        now: the moment to judge by (default: now).
        actor: who runs it.

    Returns:
        {"years", "anonymised": [student ids], "counts": totals}.
    """
    due = leavers_due(session, school_id=school_id, now=now)
    totals: dict[str, int] = {}
    for student in due:
        for key, value in anonymise_student(session, school_id=school_id, student=student,
                                            actor=actor).items():  # fmt: skip
            totals[key] = totals.get(key, 0) + value
    summary = {"years": retention_years(session, school_id=school_id),
               "anonymised": [s.id for s in due], "counts": totals}  # fmt: skip
    if due:
        record_audit(session, school_id=school_id, actor=actor, action="retention_run",
                     entity=f"privacy_settings:{school_id}", details=summary)  # fmt: skip
    return summary
