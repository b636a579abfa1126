"""The tool's own RS256 keys, kept in the data dir: the newest signs, all are published."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from joserfc.jwk import RSAKey

from models.settings import get_settings

KEEP = 2  # the newest key signs; the one before stays published until platforms refetch


def key_dir(data_dir: Path | None = None) -> Path:
    """Where the tool's private keys live (one PEM file per key, named by its creation time)."""
    return (data_dir or get_settings().data_dir) / "lti" / "keys"


def _load(path: Path) -> RSAKey:
    key = RSAKey.import_key(path.read_bytes())
    return RSAKey.import_key(key.as_dict(private=True), {"kid": key.thumbprint(), "use": "sig"})


def _paths(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pem")) if folder.is_dir() else []


def rotate_key(data_dir: Path | None = None) -> str:
    """Makes a new signing key and drops keys older than the previous one; returns its kid."""
    folder = key_dir(data_dir)
    folder.mkdir(parents=True, exist_ok=True)
    key = RSAKey.generate_key(2048, private=True)
    path = folder / f"{time.time_ns()}.pem"
    path.write_bytes(key.as_pem(private=True))
    path.chmod(0o600)
    for old in _paths(folder)[:-KEEP]:
        old.unlink()
    return str(key.thumbprint())


def signing_key(data_dir: Path | None = None) -> RSAKey:
    """The newest key (one is made on first use), with its kid set."""
    paths = _paths(key_dir(data_dir))
    if not paths:
        rotate_key(data_dir)
        paths = _paths(key_dir(data_dir))
    return _load(paths[-1])


def public_jwks(data_dir: Path | None = None) -> dict[str, Any]:
    """The JWKS document platforms fetch from /lti/jwks.json."""
    signing_key(data_dir)  # makes the first key when there is none
    keys = [_load(p).as_dict(private=False) for p in _paths(key_dir(data_dir))]
    for key in keys:
        key["alg"] = "RS256"
    return {"keys": keys}
