"""`sabaq backup [-o FILE] [--keep N]` and `sabaq restore FILE [--into URL] [--force]`.

Both speak the language of the environment (SABAQ_LANG, else LANG: kk, ru, otherwise English).
Keys: SABAQ_BACKUP_KEY, else the key file (`<data dir>/backup.key`, made by the first backup,
or `--key-file`), or `--passphrase` (asked for, or SABAQ_BACKUP_PASSPHRASE). See
docs/operations.md for keeping the key and the restore drill.
"""

from __future__ import annotations

import argparse
import getpass
import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from models.backup import (
    MANUAL,
    BackupError,
    MasterKey,
    backup_dir,
    backup_to_file,
    load_key,
    manual_name,
    passphrase_key,
    prune,
    restore_backup,
)
from models.i18n import Message
from models.settings import get_settings
from web.i18n import supported, translator

EXIT_OK, EXIT_REFUSED = 0, 2
PASSPHRASE_ENV = "SABAQ_BACKUP_PASSPHRASE"


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sabaq backup` and `sabaq restore` to the root parser."""
    p = commands.add_parser("backup", help="write an encrypted backup of the whole store")
    p.add_argument(
        "-o", "--out", type=Path, help="the backup file (default: in the backups folder)"
    )
    p.add_argument("--keep", type=int, help="then keep only the newest N backups of the folder")
    _key_options(p)
    p.set_defaults(func=cmd_backup)
    p = commands.add_parser("restore", help="restore a backup into an empty store")
    p.add_argument("file", type=Path, help="the backup file")
    p.add_argument("--into", help="the store to restore into (default: DATABASE_URL)")
    p.add_argument(
        "--force", action="store_true", help="wipe a store that is not empty first (its tables "
        "and its data directory's files), in the same transaction as the restore",
    )  # fmt: skip
    p.add_argument("--check", action="store_true", help="only read and check the backup")
    _key_options(p)
    p.set_defaults(func=cmd_restore)


def _key_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--key-file", type=Path, help="the backup key file (default: in the data dir)")
    p.add_argument("--passphrase", action="store_true", help="use a passphrase instead of a key")


def _language() -> str:
    for name in ("SABAQ_LANG", "LC_ALL", "LANG"):
        code = supported(os.environ.get(name, "").split(".")[0].replace("_", "-"))
        if code:
            return code
    return "en"


def _texts() -> tuple[Callable[[str], str], Callable[[Message], str]]:
    translation = translator(_language())
    return translation.gettext, translation.render


def _key(args: argparse.Namespace, *, create: bool) -> MasterKey:
    """The key file's key, or a passphrase's (from the environment, else asked for)."""
    if not args.passphrase:
        return load_key(get_settings().data_dir, key_file=args.key_file, create=create)
    given = os.environ.get(PASSPHRASE_ENV, "")
    if given:
        return passphrase_key(given)
    _ = _texts()[0]
    first = getpass.getpass(_("Passphrase: "))
    if create and getpass.getpass(_("The passphrase again: ")) != first:
        raise SystemExit(_("The two passphrases differ; nothing was written."))
    return passphrase_key(first)


def _refused(error: BackupError) -> int:
    render = _texts()[1]
    for sentence in error.messages:
        print(render(sentence))
    return EXIT_REFUSED


def _unreachable(error: SQLAlchemyError) -> int:
    _ = _texts()[0]
    reason = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
    print(_("The store cannot be opened: {reason}").format(reason=reason))
    return EXIT_REFUSED


def cmd_backup(args: argparse.Namespace) -> int:
    """Write a backup; with --keep, prune the older ones named like it in its folder."""
    _ = _texts()[0]
    data_dir = get_settings().data_dir
    out = args.out or backup_dir(data_dir) / manual_name(datetime.now(UTC))
    try:
        key = _key(args, create=True)
        summary = backup_to_file(out, key=key)
    except BackupError as exc:
        return _refused(exc)
    except SQLAlchemyError as exc:
        return _unreachable(exc)
    print(
        _(
            "Backup written: {path} ({size} MB; {tables} tables, {rows} rows; {files} files) "
            "in {seconds} s."
        ).format(path=out, size=f"{summary.size / 1e6:.1f}", tables=summary.tables,
                 rows=summary.rows, files=summary.files, seconds=f"{summary.seconds:.1f}")
    )  # fmt: skip
    if key.passphrase is None:
        print(
            _(
                "Sealed with the key {key} from {source}. Keep a copy of that key away from "
                "this machine: without it the backup cannot be opened."
            ).format(key=summary.key_id, source=key.source)
        )
    if args.keep:
        for gone in prune(out.parent, MANUAL, args.keep):
            print(_("Deleted the older backup {path}.").format(path=gone))
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    """Restore (or with --check only read and check) a backup file."""
    _ = _texts()[0]
    if not args.file.is_file():
        print(_("There is no file {path}.").format(path=args.file))
        return EXIT_REFUSED
    try:
        key = _key(args, create=False)
        with args.file.open("rb") as source:
            summary = restore_backup(
                source, key=key, url=args.into, force=args.force, check_only=args.check
            )
    except BackupError as exc:
        return _refused(exc)
    except SQLAlchemyError as exc:  # no such database, wrong password, server down
        return _unreachable(exc)
    counts = {"tables": summary.tables, "rows": summary.rows, "files": summary.files,
              "made": summary.created_at, "seconds": f"{summary.seconds:.1f}"}  # fmt: skip
    if args.check:
        print(_("The backup opens and checks out: {tables} tables, {rows} rows, {files} files, "
                "made {made}.").format(**counts))  # fmt: skip
        return EXIT_OK
    print(_("Restored {rows} rows of {tables} tables and {files} files from the backup made "
            "{made}, in {seconds} s.").format(**counts))  # fmt: skip
    if summary.wiped:
        shown = [f"{name} ({rows})" for name, rows in summary.wiped.items()]
        wiped = ", ".join(shown[:8]) + (f" (+{len(shown) - 8})" if len(shown) > 8 else "")
        print(_("The store's earlier contents were wiped first: {tables}.").format(tables=wiped))
    if summary.upgraded:
        print(_("The backup's schema ({revisions}) was upgraded to this version's.").format(
            revisions=", ".join(summary.revisions)))  # fmt: skip
    for name in summary.refused_files:
        print(_("Not restored (the store keeps this file for itself): {name}.").format(name=name))
    return EXIT_OK
