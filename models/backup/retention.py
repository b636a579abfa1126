"""Backup file names and retention: keep the newest N of a family, delete the rest."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

SUFFIX = ".backup"
MANUAL = re.compile(r"sabaq-\d{8}T\d{6}Z\.backup")  # `sabaq backup`, stamped in UTC
DAILY = re.compile(r"sabaq-daily-\d{4}-\d{2}-\d{2}\.backup")  # the daily job, by school day


def manual_name(moment: datetime) -> str:
    """The file name `sabaq backup` gives a backup made at `moment` (aware, any zone)."""
    return f"sabaq-{moment.astimezone(UTC).strftime('%Y%m%dT%H%M%S')}Z{SUFFIX}"


def daily_name(day: date) -> str:
    """The file name of the daily backup of a school day (a re-run replaces it)."""
    return f"sabaq-daily-{day.isoformat()}{SUFFIX}"


def prune(folder: Path, family: re.Pattern[str], keep: int) -> list[Path]:
    """Deletes all but the newest `keep` backups of a family in `folder` (names sort by date).

    Args:
        folder: the backups folder.
        family: the names that belong together (MANUAL or DAILY); other files are not touched.
        keep: how many to keep (at least 1).

    Returns:
        The deleted files, oldest first.
    """
    if not folder.is_dir():
        return []
    mine = sorted(p for p in folder.iterdir() if p.is_file() and family.fullmatch(p.name))
    doomed = mine[: max(0, len(mine) - max(1, keep))]
    for path in doomed:
        path.unlink(missing_ok=True)
    return doomed
