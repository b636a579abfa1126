"""Security tests reuse the web tests' demo store and client."""

from __future__ import annotations

from tests.web.conftest import client, demo_store

__all__ = ["client", "demo_store"]
