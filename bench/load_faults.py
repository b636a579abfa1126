"""The job worker drills of bench.faults: kill -9 a worker in the middle of a judge job and in
the middle of a batch of e-mails (counted at a real aiosmtpd server)."""

from __future__ import annotations

import asyncio
import os
import signal
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx
from aiosmtpd.controller import Controller
from sqlmodel import col, func, select

from bench.judge_burst import _course
from bench.web_server import _children, _tree, free_port, serve
from lms.practice.tasks import load_course_tasks
from models.account_services import create_account
from models.db import dispose_engines, read_scope, session_scope
from models.jobs import Job
from models.judge import JUDGED, Submission
from models.notices import queue_notice
from models.outbox import EMAIL, Notice
from models.people import Student
from models.points import PointsEntry
from models.school_data import get_school
from tests.web.conftest import build_demo_store
from web.demo_accounts import DEMO_PASSWORD

Result = tuple[bool, list[str]]
# Right, but slow on purpose: half a second per test, so the worker is killed mid-job.
SLOW = "import time\ntime.sleep(0.5)\na, b = map(int, input().split())\nprint(a + b)\n"
WAIT_S = 150.0  # stale timeout (20 s) + a worker's look for stale work (every 60 s) + judging


def workers_of(server_pid: int) -> list[int]:
    """The living spawned children of `sabaq serve` (job workers, or web processes with more
    than one), without multiprocessing's resource tracker and killed ones not yet reaped."""
    found = []
    for pid in _children(server_pid):
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if b"resource_tracker" not in command and state != "Z":
            found.append(pid)
    return sorted(found)


def _student_store(tmp: Path, url: str) -> tuple[str, Path, int]:
    store = build_demo_store(tmp, url)
    with session_scope() as db:
        sid = get_school(db, code=store.school_code).id or 0
        tasks = load_course_tasks(db, school_id=sid, course=_course(Path(tempfile.mkdtemp())))
        kid = db.exec(select(Student.id).where(Student.school_id == sid)).first()
        create_account(
            db,
            school_id=sid,
            login="drill-student",
            name="Drill",
            role="student",
            password=DEMO_PASSWORD,
            student_id=kid,
        )
    dispose_engines()
    return store.url, store.data_dir, tasks["sum-of-two"]


def _submit(url: str, task: int) -> int:
    with httpx.Client(base_url=url, timeout=30) as client:
        client.get("/login")
        client.post(
            "/login",
            data={
                "login": "drill-student",
                "password": DEMO_PASSWORD,
                "_csrf_token": client.cookies.get("sabaq_csrf") or "",
            },
        )
        answer = client.post(
            f"/tasks/{task}/submit",
            data={"language": "py", "source": SLOW},
            headers={
                "x-csrftoken": client.cookies.get("sabaq_csrf") or "",
                "accept": "application/json",
            },
        )
        answer.raise_for_status()
        return int(answer.json()["id"])


def _busy_worker(server_pid: int, deadline: float) -> int | None:
    """The worker with a judged program running under it (it has children), once one has."""
    while time.monotonic() < deadline:
        for pid in workers_of(server_pid):
            if len(_tree(pid)) > 1:
                return pid
        time.sleep(0.05)
    return None


def judge_drill(tmp: Path, url: str) -> Result:
    """kill -9 the worker judging a submission; the job comes back as stale and is judged once."""
    store_url, data_dir, task = _student_store(tmp, url)
    with serve(store_url, data_dir, workers=2) as server:
        workers = workers_of(server.pid)
        submission = _submit(server.url, task)
        time.sleep(1.5)  # a test or two judged
        victim = _busy_worker(server.pid, time.monotonic() + 30)
        if victim is None:
            return False, ["no worker was seen judging the submission"]
        os.kill(victim, signal.SIGKILL)
        killed, deadline = time.monotonic(), time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            with read_scope(store_url) as db:
                row = db.get(Submission, submission)
                if row is not None and row.status == JUDGED:
                    break
            time.sleep(1)
        waited = time.monotonic() - killed
        with read_scope(store_url) as db:
            row = db.get(Submission, submission)
            job = db.get(Job, row.job_id) if row and row.job_id else None
            points = (
                db.exec(
                    select(func.count())
                    .select_from(PointsEntry)
                    .where(PointsEntry.user_id == row.user_id)
                ).one()
                if row
                else 0
            )
        after = workers_of(server.pid)
    dispose_engines()
    judged = row is not None and row.status == JUDGED and row.verdict == "AC"
    evidence = [
        f"job workers {workers}, killed {victim} mid-judge, alive after {after}",
        f"submission {submission}: {row.status if row else '?'} {row.verdict if row else ''} "
        f"{waited:.0f} s after the kill; job {job.id if job else '?'} "
        f"{job.status if job else '?'}, attempts {job.attempts if job else '?'}, "
        f"worker {job.worker if job else '?'}",
        f"points entries for the solve: {points} (a verdict recorded twice would award twice)",
    ]
    return judged and job is not None and job.attempts == 2 and points <= 1, evidence


class _Sink:
    """An SMTP server that takes a while per message and counts each notice it receives."""

    def __init__(self, delay: float) -> None:
        self.delay, self.seen = delay, Counter[str]()

    async def handle_DATA(self, server: object, session: object, envelope: object) -> str:
        await asyncio.sleep(self.delay)
        text = envelope.content.decode("utf-8", "replace")  # type: ignore[attr-defined]
        for line in text.splitlines():
            if line.lower().startswith("x-sabaq-notice:"):
                self.seen[line.split(":", 1)[1].strip()] += 1
        return "250 OK"


def mail_drill(tmp: Path, url: str, notices: int = 60) -> Result:
    """kill -9 a worker while it delivers e-mail: none is sent twice, the rest go out."""
    sink = _Sink(delay=0.2)
    port = free_port()
    smtp = Controller(sink, hostname="127.0.0.1", port=port)
    smtp.start()
    os.environ.update(
        SABAQ_SMTP_HOST="127.0.0.1",
        SABAQ_SMTP_PORT=str(port),
        SABAQ_SMTP_STARTTLS="0",
        SABAQ_SMTP_SENDER="drill@example.org",
    )
    try:
        store = build_demo_store(tmp, url)
        with session_scope() as db:
            sid = get_school(db, code=store.school_code).id
            for n in range(notices):
                queue_notice(
                    db,
                    school_id=sid,
                    user_id=None,
                    channel=EMAIL,
                    address=f"parent{n}@example.org",
                    subject=f"Drill {n}",
                    body="Сабаққа келмеді.",
                    key=f"drill:{n}",
                )
        dispose_engines()
        with serve(store.url, store.data_dir, workers=2) as server:
            workers = workers_of(server.pid)
            deadline = time.monotonic() + 60
            while sum(sink.seen.values()) < 6 and time.monotonic() < deadline:
                time.sleep(0.05)
            os.kill(workers[0], signal.SIGKILL)
            at_kill = sum(sink.seen.values())
            deadline = time.monotonic() + WAIT_S
            while time.monotonic() < deadline:
                statuses = _statuses(store.url)
                if not statuses.get("pending") and not statuses.get("sending"):
                    break
                time.sleep(1)
        statuses = _statuses(store.url)
    finally:
        smtp.stop()
        for key in (
            "SABAQ_SMTP_HOST",
            "SABAQ_SMTP_PORT",
            "SABAQ_SMTP_STARTTLS",
            "SABAQ_SMTP_SENDER",
        ):
            os.environ.pop(key, None)
    twice = {k: v for k, v in sink.seen.items() if v > 1}
    evidence = [
        f"workers {workers}, killed {workers[0]} after {at_kill} of {notices} e-mails arrived",
        f"outbox afterwards {statuses}; the sink received {sum(sink.seen.values())} e-mails "
        f"for {len(sink.seen)} notices; twice: {twice or 'none'}",
        "a notice the killed worker was sending is failed, not retried (it may have arrived)",
    ]
    settled = not statuses.get("pending") and not statuses.get("sending")
    return not twice and settled and statuses.get("sent", 0) >= notices - 1, evidence


def _statuses(url: str) -> dict[str, int]:
    with read_scope(url) as db:
        rows = db.exec(
            select(Notice.status, func.count())
            .where(Notice.channel == EMAIL)
            .group_by(col(Notice.status))
        ).all()
    dispose_engines()
    return {status: int(n) for status, n in rows}
