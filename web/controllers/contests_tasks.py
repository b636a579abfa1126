"""A contest's task: its statement and examples, a form to send a solution, and the verdicts of
the participant's own runs. Opening it during the contest is recorded (time spent counts from
there); after the end, with upsolving on, runs are still judged but stay outside the standings.

The IDE page of the practice area (CodeMirror, live per-test results) can take over the sending
part: it needs only `check_submission` before its submit and `contest_id` on the submission.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from litestar import Request, get, post
from litestar.params import FromPath
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

from lms.contests import (
    CONTEST,
    ContestRefused,
    check_submission,
    contest_tasks,
    open_task,
    task_access,
)
from lms.contests.board import task_files
from lms.contests.schemas import as_utc
from lms.courses.markdown import render as markdown
from lms.judge import LANGUAGES, TaskInvalid, load_task
from lms.practice import submit
from lms.practice.feedback import verdict_sentence
from models.accounts import STUDENT
from models.contests import ICPC
from models.db import session_scope
from models.errors import StoreError
from models.i18n import N_
from models.judge import LESSON, OLYMPIAD, RUN, Submission
from web.controllers.auth import Form
from web.controllers.contests import task_title
from web.controllers.contests_common import CONTESTS, acting
from web.controllers.office_common import or_404
from web.pages import flash, go, page, request_locale, tr

SHOWN = 4000  # characters of an example shown


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[:SHOWN]


def _statement(folder: Path | None, lang: str) -> tuple[str, list[tuple[str, str]]]:
    """The statement in the reader's language (else another) as safe HTML (the lessons'
    Markdown: raw HTML shown as text) and the example tests."""
    if folder is None:
        return "", []
    try:
        task = load_task(folder)
    except (TaskInvalid, OSError):
        return "", []
    path = task.statements.get(lang) or next(iter(task.statements.values()), None)
    tests = {t.number: t for t in task.tests}
    examples = [
        (_read(tests[n].input), _read(tests[n].answer)) for n in task.examples if n in tests
    ]
    return (markdown(path.read_text(encoding="utf-8", errors="replace")) if path else ""), examples


def _my_runs(db: Session, contest_id: int, task_id: int, user_id: int) -> list[Submission]:
    return list(db.exec(
        select(Submission).where(
            Submission.contest_id == contest_id, Submission.task_id == task_id,
            Submission.user_id == user_id, Submission.purpose != RUN,
        ).order_by(col(Submission.id).desc()).limit(30)
    ))  # fmt: skip


@get("/contests/{contest_id:int}/tasks/{label:str}", opt=CONTESTS, sync_to_thread=False)
def task_page(
    request: Request[Any, Any, Any], contest_id: FromPath[int], label: FromPath[str]
) -> Template:
    """The task for a participant (during the contest or upsolving) or an organiser (preview)."""
    actor, lang = acting(request), request_locale(request)
    with or_404(), session_scope() as db:
        try:
            access = task_access(db, actor, contest_id, label)
        except ContestRefused as exc:
            return _closed(request, contest_id, exc)
        open_task(db, access, actor.user_id)
        runs = _my_runs(db, contest_id, access.item.task_id, actor.user_id)
        labels = [t.label for t in contest_tasks(db, contest_id)]
        folder = task_files(db, access.item.task_id)
    start = as_utc(access.contest.starts_at)
    shown = [{"row": r, "minute": int((as_utc(r.created_at) - start).total_seconds() // 60),
              "sentence": verdict_sentence(r.verdict, r.purpose, r.tests, r.details or {})
              if r.verdict else None} for r in runs]  # fmt: skip
    statement, examples = _statement(folder, lang)
    return page(
        request, "contests/task.html", access=access, title=task_title(access.task, lang),
        statement=statement, examples=examples, runs=shown, labels=labels,
        judge_languages=LANGUAGES, may_send=actor.role == STUDENT, counts=access.mode == CONTEST,
    )  # fmt: skip


def _closed(request: Request[Any, Any, Any], contest_id: int, exc: StoreError) -> Template:
    response = page(request, "contests/closed.html", contest_id=contest_id,
                    errors=[tr(request, m) for m in exc.messages])  # fmt: skip
    response.status_code = 403
    return response


@post("/contests/{contest_id:int}/tasks/{label:str}", opt={"roles": (STUDENT,)},
      sync_to_thread=False)  # fmt: skip
def send(
    request: Request[Any, Any, Any], contest_id: FromPath[int], label: FromPath[str], data: Form
) -> Redirect:
    """Send a solution: judged with olympiad priority during the contest (ICPC stops at the
    first failed test), as a lesson's after the end (upsolving)."""
    actor = acting(request)
    back = f"/contests/{contest_id}/tasks/{label}"
    try:
        with or_404(), session_scope() as db:
            item = task_access(db, actor, contest_id, label).item
            access = check_submission(db, actor, contest_id, item.task_id)
            submit(
                db, task=access.task, user_id=actor.user_id, school_id=actor.school_id,
                language=data.get("language", ""), source=data.get("source", ""),
                purpose=OLYMPIAD if access.counts else LESSON, contest_id=contest_id,
                stop_early=access.contest.rules == ICPC,
            )  # fmt: skip
        flash(request, tr(request, N_("Sent. The verdict appears below when it is ready.")), "ok")
    except StoreError as exc:  # NotFound has become a 404 on its way out of or_404
        for msg in exc.messages:
            flash(request, tr(request, msg), "error")
    return go(back)


ROUTES = [task_page, send]
