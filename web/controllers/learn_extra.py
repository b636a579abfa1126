"""Around the courses: the leaderboard, certificates (PDF and the public check), lesson files."""

from __future__ import annotations

import mimetypes
from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import File, Template

from lms.courses.certificates import certificate_pdf, find_certificate, issue_certificate
from lms.courses.checks import safe_path
from lms.courses.library import files_root, outline
from lms.courses.standings import BOARDS, cities, leaderboard
from models.accounts import UserAccount
from models.db import read_scope, session_scope
from models.i18n import N_
from models.lms import CourseVersion
from models.school import School
from web.auth import ANY_ROLE, PUBLIC, load_viewer, require_school, require_viewer
from web.controllers.learn_common import LEARNERS, STUDENTS, learner, reader
from web.pages import page, request_locale, tr
from web.settings import get_web_settings

# What lesson folders may show inline: pictures, sound, video and captions (never HTML or SVG).
SHOWN = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".mp3", ".ogg", ".mp4", ".webm", ".vtt"}


@get("/learn/leaderboard", opt={"roles": ANY_ROLE}, sync_to_thread=False)
def board_page(
    request: Request[Any, Any, Any],
    board: FromQuery[str] = "people",
    city: FromQuery[str] = "",
    mine: FromQuery[str] = "",
    q: FromQuery[str] = "",
) -> Template:
    """Points (tasks and course steps) of people, schools or cities; by city, own school, name."""
    viewer = require_viewer(request)
    kind = board if board in BOARDS else "people"
    own = mine == "1" and viewer.school_id is not None
    with read_scope() as db:
        rows = leaderboard(db, board=kind, city=city, name=q,
                           school_id=viewer.school_id if own else None)  # fmt: skip
        towns = cities(db)
    return page(request, "learn/leaderboard.html", board=rows, kind=kind, towns=towns, city=city,
                mine=own, q=q)  # fmt: skip


@get("/learn/courses/{course_id:int}/certificate", opt=STUDENTS, sync_to_thread=False)
def certificate(request: Request[Any, Any, Any], course_id: FromPath[int]) -> Response[bytes]:
    """The certificate of a completed course as a PDF (issued on the first download)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with session_scope() as db:
        course, _who = learner(db, viewer, school_id, course_id)
        account = db.get(UserAccount, viewer.id)
        assert account is not None
        cert = issue_certificate(
            db, school_id=school_id, account=account, outline=outline(db, course, bodies=False)
        )
    if cert is None:
        raise NotFoundException(detail=tr(request, N_("Complete every step of the course first.")))
    url = f"{get_web_settings().base_url}/certificates/{cert.code}"
    body = certificate_pdf(
        cert, url=url, lang=request_locale(request), translate=lambda m: tr(request, m)
    )
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "content-disposition": f'attachment; filename="certificate-{cert.code}.pdf"',
            "cache-control": "private, no-store",
        },
    )


@get("/certificates/{code:str}", opt={"roles": PUBLIC}, sync_to_thread=False)
def verify(request: Request[Any, Any, Any], code: FromPath[str]) -> Template:
    """Anyone may check a certificate by its code: who, which course, when, which school."""
    load_viewer(request)
    with read_scope() as db:
        cert = find_certificate(db, code=code)
        school = db.get(School, cert.school_id) if cert else None
    response = page(
        request,
        "learn/certificate.html",
        cert=cert,
        code=code,
        text=reader(request),
        city=school.city if school else "",
    )
    if cert is None:
        response.status_code = 404
    return response


@get("/learn/files/{version_id:int}/{path:path}", opt=LEARNERS, sync_to_thread=False)
def lesson_file(
    request: Request[Any, Any, Any], version_id: FromPath[int], path: FromPath[str]
) -> File:
    """A picture or recording from a lesson's folder (only the viewer's school's courses)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    rel = safe_path(path.lstrip("/"))
    if rel is None or rel.suffix.lower() not in SHOWN:
        raise NotFoundException()
    with read_scope() as db:
        version = db.get(CourseVersion, version_id)
        if version is None or version.school_id != school_id or not version.files_dir:
            raise NotFoundException()
        learner(db, viewer, school_id, version.course_id)
    target = files_root() / version.files_dir / rel
    if not target.is_file():
        raise NotFoundException()
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    return File(
        target,
        media_type=kind,
        content_disposition_type="inline",
        headers={"cache-control": "private, max-age=3600", "content-security-policy": "sandbox"},
    )


ROUTES = [board_page, certificate, verify, lesson_file]
