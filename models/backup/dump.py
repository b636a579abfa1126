"""Writing a backup: every table of the store, then the data directory's files, sealed.

One read transaction sees every table at the same moment (SQLite's snapshot in WAL mode;
REPEATABLE READ on PostgreSQL). Tables go in dependency order (`SQLModel.metadata.sorted_tables`,
so a table added later is backed up with no change here), rows by primary key, as JSON Lines in
parts of a few MiB; then the files; last a manifest with row counts and each member's SHA-256.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Connection, Table, select
from sqlmodel import SQLModel

import models.tables  # noqa: F401 - the metadata must know every table
from models.backup.archive import ArchiveWriter
from models.backup.codec import encode_row, encoders, type_tag
from models.backup.crypto import MasterKey
from models.backup.errors import BackupError
from models.backup.files import store_files
from models.backup.schema import code_heads, store_revisions
from models.db import READ_ONLY, get_engine, normalize_url
from models.i18n import N_, message
from models.settings import get_settings

FORMAT = 1
PART_BYTES = 4 << 20  # JSON Lines per table member before a new part begins
BATCH = 2000  # rows fetched at a time
Progress = Callable[[dict[str, Any]], None]


@dataclass(frozen=True, slots=True)
class BackupSummary:
    """What a backup holds and what it took."""

    tables: int
    rows: int
    files: int
    file_bytes: int
    size: int  # bytes of the backup file
    seconds: float
    revisions: tuple[str, ...]
    key_id: str


def _quiet(_progress: dict[str, Any]) -> None:
    return None


@contextmanager
def _snapshot(url: str) -> Iterator[Connection]:
    """A read-only transaction that sees the whole store at one moment."""
    engine = get_engine(url)
    with engine.connect() as conn:
        options: dict[str, Any] = {READ_ONLY: True}
        if conn.dialect.name == "postgresql":
            options["isolation_level"] = "REPEATABLE READ"
        conn = conn.execution_options(**options)
        with conn.begin():
            yield conn


def _table_header(table: Table) -> dict[str, Any]:
    columns = list(table.columns)
    return {"name": table.name, "columns": [c.name for c in columns],
            "types": [type_tag(c.type) for c in columns]}  # fmt: skip


def _write_table(
    conn: Connection, writer: ArchiveWriter, index: int, table: Table, info: dict[str, Any]
) -> int:
    """Streams one table's rows into parts; returns how many rows."""
    encode = encoders(info["types"])
    order = list(table.primary_key.columns) or list(table.columns)
    query = select(*table.columns).order_by(*order)
    result = conn.execution_options(yield_per=BATCH).execute(query)
    rows, part, buffer = 0, 0, bytearray()

    def flush() -> None:
        nonlocal part, buffer
        writer.add_bytes(f"tables/{index:03d}-{table.name}/{part:05d}.jsonl", bytes(buffer))
        part, buffer = part + 1, bytearray()

    for row in result:
        line = json.dumps(encode_row(row, encode), ensure_ascii=False, separators=(",", ":"))
        buffer += line.encode("utf-8") + b"\n"
        rows += 1
        if len(buffer) >= PART_BYTES:
            flush()
    if buffer or part == 0:
        flush()
    return rows


def _write_files(writer: ArchiveWriter, data_dir: Path, url: str) -> tuple[int, int]:
    count = size = 0
    for name, path in store_files(data_dir, url):
        try:
            handle = path.open("rb")
        except FileNotFoundError:  # removed since the folder was listed
            continue
        with handle:
            stat = os.fstat(handle.fileno())
            writer.add_file(f"files/{name}", handle, size=stat.st_size, mode=stat.st_mode,
                            mtime=stat.st_mtime)  # fmt: skip
        count, size = count + 1, size + stat.st_size
    return count, size


def _check_schema(conn: Connection, url: str, tables: Sequence[Table] | None) -> list[str]:
    revisions = store_revisions(conn)
    if tables is None and revisions != code_heads(url):
        text = N_(
            "The store's schema ({store}) is not this version's ({code}): "
            "run `sabaq migrate` first, or back up with the version that made the store."
        )
        raise BackupError("backup_store_behind", [message(
            text, store=", ".join(revisions) or "-", code=", ".join(code_heads(url)))])  # fmt: skip
    return revisions


def write_backup(
    out: IO[bytes],
    *,
    key: MasterKey,
    url: str | None = None,
    data_dir: Path | None = None,
    progress: Progress | None = None,
    tables: Sequence[Table] | None = None,
) -> BackupSummary:
    """Writes an encrypted backup of the whole store and its data directory's files to `out`.

    Args:
        out: a binary file open for writing (left open).
        key: the master key (`load_key`) or a passphrase key (`passphrase_key`).
        url: the store; None for the configured one.
        data_dir: the data directory; None for the configured one.
        progress: called after each table and at the files, with JSON values.
        tables: the tables to write (default: every table of the metadata, dependency order).

    Returns:
        What was written.

    Raises:
        BackupError: the store is not at this version's schema (`backup_store_behind`), or a
            column has a type the backup cannot write.
    """
    started = time.perf_counter()
    url = normalize_url(url or get_settings().database_url)
    folder = data_dir or get_settings().data_dir
    report = progress or _quiet
    chosen = list(tables) if tables is not None else list(SQLModel.metadata.sorted_tables)
    writer, counts = ArchiveWriter(out, key), {}
    with _snapshot(url) as conn:
        revisions = _check_schema(conn, url, tables)
        infos = [_table_header(t) for t in chosen]
        header = {"format": FORMAT, "created_at": datetime.now(UTC).isoformat(),
                  "revisions": revisions, "dialect": conn.dialect.name,
                  "tables": infos}  # fmt: skip
        writer.add_bytes("header.json", json.dumps(header, ensure_ascii=False).encode())
        for index, (table, info) in enumerate(zip(chosen, infos, strict=True)):
            counts[table.name] = _write_table(conn, writer, index, table, info)
            report({"phase": "tables", "table": table.name, "done": index + 1,
                    "of": len(chosen), "rows": sum(counts.values())})  # fmt: skip
    report({"phase": "files", "rows": sum(counts.values())})
    files, file_bytes = _write_files(writer, folder, url)
    manifest = {"rows": counts, "files": files, "file_bytes": file_bytes,
                "sha256": dict(writer.sums)}  # fmt: skip
    writer.add_bytes("manifest.json", json.dumps(manifest, ensure_ascii=False).encode())
    writer.close()
    out.flush()
    return BackupSummary(
        tables=len(chosen), rows=sum(counts.values()), files=files, file_bytes=file_bytes,
        size=out.tell(), seconds=time.perf_counter() - started, revisions=tuple(revisions),
        key_id=key.key_id if key.passphrase is None else "passphrase",
    )  # fmt: skip


def backup_to_file(path: Path, **options: Any) -> BackupSummary:
    """`write_backup` into `path`, atomically: written beside it, synced, then renamed.

    Args:
        path: the backup file to make (its folder is created; mode 0600).
        options: the keyword arguments of `write_backup`.

    Returns:
        What was written.

    Raises:
        BackupError: see `write_backup`; nothing is left behind.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        with os.fdopen(fd, "wb") as out:
            summary = write_backup(out, **options)
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return summary
