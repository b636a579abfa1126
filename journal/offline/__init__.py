"""Offline-first registers: operations queued on a phone, synced once each, conflicts decided.

`parse_batch` reads a phone's queue, `sync_operations` applies it through the register's and
gradebook's services (idempotent by the phone's operation id), and the conflicts and refusals
wait in `open_items` until the teacher keeps their value, keeps the server's, or dismisses them.
"""

from __future__ import annotations

from journal.offline.apply import Context, apply_operation
from journal.offline.batch import SyncResult, count_open, sync_operations
from journal.offline.conflicts import OpenItem, dismiss, keep_mine, keep_theirs, open_items
from journal.offline.operations import BadOperation, Operation, parse_batch
from journal.offline.pages import OfflineDay, OfflineLesson, offline_days

__all__ = [
    "BadOperation",
    "Context",
    "OfflineDay",
    "OfflineLesson",
    "OpenItem",
    "Operation",
    "SyncResult",
    "apply_operation",
    "count_open",
    "dismiss",
    "keep_mine",
    "keep_theirs",
    "offline_days",
    "open_items",
    "parse_batch",
    "sync_operations",
]
