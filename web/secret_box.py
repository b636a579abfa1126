"""Secrets at rest (a school's SMTP password): sealed with AES-GCM under the app's secret key."""

from __future__ import annotations

import base64
import os

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from web.settings import get_web_settings

PREFIX = "sealed:v1:"


def _key(purpose: str) -> bytes:
    # one key per purpose, derived from the secret key, so a sealed value is useless elsewhere
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose.encode())
    return hkdf.derive(get_web_settings().secret_key)


def seal(text: str, *, purpose: str) -> str:
    """`text` encrypted and authenticated, as printable ASCII; empty stays empty."""
    if not text:
        return ""
    nonce = os.urandom(12)
    sealed = AESGCM(_key(purpose)).encrypt(nonce, text.encode(), purpose.encode())
    return PREFIX + base64.urlsafe_b64encode(nonce + sealed).decode()


def unseal(value: str, *, purpose: str) -> str:
    """The text `seal` was given; a value stored before sealing existed is returned as it is.

    Raises:
        cryptography.exceptions.InvalidTag: the value was sealed under another secret key.
    """
    if not value.startswith(PREFIX):
        return value
    raw = base64.urlsafe_b64decode(value[len(PREFIX) :])
    return AESGCM(_key(purpose)).decrypt(raw[:12], raw[12:], purpose.encode()).decode()
