"""Methodical materials (/guidance/materials: files and links per track and grade) and the news
feed the counsellor curates (/guidance/news: students see the items for their grade)."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.params import Body, FromPath, FromQuery
from litestar.response import Redirect, Template

from guidance.work.errors import WorkNotFound
from guidance.work.library import (
    MAX_FILE,
    TOPIC_LABELS,
    TRACK_LABELS,
    NewsDraft,
    add_file,
    add_link,
    add_news,
    get_material,
    list_materials,
    materials_dir,
    news_feed,
    remove_material,
    remove_news,
)
from guidance.work.programme import GRADES
from guidance.work.roster import grade_of, school_student
from models.accounts import (
    COUNSELLOR,
    PARENT,
    PSYCHOLOGIST,
    SCHOOL_ADMIN,
    STUDENT,
    TEACHER,
)
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.guidance_work import NEWS_TOPICS
from web.controllers.auth import Form
from web.controllers.grades_common import as_date
from web.controllers.guidance_work_common import (
    COUNSELLOR_ONLY,
    SPECIALISTS,
    STAFF,
    not_found,
    refused,
    school_today,
    who,
)
from web.controllers.reports_common import download
from web.pages import flash, go, page, tr

READERS = {"roles": (STUDENT, PARENT, TEACHER, COUNSELLOR, PSYCHOLOGIST, SCHOOL_ADMIN)}
Upload = Annotated[dict[str, Any], Body(media_type=RequestEncodingType.MULTI_PART)]


def _grades(data: dict[str, Any]) -> list[int]:
    return [g for g in GRADES if str(data.get(f"grade{g}", "")) == "on"]


@get("/guidance/materials", opt=STAFF, sync_to_thread=False)
def materials_home(
    request: Request[Any, Any, Any], track: FromQuery[str | None] = None,
    grade: FromQuery[int | None] = None,
) -> Template:  # fmt: skip
    """The school's methodical materials, by track and grade, with the forms to add one."""
    _, school_id = who(request)
    with read_scope() as db:
        shown = track if track in TRACK_LABELS else None
        rows = list_materials(db, school_id=school_id, track=shown, grade=grade)
    return page(request, "guidance/work/materials.html", materials=rows, tracks=TRACK_LABELS,
                grades=GRADES, track=track, grade=grade)  # fmt: skip


@post("/guidance/materials/link", opt=SPECIALISTS, sync_to_thread=False)
def materials_link(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Adds a link."""
    viewer, school_id = who(request)
    try:
        with session_scope() as db:
            add_link(db, school_id=school_id, title=data.get("title", ""),
                     track=data.get("track", ""), grades=_grades(data), url=data.get("url", ""),
                     description=data.get("description", ""), user_id=viewer.id)  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, "/guidance/materials")
    flash(request, tr(request, "The material is added."), "ok")
    return go("/guidance/materials")


@post("/guidance/materials/upload", opt=SPECIALISTS, sync_to_thread=False)
def materials_upload(request: Request[Any, Any, Any], data: Upload) -> Redirect:
    """Stores an uploaded file as a material."""
    viewer, school_id = who(request)
    file = data.get("file")
    content = file.file.read(MAX_FILE + 1) if isinstance(file, UploadFile) else b""
    name = file.filename if isinstance(file, UploadFile) else ""
    kind = file.content_type if isinstance(file, UploadFile) else ""
    try:
        with session_scope() as db:
            add_file(db, school_id=school_id, title=str(data.get("title", "")),
                     track=str(data.get("track", "")), grades=_grades(data), file_name=name,
                     data=content, content_type=kind,
                     description=str(data.get("description", "")), user_id=viewer.id)  # fmt: skip
    except StoreError as exc:
        return refused(request, exc, "/guidance/materials")
    flash(request, tr(request, "The material is added."), "ok")
    return go("/guidance/materials")


@get("/guidance/materials/{material_id:int}/file", opt=STAFF, sync_to_thread=False)
def materials_file(request: Request[Any, Any, Any], material_id: FromPath[int]) -> Response[bytes]:
    """An uploaded material, as a download."""
    _, school_id = who(request)
    try:
        with read_scope() as db:
            row = get_material(db, school_id=school_id, material_id=material_id)
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    path = materials_dir(school_id) / row.stored_as
    if not row.stored_as or not path.is_file():
        raise not_found(WorkNotFound("material_not_found", []))
    # served as a download (never shown inline): an upload is not trusted to be what it says
    response = download(path.read_bytes(), row.content_type, row.file_name or "material")
    response.headers["x-content-type-options"] = "nosniff"
    response.headers["cache-control"] = "private, no-store"
    return response


@post("/guidance/materials/{material_id:int}/remove", opt=SPECIALISTS, sync_to_thread=False)
def materials_remove(request: Request[Any, Any, Any], material_id: FromPath[int]) -> Redirect:
    """Removes a material from the list."""
    _, school_id = who(request)
    try:
        with session_scope() as db:
            remove_material(db, school_id=school_id, material_id=material_id)
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    flash(request, tr(request, "The material is removed."), "ok")
    return go("/guidance/materials")


@get("/guidance/news", opt=READERS, sync_to_thread=False)
def news_home(request: Request[Any, Any, Any], topic: FromQuery[str | None] = None) -> Template:
    """The news feed: a student's for their grade; the counsellor's with every item and the form."""
    viewer, school_id = who(request)
    grade = None
    with read_scope() as db:
        if viewer.role == STUDENT and viewer.student_id is not None:
            student = school_student(db, school_id=school_id, student_id=viewer.student_id)
            grade = grade_of(db, student)
        items = news_feed(db, school_id=school_id, today=school_today(), grade=grade,
                          topic=topic if topic in NEWS_TOPICS else None,
                          drafts=viewer.role == COUNSELLOR, limit=100)  # fmt: skip
    return page(request, "guidance/work/news.html", items=items, topics=TOPIC_LABELS,
                topic=topic, grades=GRADES, today=school_today())  # fmt: skip


@post("/guidance/news", opt=COUNSELLOR_ONLY, sync_to_thread=False)
def news_add(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """The counsellor publishes a news item."""
    viewer, school_id = who(request)
    draft = NewsDraft(data.get("topic", ""), data.get("title", ""), data.get("body", ""),
                      data.get("link", ""), tuple(_grades(data)),
                      as_date(data.get("published_on")))  # fmt: skip
    try:
        with session_scope() as db:
            add_news(db, school_id=school_id, draft=draft, user_id=viewer.id)
    except StoreError as exc:
        return refused(request, exc, "/guidance/news")
    flash(request, tr(request, "The news item is published."), "ok")
    return go("/guidance/news")


@post("/guidance/news/{news_id:int}/remove", opt=COUNSELLOR_ONLY, sync_to_thread=False)
def news_remove(request: Request[Any, Any, Any], news_id: FromPath[int]) -> Redirect:
    """The counsellor withdraws a news item."""
    _, school_id = who(request)
    try:
        with session_scope() as db:
            remove_news(db, school_id=school_id, news_id=news_id)
    except WorkNotFound as exc:
        raise not_found(exc) from exc
    flash(request, tr(request, "The news item is withdrawn."), "ok")
    return go("/guidance/news")


ROUTES = [materials_home, materials_link, materials_upload, materials_file, materials_remove,
          news_home, news_add, news_remove]  # fmt: skip
