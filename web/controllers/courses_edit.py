"""The course editor's outline (/courses/<id>/edit): a new course, the draft's modules and
lessons added, renamed, removed and reordered (drag and drop or the up/down buttons), the
problems the package import would find, publishing and discarding the draft."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from lms.courses import draft_edit as ed
from lms.courses.drafts import (
    create_course,
    discard_draft,
    draft_problems,
    find_draft,
    get_draft,
    publish_draft,
    start_draft,
)
from lms.courses.errors import CourseError, CourseNotFound
from lms.courses.stepform import LANGUAGES, course_languages
from models.db import read_scope, session_scope
from models.i18n import N_
from models.lms import STEP_KINDS
from web.controllers.auth import Form
from web.controllers.courses import STAFF, _school
from web.controllers.learn_common import reader
from web.pages import flash, go, page, tr

Change = Callable[[dict[str, Any], Path], Any]


def titles(data: dict[str, str], name: str = "title") -> dict[str, str]:
    """The `title.kk`, `title.ru`, `title.en` fields of a form, by language."""
    return {lang: data.get(f"{name}.{lang}", "") for lang in LANGUAGES}


def minutes_of(data: dict[str, str]) -> int:
    raw = data.get("minutes", "").strip()
    return int(raw) if raw.isdigit() else 0


def editor_url(course_id: int, lesson: str = "") -> str:
    return f"/courses/{course_id}/edit" + (f"/lessons/{lesson}" if lesson else "")


def wants_json(request: Request[Any, Any, Any]) -> bool:
    return "application/json" in request.headers.get("accept", "")


def apply(
    request: Request[Any, Any, Any], course_id: int, change: Change, back: str, done: str = ""
) -> Redirect | Response[Any]:
    """One change to the draft; 404 for what is not there, the refusal's sentence as a flash
    (or JSON for the editor's script)."""
    viewer, school_id = _school(request)
    try:
        with session_scope() as db:
            ed.edit(db, school_id=school_id, course_id=course_id, user_id=viewer.id,
                    change=change)  # fmt: skip
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    except CourseError as exc:
        said = [tr(request, m) for m in exc.messages]
        if wants_json(request):
            return Response({"error": said}, status_code=400)
        for text in said:
            flash(request, text, "error")
        return go(back)
    if wants_json(request):
        return Response({"ok": True}, status_code=200)
    if done:
        flash(request, done, "ok")
    return go(back)


@get("/courses/new", opt=STAFF, sync_to_thread=False)
def new_form(request: Request[Any, Any, Any]) -> Template:
    """The form of a new course: its slug and title."""
    _school(request)
    return page(request, "courses/new.html", values={}, errors=[])


@post("/courses/new", opt=STAFF, sync_to_thread=False)
def new_course(request: Request[Any, Any, Any], data: Form) -> Template | Redirect:
    """A new course of the school, as a draft to build in the editor."""
    viewer, school_id = _school(request)
    try:
        with session_scope() as db:
            course = create_course(db, school_id=school_id, slug=data.get("slug", ""),
                                   title=titles(data), user_id=viewer.id)  # fmt: skip
    except CourseError as exc:
        response = page(request, "courses/new.html", values=data,
                        errors=[tr(request, m) for m in exc.messages])  # fmt: skip
        response.status_code = 400
        return response
    return go(editor_url(course.id or 0))


@post("/courses/{course_id:int}/edit/start", opt=STAFF, sync_to_thread=False)
def start(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Redirect:
    """A draft of the current version to edit (the one being edited, if there is one)."""
    viewer, school_id = _school(request)
    try:
        with session_scope() as db:
            start_draft(db, school_id=school_id, course_id=course_id, user_id=viewer.id)
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    return go(editor_url(course_id))


@get("/courses/{course_id:int}/edit", opt=STAFF, sync_to_thread=False)
def outline_page(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Template | Redirect:
    """The draft: its modules and lessons in order, every problem, publish and discard."""
    _viewer, school_id = _school(request)
    with read_scope() as db:
        try:
            course, draft = get_draft(db, school_id=school_id, course_id=course_id)
        except CourseNotFound as exc:
            if exc.code == "draft_not_found":
                return go(f"/courses/{course_id}")
            raise NotFoundException() from exc
        problems = draft_problems(draft)
    table = draft.data["table"]
    return page(
        request,
        "courses/edit.html",
        course=course,
        draft=draft,
        table=table,
        lessons=draft.data.get("lessons", {}),
        problems=[tr(request, m) for m in problems.found],
        # a version published since the draft began (an import): publishing replaces it
        overtaken=draft.base_version_id is not None
        and course.current_version_id != draft.base_version_id,
        langs=course_languages(table),
        all_langs=LANGUAGES,
        kinds=STEP_KINDS,
        text=reader(request),
    )


@post("/courses/{course_id:int}/edit/course", opt=STAFF, sync_to_thread=False)
def set_course(request: Request[Any, Any, Any], course_id: FromPath[int], data: Form) -> Any:
    """The course's title and languages."""
    langs = [lang for lang in LANGUAGES if data.get(f"lang-{lang}") == "1"]
    return apply(request, course_id, lambda d, f: ed.set_course(d, titles(data), langs),
                 editor_url(course_id), tr(request, N_("Saved.")))  # fmt: skip


@post("/courses/{course_id:int}/edit/modules", opt=STAFF, sync_to_thread=False)
def add_module(request: Request[Any, Any, Any], course_id: FromPath[int], data: Form) -> Any:
    """A new module at the end of the course."""
    return apply(request, course_id,
                 lambda d, f: ed.add_module(d, titles(data), data.get("slug", "")),
                 editor_url(course_id), tr(request, N_("Module added.")))  # fmt: skip


@post("/courses/{course_id:int}/edit/modules/{slug:str}", opt=STAFF, sync_to_thread=False)
def change_module(
    request: Request[Any, Any, Any], course_id: FromPath[int], slug: FromPath[str], data: Form
) -> Any:
    """A module's title, or the module removed (when it has no lessons)."""
    if data.get("action") == "remove":
        return apply(request, course_id, lambda d, f: ed.remove_module(d, slug),
                     editor_url(course_id), tr(request, N_("Module removed.")))  # fmt: skip
    return apply(request, course_id, lambda d, f: ed.set_module(d, slug, titles(data)),
                 editor_url(course_id), tr(request, N_("Saved.")))  # fmt: skip


@post("/courses/{course_id:int}/edit/lessons", opt=STAFF, sync_to_thread=False)
def add_lesson(request: Request[Any, Any, Any], course_id: FromPath[int], data: Form) -> Any:
    """A new lesson at the end of a module."""
    module = data.get("module", "")
    return apply(
        request, course_id,
        lambda d, f: ed.add_lesson(d, module, titles(data), data.get("slug", ""), minutes_of(data)),
        editor_url(course_id), tr(request, N_("Lesson added.")),
    )  # fmt: skip


def _back(course_id: int, data: dict[str, str]) -> str:
    """The editor page a form came from (never another site's address)."""
    back = data.get("back", "")
    return back if back.startswith(f"/courses/{course_id}/edit") else editor_url(course_id)


@post("/courses/{course_id:int}/edit/order", opt=STAFF, sync_to_thread=False)
def order(request: Request[Any, Any, Any], course_id: FromPath[int], data: Form) -> Any:
    """A new order after drag and drop: `what` (modules, lessons, steps) under `parent`, the
    slugs or keys one a line."""
    listed = [line for line in data.get("order", "").splitlines() if line]
    what, parent = data.get("what", ""), data.get("parent", "")
    return apply(request, course_id, lambda d, f: ed.reorder(d, what, parent, listed),
                 _back(course_id, data))  # fmt: skip


@post("/courses/{course_id:int}/edit/move", opt=STAFF, sync_to_thread=False)
def move(request: Request[Any, Any, Any], course_id: FromPath[int], data: Form) -> Any:
    """One place up or down (the buttons that do what dragging does, from the keyboard)."""
    what, parent, ident = data.get("what", ""), data.get("parent", ""), data.get("id", "")
    up = data.get("dir") == "up"
    return apply(request, course_id, lambda d, f: ed.move(d, what, parent, ident, up),
                 _back(course_id, data))  # fmt: skip


@post("/courses/{course_id:int}/edit/publish", opt=STAFF, sync_to_thread=False)
def publish(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Redirect:
    """The draft as the course's new current version (refused while it has problems)."""
    viewer, school_id = _school(request)
    try:
        with session_scope() as db:
            version = publish_draft(db, school_id=school_id, course_id=course_id,
                                    user_id=viewer.id)  # fmt: skip
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    except CourseError as exc:
        flash(request, tr(request, N_("The draft has problems; fix them before publishing.")),
              "error")  # fmt: skip
        for m in exc.messages[:20]:
            flash(request, tr(request, m), "error")
        return go(editor_url(course_id))
    flash(request, tr(request, N_("Published as version %(n)s.")) % {"n": version.number}, "ok")
    return go(f"/courses/{course_id}")


@post("/courses/{course_id:int}/edit/discard", opt=STAFF, sync_to_thread=False)
def discard(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Redirect:
    """Deletes the draft; the published versions stay as they were."""
    _viewer, school_id = _school(request)
    try:
        with session_scope() as db:
            discard_draft(db, school_id=school_id, course_id=course_id)
    except CourseNotFound as exc:
        raise NotFoundException() from exc
    flash(request, tr(request, N_("The draft is discarded.")), "ok")
    return go(f"/courses/{course_id}")


def has_draft(school_id: int, course_id: int) -> bool:
    """Whether the course is being edited (for the course's page)."""
    with read_scope() as db:
        return find_draft(db, school_id=school_id, course_id=course_id) is not None


ROUTES = [new_form, new_course, start, outline_page, set_course, add_module, change_module,
          add_lesson, order, move, publish, discard]  # fmt: skip
