"""Personal data pages: a parent's consents for their children, a student's own, and the data
export (a zip of JSON and CSV) for a parent's child, a student themself or the school admin."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.params import FromPath
from litestar.response import Redirect, Template

from models.accounts import PARENT, SCHOOL_ADMIN, STUDENT, UserAccount
from models.base import utcnow
from models.db import read_scope, session_scope
from models.errors import NotFound, StoreError
from models.i18n import N_, message
from models.people import Student
from models.privacy import SCOPE_NAMES, SCOPES
from models.privacy_consent import (
    Actor,
    consent_history,
    give_consent,
    in_force,
    revoke_consent,
)
from models.privacy_export import (
    ExportRefused,
    PersonData,
    Requester,
    export_person,
    export_zip,
)
from models.school import School
from models.website_consent import children_of
from web.auth import Viewer, require_school, require_viewer
from web.controllers.auth import Form
from web.pages import flash, go, page, tr

Req = Request[Any, Any, Any]
FAMILY = {"roles": (PARENT, STUDENT)}
CONSENTERS = {"roles": (PARENT, SCHOOL_ADMIN)}
EXPORTERS = {"roles": (PARENT, STUDENT, SCHOOL_ADMIN)}
README = N_(
    "This archive holds every record Sabaq keeps about {name} in {school}, as of {made_at}.\n"
    "data.json has all of it; the csv folder has one table per file.\n"
    "Records kept by the school psychologist (screening answers, cases and their notes) are "
    "not included in a parent's or student's copy; the school administration can provide them "
    "on a written request. Withheld records: {withheld}.\n"
    "Under the Law of the Republic of Kazakhstan No. 94-V you may ask the school to correct "
    "or delete this data, or withdraw your consent to its processing."
)


def _children(viewer: Viewer, school_id: int) -> list[Student]:
    with read_scope() as db:
        if viewer.role == PARENT:
            return children_of(db, school_id=school_id, parent_id=viewer.parent_id or 0)
        own = db.get(Student, viewer.student_id or 0)
        return [own] if own is not None and own.school_id == school_id else []


@get("/privacy", opt=FAMILY, sync_to_thread=False)
def my_privacy(request: Request[Any, Any, Any]) -> Template:
    """The consents in force and their history for each child (a student: their own, read
    only), with the link to download everything stored."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    cards = []
    with read_scope() as db:
        for child in _children(viewer, school_id):
            sid = child.id or 0
            cards.append({
                "child": child,
                "in_force": in_force(db, school_id=school_id, student_id=sid),
                "history": consent_history(db, school_id=school_id, student_id=sid),
            })  # fmt: skip
    return page(request, "privacy/index.html", cards=cards, scopes=SCOPES,
                scope_names=SCOPE_NAMES, can_change=viewer.role == PARENT)  # fmt: skip


def _actor(viewer: Viewer) -> Actor:
    with read_scope() as db:
        account = db.get(UserAccount, viewer.id)
        if account is None or account.school_id is None:
            raise PermissionDeniedException()
        return Actor.of(account)


@post("/privacy/consent/{student_id:int}", opt=CONSENTERS, sync_to_thread=False)
def change_consent(
    request: Request[Any, Any, Any], student_id: FromPath[int], data: Form
) -> Redirect:
    """Gives or revokes one scope for one child (a parent online, the admin from a form)."""
    viewer = require_viewer(request)
    actor = _actor(viewer)
    scope, revoke = data.get("scope", ""), data.get("action") == "revoke"
    try:
        with session_scope() as db:
            if revoke:
                revoke_consent(db, actor, student_id=student_id, scope=scope)
            else:
                give_consent(db, actor, student_id=student_id, scope=scope,
                             given_by=data.get("given_by", ""))  # fmt: skip
    except NotFound as exc:
        raise NotFoundException() from exc
    except StoreError as exc:
        for text in exc.messages:
            flash(request, tr(request, text), "error")
    else:
        done = tr(request, "Consent revoked.") if revoke else tr(request, "Consent recorded.")
        flash(request, done, "ok")
    if viewer.role == SCHOOL_ADMIN:
        return go(f"/privacy/admin?klass={data.get('klass', '')}")
    return go("/privacy")


def _readme(request: Req, name: str, school: str, withheld: dict[str, int]) -> str:
    listed = ", ".join(f"{table}: {n}" for table, n in sorted(withheld.items())) or "0"
    made = utcnow().isoformat(timespec="seconds")
    return tr(request, message(README, name=name, school=school, made_at=made, withheld=listed))


@get("/privacy/export/{student_id:int}", opt=EXPORTERS, sync_to_thread=False)
def export(request: Request[Any, Any, Any], student_id: FromPath[int]) -> Response[bytes]:
    """The zip of everything stored about the student (audited; refusals too)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    requester = Requester(viewer.id, viewer.login, viewer.role, school_id, viewer.student_id,
                          viewer.parent_id)  # fmt: skip
    with session_scope() as db:  # the audit row of a refusal commits too
        try:
            data = export_person(db, requester, student_id=student_id)
        except ExportRefused:
            data = None
        student = db.get(Student, student_id)
        school = db.get(School, school_id)
        school_name = school.name if school else ""
    if data is None or student is None:
        raise NotFoundException()  # the same answer whether or not the student exists
    return zip_response(request, data, student.name, school_name)


def zip_response(request: Req, data: PersonData, name: str, school: str) -> Response[bytes]:
    """The export as a download (never cached), its README in the reader's language."""
    made = utcnow()
    body = export_zip(data, made_at=made, readme=_readme(request, name, school, data.withheld))
    file_name = f"sabaq-personal-data-{data.subject.replace(':', '-')}-{made:%Y%m%d}.zip"
    return Response(body, media_type="application/zip",
                    headers={"content-disposition": f'attachment; filename="{file_name}"',
                             "cache-control": "no-store"})  # fmt: skip


ROUTES = [my_privacy, change_consent, export]
