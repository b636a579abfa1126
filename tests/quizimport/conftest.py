"""Quiz import tests: the course tests' store (SQLite, or PostgreSQL when configured)."""

from __future__ import annotations

from tests.courses.conftest import World, data_dir, db, world  # noqa: F401 - shared fixtures
from tests.models.conftest import store_url  # noqa: F401 - the store per backend
