"""The store: tables, engine and sessions, migrations, and the services every module shares."""

from __future__ import annotations

from models.audit import list_audit, record_audit
from models.changes import Change
from models.db import dispose_engines, get_engine, session_scope
from models.errors import InvalidSnapshot, NotFound, StoreError
from models.i18n import N_, Message, message
from models.migrate import upgrade_database
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
    "dispose_engines",
    "get_engine",
    "get_school",
    "get_settings",
    "list_audit",
    "list_changes",
    "list_data_versions",
    "list_timetables",
    "load_timetable",
    "message",
    "normalized",
    "publish_timetable",
    "read_snapshot",
    "record_audit",
    "save_timetable",
    "session_scope",
    "snapshot_from_json",
    "snapshot_to_json",
    "upgrade_database",
]
