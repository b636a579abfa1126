"""The backup's container: a tar stream, gzip-compressed, inside the encrypted stream.

Decrypted, a backup is an ordinary `.tar.gz` (members `header.json`, `tables/...`,
`files/...`, `manifest.json`), so it can be looked into with standard tools. Both sides stream:
nothing is held in memory beyond one member part and one sealed part.
"""

from __future__ import annotations

import hashlib
import io
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import IO, cast

from models.backup.crypto import DecryptingReader, EncryptingWriter, MasterKey
from models.backup.errors import BackupError
from models.i18n import N_, message

GZIP = 31  # zlib's wbits for gzip framing
READ = 1 << 16


class Hashing:
    """A reader that hashes (SHA-256) what passes through it."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source, self.sha = source, hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.source.read(size)
        self.sha.update(data)
        return data


@dataclass
class ArchiveWriter:
    """Writes members into an encrypted, compressed tar stream; `sums` keeps their SHA-256."""

    out: IO[bytes]
    key: MasterKey
    level: int = 3  # zlib level: 3 packs JSON Lines nearly as tight as 9, several times faster
    sums: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._sealer = EncryptingWriter(self.out, self.key)
        self._zip = zlib.compressobj(self.level, zlib.DEFLATED, GZIP)
        # closed by close(), which also ends the compression and the sealing
        self._tar = tarfile.open(  # noqa: SIM115
            fileobj=cast("IO[bytes]", self),
            mode="w|",
            format=tarfile.PAX_FORMAT,
        )

    def write(self, data: bytes) -> int:
        """The tar stream's output: compressed, then sealed (tarfile calls this)."""
        packed = self._zip.compress(data)
        if packed:
            self._sealer.write(packed)
        return len(data)

    def add_bytes(self, name: str, data: bytes, *, mtime: float = 0.0) -> None:
        """One member from bytes in memory."""
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = len(data), mtime, 0o600
        self._tar.addfile(info, io.BytesIO(data))
        self.sums[name] = hashlib.sha256(data).hexdigest()

    def add_file(self, name: str, source: IO[bytes], *, size: int, mode: int, mtime: float) -> None:
        """One member streamed from an open file of `size` bytes."""
        info = tarfile.TarInfo(name)
        info.size, info.mtime, info.mode = size, mtime, mode & 0o777
        hashing = Hashing(source)
        self._tar.addfile(info, cast("IO[bytes]", hashing))
        self.sums[name] = hashing.sha.hexdigest()

    def close(self) -> None:
        """End the tar stream, the compression and the last sealed part (`out` stays open)."""
        self._tar.close()
        self._sealer.write(self._zip.flush())
        self._sealer.close()


def _damaged() -> BackupError:
    text = N_("The backup file is damaged: its contents do not unpack.")
    return BackupError("backup_damaged", [message(text)])


def safe_name(name: str) -> PurePosixPath:
    """A member name as a relative path that stays inside the folder it is unpacked into.

    Raises:
        BackupError: an absolute name, or one that climbs out with `..`.
    """
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        text = N_("The backup holds a file with an unsafe name: {name}.")
        raise BackupError("backup_bad_path", [message(text, name=name)])
    return path


class ArchiveReader:
    """Reads the members of a backup in order; the contents are checked as they are read."""

    def __init__(self, source: IO[bytes], key: MasterKey) -> None:
        self._opened = DecryptingReader(source, key)
        self.header = self._opened.header
        self._unzip = zlib.decompressobj(GZIP)
        self._buffer, self._at, self._ended = b"", 0, False
        try:
            self._tar = tarfile.open(fileobj=cast("IO[bytes]", self), mode="r|")  # noqa: SIM115
        except tarfile.TarError:
            raise _damaged() from None

    def read(self, size: int = -1) -> bytes:
        """Decompressed bytes of the tar stream (tarfile calls this)."""
        out = bytearray()
        while size < 0 or len(out) < size:
            left = len(self._buffer) - self._at
            if not left:
                if not self._fill():
                    break
                continue
            take = left if size < 0 else min(size - len(out), left)
            out += self._buffer[self._at : self._at + take]
            self._at += take
        return bytes(out)

    def _fill(self) -> bool:
        if self._ended:
            return False
        sealed = self._opened.read(READ)
        try:
            self._buffer = self._unzip.decompress(sealed) if sealed else b""
        except zlib.error:
            raise _damaged() from None
        self._at = 0
        if not sealed:
            self._ended = True
            if not self._unzip.eof:
                raise _damaged()
        return True

    def members(self) -> Iterator[tuple[tarfile.TarInfo, IO[bytes]]]:
        """Each regular member with a reader of its contents (read it before the next)."""
        try:
            for member in self._tar:
                safe_name(member.name)
                if not member.isfile():
                    continue
                extracted = self._tar.extractfile(member)
                if extracted is None:
                    raise _damaged()
                yield member, extracted
        except tarfile.TarError:
            raise _damaged() from None

    def finish(self) -> None:
        """Read to the end, so the last sealed part is checked too (a cut file is caught)."""
        while self.read(READ):
            pass
