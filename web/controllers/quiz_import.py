"""Quiz import (/courses/N/quiz-import): a teacher uploads a Moodle XML or GIFT file, sees every
question as it will be imported (and every problem, with its place) and confirms.

The upload waits between the preview and the confirmation in the data dir, under a random name
that also carries the school and the account, so nobody else's confirmation can reach it.
"""

from __future__ import annotations

import re
import secrets
import time
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import anyio
from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body, FromPath
from litestar.response import Redirect, Template

from lms.courses.errors import CourseNotFound
from lms.courses.library import get_course, outline
from lms.courses.markdown import BLANK, render, render_inline
from lms.quizimport import (
    LANGUAGES,
    Question,
    Quiz,
    QuizInvalid,
    Target,
    import_quiz,
    plan,
    read_quiz,
)
from lms.quizimport.services import MAX_BYTES
from models.accounts import SCHOOL_ADMIN, TEACHER
from models.db import read_scope, session_scope
from models.i18n import N_, Message
from models.settings import get_settings
from web.auth import Viewer, require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.learn_common import reader
from web.pages import flash, go, page, request_locale, tr

STAFF = {"roles": (TEACHER, SCHOOL_ADMIN)}
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
TOKEN = re.compile(r"^[0-9a-f]{32}\Z")
KEEP_SECONDS = 24 * 3600
KINDS = {
    "single": N_("Single choice"),
    "multiple": N_("Multiple choice"),
    "blanks": N_("Fill in the blanks"),
    "matching": N_("Matching"),
    "open": N_("Open answer"),
    "text": N_("Text"),
}


def _folder() -> Path:
    folder = get_settings().data_dir / "quizimport"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _held(viewer: Viewer, school_id: int, token: str) -> Path:
    """Where an upload waits for its confirmation (only this account of this school finds it)."""
    if not TOKEN.match(token):
        raise NotFoundException()
    return _folder() / f"{school_id}-{viewer.id}-{token}.quiz"


def _hold(viewer: Viewer, school_id: int, content: bytes) -> str:
    for old in _folder().glob("*.quiz"):  # uploads never confirmed are dropped after a day
        if old.stat().st_mtime < time.time() - KEEP_SECONDS:
            old.unlink(missing_ok=True)
    token = secrets.token_hex(16)
    _held(viewer, school_id, token).write_bytes(content)
    return token


def _course(request: Request[Any, Any, Any], course_id: int) -> tuple[Viewer, int, Any]:
    """The viewer, their school and the course's outline (404 for another school's course)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db:
        try:
            return (
                viewer,
                school_id,
                outline(db, get_course(db, school_id=school_id, course_id=course_id), bodies=False),
            )
        except CourseNotFound as exc:
            raise NotFoundException() from exc


def _form(
    request: Request[Any, Any, Any], course_id: int, status: int = 200, **extra: Any
) -> Template:
    _viewer, _school_id, out = _course(request, course_id)
    extra.setdefault("lang", request_locale(request))
    response = page(request, "quizimport/form.html", out=out, text=reader(request),
                    languages=LANGUAGES, **extra)  # fmt: skip
    response.status_code = status
    return response


@get("/courses/{course_id:int}/quiz-import", opt=STAFF, sync_to_thread=False)
def quiz_form(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Template:
    """The upload form: the file, its language and where the questions go."""
    return _form(request, course_id)


def _target(data: dict[str, Any]) -> Target:
    if str(data.get("where", "")) == "new":
        return Target(title=str(data.get("title", ""))[:200], module=str(data.get("module", "")))
    return Target(lesson=str(data.get("lesson", "")))


def _shown(request: Request[Any, Any, Any], quiz: Quiz, lang: str) -> list[dict[str, Any]]:
    """Each question as the preview draws it (safe HTML from the step's Markdown)."""
    return [_question(request, q, lang) for q in quiz.questions]


def _question(request: Request[Any, Any, Any], q: Question, lang: str) -> dict[str, Any]:
    step = q.step or {}
    kind = str(step.get("kind", ""))
    body = step.get("question") or step.get("texts") or step.get("text") or {}
    options = [(render_inline(str(o.get(lang, ""))), bool(o.get("correct")))
               for o in step.get("options", [])]  # fmt: skip
    pairs = [(p["left"].get(lang, ""), p["right"].get(lang, "")) for p in step.get("pairs", [])]
    return {
        "place": tr(request, q.place),
        "name": q.name,
        "kind": tr(request, KINDS[kind]) if kind in KINDS else "",
        "html": render(BLANK.sub("＿＿＿", str(body.get(lang, "")))),
        "options": options,
        "pairs": pairs,
        "answers": [", ".join(a) for a in step.get("answers", [])],
        "warnings": [tr(request, w) for w in q.notes.warnings],
        "problems": [tr(request, p) for p in q.notes.problems],
        "kept": q.step is not None,
    }


@post("/courses/{course_id:int}/quiz-import", opt=STAFF)
async def quiz_preview(
    request: Request[Any, Any, Any], course_id: FromPath[int], data: Upload
) -> Template:
    """Reads the file and shows what would be imported, or every problem (nothing is stored)."""
    viewer, school_id, _out = _course(request, course_id)
    upload = data.get("file")
    content = await upload.read() if isinstance(upload, UploadFile) else b""
    lang = str(data.get("lang", "ru"))
    target = _target(data)
    if not content or len(content) > MAX_BYTES or lang not in LANGUAGES:
        error = tr(request, N_("Choose a Moodle XML or GIFT file of at most 20 MB."))
        return _form(request, course_id, 400, problems=[error], target=target, lang=lang)
    # reading and checking the course version it would make: off the event loop
    quiz, problems = await anyio.to_thread.run_sync(
        partial(_read_and_check, content, school_id, course_id, target, lang)
    )
    token = "" if problems else _hold(viewer, school_id, content)
    name = Path(upload.filename or "quiz").name if isinstance(upload, UploadFile) else "quiz"
    response = page(
        request, "quizimport/preview.html", course_id=course_id, token=token, lang=lang,
        questions=_shown(request, quiz, lang), problems=[tr(request, p) for p in problems],
        target=target, filename=name, format=quiz.format, count=len(quiz.steps),
    )  # fmt: skip
    response.status_code = 400 if problems else 200
    return response


def _read_and_check(
    content: bytes, school_id: int, course_id: int, target: Target, lang: str
) -> tuple[Quiz, list[Message]]:
    """The file's questions, and every problem of them and of the course version they would
    make (nothing is written)."""
    quiz = read_quiz(content, lang)
    with read_scope() as db:
        try:
            plan(db, school_id=school_id, course_id=course_id, quiz=quiz, target=target, lang=lang)
        except QuizInvalid as exc:
            return quiz, list(exc.messages)
    return quiz, []


@post("/courses/{course_id:int}/quiz-import/confirm", opt=STAFF, sync_to_thread=False)
def quiz_confirm(
    request: Request[Any, Any, Any], course_id: FromPath[int], data: Form
) -> Template | Redirect:
    """Imports the previewed file as the course's next version, in one transaction."""
    viewer, school_id, _out = _course(request, course_id)
    held = _held(viewer, school_id, data.get("token", ""))
    if not held.is_file():
        error = tr(request, N_("The uploaded file is no longer here; upload it again."))
        return _form(request, course_id, 400, problems=[error])
    lang = data.get("lang", "ru")
    quiz = read_quiz(held.read_bytes(), lang)
    try:
        with session_scope() as db:
            version = import_quiz(db, school_id=school_id, course_id=course_id, quiz=quiz,
                                  target=_target(data), lang=lang, user_id=viewer.id,
                                  source=data.get("filename", "quiz")[:100])  # fmt: skip
    except QuizInvalid as exc:
        return _form(request, course_id, 400, problems=[tr(request, m) for m in exc.messages])
    held.unlink(missing_ok=True)
    text = tr(request, N_("%(n)s questions imported: the course is now at version %(v)s."))
    flash(request, text % {"n": len(quiz.steps), "v": version.number}, "ok")
    return go(f"/courses/{course_id}")


ROUTES = [quiz_form, quiz_preview, quiz_confirm]
