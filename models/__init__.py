"""The store: tables, engine and sessions, migrations, and the services every module shares."""

from __future__ import annotations

from models.audit import list_audit, record_audit
from models.changes import Change
from models.db import dispose_engines, get_engine, session_scope
from models.errors import InvalidSnapshot, NotFound, StoreError
from models.i18n import N_, Message, message
from models.job_queue import (
    claim_next,
    enqueue,
    get_job,
    list_jobs,
    report_progress,
    request_cancel,
    requeue_stale,
)
from models.migrate import upgrade_database
from models.notices import list_notices, mark_read, queue_notice, unread_count
from models.school_data import (
    ImportResult,
    apply_snapshot,
    get_school,
    list_changes,
    list_data_versions,
    read_snapshot,
)
from models.settings import StoreSettings, get_settings
from models.snapshot_codec import normalized, snapshot_from_json, snapshot_to_json
from models.timetables import (
    StoredPlacement,
    TimetableSummary,
    list_timetables,
    load_timetable,
    publish_timetable,
    save_timetable,
)

__all__ = [
    "N_",
    "Change",
    "ImportResult",
    "InvalidSnapshot",
    "Message",
    "NotFound",
    "StoreError",
    "StoreSettings",
    "StoredPlacement",
    "TimetableSummary",
    "apply_snapshot",
    "claim_next",
    "dispose_engines",
    "enqueue",
    "get_engine",
    "get_job",
    "get_school",
    "get_settings",
    "list_audit",
    "list_changes",
    "list_data_versions",
    "list_jobs",
    "list_notices",
    "list_timetables",
    "load_timetable",
    "mark_read",
    "message",
    "normalized",
    "publish_timetable",
    "queue_notice",
    "read_snapshot",
    "record_audit",
    "report_progress",
    "request_cancel",
    "requeue_stale",
    "save_timetable",
    "session_scope",
    "snapshot_from_json",
    "snapshot_to_json",
    "unread_count",
    "upgrade_database",
]
