"""Backups of the whole store: encrypted, database-neutral dump and restore, and retention.

A backup is one file: every table as JSON Lines and the data directory's files, in a gzip'd tar
stream sealed with AES-256-GCM (see `crypto`), with the schema's migrations, row counts and
checksums. `write_backup` / `backup_to_file` make one, `restore_backup` puts one into an empty
store (SQLite or PostgreSQL, whichever made it). `deleted` lists and restores soft-deleted rows.
"""

from __future__ import annotations

from models.backup.crypto import KEY_ENV, MasterKey, key_file_path, load_key, passphrase_key
from models.backup.dump import BackupSummary, backup_to_file, write_backup
from models.backup.errors import BackupError
from models.backup.files import backup_dir
from models.backup.load import RestoreSummary, restore_backup
from models.backup.retention import DAILY, MANUAL, daily_name, manual_name, prune

__all__ = [
    "DAILY",
    "KEY_ENV",
    "MANUAL",
    "BackupError",
    "BackupSummary",
    "MasterKey",
    "RestoreSummary",
    "backup_dir",
    "backup_to_file",
    "daily_name",
    "key_file_path",
    "load_key",
    "manual_name",
    "passphrase_key",
    "prune",
    "restore_backup",
    "write_backup",
]
