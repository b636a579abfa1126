"""The audit log: who did what to which entity, written by imports, publishing and later modules."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session, col, select

from models.history import AuditEntry


def record_audit(
    session: Session,
    *,
    school_id: int | None,
    actor: str,
    action: str,
    entity: str,
    details: dict[str, Any] | None = None,
) -> AuditEntry:
    """Adds one audit row to the session's transaction.

    Args:
        session: an open session; the row is written when it commits.
        school_id: the school concerned, or None for a platform-wide action.
        actor: who acted ("import", a user's login, "system").
        action: a verb such as "import" or "publish_timetable".
        entity: what was acted on, e.g. "timetable_version:3".
        details: JSON values that explain the action.

    Returns:
        The new row (flushed, so it has an id).
    """
    entry = AuditEntry(
        school_id=school_id, actor=actor, action=action, entity=entity, details=details or {}
    )
    session.add(entry)
    session.flush()
    return entry


def list_audit(session: Session, *, school_id: int | None, limit: int = 100) -> list[AuditEntry]:
    """The latest audit rows of a school (or platform-wide ones for None), newest first.

    Args:
        session: an open session.
        school_id: the school, or None for platform-wide rows.
        limit: at most this many rows.

    Returns:
        The rows.
    """
    query = select(AuditEntry).where(AuditEntry.school_id == school_id)
    query = query.order_by(col(AuditEntry.id).desc()).limit(limit)
    return list(session.exec(query).all())
