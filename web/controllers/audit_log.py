"""The audit log viewer (/audit): the school admin reads their school's rows, the platform admin
the platform-level ones; filters by person, entity, action and dates, pages, and a CSV export."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, date, datetime
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromQuery
from litestar.response import Template

from models.accounts import PLATFORM_ADMIN, SCHOOL_ADMIN
from models.db import read_scope
from models.privacy_audit import AuditFilter, audit_actions, audit_page, audit_rows
from web.auth import Viewer, require_viewer
from web.pages import page
from web.scheduler import schedule_settings

READERS = {"roles": (SCHOOL_ADMIN, PLATFORM_ADMIN)}
MAX_FIELD = 200


def _day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value.strip()) if value and value.strip() else None
    except ValueError:
        return None


def _filters(request: Request[Any, Any, Any]) -> AuditFilter:
    """The filters from the query string (both the page and the CSV take the same)."""
    q = request.query_params
    text = {k: str(q.get(k) or "").strip()[:MAX_FIELD] for k in ("person", "entity", "action")}
    return AuditFilter(**text, since=_day(q.get("since")), until=_day(q.get("until")))


def _local(moment: datetime, clock: Any) -> datetime:
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)  # SQLite: naive
    return aware.astimezone(clock)


def _school(viewer: Viewer) -> int | None:
    """Whose rows: the school admin's school; for the platform admin, the platform's own (None),
    never every school's at once."""
    return None if viewer.role == PLATFORM_ADMIN else viewer.school_id


def _query(f: AuditFilter) -> str:
    from urllib.parse import urlencode

    pairs = {"person": f.person, "entity": f.entity, "action": f.action,
             "since": f.since.isoformat() if f.since else "",
             "until": f.until.isoformat() if f.until else ""}  # fmt: skip
    return urlencode({k: v for k, v in pairs.items() if v})


@get("/audit", opt=READERS, sync_to_thread=False)
def audit_log(request: Request[Any, Any, Any], page_no: FromQuery[int] = 1) -> Template:
    """One page of the log, newest first, with the filters (person, entity, action, since,
    until: the query string) kept in the links."""
    viewer = require_viewer(request)
    filters = _filters(request)
    school_id = _school(viewer)
    clock = schedule_settings().timezone
    with read_scope() as db:
        found = audit_page(db, school_id=school_id, filters=filters, page=page_no, tz=clock)
        actions = audit_actions(db, school_id=school_id)
    times = {row.id: _local(row.created_at, clock) for row in found.rows}
    return page(request, "audit/index.html", found=found, filters=filters, actions=actions,
                query=_query(filters), times=times, platform=school_id is None)  # fmt: skip


@get("/audit.csv", opt=READERS, sync_to_thread=False)
def audit_csv(request: Request[Any, Any, Any]) -> Response[bytes]:
    """The filtered rows as CSV (UTF-8 with a byte-order mark, so Excel reads Kazakh letters)."""
    viewer = require_viewer(request)
    with read_scope() as db:
        rows = audit_rows(db, school_id=_school(viewer), filters=_filters(request),
                          tz=schedule_settings().timezone)  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "time_utc", "actor", "action", "entity", "details"])
    for row in rows:
        cells = [row.id, row.created_at.isoformat(), row.actor, row.action, row.entity,
                 json.dumps(row.details, ensure_ascii=False, sort_keys=True)]  # fmt: skip
        # a cell starting with = + - @ would run as a formula in a spreadsheet
        writer.writerow([f"'{c}" if isinstance(c, str) and c[:1] in "=+-@" else c for c in cells])
    body = ("\ufeff" + out.getvalue()).encode()
    return Response(body, media_type="text/csv; charset=utf-8",
                    headers={"content-disposition": 'attachment; filename="audit-log.csv"',
                             "cache-control": "no-store"})  # fmt: skip


ROUTES = [audit_log, audit_csv]
