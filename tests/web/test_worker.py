"""Workers on a real store: e-mail to a real SMTP server, job outcomes, cancel, processes."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select

from models.db import dispose_engines, session_scope
from models.job_queue import enqueue, get_job, request_cancel
from models.jobs import CANCELLED, DONE, FAILED, QUEUED, RUNNING, Job
from models.notices import queue_notice
from models.outbox import EMAIL, SENT, MailSettings, Notice
from models.outbox import FAILED as NOTICE_FAILED
from models.school import School
from tests.web.jobs_support import add_school, empty_store, smtp_server, wait_until
from web.cli import build_parser
from web.jobs.context import JobContext
from web.mail import platform_smtp_settings
from web.worker import HANDLERS, run_worker, start_workers

SUBJECT = "Ауыстыру: ертең 3-сабақ — Замена: завтра 3-й урок"


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("HOST", "PORT", "USER", "PASSWORD", "SENDER", "STARTTLS", "SSL"):
        monkeypatch.delenv(f"SABAQ_SMTP_{name}", raising=False)
    platform_smtp_settings.cache_clear()
    yield empty_store(f"sqlite:///{tmp_path / 'store.db'}")
    platform_smtp_settings.cache_clear()
    dispose_engines()


class Workers:
    """Worker loops in threads of this process, stopped when the block ends."""

    def __init__(self, url: str, count: int, handlers: Mapping[str, Any] | None = None) -> None:
        self.stop = threading.Event()
        options = {"poll_s": 0.05, "url": url, "handlers": handlers}
        self.threads = [
            threading.Thread(
                target=run_worker, args=(self.stop,), kwargs={"worker_name": f"t{n}", **options}
            )
            for n in range(count)
        ]

    def __enter__(self) -> Workers:
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(60)


def _notice(url: str, school: int, n: int) -> int:
    with session_scope(url) as session:
        notice = queue_notice(
            session, school_id=school, user_id=None, channel=EMAIL, address=f"t{n}@mektep.kz",
            subject=f"{SUBJECT} #{n}", body="Құрметті мұғалім!", key=f"test:{n}",
        )  # fmt: skip
        assert notice.id is not None
        return notice.id


def _notices(url: str) -> list[Notice]:
    with session_scope(url) as session:
        return list(session.exec(select(Notice).order_by(col(Notice.id))))


def _job(url: str, school: int, job_id: int) -> Job:
    with session_scope(url) as session:
        return get_job(session, job_id=job_id, school_id=school)


def _enqueue(url: str, school: int, kind: str, **params: Any) -> int:
    with session_scope(url) as session:
        job = enqueue(session, kind=kind, school_id=school, params=params)
        assert job.id is not None
        return job.id


def _school_mail(url: str, school: int, port: int) -> None:
    with session_scope(url) as session:
        session.add(
            MailSettings(school_id=school, host="127.0.0.1", port=port,
                         sender="Мектеп <noreply@mektep.kz>", starttls=False)
        )  # fmt: skip


def test_a_worker_delivers_a_notice_once_with_its_subject_intact(store: str) -> None:
    school = add_school(store, "M1")
    with smtp_server() as (port, inbox):
        _school_mail(store, school, port)
        _notice(store, school, 1)
        with Workers(store, 1):
            assert wait_until(lambda: _notices(store)[0].status == SENT)
            # a queued duplicate (same key) and more rounds send nothing more
            _notice(store, school, 1)
            time.sleep(0.5)  # several more rounds of the worker
        received = inbox.received()
    assert [m["Subject"] for m in received] == [f"{SUBJECT} #1"]
    assert received[0]["To"] == "t1@mektep.kz"
    [notice] = _notices(store)
    assert notice.attempts == 1 and notice.sent_at is not None


def test_two_workers_never_send_one_notice_twice(store: str) -> None:
    school = add_school(store, "M1")
    with smtp_server() as (port, inbox):
        _school_mail(store, school, port)
        ids = [_notice(store, school, n) for n in range(20)]
        with Workers(store, 2):
            assert wait_until(lambda: all(n.status == SENT for n in _notices(store)))
        received = inbox.received()
    assert sorted(int(m["X-Sabaq-Notice"]) for m in received) == ids


def test_without_a_mail_server_the_notice_fails_with_a_reason(store: str) -> None:
    school = add_school(store, "M1")
    _notice(store, school, 1)
    with Workers(store, 1):
        assert wait_until(lambda: _notices(store)[0].status == NOTICE_FAILED)
    [notice] = _notices(store)
    assert "No mail server" in notice.error and notice.attempts == 1


def _explode(ctx: JobContext) -> dict[str, Any]:
    raise RuntimeError(f"Сломалось на шаге {ctx.params['step']}")


def _wait_for_cancel(ctx: JobContext) -> dict[str, Any]:
    ctx.report({"phase": "waiting", "step": 1})
    while not ctx.stop.wait(0.01):
        pass
    ctx.raise_if_cancelled()
    return {"ended": "normally"}


TEST_HANDLERS = {**HANDLERS, "explode": _explode, "wait": _wait_for_cancel}


def test_a_failing_handler_fails_its_job_and_the_worker_goes_on(store: str) -> None:
    school = add_school(store, "J1")
    bad = _enqueue(store, school, "explode", step=3)
    good = _enqueue(store, school, "ping")
    with Workers(store, 1, TEST_HANDLERS):
        assert wait_until(lambda: _job(store, school, good).status == DONE)
    failed = _job(store, school, bad)
    assert failed.status == FAILED and failed.error == "Сломалось на шаге 3"
    assert failed.result["messages"][0]["params"]["error"] == "Сломалось на шаге 3"
    assert _job(store, school, good).result == {"pong": True, "worker": "t0"}


def test_progress_is_visible_and_cancel_stops_a_running_job(store: str) -> None:
    school = add_school(store, "J1")
    job_id = _enqueue(store, school, "wait")
    with Workers(store, 1, TEST_HANDLERS):
        assert wait_until(lambda: _job(store, school, job_id).progress.get("step") == 1)
        assert _job(store, school, job_id).status == RUNNING
        with session_scope(store) as session:
            request_cancel(session, job_id=job_id, school_id=school)
        assert wait_until(lambda: _job(store, school, job_id).status == CANCELLED)
    assert _job(store, school, job_id).progress["phase"] == "waiting"


def test_a_stopping_worker_puts_its_running_job_back_in_the_queue(store: str) -> None:
    school = add_school(store, "J1")
    job_id = _enqueue(store, school, "wait")
    with Workers(store, 1, TEST_HANDLERS):
        assert wait_until(lambda: _job(store, school, job_id).status == RUNNING)
    job = _job(store, school, job_id)
    assert (job.status, job.worker, job.attempts) == (QUEUED, "", 0)


def test_worker_processes_run_jobs_and_stop_cleanly(store: str) -> None:
    school = add_school(store, "P1")
    ids = [_enqueue(store, school, "ping") for _ in range(4)]
    handle = start_workers(2, poll_s=0.05, url=store)
    try:
        assert wait_until(lambda: all(_job(store, school, i).status == DONE for i in ids))
    finally:
        handle.stop(timeout=60)
    assert handle.alive() == 0
    workers = {_job(store, school, i).result["worker"] for i in ids}
    assert workers and all(name.endswith((":1", ":2")) for name in workers)


def test_idle_workers_take_no_write_lock_from_a_transaction_that_reads_first(store: str) -> None:
    # On SQLite a transaction that read and then writes fails at once ("database is locked")
    # when another connection holds the write lock meanwhile, so idle workers must only read.
    add_school(store, "R0")
    with Workers(store, 2):
        for n in range(40):
            with session_scope(store) as session:
                assert session.exec(select(School)).first() is not None
                time.sleep(0.01)  # a few polls of the workers happen here
                session.add(School(code=f"R{n + 1}", name="Школа"))
    with session_scope(store) as session:
        assert len(session.exec(select(School)).all()) == 41


def test_sabaq_worker_is_a_command() -> None:
    args = build_parser().parse_args(["worker", "--processes", "3"])
    assert args.processes == 3 and args.func.__name__ == "cmd_worker"
