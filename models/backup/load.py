"""Restoring a backup into an empty store (or, forced, into one it wipes), in one transaction.

Everything happens on one connection in one transaction: with --force the store's tables are
dropped, the schema is made at the backup's migrations, the rows go in table by table, every
member's checksum and every table's row count is compared with the manifest, sequences are
moved past the restored ids (PostgreSQL), and the schema is upgraded to this version's
migrations (so an older backup gets the newer columns and any data migrations). Any failure
rolls all of it back, so a refused or damaged backup leaves the store as it was. The files are
unpacked beside the data directory meanwhile and moved into place after the commit.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

from sqlalchemy import Connection, MetaData, Table
from sqlmodel import SQLModel

import models.tables  # noqa: F401 - the metadata must know every table
from models.backup.archive import ArchiveReader, Hashing, safe_name
from models.backup.codec import decode_row, decoders
from models.backup.crypto import MasterKey
from models.backup.dump import FORMAT, Progress, _quiet
from models.backup.errors import BackupError
from models.backup.files import FileStage
from models.backup.schema import (
    check_restorable,
    code_heads,
    drop_store_tables,
    migrate,
    nonempty_tables,
    reset_sequences,
    store_revisions,
)
from models.db import get_engine, normalize_url
from models.i18n import N_, message
from models.settings import get_settings

INSERT_BATCH = 2000


@dataclass(frozen=True, slots=True)
class RestoreSummary:
    """What a restore (or a check) read and did."""

    tables: int
    rows: int
    files: int
    seconds: float
    revisions: tuple[str, ...]  # the backup's schema
    upgraded: bool  # the schema was upgraded after loading (an older backup)
    wiped: dict[str, int]  # tables that held rows before --force, with their counts
    refused_files: tuple[str, ...]  # files the target keeps for itself (its own database)
    created_at: str


def _mismatch(what: str) -> BackupError:
    text = N_("The backup file is damaged: {what} does not match its manifest.")
    return BackupError("backup_damaged", [message(text, what=what)])


@dataclass
class _Loader:
    """The state of one pass over a backup's members."""

    header: dict[str, Any]
    conn: Connection | None  # None: only check
    tables: dict[str, Table]
    stage: FileStage | None
    report: Progress
    sums: dict[str, str]
    rows: dict[str, int]
    manifest: dict[str, Any] | None = None
    files: int = 0

    def member(self, name: str, source: IO[bytes], mode: int, mtime: float) -> None:
        path = safe_name(name)
        if name == "manifest.json":
            data = source.read()
            self.manifest = json.loads(data)
            return
        if path.parts[0] == "tables" and len(path.parts) == 3:
            self._table_part(name, path.parts[1], source.read())
        elif path.parts[0] == "files" and len(path.parts) > 1:
            self._file(name, PurePosixPath(*path.parts[1:]), source, mode, mtime)
        else:
            raise _mismatch(name)

    def _table_part(self, name: str, folder: str, data: bytes) -> None:
        self.sums[name] = hashlib.sha256(data).hexdigest()
        index = int(folder.split("-", 1)[0])
        info = self.header["tables"][index]
        if folder != f"{index:03d}-{info['name']}":
            raise _mismatch(name)
        lines = data.splitlines()
        self.rows[info["name"]] = self.rows.get(info["name"], 0) + len(lines)
        if self.conn is not None:
            _insert(self.conn, self._target(info), info, lines)
        self.report({"phase": "tables", "table": info["name"], "rows": sum(self.rows.values())})

    def _target(self, info: dict[str, Any]) -> Table:
        table = self.tables.get(info["name"])
        missing = [c for c in info["columns"] if table is None or c not in table.c]
        if table is None or missing:
            text = N_("The backup's table {table} does not fit the store's schema ({columns}).")
            raise BackupError("backup_damaged", [message(
                text, table=info["name"], columns=", ".join(missing) or "-")])  # fmt: skip
        return table

    def _file(self, name: str, path: PurePosixPath, source: IO[bytes], mode: int,
              mtime: float) -> None:  # fmt: skip
        hashing = Hashing(source)
        if self.stage is not None:
            self.stage.add(path, hashing, mode=mode, mtime=mtime)  # type: ignore[arg-type]
        else:
            while hashing.read(1 << 20):
                pass
        self.sums[name] = hashing.sha.hexdigest()
        self.files += 1

    def verify(self) -> None:
        if self.manifest is None:
            raise _mismatch("manifest.json")
        expected = dict(self.manifest.get("sha256", {}))
        if expected != self.sums:
            wrong = sorted(set(expected.items()) ^ set(self.sums.items()))
            raise _mismatch(wrong[0][0])
        counts = {t["name"]: self.rows.get(t["name"], 0) for t in self.header["tables"]}
        if counts != self.manifest.get("rows"):
            raise _mismatch("rows")


def _insert(conn: Connection, table: Table, info: dict[str, Any], lines: list[bytes]) -> None:
    decode, columns = decoders(info["types"]), info["columns"]
    batch: list[dict[str, Any]] = []
    for line in lines:
        batch.append(dict(zip(columns, decode_row(json.loads(line), decode), strict=True)))
        if len(batch) >= INSERT_BATCH:
            conn.execute(table.insert(), batch)
            batch = []
    if batch:
        conn.execute(table.insert(), batch)


def _open(reader: ArchiveReader) -> tuple[dict[str, Any], str, Iterator[Any]]:
    """The header member (it comes first), its checksum, and the members after it."""
    members = reader.members()
    first = next(members, None)
    if first is None or first[0].name != "header.json":
        raise _mismatch("header.json")
    data = first[1].read()
    header: dict[str, Any] = json.loads(data)
    if header.get("format") != FORMAT:
        raise BackupError("backup_not_a_backup", [message(N_("This file is not a Sabaq backup."))])
    return header, hashlib.sha256(data).hexdigest(), members


def _refuse_busy(busy: dict[str, int]) -> None:
    shown = ", ".join(f"{name} ({rows})" for name, rows in list(busy.items())[:5])
    text = N_(
        "The store is not empty ({tables}): restore into an empty store, "
        "or add --force to wipe this one first."
    )
    raise BackupError("backup_store_not_empty", [message(text, tables=shown)])


def _prepare(conn: Connection, url: str, revisions: list[str], force: bool) -> dict[str, int]:
    """Empties the store if allowed and gives it the backup's schema; returns what was wiped."""
    busy = nonempty_tables(conn)
    if busy and not force:
        _refuse_busy(busy)
    if busy or store_revisions(conn) != revisions:
        drop_store_tables(conn)
        migrate(conn, url, revisions)
    return busy


def _tables(conn: Connection, revisions: list[str], url: str) -> dict[str, Table]:
    if revisions == code_heads(url):
        return dict(SQLModel.metadata.tables)
    reflected = MetaData()  # an older schema: the tables as its migrations made them
    reflected.reflect(conn)
    return dict(reflected.tables)


def restore_backup(
    source: IO[bytes],
    *,
    key: MasterKey,
    url: str | None = None,
    data_dir: Path | None = None,
    force: bool = False,
    check_only: bool = False,
    progress: Progress | None = None,
) -> RestoreSummary:
    """Restores a backup into an empty store, or with `force` into one it wipes first.

    Args:
        source: the backup file, open for reading.
        key: the master key or passphrase key the backup was made with.
        url: the store to restore into; None for the configured one.
        data_dir: where the files go; None for the configured data directory.
        force: drop the store's tables and delete its data directory's files first.
        check_only: read and check the whole backup, write nothing.
        progress: called as tables are read.

    Returns:
        What was restored.

    Raises:
        BackupError: wrong key, damaged or changed file, a backup from a newer version, or a
            store that is not empty (without `force`); the store is left as it was.
    """
    started = time.perf_counter()
    url = normalize_url(url or get_settings().database_url)
    reader = ArchiveReader(source, key)
    header, header_sum, members = _open(reader)
    revisions = list(header["revisions"])
    check_restorable(revisions, url)
    heads = code_heads(url)
    if check_only:
        sums = {"header.json": header_sum}
        loader = _Loader(header, None, {}, None, progress or _quiet, sums, {})
        _read_all(reader, members, loader)
        return _summary(loader, header, started, heads, {}, ())
    stage = FileStage(data_dir or get_settings().data_dir, url)
    try:
        with get_engine(url).begin() as conn:
            wiped = _prepare(conn, url, revisions, force)
            tables = _tables(conn, revisions, url)
            sums = {"header.json": header_sum}
            loader = _Loader(header, conn, tables, stage, progress or _quiet, sums, {})
            _read_all(reader, members, loader)
            reset_sequences(conn, [tables[t["name"]] for t in header["tables"]])
            if revisions != heads:
                migrate(conn, url, heads)
        if force:
            stage.wipe_target()
        stage.commit()
    except BaseException:
        stage.discard()
        raise
    return _summary(loader, header, started, heads, wiped, tuple(stage.refused))


def _read_all(reader: ArchiveReader, members: Iterator[Any], loader: _Loader) -> None:
    for member, data in members:
        loader.member(member.name, data, member.mode, member.mtime)
    reader.finish()
    loader.verify()


def _summary(loader: _Loader, header: dict[str, Any], started: float, heads: list[str],
             wiped: dict[str, int], refused: tuple[str, ...]) -> RestoreSummary:  # fmt: skip
    return RestoreSummary(
        tables=len(header["tables"]), rows=sum(loader.rows.values()), files=loader.files,
        seconds=time.perf_counter() - started, revisions=tuple(header["revisions"]),
        upgraded=list(header["revisions"]) != heads, wiped=wiped, refused_files=refused,
        created_at=str(header.get("created_at", "")),
    )  # fmt: skip
