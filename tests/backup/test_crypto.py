"""The sealed stream and the keys: parts dropped, swapped, cut or added are refused; the key file
is made once with mode 0600; SABAQ_BACKUP_KEY wins; a malformed key is named."""

from __future__ import annotations

import io
import os
import stat
import struct
from pathlib import Path

import pytest

from models.backup import BackupError, MasterKey, load_key
from models.backup.crypto import MAGIC, PART, DecryptingReader, EncryptingWriter

KEY = MasterKey(bytes(range(32)), "test")


def _sealed(plain: bytes) -> bytes:
    out = io.BytesIO()
    writer = EncryptingWriter(out, KEY)
    writer.write(plain)
    writer.close()
    return out.getvalue()


def _split(data: bytes) -> tuple[bytes, list[bytes]]:
    """(magic and header, the parts each with its length prefix)."""
    at = len(MAGIC) + 4 + struct.unpack(">I", data[len(MAGIC) : len(MAGIC) + 4])[0]
    head, parts = data[:at], []
    while at < len(data):
        size = struct.unpack(">I", data[at : at + 4])[0]
        parts.append(data[at : at + 4 + size])
        at += 4 + size
    return head, parts


def _open(data: bytes) -> bytes:
    return DecryptingReader(io.BytesIO(data), KEY).read()


def test_parts_round_trip_and_any_change_to_their_order_is_refused() -> None:
    plain = os.urandom(3 * PART + 123)
    data = _sealed(plain)
    assert _open(data) == plain
    head, parts = _split(data)
    assert len(parts) == 4
    broken = {
        "a part dropped": head + parts[0] + parts[2] + parts[3],
        "two parts swapped": head + parts[1] + parts[0] + parts[2] + parts[3],
        "cut after a part": head + parts[0] + parts[1],
        "cut inside a part": data[:-10],
        "a part added": data + parts[1],
    }
    for what, changed in broken.items():
        with pytest.raises(BackupError) as caught:
            _open(changed)
        assert caught.value.code == "backup_damaged", what


def test_an_exact_multiple_of_the_part_size_and_nothing_at_all_round_trip() -> None:
    for plain in (b"", os.urandom(2 * PART)):
        assert _open(_sealed(plain)) == plain


def test_the_key_file_is_made_once_private_and_the_environment_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SABAQ_BACKUP_KEY", raising=False)
    with pytest.raises(BackupError) as caught:
        load_key(tmp_path)
    assert caught.value.code == "backup_key_missing" and "backup.key" in str(caught.value)
    first = load_key(tmp_path, create=True)
    assert load_key(tmp_path, create=True) == first
    assert stat.S_IMODE((tmp_path / "backup.key").stat().st_mode) == 0o600
    assert load_key(tmp_path / "elsewhere", key_file=tmp_path / "backup.key").secret == first.secret
    monkeypatch.setenv("SABAQ_BACKUP_KEY", "ab" * 32)
    assert load_key(tmp_path).secret == bytes([0xAB]) * 32
    assert load_key(tmp_path).key_id != first.key_id
    monkeypatch.setenv("SABAQ_BACKUP_KEY", "not a key")
    with pytest.raises(BackupError) as caught:
        load_key(tmp_path)
    assert caught.value.code == "backup_key_invalid" and "SABAQ_BACKUP_KEY" in str(caught.value)
