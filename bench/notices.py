"""Notices of a published day plan: from publishing to the last e-mail at the SMTP server.

    python -m bench.notices [--absent 3 8] [--runs 5] [--processes 2] [--poll 1.0] [--seed 1]

Issue 5's target: the notices of a published day plan are delivered (to the SMTP server in the
benchmark) within 10 s.

A fresh demo store (`tests.web.conftest.build_demo_store`: the demo school, its planted week
published, the demo logins), every teacher given an e-mail address and every teacher, student
and parent an account (`create_missing_accounts`; `--demo-logins-only` skips it). Worker
processes start as `sabaq serve` starts them (`web.worker.start_workers`, the default 1 s idle
poll unless `--poll`, each also competing for the notice scheduler), with the platform's SMTP
server (SABAQ_SMTP_HOST/PORT) pointing at a local aiosmtpd that notes when each message
arrives; a first "ping" job proves the workers are up. Then, per run, a school day of term 1
with N random teachers of that day absent is planned (`substitutions.services.plan_day`, not
timed) and published (`substitutions.publish.publish_day`, translated as the web app does); the
clock runs from the start of the publish call to the arrival of the day's last e-mail, and every
e-mail notice of the day must arrive exactly once.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from email import message_from_bytes, policy
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from sqlmodel import col, func, select

from models.account_bulk import create_missing_accounts
from models.accounts import PARENT, STUDENT, TEACHER, UserAccount
from models.db import dispose_engines, session_scope
from models.job_queue import enqueue
from models.jobs import DONE, Job
from models.outbox import EMAIL, Notice
from models.people import Teacher
from models.school_data import get_school
from substitutions.absences import add_absence
from substitutions.publish import publish_day
from substitutions.services import plan_day
from substitutions.store import load_day
from tests.web.conftest import build_demo_store
from tests.web.jobs_support import free_port
from web import mail
from web.i18n import translator
from web.worker import start_workers

TARGET_S = 10.0
FIRST_DAY = date(2026, 9, 7)  # a Monday of term 1


@dataclass
class TimedInbox:
    """An SMTP handler that keeps each message's notice id and arrival (perf_counter)."""

    arrivals: list[tuple[int, float]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        at = time.perf_counter()
        parsed = message_from_bytes(envelope.content, policy=policy.default)
        with self.lock:
            self.arrivals.append((int(parsed["X-Sabaq-Notice"] or 0), at))
        return "250 Message accepted"

    def of(self, ids: set[int]) -> list[tuple[int, float]]:
        with self.lock:
            return [(i, at) for i, at in self.arrivals if i in ids]


@contextmanager
def platform_smtp() -> Iterator[TimedInbox]:
    """A local SMTP server as the platform's default one (inherited by worker processes)."""
    inbox, port = TimedInbox(), free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    sender = "Мектеп <noreply@mektep.kz>"
    os.environ.update(SABAQ_SMTP_HOST="127.0.0.1", SABAQ_SMTP_PORT=str(port),
                      SABAQ_SMTP_STARTTLS="0", SABAQ_SMTP_SENDER=sender)  # fmt: skip
    mail.platform_smtp_settings.cache_clear()
    try:
        yield inbox
    finally:
        controller.stop()


def _wait(check: Callable[[], bool], timeout: float = 300.0, step: float = 0.01) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("not delivered in time")
        time.sleep(step)


def _prepare_store(workdir: Path, accounts: bool) -> tuple[str, int, int]:
    """The demo store; every teacher with an e-mail address and, with `accounts`, every
    teacher, student and parent with an account (so each is told in the app too)."""
    store = build_demo_store(workdir)
    with session_scope() as db:
        school_id = get_school(db, code=store.school_code).id
        assert school_id is not None
        for t in db.exec(select(Teacher).where(Teacher.school_id == school_id)).all():
            t.email = f"{t.code.lower()}@mektep.kz"
            db.add(t)
    if accounts:
        with session_scope() as db:
            roles = (TEACHER, STUDENT, PARENT)
            create_missing_accounts(db, school_id=school_id, roles=roles, actor="bench")
    with session_scope() as db:
        count = db.exec(select(func.count()).select_from(UserAccount)).one()
    return store.url, school_id, int(count)


def _warm_up(url: str, school_id: int) -> None:
    with session_scope(url) as db:
        job_id = enqueue(db, kind="ping", school_id=school_id, params={}).id

    def done() -> bool:
        with session_scope(url) as db:
            return db.exec(select(Job.status).where(Job.id == job_id)).one() == DONE

    _wait(done, timeout=120)


def _plan(url: str, school_id: int, day: date, absent: int, rnd: random.Random) -> list[str]:
    """N random teachers who teach on `day` marked absent, and the day planned (a draft)."""
    with session_scope(url) as db:
        cp = load_day(db, school_id=school_id, day=day).problem
        teaching = sorted({cp.teachers[t].code for ls in cp.lessons for t in ls.teachers})
        codes = rnd.sample(teaching, absent)
        for code in codes:
            add_absence(db, school_id=school_id, ref=code, starts_on=day, reason="ill")
    with session_scope(url) as db:
        plan_day(db, school_id=school_id, day=day)
    return codes


@dataclass(frozen=True)
class Run:
    day: date
    absent: int
    notices: int  # all notices of the publication (in the app and e-mail)
    emails: int
    publish_s: float  # the publish call itself (plan, notices, commit)
    last_email_s: float  # from the start of publishing to the last e-mail received
    received: int
    distinct: int


def publish_and_wait(url: str, school_id: int, day: date, inbox: TimedInbox) -> Run:
    t0 = time.perf_counter()
    with session_scope(url) as db:
        result = publish_day(db, school_id=school_id, day=day,
                             translate_for=lambda lang: translator(lang).gettext)  # fmt: skip
    publish_s = time.perf_counter() - t0
    with session_scope(url) as db:
        key = f"cover:{school_id}:{day.isoformat()}:%"
        query = select(Notice.id).where(col(Notice.key).like(key), Notice.channel == EMAIL)
        ids = {i for i in db.exec(query).all() if i is not None}
    _wait(lambda: len({i for i, _ in inbox.of(ids)}) == len(ids))
    time.sleep(0.5)  # a duplicate would arrive right after
    arrivals = inbox.of(ids)
    last = max((at for _, at in arrivals), default=t0)
    return Run(day, 0, result.notices, len(ids), publish_s, last - t0, len(arrivals),
               len({i for i, _ in arrivals}))  # fmt: skip


def school_days(n: int) -> list[date]:
    """The first `n` weekdays from FIRST_DAY (the demo week runs Monday to Friday or Saturday)."""
    out, d = [], FIRST_DAY
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d += timedelta(days=1)
    return out


def _report(rows: list[Run], absent: int) -> None:
    times = [r.last_email_s for r in rows]
    print(
        f"{absent} absent: {len(rows)} runs, e-mails per run {min(r.emails for r in rows)}-"
        f"{max(r.emails for r in rows)}, notices {min(r.notices for r in rows)}-"
        f"{max(r.notices for r in rows)}; publish call median "
        f"{statistics.median(r.publish_s for r in rows):.2f} s; last e-mail after median "
        f"{statistics.median(times):.2f} s, max {max(times):.2f} s (target {TARGET_S:.0f} s); "
        f"every e-mail once: {all(r.received == r.distinct == r.emails for r in rows)}"
    )
    for r in rows:
        print(
            f"  {r.day} {r.emails:3d} e-mails {r.notices:3d} notices: publish {r.publish_s:.2f} s,"
            f" last e-mail {r.last_email_s:.2f} s, received {r.received} ({r.distinct} distinct)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--absent", type=int, nargs="+", default=[3, 8])
    parser.add_argument("--runs", type=int, default=5, help="days published per absence count")
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--poll", type=float, default=1.0, help="workers' idle poll in seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--demo-logins-only", action="store_true",
        help="no accounts for every teacher, student and parent (only the demo logins)",
    )  # fmt: skip
    args = parser.parse_args()
    rnd = random.Random(args.seed)
    days = iter(school_days(args.runs * len(args.absent)))
    print(f"{args.processes} worker processes, {args.poll} s poll, {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp, platform_smtp() as inbox:
        url, school_id, count = _prepare_store(Path(tmp), not args.demo_logins_only)
        print(f"{count} accounts in the store")
        handle = start_workers(args.processes, poll_s=args.poll, url=url)
        try:
            _warm_up(url, school_id)
            for absent in args.absent:
                rows = []
                for _ in range(args.runs):
                    day = next(days)
                    _plan(url, school_id, day, absent, rnd)
                    time.sleep(rnd.uniform(0.0, args.poll))  # any moment of the workers' poll
                    run = publish_and_wait(url, school_id, day, inbox)
                    rows.append(Run(**{**run.__dict__, "absent": absent}))
                _report(rows, absent)
        finally:
            handle.stop()
            dispose_engines()


if __name__ == "__main__":
    main()
