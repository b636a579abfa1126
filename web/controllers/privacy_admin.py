"""The school admin's personal-data page: consents by class (paper forms recorded), the
retention schedule, the leavers due for anonymisation, and each student's data export."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromQuery
from litestar.response import Redirect, Template
from sqlmodel import col, select

from models.accounts import SCHOOL_ADMIN, UserAccount
from models.classes import SchoolClass
from models.db import read_scope, session_scope
from models.errors import StoreError
from models.people import Guardianship, Parent, Student
from models.privacy import SCOPE_NAMES, SCOPES
from models.privacy_consent import consent_counts, in_force
from models.privacy_export import ExportRefused, Requester, export_account
from models.privacy_retention import leavers_due, retention_years, set_retention_years
from models.school import School
from web.auth import require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.privacy import zip_response
from web.pages import flash, go, page, tr

ADMIN = {"roles": (SCHOOL_ADMIN,)}


def _class_rows(db: Any, school_id: int, class_id: int) -> list[dict[str, Any]]:
    students = db.exec(
        select(Student).where(Student.school_id == school_id, Student.class_id == class_id,
                              col(Student.deleted_at).is_(None)).order_by(col(Student.name))
    ).all()  # fmt: skip
    rows = []
    for student in students:
        parents = db.exec(
            select(Parent).join(Guardianship, col(Guardianship.parent_id) == col(Parent.id))
            .where(Guardianship.school_id == school_id, Guardianship.student_id == student.id)
        ).all()  # fmt: skip
        consents = in_force(db, school_id=school_id, student_id=student.id or 0)
        rows.append({"student": student, "consents": consents, "parents": parents})
    return rows


@get("/privacy/admin", opt=ADMIN, sync_to_thread=False)
def privacy_admin(request: Request[Any, Any, Any], klass: FromQuery[int | None] = None) -> Template:
    """Consents of one class at a time, the counts for the school, and the retention schedule."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        classes = db.exec(
            select(SchoolClass)
            .where(SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None))
            .order_by(col(SchoolClass.grade), col(SchoolClass.code))
        ).all()
        chosen = next((c for c in classes if c.id == klass), classes[0] if classes else None)
        rows = _class_rows(db, school_id, chosen.id or 0) if chosen else []
        counts = consent_counts(db, school_id=school_id)
        years = retention_years(db, school_id=school_id)
        due = leavers_due(db, school_id=school_id)
    return page(request, "privacy/admin.html", classes=classes, chosen=chosen, rows=rows,
                counts=counts, years=years, due=due, scopes=SCOPES,
                scope_names=SCOPE_NAMES)  # fmt: skip


@post("/privacy/retention", opt=ADMIN, sync_to_thread=False)
def save_retention(request: Request[Any, Any, Any], data: Form) -> Redirect:
    """Sets the school's retention period (audited)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    try:
        years = int(data.get("years", "").strip())
        with session_scope() as db:
            set_retention_years(db, school_id=school_id, years=years, actor=viewer.login)
    except ValueError:
        flash(request, tr(request, "Enter the number of years."), "error")
    except StoreError as exc:
        for text in exc.messages:
            flash(request, tr(request, text), "error")
    else:
        flash(request, tr(request, "The retention period is saved."), "ok")
    return go("/privacy/admin")


@get("/privacy/export/account", opt=ADMIN, sync_to_thread=False)
def export_account_data(
    request: Request[Any, Any, Any], login: FromQuery[str] = ""
) -> Response[bytes]:
    """The zip of everything about the person behind one of the school's accounts, found by
    its login (a teacher, a parent, a specialist; a student's account gives the student's)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    requester = Requester(viewer.id, viewer.login, viewer.role, school_id)
    with session_scope() as db:  # the audit row of a refusal commits too
        account = db.exec(select(UserAccount).where(
            UserAccount.login == login.strip().lower(), UserAccount.school_id == school_id,
        )).first()  # fmt: skip
        data = None
        if account is not None and account.id is not None:
            try:
                data = export_account(db, requester, account_id=account.id)
            except ExportRefused:
                data = None
        name = account.name if account is not None else ""
        school = db.get(School, school_id)
        school_name = school.name if school else ""
    if data is None:
        raise NotFoundException()
    return zip_response(request, data, name, school_name)


ROUTES = [privacy_admin, save_retention, export_account_data]
