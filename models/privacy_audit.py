"""Reading the audit log: filtered by person, entity, action and date, a page at a time, for the
school admin (their school's rows only) and the platform admin (platform-level rows only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from models.history import AuditEntry

PER_PAGE = 50
CSV_LIMIT = 50_000  # rows in one CSV export; narrow the filters for more


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """What to show; empty fields do not filter. Dates are days of the school clock, inclusive."""

    person: str = ""  # part of the actor's login (or "system", "retention", "import")
    entity: str = ""  # an entity ("student:12") or its kind ("student")
    action: str = ""  # exactly one action
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class AuditPage:
    rows: list[AuditEntry]
    total: int
    page: int
    pages: int


def _query(school_id: int | None, f: AuditFilter, tz: Any) -> Any:
    # school_id None means the platform's own rows, never every school's
    query = select(AuditEntry).where(
        col(AuditEntry.school_id).is_(None)
        if school_id is None
        else col(AuditEntry.school_id) == school_id
    )
    if f.person:
        escaped = f.person.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = f"%{escaped.lower()}%"
        query = query.where(func.lower(col(AuditEntry.actor)).like(pattern, escape="\\"))
    if f.entity:
        kind_only = ":" not in f.entity
        query = query.where(
            col(AuditEntry.entity).startswith(f"{f.entity}:") | (col(AuditEntry.entity) == f.entity)
            if kind_only
            else col(AuditEntry.entity) == f.entity
        )
    if f.action:
        query = query.where(AuditEntry.action == f.action)
    if f.since is not None:
        start = datetime.combine(f.since, time(), tzinfo=tz).astimezone(UTC)
        query = query.where(col(AuditEntry.created_at) >= start)
    if f.until is not None:
        end = datetime.combine(f.until + timedelta(days=1), time(), tzinfo=tz).astimezone(UTC)
        query = query.where(col(AuditEntry.created_at) < end)
    return query


def audit_page(
    session: Session,
    *,
    school_id: int | None,
    filters: AuditFilter,
    page: int = 1,
    tz: Any = UTC,
    per_page: int = PER_PAGE,
) -> AuditPage:
    """One page of audit rows, newest first.

    Args:
        session: an open session.
        school_id: the school whose rows to read; None reads the platform-level rows.
        filters: what to show.
        page: 1-based page number (clamped to the pages there are).
        tz: the school clock the filter's days are in.
        per_page: rows per page.

    Returns:
        The rows, the total and the page count.
    """
    query = _query(school_id, filters, tz)
    total = int(session.exec(select(func.count()).select_from(query.subquery())).one())
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    rows = session.exec(
        query.order_by(col(AuditEntry.id).desc()).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return AuditPage(list(rows), total, page, pages)


def audit_rows(
    session: Session, *, school_id: int | None, filters: AuditFilter, tz: Any = UTC
) -> list[AuditEntry]:
    """Every matching row (at most CSV_LIMIT), newest first, for the CSV export.

    Args:
        session: an open session.
        school_id: the school; None for the platform-level rows.
        filters: what to export.
        tz: the school clock of the filter's days.

    Returns:
        The rows.
    """
    query = _query(school_id, filters, tz).order_by(col(AuditEntry.id).desc()).limit(CSV_LIMIT)
    return list(session.exec(query).all())


def audit_actions(session: Session, *, school_id: int | None) -> list[str]:
    """The actions that occur in the school's (or the platform's) log, for the filter's list.

    Args:
        session: an open session.
        school_id: the school; None for the platform-level rows.

    Returns:
        The action names, sorted.
    """
    query = _query(school_id, AuditFilter(), UTC).with_only_columns(col(AuditEntry.action))
    return sorted(set(session.exec(query.distinct()).all()))
