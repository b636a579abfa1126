"""Workers: processes that run queued jobs and deliver e-mail notices (`sabaq worker`).

A worker loops: claim one job and run its handler, deliver due e-mail from a thread beside
it, and now and then take back jobs of workers that died. Any number of workers may share one
store; claims are atomic. This module stays light to import (the `sabaq` command loads it);
the store and the solver load inside the worker.
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import signal
import socket
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from multiprocessing.context import SpawnProcess
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from web.jobs.context import Handler, JobContext
    from web.jobs.loop import Waitable

log = logging.getLogger(__name__)

# How long an idle worker waits before looking for work again: a judge verdict is due within
# about a second of submitting, so the wait must be a small part of it (one indexed query).
POLL_S = 0.25


def ping(ctx: JobContext) -> dict[str, Any]:
    """A job that only proves a worker is alive (health checks, tests)."""
    return {"pong": True, "worker": ctx.worker}


def solve(ctx: JobContext) -> Mapping[str, Any]:
    """The "solve" job (web.jobs.solve), imported when a worker first runs one."""
    from web.jobs.solve import run_solve

    return run_solve(ctx)


def notice_digest(ctx: JobContext) -> Mapping[str, Any]:
    """The morning digest job (web.jobs.digest), queued by web.scheduler."""
    from web.jobs.digest import run_digest

    return run_digest(ctx)


def notice_reminder(ctx: JobContext) -> Mapping[str, Any]:
    """The reminder-before-a-covered-lesson job (web.jobs.digest), queued by web.scheduler."""
    from web.jobs.digest import run_reminder

    return run_reminder(ctx)


def family_digest(ctx: JobContext) -> Mapping[str, Any]:
    """The parents' daily digest of journal e-mails (web.jobs.family_digest)."""
    from web.jobs.family_digest import run_family_digest

    return run_family_digest(ctx)


def judge(ctx: JobContext) -> Mapping[str, Any]:
    """The "judge" job (web.jobs.judge): one submission, its verdict recorded once."""
    from web.jobs.judge import run_judge

    return run_judge(ctx)


def backup(ctx: JobContext) -> Mapping[str, Any]:
    """The daily backup of the whole store (web.jobs.backup), queued by web.scheduler."""
    from web.jobs.backup import run_backup

    return run_backup(ctx)


def lti_score(ctx: JobContext) -> Mapping[str, Any]:
    """The LTI grade return (lms.lti.grades): one score posted to a platform's line item."""
    from lms.lti.grades import send_score  # lti_tool

    return send_score(score_id=int(ctx.params["score_id"]), school_id=ctx.school_id, url=ctx.url)


HANDLERS: dict[str, Handler] = {
    "solve": solve,
    "judge": judge,
    "ping": ping,
    "notice_digest": notice_digest,
    "notice_reminder": notice_reminder,
    "family_digest": family_digest,
    "backup": backup,
    "lti_score": lti_score,  # lti_tool
}


def run_worker(
    stop_event: Waitable,
    *,
    worker_name: str,
    poll_s: float = POLL_S,
    url: str | None = None,
    handlers: Mapping[str, Handler] | None = None,
    queues: Sequence[str] | None = None,
) -> None:
    """Run one worker in this thread until `stop_event` is set.

    With SABAQ_REDIS_URL the jobs come as Dramatiq messages (web.broker); without, the worker
    polls the job table. Either way the table says what runs, and each job runs once.

    Args:
        stop_event: set it to stop; a running job is interrupted and goes back to the queue.
        worker_name: unique among workers sharing the store.
        poll_s: idle wait between looks for work.
        url: the store; None for the configured one.
        handlers: job kind -> handler (default: HANDLERS).
        queues: only jobs of these queues (web.broker.QUEUES; default all); e-mail is
            delivered by workers of the "notices" queue.
    """
    from web.broker import NOTICES, QUEUES, kinds_of
    from web.broker.dispatch import install
    from web.jobs.loop import Worker
    from web.settings import redis_url

    install()  # jobs this worker queues (the schedule's) are announced after their commit
    queues = tuple(queues or QUEUES)
    every = HANDLERS if handlers is None else handlers
    mine = {kind: every[kind] for kind in kinds_of(queues, every)}
    worker = Worker(worker_name, url, mine, mail=NOTICES in queues)
    redis = redis_url()
    if not redis:
        worker.run(stop_event, poll_s)
        return
    from web.broker.consume import Consumers

    consumers = Consumers(redis=redis, name=worker_name, queues=queues, handlers=mine, url=url)
    worker.run(stop_event, poll_s, jobs=consumers.run)


def _process_main(
    stop: Waitable,
    name: str,
    poll_s: float,
    url: str | None,
    level: int,
    scheduler: bool = True,
    queues: Sequence[str] | None = None,
) -> None:
    """A worker process: the parent's stop event (or SIGTERM) ends it; Ctrl+C is the parent's.

    With `scheduler`, it also competes for the notice scheduler's lock (web.scheduler): one
    process of all the workers sharing the store runs the digest and reminder schedule (only
    workers of the "notices" queue).
    """
    logging.basicConfig(level=level, format="%(asctime)s %(processName)s %(levelname)s %(message)s")
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    local = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: local.set())

    def follow_parent() -> None:
        stop.wait()
        local.set()

    threading.Thread(target=follow_parent, daemon=True).start()
    from web.scheduler import start_scheduler

    schedules = scheduler and (queues is None or "notices" in queues)
    notices = start_scheduler(url) if schedules else None
    try:
        run_worker(local, worker_name=name, poll_s=poll_s, url=url, queues=queues)
    finally:
        if notices is not None:
            notices.stop()


@dataclass
class WorkerHandle:
    """Worker processes started by `start_workers`; `stop()` ends them cleanly."""

    processes: list[SpawnProcess]
    stop_event: Any  # multiprocessing.Event of the spawn context

    def alive(self) -> int:
        """How many of the worker processes are running."""
        return sum(p.is_alive() for p in self.processes)

    def stop(self, timeout: float = 30.0) -> None:
        """Ask every worker to stop (running jobs go back to the queue) and wait for them."""
        self.stop_event.set()
        deadline = time.monotonic() + timeout
        for process in self.processes:
            process.join(max(0.0, deadline - time.monotonic()))
        for process in self.processes:
            if process.is_alive():  # stuck past the timeout: its job is requeued as stale
                log.warning("worker %s did not stop in time; terminating it", process.name)
                process.terminate()
                process.join(5)


def start_workers(
    n: int,
    *,
    poll_s: float = POLL_S,
    url: str | None = None,
    log_level: int | None = None,
    scheduler: bool = True,
    queues: Sequence[str] | None = None,
) -> WorkerHandle:
    """Start `n` worker processes ('spawn': fresh interpreters, safe beside a web server).

    Args:
        n: how many processes.
        poll_s: idle wait between looks for work.
        url: the store; None for the configured one (the environment is inherited).
        log_level: the processes' logging level (default: this process's).
        scheduler: each process competes to run the notice schedule (web.scheduler).
        queues: the job queues these processes take (web.broker.QUEUES; default all).

    Returns:
        The handle; call `stop()` before exiting.
    """
    context = multiprocessing.get_context("spawn")
    stop = context.Event()
    level = log_level if log_level is not None else logging.getLogger().getEffectiveLevel()
    host = socket.gethostname()
    processes = []
    for index in range(n):
        name = f"{host}:{os.getpid()}:{index + 1}"
        process = context.Process(
            target=_process_main, args=(stop, name, poll_s, url, level, scheduler, queues),
            name=f"sabaq-worker-{index + 1}", daemon=True,
        )  # fmt: skip
        process.start()
        processes.append(process)
    return WorkerHandle(processes, stop)


def register(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add `sabaq worker` to the root parser."""
    p = commands.add_parser("worker", help="run job and e-mail workers in the foreground")
    p.add_argument("--processes", type=int, default=1, help="worker processes (default 1)")
    p.add_argument("--poll", type=float, default=POLL_S, help="idle wait in seconds (default 1)")
    p.add_argument(
        "--queues", default="all",
        help="job queues to take, separated by commas or colons: solve, judge, notices (digests, "
        "reminders, e-mail, the schedule), default (backups, LTI grades); default all",
    )  # fmt: skip
    p.set_defaults(func=cmd_worker)


def cmd_worker(args: argparse.Namespace) -> int:
    from models.migrate import upgrade_database
    from web.broker import parse_queues

    try:
        queues = parse_queues(args.queues)
    except ValueError as exc:
        print(f"sabaq worker: {exc}")
        return 2
    upgrade_database()
    handle = start_workers(max(1, args.processes), poll_s=args.poll, log_level=logging.INFO,
                           queues=queues)  # fmt: skip
    print(f"Sabaq worker: {len(handle.processes)} process(es) running ({', '.join(queues)}); "
          "Ctrl+C stops them.")  # fmt: skip
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    try:
        while not stopping.wait(1.0) and handle.alive():
            pass
    except KeyboardInterrupt:
        stopping.set()
    finally:
        handle.stop()
    if not stopping.is_set():
        log.error("every worker process has ended")
        return 1
    return 0
