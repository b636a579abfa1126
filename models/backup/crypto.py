"""Backup keys and the encrypted stream: AES-256-GCM in sealed parts (the STREAM construction).

A backup file is `MAGIC`, a 4-byte header length, the header (JSON), then parts: each a 4-byte
length and the AES-GCM sealing of up to `PART` plaintext bytes. The nonce of part i is i
(11 bytes, big-endian) and a last-part flag, and every part authenticates the header as its
associated data, so a changed, dropped, reordered or cut-off part fails to open, and so does a
changed header. Each file gets its own key, derived (HKDF-SHA256) from the master key and a
random salt kept in the header, so counting nonces from zero is safe in every file.

The master key is 32 random bytes: SABAQ_BACKUP_KEY (64 hex digits), or a key file (default
`<data dir>/backup.key`, made on first use with mode 0600), or derived from a passphrase with
scrypt (its salt and cost in the header). The header names the key by an id derived from it,
so a wrong key or passphrase is told apart from a damaged file before anything is decrypted.
"""

from __future__ import annotations

import base64
import json
import os
import struct
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from models.backup.errors import BackupError
from models.i18n import N_, message

MAGIC = b"SABAQBK\x01"
FORMAT = 1
PART = 1 << 20  # plaintext bytes per sealed part
TAG = 16
KEY_ENV = "SABAQ_BACKUP_KEY"
KEY_FILE = "backup.key"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 1 << 17, 8, 1  # OWASP's scrypt cost (128 MiB, ~0.5 s)
_LENGTH = struct.Struct(">I")


@dataclass(frozen=True, slots=True)
class MasterKey:
    """The secret a backup is sealed under, and where it came from (for messages)."""

    secret: bytes
    source: str  # "SABAQ_BACKUP_KEY", a key file's path, or "passphrase"
    passphrase: bytes | None = None  # set for passphrase keys: each file derives its own

    @property
    def key_id(self) -> str:
        """A name of the key that reveals nothing of it (HKDF, its own purpose)."""
        return _hkdf(self.secret, b"", b"sabaq backup key id")[:8].hex()


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt or None, info=info).derive(secret)


def _parse_hex_key(text: str, source: str) -> MasterKey:
    text = text.strip()
    try:
        secret = bytes.fromhex(text)
    except ValueError:
        secret = b""
    if len(secret) != 32:
        what = N_("The backup key in {source} is not 64 hexadecimal digits.")
        raise BackupError("backup_key_invalid", [message(what, source=source)])
    return MasterKey(secret, source)


def key_file_path(data_dir: Path) -> Path:
    """Where the backup key file of a data directory is kept."""
    return data_dir / KEY_FILE


def load_key(data_dir: Path, *, key_file: Path | None = None, create: bool = False) -> MasterKey:
    """The master key: SABAQ_BACKUP_KEY, else the key file (made when `create` and missing).

    Args:
        data_dir: the store's data directory (its `backup.key` is the default key file).
        key_file: another key file (a copy kept elsewhere, for a restore on a new machine).
        create: make the default key file (32 random bytes, mode 0600) when there is none.

    Returns:
        The key.

    Raises:
        BackupError: no key anywhere (`backup_key_missing`), or a malformed one.
    """
    configured = os.environ.get(KEY_ENV, "").strip()
    if configured and key_file is None:
        return _parse_hex_key(configured, KEY_ENV)
    path = key_file or key_file_path(data_dir)
    if not path.exists() and create and key_file is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # O_EXCL: two processes making the key at once keep the first one's
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as handle:
                handle.write(os.urandom(32).hex() + "\n")
    if not path.exists():
        what = N_("There is no backup key: set SABAQ_BACKUP_KEY or put the key file at {path}.")
        raise BackupError("backup_key_missing", [message(what, path=str(path))])
    return _parse_hex_key(path.read_text(encoding="ascii", errors="replace"), str(path))


def passphrase_key(passphrase: str) -> MasterKey:
    """A key from a passphrase; each file derives its secret with scrypt and its own salt."""
    return MasterKey(b"", "passphrase", passphrase.encode("utf-8"))


def _scrypt(passphrase: bytes, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase)


def _file_secret(key: MasterKey, header: dict[str, Any]) -> tuple[bytes, str]:
    """(the master secret of this file, its key id) as the header says it was made."""
    if header.get("kdf") == "scrypt":
        if key.passphrase is None:
            what = N_("This backup is protected by a passphrase; give the passphrase.")
            raise BackupError("backup_wrong_key", [message(what)])
        cost = header.get("scrypt", {})
        salt = base64.b64decode(header["salt"])
        secret = _scrypt(key.passphrase, salt, int(cost["n"]), int(cost["r"]), int(cost["p"]))
        return secret, MasterKey(secret, key.source).key_id
    if key.passphrase is not None:
        what = N_("This backup was made with a key, not a passphrase; give the backup key.")
        raise BackupError("backup_wrong_key", [message(what)])
    return key.secret, key.key_id


def _nonce(index: int, last: bool) -> bytes:
    return index.to_bytes(11, "big") + (b"\x01" if last else b"\x00")


class EncryptingWriter:
    """A binary stream that seals what is written into parts of `out` (close it to finish)."""

    def __init__(self, out: IO[bytes], key: MasterKey) -> None:
        salt = os.urandom(16)
        header: dict[str, Any] = {"format": FORMAT, "cipher": "AES-256-GCM", "part": PART,
                                  "salt": base64.b64encode(salt).decode()}  # fmt: skip
        if key.passphrase is not None:
            header["kdf"] = "scrypt"
            header["scrypt"] = {"n": SCRYPT_N, "r": SCRYPT_R, "p": SCRYPT_P}
            secret = _scrypt(key.passphrase, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
            header["key_id"] = MasterKey(secret, key.source).key_id
        else:
            header["kdf"] = "key"
            secret, header["key_id"] = key.secret, key.key_id
        raw = json.dumps(header, sort_keys=True).encode()
        self._aad = MAGIC + raw
        self._aead = AESGCM(_hkdf(secret, salt, b"sabaq backup file key"))
        self._out, self._buffer, self._index, self.closed = out, bytearray(), 0, False
        out.write(MAGIC + _LENGTH.pack(len(raw)) + raw)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > PART:  # keep at least one byte back: the last part is sealed
            self._seal(bytes(self._buffer[:PART]), last=False)  # with the close
            del self._buffer[:PART]
        return len(data)

    def _seal(self, plain: bytes, *, last: bool) -> None:
        sealed = self._aead.encrypt(_nonce(self._index, last), plain, self._aad)
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._index += 1

    def flush(self) -> None:
        self._out.flush()

    def close(self) -> None:
        """Seal what is left as the last part; the underlying file stays open."""
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
            self.closed = True


def _damaged(part: int) -> BackupError:
    what = N_("The backup file is damaged or was changed (part {part} does not open).")
    return BackupError("backup_damaged", [message(what, part=part + 1)])


def _exactly(source: IO[bytes], size: int) -> bytes:
    data = source.read(size)
    return data if data is not None else b""


def read_header(source: IO[bytes]) -> dict[str, Any]:
    """The header of a backup file (the stream is left at its first part).

    Raises:
        BackupError: the file is not a Sabaq backup (`backup_not_a_backup`).
    """
    not_ours = BackupError("backup_not_a_backup", [message(N_("This file is not a Sabaq backup."))])
    if _exactly(source, len(MAGIC)) != MAGIC:
        raise not_ours
    size_raw = _exactly(source, _LENGTH.size)
    if len(size_raw) != _LENGTH.size or _LENGTH.unpack(size_raw)[0] > 65536:
        raise not_ours
    raw = _exactly(source, _LENGTH.unpack(size_raw)[0])
    try:
        header: dict[str, Any] = json.loads(raw)
    except ValueError:
        raise not_ours from None
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise not_ours
    header["_raw"] = raw
    return header


class DecryptingReader:
    """The plaintext of a backup file, read part by part; every part is checked as it opens."""

    def __init__(self, source: IO[bytes], key: MasterKey) -> None:
        header = read_header(source)
        secret, key_id = _file_secret(key, header)
        if key_id != header.get("key_id") and key.passphrase is not None:
            what = N_("The passphrase is not the one this backup was made with.")
            raise BackupError("backup_wrong_key", [message(what)])
        if key_id != header.get("key_id"):
            what = N_(
                "This backup was made with another key (key {theirs}); the key given is {ours}."
            )
            raise BackupError(
                "backup_wrong_key", [message(what, theirs=header.get("key_id"), ours=key_id)]
            )
        salt = base64.b64decode(header["salt"])
        self._aead = AESGCM(_hkdf(secret, salt, b"sabaq backup file key"))
        self._aad = MAGIC + header.pop("_raw")
        self.header = header
        self._source, self._index, self._done = source, 0, False
        self._plain, self._at = b"", 0  # the open part, and how much of it was read
        self._next = self._read_part()

    def _read_part(self) -> bytes | None:
        size_raw = _exactly(self._source, _LENGTH.size)
        if not size_raw:
            return None
        if len(size_raw) != _LENGTH.size:
            raise _damaged(self._index)
        size = _LENGTH.unpack(size_raw)[0]
        if size > PART + TAG:
            raise _damaged(self._index)
        sealed = _exactly(self._source, size)
        if len(sealed) != size:
            raise _damaged(self._index)
        return sealed

    def _open_next(self) -> None:
        sealed = self._next
        if sealed is None:  # the stream ended before a last part: cut short
            raise _damaged(self._index)
        self._next = self._read_part()
        last = self._next is None
        try:
            self._plain = self._aead.decrypt(_nonce(self._index, last), sealed, self._aad)
            self._at = 0
        except InvalidTag:
            raise _damaged(self._index) from None
        self._index += 1
        self._done = last

    def read(self, size: int = -1) -> bytes:
        out = bytearray()
        while size < 0 or len(out) < size:
            left = len(self._plain) - self._at
            if not left:
                if self._done:
                    break
                self._open_next()
                continue
            take = left if size < 0 else min(size - len(out), left)
            out += self._plain[self._at : self._at + take]
            self._at += take
        return bytes(out)
