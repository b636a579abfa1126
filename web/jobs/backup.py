"""The daily backup job: the whole store into `<data dir>/backups/`, the newest N kept.

The scheduler (web.scheduler) finds it due once the school clock passes SABAQ_BACKUP_AT (default
02:30; "off" disables it) and queues it under the key `backup:{day}`, so it runs once a day
however many schedulers tick, and a scheduler that was down at 02:30 catches up when it starts.
Workers run it (not the scheduler's own thread: a large store takes minutes). The file is
`sabaq-daily-{day}.backup`, written beside and renamed into place, so a re-run after a lost
worker replaces it; then all but the newest SABAQ_BACKUP_KEEP (default 14) daily files go.
Backups written by `sabaq backup` are named apart and never pruned here.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time
from typing import Any

from models.backup import DAILY, backup_dir, backup_to_file, daily_name, load_key, prune
from models.settings import get_settings
from web.jobs.context import JobContext

BACKUP = "backup"  # job kind: params {"day": ISO date, "keep": int}
DEFAULT_AT = time(2, 30)
DEFAULT_KEEP = 14


def backup_at_setting() -> time | None:
    """SABAQ_BACKUP_AT as a time of the school clock; None when it is "off"."""
    raw = os.environ.get("SABAQ_BACKUP_AT", "").strip().lower()
    if raw in ("off", "no", "none"):
        return None
    return time.fromisoformat(raw) if raw else DEFAULT_AT


def backup_keep_setting() -> int:
    """SABAQ_BACKUP_KEEP: how many daily backups stay (at least 1)."""
    return max(1, int(os.environ.get("SABAQ_BACKUP_KEEP", "").strip() or DEFAULT_KEEP))


def backup_due(local: datetime, at: time | None, keep: int) -> list[tuple[str, dict[str, Any]]]:
    """(key, params) of the daily backup when it is due at `local` (the school clock)."""
    if at is None or local.time() < at:
        return []
    day = local.date().isoformat()
    return [(f"backup:{day}", {"day": day, "keep": keep})]


def run_backup(ctx: JobContext) -> dict[str, Any]:
    """Writes the day's backup, then prunes the daily backups to the newest `keep`."""
    data_dir = get_settings().data_dir
    folder = backup_dir(data_dir)
    path = folder / daily_name(date.fromisoformat(str(ctx.params["day"])))

    def progress(values: dict[str, Any]) -> None:
        ctx.report(values)
        ctx.raise_if_cancelled()  # the partial file is removed as the error passes

    key = load_key(data_dir, create=True)
    summary = backup_to_file(path, key=key, url=ctx.url, data_dir=data_dir, progress=progress)
    removed = prune(folder, DAILY, int(ctx.params.get("keep", DEFAULT_KEEP)))
    return {
        "file": str(path), "bytes": summary.size, "tables": summary.tables,
        "rows": summary.rows, "files": summary.files, "seconds": round(summary.seconds, 2),
        "key_id": summary.key_id, "removed": [p.name for p in removed],
    }  # fmt: skip
