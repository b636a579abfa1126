"""A demo store (the demo school, its planted week published, demo logins) per test module."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from models.db import dispose_engines, session_scope
from models.school_data import get_school
from models.settings import get_settings
from tests.web.conftest import DemoStore, build_demo_store


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[DemoStore, int]]:
    """(the store, the demo school's id); the environment is restored afterwards."""
    saved = {k: os.environ.get(k) for k in ("DATABASE_URL", "SABAQ_DATA_DIR")}
    store = build_demo_store(tmp_path_factory.mktemp("subs-demo"))
    with session_scope() as db:
        school_id = get_school(db, code=store.school_code).id
    assert school_id is not None
    yield store, school_id
    dispose_engines()
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    get_settings.cache_clear()
