"""Fixtures for the Redis-mode tests: a real Redis (SABAQ_TEST_REDIS_URL, started by
.ci/redis.sh) and a store on SQLite or on PostgreSQL (SABAQ_TEST_POSTGRES_URL)."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest

from models.db import dispose_engines, session_scope
from models.job_queue import get_job
from models.jobs import Job
from models.settings import get_settings
from tests.models.conftest import POSTGRES_ENV, _drop_postgres_db, _fresh_postgres_db
from tests.web.jobs_support import add_school, empty_store
from web.broker import mark_back
from web.broker.consume import Consumers
from web.settings import redis_url

REDIS_ENV = "SABAQ_TEST_REDIS_URL"


def redis_for_tests() -> str:
    """The test Redis, emptied; the test is skipped without one."""
    url = os.environ.get(REDIS_ENV, "")
    if not url:
        pytest.skip(f"{REDIS_ENV} is not set (start one with .ci/redis.sh)")
    import redis

    redis.Redis.from_url(url).flushdb()
    return url


def use_redis(monkeypatch: pytest.MonkeyPatch, url: str) -> None:
    """This process (and workers it spawns) in Redis mode on `url`."""
    monkeypatch.setenv("SABAQ_REDIS_URL", url)
    redis_url.cache_clear()
    mark_back(url)


@pytest.fixture
def redis_mode(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    url = redis_for_tests()
    use_redis(monkeypatch, url)
    yield url
    monkeypatch.delenv("SABAQ_REDIS_URL")
    redis_url.cache_clear()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """An empty store with every table, configured as this process's store (DATABASE_URL)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'store.db'}"
        base = ""
    else:
        base = os.environ.get(POSTGRES_ENV, "")
        if not base:
            pytest.skip(f"{POSTGRES_ENV} is not set (start one with .ci/postgres.sh)")
        url = _fresh_postgres_db(base)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("SABAQ_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    yield empty_store(url)
    dispose_engines()
    if base:
        _drop_postgres_db(base, url)
    get_settings.cache_clear()


def school(url: str) -> int:
    return add_school(url, "R1", "Редис мектебі")


def job_row(url: str, school_id: int, job_id: int) -> Job:
    with session_scope(url) as session:
        return get_job(session, job_id=job_id, school_id=school_id)


class Running:
    """Dramatiq consumers in a thread of this process for the block (sweeping at the start,
    then once an hour: only messages start jobs)."""

    def __init__(
        self, redis: str, store: str, handlers: Mapping[str, Any], queues: tuple[str, ...]
    ) -> None:
        self.stop = threading.Event()
        self.consumers = Consumers(redis=redis, name=f"test-{id(self)}", queues=queues,
                                   handlers=handlers, url=store)  # fmt: skip
        self.thread = threading.Thread(target=self.consumers.run, args=(self.stop, 3600.0))

    def __enter__(self) -> Consumers:
        self.thread.start()
        assert self.consumers.swept.wait(60)  # what waited before is announced by now
        return self.consumers

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join(90)
