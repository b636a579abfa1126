"""Web settings from the environment behind one cached function (secret key, cookies, URLs)."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from models.settings import get_settings as get_store_settings


@dataclass(frozen=True, slots=True)
class WebSettings:
    secret_key: bytes  # 32 bytes: session cookie encryption and CSRF tokens
    secure_cookies: bool  # True behind TLS; cookies then travel over HTTPS only
    base_url: str  # how people reach the app, for links in e-mails and calendars
    worker_processes: int


def _secret_key() -> bytes:
    configured = os.environ.get("SABAQ_SECRET_KEY", "").strip()
    if configured:
        return (
            bytes.fromhex(configured)
            if len(configured) == 64
            else configured.encode()[:32].ljust(32, b"0")
        )
    # Without a configured key, one is made once per data directory and kept there, so every
    # worker process and every restart accepts the same session cookies.
    path = get_store_settings().data_dir / "secret.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_hex(32))
    return bytes.fromhex(Path(path).read_text().strip())


@lru_cache(maxsize=1)
def get_web_settings() -> WebSettings:
    """The web settings of this process, read once (tests call `get_web_settings.cache_clear()`)."""
    return WebSettings(
        secret_key=_secret_key(),
        secure_cookies=os.environ.get("SABAQ_SECURE_COOKIES", "") in ("1", "true", "yes"),
        base_url=os.environ.get("SABAQ_BASE_URL", "http://127.0.0.1:8000").rstrip("/"),
        worker_processes=int(os.environ.get("SABAQ_WORKERS", "1")),
    )


@lru_cache(maxsize=1)
def redis_url() -> str:
    """SABAQ_REDIS_URL: the Redis that carries job messages (Dramatiq) and live-page events
    between machines; "" (the default) keeps everything in the store and in-process (web.broker).
    Read once per process (tests call `redis_url.cache_clear()`)."""
    return os.environ.get("SABAQ_REDIS_URL", "").strip()
