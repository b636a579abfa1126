"""The IDE: a task's statement beside the editor, "run on my input", submit, drafts kept as one
types, and the person's previous submissions. Results follow in web.controllers.ide_results."""

from __future__ import annotations

import json
from typing import Any

from litestar import Request, Response, get, post
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template

from lms.judge import Task
from lms.judge.languages import language
from lms.practice.errors import SubmissionRefused, TooManyInFlight
from lms.practice.statement import statement_html
from lms.practice.submissions import drafts_of, list_submissions, save_draft, submit
from lms.practice.tasks import current_task
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.judge import LESSON, RUN
from web.controllers.auth import Form
from web.controllers.office_common import or_404
from web.controllers.tasks_common import (
    LANGUAGE_NAMES,
    SOLVERS,
    VERDICT_NAMES,
    is_staff,
    scope,
    solvable_task,
    title_of,
)
from web.pages import flash, go, page, request_locale, tr

EXAMPLE_CHARS = 4_000
STARTERS = {
    "py": "",
    "cpp": "#include <bits/stdc++.h>\nusing namespace std;\n\nint main() {\n    \n}\n",
    "java": (
        "import java.util.*;\n\npublic class Main {\n    public static void main(String[] args) {\n"
        "        Scanner in = new Scanner(System.in);\n        \n    }\n}\n"
    ),
    "pas": "program Solution;\nvar\n  n: integer;\nbegin\n  readln(n);\n  \nend.\n",
}


def _statement(task: Task, lang: str, wanted: str | None) -> tuple[str, str]:
    """The statement's language (asked for, the reader's, else the first there is) and HTML."""
    order = [wanted, lang, "ru", "kk", "en"]
    chosen = next((code for code in order if code in task.statements), "")
    if not chosen:
        return "", ""
    text = task.statements[chosen].read_text(encoding="utf-8")
    first, _, rest = text.lstrip().partition("\n")
    if first.startswith("# ") and first[2:].strip() in task.title.values():
        text = rest  # the page's own heading is the title already
    return chosen, statement_html(text)


def _examples(task: Task) -> list[dict[str, str]]:
    def text(path: Any) -> str:
        return str(path.read_bytes()[:EXAMPLE_CHARS].decode("utf-8", errors="replace"))

    return [
        {"number": str(t.number), "input": text(t.input), "answer": text(t.answer)}
        for t in task.tests
        if t.number in task.examples
    ]


@get("/tasks/{task_id:int}", opt=SOLVERS, sync_to_thread=False)
def ide(
    request: Request[Any, Any, Any], task_id: FromPath[int], st: FromQuery[str | None] = None
) -> Template:
    """The statement beside the editor (stacked on a phone), with the person's last code."""
    viewer, school_id = scope(request)
    with or_404(), read_scope() as db:
        row = solvable_task(db, viewer, school_id, task_id)
        drafts = drafts_of(db, user_id=viewer.id, task_id=task_id)
        history = list_submissions(db, task_id=task_id, user_id=viewer.id)
    task = current_task(row)
    lang = request_locale(request)
    shown, html = _statement(task, lang, st)
    chosen = drafts.get("last", "py")
    return page(
        request,
        "ide/ide.html",
        row=row,
        task=task,
        title=title_of(row.title, lang),
        statement=html,
        statement_lang=shown,
        examples=_examples(task),
        java_time=round(task.time_limit * language("java").time_factor, 2),
        prog_langs=LANGUAGE_NAMES,
        chosen=chosen,
        source=drafts.get(chosen, STARTERS[chosen]),
        drafts=json.dumps({k: v for k, v in drafts.items() if k != "last"}),
        starters=json.dumps(STARTERS),
        history=history,
        verdicts=VERDICT_NAMES,
        staff=is_staff(viewer),
    )


def _wants_json(request: Request[Any, Any, Any]) -> bool:
    return "application/json" in request.headers.get("accept", "")


def _send(
    request: Request[Any, Any, Any], task_id: int, data: dict[str, str], purpose: str
) -> Response[Any] | Redirect:
    """Queue a submission (or a run on the person's input); the draft is kept with it."""
    viewer, school_id = scope(request)
    lang, source = data.get("language", ""), data.get("source", "").replace("\r\n", "\n")
    own_input = data.get("input", "").replace("\r\n", "\n") if purpose == RUN else None
    try:
        with or_404(), session_scope() as db:
            row = solvable_task(db, viewer, school_id, task_id)
            if lang in LANGUAGE_NAMES and source.strip():
                save_draft(db, user_id=viewer.id, task_id=task_id, language=lang, source=source)
            sent = submit(
                db,
                task=row,
                user_id=viewer.id,
                school_id=school_id,
                language=lang,
                source=source,
                purpose=purpose,
                custom_input=own_input,
            )
            sent_id = sent.id
    except (SubmissionRefused, TooManyInFlight) as exc:
        return _refused(request, task_id, exc)
    if _wants_json(request):
        return Response(
            {"id": sent_id, "events": f"/submissions/{sent_id}/events"}, status_code=201
        )
    return go(f"/submissions/{sent_id}")


def _refused(
    request: Request[Any, Any, Any], task_id: int, exc: StoreError
) -> Response[Any] | Redirect:
    words = [tr(request, m) for m in exc.messages]
    if _wants_json(request):
        status = 429 if isinstance(exc, TooManyInFlight) else 400
        return Response({"error": words}, status_code=status)
    for text in words:
        flash(request, text, "error")
    return go(f"/tasks/{task_id}")


@post("/tasks/{task_id:int}/submit", opt=SOLVERS, sync_to_thread=False)
def submit_code(
    request: Request[Any, Any, Any], task_id: FromPath[int], data: Form
) -> Response[Any] | Redirect:
    """Send the program to the judge (JSON for the IDE's script, a redirect without it)."""
    return _send(request, task_id, data, LESSON)


@post("/tasks/{task_id:int}/run", opt=SOLVERS, sync_to_thread=False)
def run_code(
    request: Request[Any, Any, Any], task_id: FromPath[int], data: Form
) -> Response[Any] | Redirect:
    """Run the program on the person's own input: its output and the limits that fired."""
    return _send(request, task_id, data, RUN)


@post("/tasks/{task_id:int}/draft", opt=SOLVERS, sync_to_thread=False)
def draft(request: Request[Any, Any, Any], task_id: FromPath[int], data: Form) -> Response[Any]:
    """Keep the code as it is typed (the IDE's script calls this a moment after typing stops)."""
    viewer, school_id = scope(request)
    try:
        with or_404(), session_scope() as db:
            solvable_task(db, viewer, school_id, task_id)
            save_draft(
                db,
                user_id=viewer.id,
                task_id=task_id,
                language=data.get("language", ""),
                source=data.get("source", "").replace("\r\n", "\n"),
            )
    except SubmissionRefused as exc:
        return Response({"error": [tr(request, m) for m in exc.messages]}, status_code=400)
    return Response({"saved": True})


ROUTES = [ide, submit_code, run_code, draft]
