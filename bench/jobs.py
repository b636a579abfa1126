"""Jobs and e-mail through worker processes: throughput, pickup latency, each e-mail sent once.

    python -m bench.jobs [--jobs 300] [--mails 200] [--processes 2] [--samples 20]
                         [--url DATABASE_URL]

On a fresh SQLite store (or the empty database at --url), with worker processes started by
`web.worker.start_workers` (their start-up is not timed; a first job proves they are up):

- throughput: N "ping" jobs queued at once, drained by P processes (claim, run, finish);
- pickup: single jobs queued one at a time at random moments with the default 1 s idle poll,
  from queued to started and to finished (the store's own timestamps);
- e-mail: M notices to a local SMTP server (aiosmtpd), P processes; per second, and whether
  every notice arrived exactly once.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from sqlmodel import SQLModel, col, select

import models.tables  # noqa: F401 - every table in the metadata
from models.db import dispose_engines, get_engine, session_scope
from models.job_queue import enqueue
from models.jobs import DONE, Job
from models.notices import queue_notice
from models.outbox import EMAIL, SENT, MailSettings, Notice
from models.school import School
from tests.web.jobs_support import smtp_server
from web.worker import POLL_S, start_workers


def _wait(check: Callable[[], bool], timeout: float = 600.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("workers did not finish in time")
        time.sleep(0.02)


def _enqueue(url: str, school: int, n: int) -> list[int]:
    with session_scope(url) as session:
        jobs = [enqueue(session, kind="ping", school_id=school, params={}) for _ in range(n)]
    return [j.id for j in jobs if j.id is not None]


def _all_done(url: str, ids: list[int]) -> bool:
    with session_scope(url) as session:
        query = select(Job.status).where(col(Job.id).in_(ids))
        return all(status == DONE for status in session.exec(query))


def _warm_up(url: str, school: int, processes: int) -> None:
    """Wait until the worker processes are up: they have run a first round of jobs."""
    ids = _enqueue(url, school, processes)
    _wait(lambda: _all_done(url, ids))


def throughput(url: str, school: int, jobs: int, processes: int) -> dict[str, float]:
    handle = start_workers(processes, poll_s=0.05, url=url)
    try:
        _warm_up(url, school, processes)
        t0 = time.perf_counter()
        ids = _enqueue(url, school, jobs)
        _wait(lambda: _all_done(url, ids))
        seconds = time.perf_counter() - t0
    finally:
        handle.stop()
    return {"jobs": jobs, "seconds": seconds, "per_s": jobs / seconds}


def pickup(url: str, school: int, samples: int, processes: int) -> dict[str, float]:
    handle = start_workers(processes, poll_s=POLL_S, url=url)
    started, finished = [], []
    try:
        _warm_up(url, school, processes)
        for _ in range(samples):
            time.sleep(random.uniform(0.0, 2 * POLL_S))  # any moment of the workers' poll
            [job_id] = _enqueue(url, school, 1)
            _wait(lambda job_id=job_id: _all_done(url, [job_id]))
            with session_scope(url) as session:
                job = session.get(Job, job_id)
                assert job is not None and job.started_at and job.finished_at
                queued = job.created_at
                started.append((job.started_at - queued).total_seconds() * 1000)
                finished.append((job.finished_at - queued).total_seconds() * 1000)
    finally:
        handle.stop()
    return {
        "started_median_ms": statistics.median(started),
        "started_max_ms": max(started),
        "finished_median_ms": statistics.median(finished),
        "finished_max_ms": max(finished),
    }


def mail(url: str, school: int, mails: int, processes: int) -> dict[str, float]:
    with smtp_server() as (port, inbox):
        with session_scope(url) as session:
            session.add(
                MailSettings(school_id=school, host="127.0.0.1", port=port,
                             sender="Мектеп <noreply@mektep.kz>", starttls=False)
            )  # fmt: skip
        handle = start_workers(processes, poll_s=0.05, url=url)
        try:
            _warm_up(url, school, processes)
            t0 = time.perf_counter()
            with session_scope(url) as session:
                for n in range(mails):
                    queue_notice(
                        session, school_id=school, user_id=None, channel=EMAIL,
                        address=f"t{n}@mektep.kz", subject=f"Сабақ кестесі #{n}", body="Жаңа кесте",
                    )  # fmt: skip

            def sent() -> bool:
                with session_scope(url) as session:
                    query = select(Notice.status).where(Notice.channel == EMAIL)
                    return all(status == SENT for status in session.exec(query))

            _wait(sent)
            seconds = time.perf_counter() - t0
        finally:
            handle.stop()
        numbers = [int(m["X-Sabaq-Notice"]) for m in inbox.received()]
    return {
        "mails": mails,
        "seconds": seconds,
        "per_s": mails / seconds,
        "received": len(numbers),
        "distinct": len(set(numbers)),
    }


def _store(url: str | None, workdir: Path) -> tuple[str, int]:
    url = url or f"sqlite:///{workdir / 'bench-jobs.db'}"
    SQLModel.metadata.create_all(get_engine(url))
    with session_scope(url) as session:
        school = School(code=f"BENCH-{random.randrange(10**6)}", name="Бенчмарк мектебі")
        session.add(school)
        session.flush()
        assert school.id is not None
        return url, school.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=300)
    parser.add_argument("--mails", type=int, default=200)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--samples", type=int, default=20)
    parser.add_argument("--url", default=None, help="an empty database (default: SQLite)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        url, school = _store(args.url, Path(tmp))
        backend = url.split(":", 1)[0]
        print(f"{backend}, {args.processes} worker processes, {platform.python_version()}")
        t = throughput(url, school, args.jobs, args.processes)
        print(f"throughput: {t['jobs']} ping jobs in {t['seconds']:.2f} s = {t['per_s']:.0f}/s")
        p = pickup(url, school, args.samples, args.processes)
        print(
            f"pickup with {POLL_S} s poll: started after median {p['started_median_ms']:.0f} ms "
            f"(max {p['started_max_ms']:.0f}), finished after median "
            f"{p['finished_median_ms']:.0f} ms (max {p['finished_max_ms']:.0f})"
        )
        m = mail(url, school, args.mails, args.processes)
        print(
            f"e-mail: {m['mails']} notices in {m['seconds']:.2f} s = {m['per_s']:.0f}/s; "
            f"{m['received']} received, {m['distinct']} distinct"
        )
        dispose_engines()


if __name__ == "__main__":
    main()
