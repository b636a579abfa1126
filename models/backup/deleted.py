"""Soft-deleted rows a school admin may bring back: what was deleted, when, and by whom.

Students and teachers leave through a new data version (an import, a roster or a form), so who
removed them is the actor of that version's audit row, and what they were is the item in the
version before. Remarks, grades and assessments are withdrawn by the journal, whose audit rows
name the actor. Every query is of one school. Restoring goes through the owners' rules (web's
restore service): a remark here, grades and assessments with the journal's term checks and
recomputation, people as a new data version.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement
from sqlmodel import Session, col, select

from models.audit import record_audit
from models.backup.errors import BackupError
from models.changes import REMOVED
from models.classes import SchoolClass
from models.curriculum import Subject
from models.history import AuditEntry, ChangeRecord, DataVersion
from models.i18n import N_, message
from models.journal import Assessment, Grade, LessonRecord, Remark
from models.people import Student, Teacher
from models.snapshot import SchoolSnapshot
from models.snapshot_codec import COLLECTIONS, key_text, snapshot_from_json

KINDS: tuple[str, ...] = ("student", "teacher", "assessment", "grade", "remark")
TABLES: dict[str, Any] = {"student": Student, "teacher": Teacher, "assessment": Assessment,
                          "grade": Grade, "remark": Remark}  # fmt: skip
# the journal's audit actions (journal/grades.py, journal/register_audit.py): stored data
ACTIONS = {"grade": "clear_grade", "assessment": "remove_assessment",
           "remark": "register_remark_withdrawn"}  # fmt: skip
RESTORED = "restore_deleted"  # the audit action of a restore
DAYS = 90  # how far back the page looks


@dataclass(frozen=True, slots=True)
class DeletedItem:
    """One deleted row as the page lists it (data, not sentences: the page words them)."""

    kind: str
    id: int
    name: str  # the student's or teacher's name; an assessment's title
    detail: str  # class, subject, date, value or text, as the kind has them
    deleted_at: datetime
    by: str  # the actor's login, "" when no audit row says


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _deleted(table: Any, school_id: int, since: datetime) -> list[ColumnElement[bool]]:
    return [table.school_id == school_id, col(table.deleted_at).is_not(None),
            col(table.deleted_at) >= since]  # fmt: skip


def _names(session: Session, table: Any, school_id: int, ids: set[int]) -> dict[int, Any]:
    if not ids:
        return {}
    rows = session.exec(select(table).where(table.school_id == school_id, col(table.id).in_(ids)))
    return {row.id: row for row in rows}


def _journal_actors(session: Session, school_id: int, kind: str, since: datetime) -> dict[int, str]:
    """Row id -> who withdrew it, from the journal's audit rows (the newest wins)."""
    rows = session.exec(
        select(AuditEntry).where(
            AuditEntry.school_id == school_id, AuditEntry.action == ACTIONS[kind],
            col(AuditEntry.created_at) >= since - timedelta(minutes=1),
        ).order_by(col(AuditEntry.id))
    ).all()  # fmt: skip
    out = {}
    for row in rows:
        ident = row.details.get("remark_id") if kind == "remark" else row.entity.split(":")[-1]
        if ident is not None and str(ident).isdigit():
            out[int(ident)] = row.actor
    return out


def _removal_actors(session: Session, school_id: int, kind: str, since: datetime) -> dict[str, str]:
    """Key -> who removed the student or teacher: the actor of the data version that did."""
    removals = session.exec(
        select(ChangeRecord.key, DataVersion.number)
        .join(DataVersion, col(DataVersion.id) == ChangeRecord.data_version_id)
        .where(ChangeRecord.school_id == school_id, ChangeRecord.entity == kind,
               ChangeRecord.action == REMOVED, col(DataVersion.created_at) >= since)
        .order_by(col(DataVersion.number))
    ).all()  # fmt: skip
    imports = session.exec(
        select(AuditEntry).where(
            AuditEntry.school_id == school_id, AuditEntry.action == "import",
            col(AuditEntry.created_at) >= since - timedelta(minutes=1),
        )
    ).all()  # fmt: skip
    by_version = {row.details.get("version"): row.actor for row in imports}
    return {key: by_version.get(number, "") for key, number in removals}


def _people(session: Session, school_id: int, kind: str, since: datetime,
            limit: int) -> list[DeletedItem]:  # fmt: skip
    table = TABLES[kind]
    rows = session.exec(select(table).where(*_deleted(table, school_id, since))
                        .order_by(col(table.deleted_at).desc()).limit(limit)).all()  # fmt: skip
    live = set(session.exec(select(table.code).where(
        table.school_id == school_id, col(table.deleted_at).is_(None))).all())  # fmt: skip
    actors = _removal_actors(session, school_id, kind, since)
    classes = _names(
        session, SchoolClass, school_id, {r.class_id for r in rows if kind == "student"}
    )
    out = []
    for row in rows:
        if row.code in live:  # a duplicate of a live row, not a person who left
            continue
        detail = classes[row.class_id].code if kind == "student" and row.class_id in classes else ""
        out.append(DeletedItem(kind, row.id, row.name, detail, _aware(row.deleted_at),
                               actors.get(row.code or row.name, "")))  # fmt: skip
    return out


def _value(number: float) -> str:
    return f"{number:g}"


def _journal(session: Session, school_id: int, kind: str, since: datetime,
             limit: int) -> list[DeletedItem]:  # fmt: skip
    table = TABLES[kind]
    rows = session.exec(select(table).where(*_deleted(table, school_id, since))
                        .order_by(col(table.deleted_at).desc()).limit(limit)).all()  # fmt: skip
    actors = _journal_actors(session, school_id, kind, since)
    if kind == "assessment":
        assessments = {r.id: r for r in rows}
    else:
        wanted = {r.assessment_id for r in rows} if kind == "grade" else set()
        assessments = _names(session, Assessment, school_id, wanted)
    students = _names(session, Student, school_id, {getattr(r, "student_id", 0) for r in rows})
    subjects = _names(session, Subject, school_id, {a.subject_id for a in assessments.values()})
    classes = _names(session, SchoolClass, school_id, {a.class_id for a in assessments.values()})
    records = _names(session, LessonRecord, school_id,
                     {r.record_id for r in rows if kind == "remark" and r.record_id})  # fmt: skip
    out = []
    for row in rows:
        if kind == "remark":
            day = records[row.record_id].day if row.record_id in records else None
            name, parts = students[row.student_id].name, [_day(day), row.text[:120]]
        else:
            a = assessments[row.assessment_id if kind == "grade" else row.id]
            parts = [classes[a.class_id].code if a.class_id in classes else "",
                     subjects[a.subject_id].name if a.subject_id in subjects else "",
                     a.title or a.kind, a.day.isoformat()]  # fmt: skip
            name = a.title or a.kind
            if kind == "grade":
                name, parts = students[row.student_id].name, [*parts[1:], _value(row.value)]
        detail = " · ".join(p for p in parts if p)
        out.append(DeletedItem(kind, row.id, name, detail, _aware(row.deleted_at),
                               actors.get(row.id, "")))  # fmt: skip
    return out


def _day(day: date | None) -> str:
    return day.isoformat() if day else ""


def list_deleted(
    session: Session, *, school_id: int, now: datetime | None = None, days: int = DAYS,
    limit: int = 50,
) -> dict[str, list[DeletedItem]]:  # fmt: skip
    """The school's rows deleted in the last `days` days, newest first, by kind.

    Args:
        session: an open session.
        school_id: the school; no other school's row is read.
        now: the present moment (tests); default the clock.
        days: how far back to look.
        limit: at most this many rows of each kind.

    Returns:
        Kind ("student", "teacher", "assessment", "grade", "remark") -> deleted items.
    """
    since = (now or datetime.now(UTC)) - timedelta(days=days)
    out = {}
    for kind in KINDS:
        lister = _people if kind in ("student", "teacher") else _journal
        out[kind] = lister(session, school_id, kind, since, limit)
    return out


def deleted_row(session: Session, *, school_id: int, kind: str, row_id: int) -> Any:
    """The deleted row of `kind` with this id in the school.

    Raises:
        BackupError: no such kind, no such row in this school, or it is not deleted
            (`restore_not_found`).
    """
    table = TABLES.get(kind)
    row = session.get(table, row_id) if table is not None else None
    if row is None or row.school_id != school_id or row.deleted_at is None:
        text = N_("There is no such deleted item; perhaps it was restored already.")
        raise BackupError("restore_not_found", [message(text)])
    return row


def record_restore(
    session: Session, *, row: Any, kind: str, actor: str, user_id: int | None
) -> AuditEntry:
    """The audit row of a restore: who brought which row back, and when it had been deleted."""
    deleted_at = row.deleted_at.isoformat() if row.deleted_at else None
    details = {"kind": kind, "deleted_at": deleted_at, "user_id": user_id}
    return record_audit(session, school_id=row.school_id, actor=actor, action=RESTORED,
                        entity=f"{kind}:{row.id}", details=details)  # fmt: skip


def restore_remark(
    session: Session, *, school_id: int, remark_id: int, actor: str, user_id: int | None
) -> Remark:
    """Brings a withdrawn remark back, audited.

    Args:
        session: an open session; the caller commits.
        school_id: the school (a remark of another school is not found).
        remark_id: the remark.
        actor: who restores it (a login).
        user_id: their account.

    Returns:
        The remark, live again.

    Raises:
        BackupError: no such withdrawn remark in this school (`restore_not_found`).
    """
    remark: Remark = deleted_row(session, school_id=school_id, kind="remark", row_id=remark_id)
    record_restore(session, row=remark, kind="remark", actor=actor, user_id=user_id)
    remark.deleted_at = None
    session.add(remark)
    session.flush()
    return remark


def removed_item(
    session: Session, *, school_id: int, kind: str, key: str
) -> tuple[Any, SchoolSnapshot] | None:
    """A student or teacher as the data version before their removal held them.

    Args:
        session: an open session.
        school_id: the school.
        kind: "student" or "teacher".
        key: their stable key (the code, or the name where there is none).

    Returns:
        The snapshot item (StudentInfo or TeacherInfo) and, for students, that version's
        parents, as `(item, snapshot)`; None when no version before a removal holds them.
    """
    removal = session.exec(
        select(DataVersion.number)
        .join(ChangeRecord, col(ChangeRecord.data_version_id) == DataVersion.id)
        .where(ChangeRecord.school_id == school_id, ChangeRecord.entity == kind,
               ChangeRecord.key == key, ChangeRecord.action == REMOVED)
        .order_by(col(DataVersion.number).desc())
    ).first()  # fmt: skip
    if removal is None:
        return None
    before = session.exec(
        select(DataVersion).where(DataVersion.school_id == school_id,
                                  col(DataVersion.number) < removal)
        .order_by(col(DataVersion.number).desc())
    ).first()  # fmt: skip
    if before is None:
        return None
    snapshot = snapshot_from_json(before.snapshot)
    collection = f"{kind}s"
    key_of = COLLECTIONS[collection][1]
    for item in getattr(snapshot, collection):
        if key_text(key_of(item)) == key:
            return item, snapshot
    return None
