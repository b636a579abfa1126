"""The data directory's files in a backup: which are taken, and putting them back on restore.

Taken: every regular file under the data directory (register attachments, judge task folders,
course media, the web secret key that seals SMTP passwords...). Left out: the backups folder,
the backup key, the store's own SQLite files (the tables are in the backup already), scheduler
lock files, unfinished backups and restores, and symbolic links (a link may point anywhere).
"""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import IO

from sqlalchemy.engine import make_url

from models.backup.crypto import KEY_FILE
from models.db import normalize_url

BACKUP_DIR_ENV = "SABAQ_BACKUP_DIR"
STAGE_PREFIX = ".restore-"
COPY = 1 << 20
PARTIAL = ".backup.part"  # a backup being written (into the data directory, say, with -o)


def backup_dir(data_dir: Path) -> Path:
    """Where backups are written: SABAQ_BACKUP_DIR, or `<data dir>/backups`."""
    configured = os.environ.get(BACKUP_DIR_ENV, "").strip()
    return Path(configured).expanduser() if configured else data_dir / "backups"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(normalize_url(url))
    if parsed.get_backend_name() != "sqlite" or not parsed.database:
        return None
    if parsed.database == ":memory:" or parsed.database.startswith("file:"):
        return None
    return Path(parsed.database).expanduser().resolve()


def left_out(data_dir: Path, url: str) -> set[Path]:
    """The paths (resolved) a backup never takes from, nor writes into, the data directory."""
    out = {backup_dir(data_dir).resolve(), (data_dir / KEY_FILE).resolve(),
           (data_dir / "scheduler.lock").resolve()}  # fmt: skip
    database = _sqlite_file(url)
    if database is not None:
        for suffix in ("", "-wal", "-shm", "-journal", ".scheduler.lock"):
            out.add(Path(f"{database}{suffix}"))
    return out


def store_files(data_dir: Path, url: str) -> Iterator[tuple[str, Path]]:
    """(member name under `files/`, path) of each file a backup takes, in a stable order."""
    if not data_dir.is_dir():
        return
    skip = left_out(data_dir, url)
    root = data_dir.resolve()
    for folder, dirs, names in os.walk(root):
        here = Path(folder)
        dirs[:] = sorted(
            d for d in dirs
            if not d.startswith(STAGE_PREFIX) and (here / d) not in skip
            and not (here / d).is_symlink()
        )  # fmt: skip
        for name in sorted(names):
            path = here / name
            if path in skip or path.is_symlink() or not path.is_file() or name.endswith(PARTIAL):
                continue
            yield path.relative_to(root).as_posix(), path


class FileStage:
    """Files unpacked beside the data directory first, moved in once the tables are stored."""

    def __init__(self, data_dir: Path, url: str) -> None:
        self.data_dir, self.url = data_dir, url
        self.skip = left_out(data_dir, url)
        self.root = data_dir / f"{STAGE_PREFIX}{secrets.token_hex(6)}"
        self.names: list[PurePosixPath] = []
        self.refused: list[str] = []  # names the target keeps for itself (its own database)

    def add(self, name: PurePosixPath, source: IO[bytes], *, mode: int, mtime: float) -> None:
        """Unpack one file into the stage (a name the target keeps for itself is refused)."""
        if (self.data_dir / name).resolve() in self.skip:
            self.refused.append(name.as_posix())
            return
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, mode & 0o777 or 0o600)
        with os.fdopen(fd, "wb") as out:
            shutil.copyfileobj(source, out, COPY)
        os.utime(path, (mtime, mtime))
        self.names.append(name)

    def wipe_target(self) -> int:
        """Delete the data directory's files a backup would take (for --force); how many."""
        gone = 0
        for _name, path in list(store_files(self.data_dir, self.url)):
            if path.resolve() in self.skip:
                continue
            path.unlink()
            gone += 1
        return gone

    def commit(self) -> None:
        """Move every staged file into place (replacing one of the same name), then tidy up."""
        for name in self.names:
            target = self.data_dir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.root / name, target)
        self.discard()

    def discard(self) -> None:
        """Remove the stage and what is left in it."""
        shutil.rmtree(self.root, ignore_errors=True)
