"""The course editor's lessons and steps: a lesson's title and steps (reordered like the
outline), a form per kind of step, recordings, captions and pictures uploaded into the lesson's
folder of the draft. Every save keeps what was written and shows the import's problems by field."""

from __future__ import annotations

from dataclasses import dataclass
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
from sqlmodel import col, select

from lms.courses import draft_edit as ed
from lms.courses.checks import CAPTIONS, IMAGES, MEDIA
from lms.courses.drafts import KEY, draft_folder, draft_problems, get_draft, problems_by_step
from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.sniff import MEDIA_TYPES, UPLOAD_TYPES, extension, matches
from lms.courses.stepform import course_languages, fields_of, rows, step_of
from lms.courses.uploads import clean_name
from models.db import read_scope, session_scope
from models.i18n import N_, Message, message
from models.judge import JudgeTask
from models.lms import AUDIO, GALLERY, STEP_KINDS, VIDEO
from web.controllers.auth import Form
from web.controllers.courses import STAFF, _school
from web.controllers.courses_edit import apply, editor_url, minutes_of, titles
from web.controllers.learn_common import reader
from web.pages import flash, go, page, tr

Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]
MAX_MEDIA_MB = 200


@dataclass(frozen=True)
class LessonDraft:
    """A lesson of the draft as its editor shows it."""

    course: Any
    draft: Any
    slug: str
    lesson: dict[str, Any]
    problems: dict[int, list[tuple[str, Message]]]  # by step number, 0: the lesson


def _lesson(request: Request[Any, Any, Any], course_id: int, slug: str) -> LessonDraft:
    _viewer, school_id = _school(request)
    with read_scope() as db:
        try:
            course, draft = get_draft(db, school_id=school_id, course_id=course_id)
            lesson = ed.lesson_of(draft.data, slug)
        except CourseNotFound as exc:
            raise NotFoundException() from exc
    return LessonDraft(course, draft, slug, lesson, problems_by_step(draft_problems(draft), slug))


@get("/courses/{course_id:int}/edit/lessons/{slug:str}", opt=STAFF, sync_to_thread=False)
def lesson_page(request: Request[Any, Any, Any], course_id: FromPath[int],
                slug: FromPath[str]) -> Template:  # fmt: skip
    """A lesson of the draft: its title and minutes, its steps in order, a new step."""
    found = _lesson(request, course_id, slug)
    return page(
        request,
        "courses/edit_lesson.html",
        course=found.course,
        slug=slug,
        lesson=found.lesson,
        problems={n: [tr(request, m) for _p, m in said] for n, said in found.problems.items()},
        langs=course_languages(found.draft.data["table"]),
        kinds=STEP_KINDS,
        key=KEY,
        text=reader(request),
    )


@post("/courses/{course_id:int}/edit/lessons/{slug:str}", opt=STAFF, sync_to_thread=False)
def change_lesson(request: Request[Any, Any, Any], course_id: FromPath[int], slug: FromPath[str],
                  data: Form) -> Any:  # fmt: skip
    """A lesson's title and minutes, or the lesson removed with its steps and files."""
    if data.get("action") == "remove":
        return apply(request, course_id, lambda d, f: ed.remove_lesson(d, slug, f),
                     editor_url(course_id), tr(request, N_("Lesson removed.")))  # fmt: skip
    return apply(request, course_id,
                 lambda d, f: ed.set_lesson(d, slug, titles(data), minutes_of(data)),
                 editor_url(course_id, slug), tr(request, N_("Saved.")))  # fmt: skip


@post("/courses/{course_id:int}/edit/lessons/{slug:str}/steps", opt=STAFF, sync_to_thread=False)
def add_step(request: Request[Any, Any, Any], course_id: FromPath[int], slug: FromPath[str],
             data: Form) -> Redirect:  # fmt: skip
    """A new step of a kind at the end of the lesson; its form opens."""
    viewer, school_id = _school(request)
    kind = data.get("kind", "")
    try:
        with session_scope() as db:
            n, _key = ed.edit(db, school_id=school_id, course_id=course_id, user_id=viewer.id,
                              change=lambda d, f: ed.add_step(d, slug, kind))  # fmt: skip
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    except CourseError as exc:
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(editor_url(course_id, slug))
    return go(f"{editor_url(course_id, slug)}/steps/{n}")


def _tasks(school_id: int) -> list[tuple[str, str]]:
    """The school's judge tasks to pick from: slug and title."""
    with read_scope() as db:
        found = db.exec(
            select(JudgeTask.slug, JudgeTask.title)
            .where(JudgeTask.school_id == school_id, col(JudgeTask.deleted_at).is_(None))
            .order_by(col(JudgeTask.slug))
        ).all()
    return list(dict.fromkeys((slug, title.get("ru") or title.get("kk") or slug)
                              for slug, title in found))  # fmt: skip


@get("/courses/{course_id:int}/edit/lessons/{slug:str}/steps/{n:int}", opt=STAFF,
     sync_to_thread=False)  # fmt: skip
def step_form(request: Request[Any, Any, Any], course_id: FromPath[int], slug: FromPath[str],
              n: FromPath[int]) -> Template:  # fmt: skip
    """The form of one step of its kind, with every problem beside its field."""
    found = _lesson(request, course_id, slug)
    steps = found.lesson["steps"]
    if not 1 <= n <= len(steps):
        raise NotFoundException()
    step = steps[n - 1]
    _viewer, school_id = _school(request)
    return _step_page(request, found, n, step, fields_of(step), _tasks(school_id))


def _step_page(request: Request[Any, Any, Any], found: LessonDraft, n: int, step: dict[str, Any],
               fields: dict[str, str], tasks: list[tuple[str, str]]) -> Template:  # fmt: skip
    said: dict[str, list[str]] = {}
    for part, m in found.problems.get(n, []):
        said.setdefault(part or "step", []).append(tr(request, m))
    return page(
        request,
        "courses/edit_step.html",
        course=found.course,
        slug=found.slug,
        lesson=found.lesson,
        n=n,
        step=step,
        key=step[KEY],
        f=fields,
        rows=rows(step),
        said=said,
        langs=course_languages(found.draft.data["table"]),
        tasks=tasks,
        upload_types=list(UPLOAD_TYPES),
        media_accept=",".join(MEDIA.get(step["kind"], ())),
        text=reader(request),
    )


@post("/courses/{course_id:int}/edit/lessons/{slug:str}/steps/{n:int}", opt=STAFF,
      request_max_body_size=(MAX_MEDIA_MB + 1) << 20)  # fmt: skip
async def save_step(request: Request[Any, Any, Any], course_id: FromPath[int],
                    slug: FromPath[str], n: FromPath[int], data: Upload) -> Any:  # fmt: skip
    """Saves the step as written (problems and all: nothing typed is lost) and comes back to
    its form, where the import's checks show what is still wrong; or removes it."""
    viewer, school_id = _school(request)
    fields = {k: v for k, v in data.items() if isinstance(v, str)}
    files = {k: v for k, v in data.items() if isinstance(v, UploadFile) and v.filename}
    key = fields.get("key", "")
    back = f"{editor_url(course_id, slug)}/steps/{n}"
    if fields.get("action") == "remove":
        return apply(request, course_id, lambda d, f: ed.remove_step(d, slug, key),
                     editor_url(course_id, slug), tr(request, N_("Step removed.")))  # fmt: skip
    uploads = {name: (file.filename or "", await file.read()) for name, file in files.items()}
    try:
        saved = await anyio.to_thread.run_sync(
            partial(_save, school_id, viewer.id, course_id, slug, key, fields, uploads)
        )
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    except CourseError as exc:
        for m in exc.messages:
            flash(request, tr(request, m), "error")
        return go(back)
    flash(request, tr(request, N_("Step saved.")), "ok")
    return go(f"{editor_url(course_id, slug)}/steps/{saved}")


def _save(school_id: int, user_id: int, course_id: int, slug: str, key: str,
          fields: dict[str, str], uploads: dict[str, tuple[str, bytes]]) -> int:  # fmt: skip
    """The step's table from its form, the uploaded files into the lesson's folder first."""
    with session_scope() as db:
        _course, draft = get_draft(db, school_id=school_id, course_id=course_id, lock=True)
        _n, step = ed.step_at(draft.data, slug, key)
        folder = draft_folder(draft) / "lessons" / slug
        for name, (filename, content) in uploads.items():
            target = _upload_target(step["kind"], name, fields)
            if target is not None:
                fields[target[0]] = keep_media(folder, target[1], filename, content)
        table = step_of(step["kind"], fields, course_languages(draft.data["table"]))
        return int(ed.edit(db, school_id=school_id, course_id=course_id, user_id=user_id,
                           change=lambda d, f: ed.set_step(d, slug, key, table)))  # fmt: skip


def _upload_target(
    kind: str, name: str, fields: dict[str, str]
) -> tuple[str, tuple[str, ...]] | None:
    """The form field an uploaded file fills in and the types it may have."""
    if kind in (VIDEO, AUDIO) and name == "upload-media":
        fields["source"] = "file"
        return "file", MEDIA[kind]
    if kind == VIDEO and name == "upload-captions":
        return "captions", CAPTIONS
    if kind == GALLERY and name.startswith("image-") and name.endswith("-upload"):
        return f"{name.removesuffix('-upload')}-file", IMAGES
    return None


def keep_media(folder: Path, allowed: tuple[str, ...], filename: str, content: bytes) -> str:
    """A teacher's recording, captions or picture kept in the lesson's folder of the draft.

    Returns:
        Its path inside the lesson's folder (pictures under img/).

    Raises:
        CourseError: a type the field does not take, content that is not what the name says,
            or too large (code "bad_file").
    """
    name = clean_name(filename).replace(" ", "-")
    ext = extension(name)
    problem: Message | None = None
    if ext not in allowed:
        problem = message(N_("Choose a file of one of these types: {kinds}."),
                          kinds=", ".join(allowed))  # fmt: skip
    elif len(content) > MAX_MEDIA_MB << 20:
        problem = message(N_("The file is larger than {mb} MB."), mb=MAX_MEDIA_MB)
    elif ext not in MEDIA_TYPES or not matches(ext, content):
        problem = message(N_("The file {name} is not what its name says."), name=name)
    if problem is not None:
        raise CourseError("bad_file", [problem])
    rel = f"img/{name}" if ext in IMAGES else name
    target, stem, n = folder / rel, Path(rel).stem, 2
    while target.exists() and target.read_bytes() != content:  # another file by that name
        rel = str(Path(rel).with_name(f"{stem}-{n}{ext}"))
        target, n = folder / rel, n + 1
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(content)
    return rel


ROUTES = [lesson_page, change_lesson, add_step, step_form, save_step]
