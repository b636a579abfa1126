"""Jobs through Dramatiq on a real Redis (SABAQ_TEST_REDIS_URL), on SQLite and PostgreSQL:
a queued job runs from its message alone, a redelivered message does not run it again, a job
queued while Redis is down waits in the store and is sent later, `--queues` keeps kinds apart."""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import redis

from models.db import session_scope
from models.job_queue import TO_SEND, enqueue, request_cancel
from models.jobs import DONE, QUEUED
from tests.web.jobs_support import free_port, wait_until
from tests.web.redis_support import Running, job_row, redis_mode, school, store, use_redis
from web.broker import DEFAULT, JUDGE, SOLVE, parse_queues
from web.broker.dispatch import install, resend_waiting, send
from web.cli import build_parser
from web.jobs.context import JobContext
from web.worker import ping, start_workers

__all__ = ["redis_mode", "store"]  # the fixtures


def _enqueue(url: str, school_id: int, kind: str = "ping", **params: Any) -> int:
    with session_scope(url) as session:
        job = enqueue(session, kind=kind, school_id=school_id, params=params)
        assert job.id is not None
        return job.id


def _messages(redis_url: str, queue: str) -> int:
    """Messages of a queue that no worker has acknowledged yet (Dramatiq's Redis layout)."""
    return int(redis.Redis.from_url(redis_url).hlen(f"dramatiq:{queue}.msgs"))


def test_a_message_goes_out_only_after_the_commit(store: str, redis_mode: str) -> None:
    install()
    school_id = school(store)
    with pytest.raises(RuntimeError), session_scope(store) as session:
        enqueue(session, kind="ping", school_id=school_id, params={})
        raise RuntimeError("the request failed after queueing")
    assert _messages(redis_mode, DEFAULT) == 0  # rolled back: never announced
    with session_scope(store) as session:
        taken = enqueue(session, kind="ping", school_id=school_id, params={}, key="k")
    with session_scope(store) as session:
        request_cancel(session, job_id=taken.id or 0, school_id=school_id)
    with session_scope(store) as session:
        enqueue(session, kind="judge", school_id=school_id, params={})
        # the key is taken: its insert's savepoint rolls back, the judge job stays announced
        assert enqueue(session, kind="ping", school_id=school_id, params={}, key="k").id == taken.id
    assert _messages(redis_mode, JUDGE) == 1


def test_a_queued_job_runs_from_its_message(store: str, redis_mode: str) -> None:
    install()
    school_id = school(store)
    with Running(redis_mode, store, {"ping": ping}, (DEFAULT,)) as consumers:
        job_id = _enqueue(store, school_id)
        assert wait_until(lambda: job_row(store, school_id, job_id).status == DONE, 60)
    job = job_row(store, school_id, job_id)
    assert job.result["pong"] is True and job.attempts == 1
    assert consumers.ran == 1
    assert _messages(redis_mode, DEFAULT) == 0  # acknowledged


def test_a_redelivered_message_does_not_run_the_job_again(store: str, redis_mode: str) -> None:
    install()
    school_id = school(store)
    effects: list[int] = []
    lock = threading.Lock()

    def count(ctx: JobContext) -> dict[str, Any]:
        with lock:
            effects.append(ctx.job_id)
        return {"n": len(effects)}

    with (
        Running(redis_mode, store, {"ping": count}, (DEFAULT,)) as first,
        Running(redis_mode, store, {"ping": count}, (DEFAULT,)) as second,
    ):
        job_id = _enqueue(store, school_id)
        assert wait_until(lambda: job_row(store, school_id, job_id).status == DONE, 60)
        assert send([(job_id, "ping")] * 3) == 3  # the same message again, three times
        assert wait_until(lambda: _messages(redis_mode, DEFAULT) == 0, 60)
    assert effects == [job_id]  # ran once, by one of the two workers
    assert first.ran + second.ran == 1
    assert job_row(store, school_id, job_id).attempts == 1


def test_a_job_queued_while_redis_is_down_is_sent_later(
    store: str, monkeypatch: pytest.MonkeyPatch, redis_mode: str
) -> None:
    install()
    school_id = school(store)
    with Running(redis_mode, store, {"ping": ping}, (DEFAULT,)):
        use_redis(monkeypatch, f"redis://127.0.0.1:{free_port()}/0")  # nobody listens there
        started = time.monotonic()
        job_id = _enqueue(store, school_id)  # no error for the person who asked
        assert time.monotonic() - started < 30  # a guard against hanging, not a timing
        use_redis(monkeypatch, redis_mode)  # Redis is back
        assert not wait_until(lambda: job_row(store, school_id, job_id).status == DONE, 2)
        assert job_row(store, school_id, job_id).status == QUEUED  # the row waited
        assert resend_waiting(store, older_than=timedelta(0)) == 1  # the sweeper's round
        assert wait_until(lambda: job_row(store, school_id, job_id).status == DONE, 60)


def test_a_starting_worker_announces_the_jobs_that_wait(store: str, redis_mode: str) -> None:
    school_id = school(store)
    with session_scope(store) as session:
        job = enqueue(session, kind="ping", school_id=school_id, params={})
        session.info.pop(TO_SEND)  # as a process without web.broker's hook: no message
        job_id = job.id
    assert _messages(redis_mode, DEFAULT) == 0 and job_id is not None
    with Running(redis_mode, store, {"ping": ping}, (DEFAULT,)):
        assert wait_until(lambda: job_row(store, school_id, job_id).status == DONE, 60)


def test_queues_keep_kinds_apart(store: str, redis_mode: str) -> None:
    install()
    school_id = school(store)
    handlers = {"ping": ping, "solve": ping}
    with Running(redis_mode, store, handlers, (DEFAULT,)):
        solve_id = _enqueue(store, school_id, kind="solve")
        ping_id = _enqueue(store, school_id)
        assert wait_until(lambda: job_row(store, school_id, ping_id).status == DONE, 60)
        assert job_row(store, school_id, solve_id).status == QUEUED  # no solve worker here
    assert _messages(redis_mode, SOLVE) == 1
    with Running(redis_mode, store, handlers, (SOLVE, JUDGE)):
        assert wait_until(lambda: job_row(store, school_id, solve_id).status == DONE, 60)


def test_parse_queues() -> None:
    assert parse_queues("judge, solve") == parse_queues("judge:solve") == (JUDGE, SOLVE)
    assert parse_queues("all") == parse_queues("") == ("solve", "judge", "notices", "default")
    with pytest.raises(ValueError, match="unknown queue grading"):
        parse_queues("judge,grading")


@pytest.mark.slow
def test_sabaq_worker_processes_take_jobs_from_redis(
    store: str, redis_mode: str, tmp_path: Path
) -> None:
    """Real worker processes (spawned, as `sabaq worker --queues default` starts them)."""
    install()
    school_id = school(store)
    handle = start_workers(2, url=store, scheduler=False, queues=(DEFAULT,))
    try:
        ids = [_enqueue(store, school_id) for _ in range(6)]
        assert wait_until(
            lambda: all(job_row(store, school_id, i).status == DONE for i in ids), 120
        )
    finally:
        handle.stop()
    # starting workers announce what waits, so some messages are extra: none ran a job twice
    assert all(job_row(store, school_id, i).attempts == 1 for i in ids)


def test_sabaq_worker_takes_queues(capsys: pytest.CaptureFixture[str]) -> None:
    args = build_parser().parse_args(["worker", "--queues", "judge:solve", "--processes", "2"])
    assert parse_queues(args.queues) == (JUDGE, SOLVE)
    bad = build_parser().parse_args(["worker", "--queues", "judge,grading"])
    assert bad.func(bad) == 2  # refused before anything starts
    assert "unknown queue grading" in capsys.readouterr().out
