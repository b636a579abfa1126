"""Why a backup or restore was refused: a stable code and the sentences that explain it."""

from __future__ import annotations

from models.errors import StoreError


class BackupError(StoreError):
    """A backup or restore that cannot be done; `code` is stable, `messages` say why.

    Codes: backup_key_missing, backup_key_invalid, backup_wrong_key, backup_damaged,
    backup_not_a_backup, backup_newer_schema, backup_store_behind, backup_store_not_empty,
    backup_bad_path, restore_not_found, restore_refused.
    """
