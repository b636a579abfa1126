"""Services that move a school's data between snapshots and the store, as versions."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, func, select

from models.audit import record_audit
from models.base import utcnow
from models.changes import Change, diff_snapshots
from models.errors import InvalidSnapshot, NotFound
from models.history import ChangeRecord, DataVersion
from models.i18n import N_, Message, message
from models.school import School
from models.snapshot import SchoolSnapshot
from models.snapshot_check import check_snapshot
from models.snapshot_codec import COLLECTIONS, snapshot_from_json, snapshot_to_json
from models.snapshot_read import build_snapshot
from models.snapshot_write import (
    WriteContext,
    write_curriculum,
    write_places,
    write_settings,
    write_terms,
)
from models.snapshot_write_people import (
    write_classes,
    write_lessons,
    write_locks,
    write_students,
    write_teachers,
)


@dataclass(frozen=True)
class ImportResult:
    """What an import did (or, in a dry run, would do)."""

    school_code: str
    version: int  # the new data version's number (the number it would get in a dry run)
    dry_run: bool
    changes: tuple[Change, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> Message:
        """One sentence: which version, how many changes."""
        template = (
            N_("Dry run: {school} would become data version {version} with {count} changes.")
            if self.dry_run
            else N_("{school} is now at data version {version} with {count} changes.")
        )
        return message(
            template, school=self.school_code, version=self.version, count=len(self.changes)
        )

    def messages(self) -> list[Message]:
        """The summary, then every change in a sentence."""
        return [self.summary(), *(change.message() for change in self.changes)]


def get_school(session: Session, *, code: str) -> School:
    """The school with this code.

    Args:
        session: an open session.
        code: the school's code.

    Returns:
        The school row.

    Raises:
        NotFound: no live school has this code.
    """
    school = session.exec(select(School).where(School.code == code)).first()
    if school is None or school.deleted_at is not None:
        raise NotFound(
            "school_not_found", [message(N_("There is no school with code {code}."), code=code)]
        )
    return school


def _upsert_school(session: Session, school: School | None, snapshot: SchoolSnapshot) -> School:
    info = snapshot.school
    if school is None:
        school = School(code=info.code, name=info.name)
    for name in ("name", "city", "region", "days_per_week", "language"):
        if getattr(school, name) != getattr(info, name):
            setattr(school, name, getattr(info, name))
    school.deleted_at = None
    session.add(school)
    session.flush()
    return school


def _next_number(session: Session, school_id: int) -> int:
    query = select(func.max(DataVersion.number)).where(DataVersion.school_id == school_id)
    return int(session.exec(query).one() or 0) + 1


def _write(session: Session, snapshot: SchoolSnapshot, school: School) -> None:
    assert school.id is not None
    ctx = WriteContext(session=session, school_id=school.id, now=utcnow())
    for step in (
        write_settings,
        write_terms,
        write_places,
        write_curriculum,
        write_teachers,
        write_classes,
        write_lessons,
        write_locks,
        write_students,
    ):
        step(ctx, snapshot)


def _apply(
    session: Session, snapshot: SchoolSnapshot, source: str, actor: str
) -> tuple[DataVersion, list[Change]]:
    existing = session.exec(select(School).where(School.code == snapshot.school.code)).first()
    live = existing is not None and existing.deleted_at is None
    before = build_snapshot(session, existing) if existing is not None and live else None
    changes = diff_snapshots(before, snapshot)
    school = _upsert_school(session, existing, snapshot)
    assert school.id is not None
    _write(session, snapshot, school)
    counts = {name: len(getattr(snapshot, name)) for name in COLLECTIONS}
    version = DataVersion(
        school_id=school.id,
        number=_next_number(session, school.id),
        source=source,
        counts=counts,
        snapshot=snapshot_to_json(snapshot),
    )
    session.add(version)
    session.flush()
    assert version.id is not None
    session.add_all(
        ChangeRecord(
            school_id=school.id,
            data_version_id=version.id,
            entity=c.entity,
            key=c.key,
            action=c.action,
            field=c.field,
            old=c.old,
            new=c.new,
        )
        for c in changes
    )
    details = {"version": version.number, "source": source, "changes": len(changes)}
    record_audit(
        session,
        school_id=school.id,
        actor=actor,
        action="import",
        entity="data_version",
        details=details,
    )
    return version, changes


def apply_snapshot(
    session: Session,
    snapshot: SchoolSnapshot,
    *,
    source: str,
    dry_run: bool = False,
    actor: str = "import",
) -> ImportResult:
    """Stores `snapshot` as the school's new data version, recording every change.

    The school is matched by code (created if new); every entity is upserted by its stable
    key, entities absent from the snapshot are soft-deleted, and a `DataVersion` keeps the
    whole snapshot, so no earlier version is lost. All of it runs in one savepoint of the
    session's transaction: on any error nothing is left behind; the caller commits.

    Args:
        session: an open session (e.g. from `session_scope`).
        snapshot: the school's complete data.
        source: where it came from (a file name, "fet", ...), kept on the version.
        dry_run: compute the same result, then roll everything back.
        actor: who imports, for the audit log.

    Returns:
        The version number and the changes, in a form a CLI can print.

    Raises:
        InvalidSnapshot: the snapshot repeats a key or refers to something it lacks; every
            problem is listed in the error's messages.
    """
    problems = check_snapshot(snapshot)
    if problems:
        raise InvalidSnapshot("invalid_snapshot", problems)
    savepoint = session.begin_nested()
    try:
        version, changes = _apply(session, snapshot, source, actor)
        result = ImportResult(
            snapshot.school.code, version.number, dry_run, tuple(changes), dict(version.counts)
        )
    except BaseException:
        if savepoint.is_active:
            savepoint.rollback()
        raise
    if dry_run:
        savepoint.rollback()
    else:
        savepoint.commit()
    return result


def read_snapshot(
    session: Session, *, school_code: str, version: int | None = None
) -> SchoolSnapshot:
    """The school's data as a snapshot: the live rows, or an earlier data version whole.

    Args:
        session: an open session.
        school_code: the school's code.
        version: None for the current data; else a data version number.

    Returns:
        The snapshot; compare through `models.snapshot_codec.normalized` (order is not kept).

    Raises:
        NotFound: no such school or version.
    """
    school = get_school(session, code=school_code)
    if version is None:
        return build_snapshot(session, school)
    row = session.exec(
        select(DataVersion).where(DataVersion.school_id == school.id, DataVersion.number == version)
    ).first()
    if row is None:
        raise NotFound(
            "data_version_not_found",
            [
                message(
                    N_("{school} has no data version {version}."),
                    school=school_code,
                    version=version,
                )
            ],
        )
    return snapshot_from_json(row.snapshot)


def list_data_versions(session: Session, *, school_code: str) -> list[DataVersion]:
    """The school's data versions, oldest first.

    Raises:
        NotFound: no such school.
    """
    school = get_school(session, code=school_code)
    query = (
        select(DataVersion)
        .where(DataVersion.school_id == school.id)
        .order_by(col(DataVersion.number))
    )
    return list(session.exec(query).all())


def list_changes(session: Session, *, school_code: str, version: int) -> list[Change]:
    """The changes the import that made data version `version` recorded.

    Raises:
        NotFound: no such school.
    """
    school = get_school(session, code=school_code)
    query: Any = (
        select(ChangeRecord)
        .join(DataVersion, col(ChangeRecord.data_version_id) == col(DataVersion.id))
        .where(DataVersion.school_id == school.id, DataVersion.number == version)
        .order_by(col(ChangeRecord.id))
    )
    return [
        Change(r.entity, r.key, r.action, r.field, r.old, r.new) for r in session.exec(query).all()
    ]
