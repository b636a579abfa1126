"""The site's contacts and listed staff (site editors); photo consents and site editors (school
admin); and a parent's own page to give or withdraw consent for their children's photos."""

from __future__ import annotations

from litestar import get, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Template
from sqlmodel import col, select

from models.accounts import PARENT, SCHOOL_ADMIN, TEACHER, UserAccount
from models.base import utcnow
from models.classes import SchoolClass
from models.db import read_scope, session_scope
from models.i18n import N_
from models.people import Parent, Teacher
from models.website_consent import (
    children_of,
    class_consents,
    consent_in_force,
    record_consent,
    revoke_consent,
)
from models.website_settings import (
    CONTACT_FIELDS,
    ContactsForm,
    add_staff,
    remove_staff,
    save_contacts,
    set_site_editor,
    site_editors,
    site_settings,
    staff_list,
)
from models.website_texts import texts_from_form
from web.auth import require_school, require_viewer
from web.controllers.auth import Form
from web.controllers.site_admin import (
    EDIT,
    Req,
    editing,
    editor_page,
    flash_outcome,
    refusals,
    school_row,
)
from web.pages import go, page
from web.services.website_admin import parse_day
from web.services.website_views import school_today

ADMIN = {"roles": (SCHOOL_ADMIN,)}
PARENTS = {"roles": (PARENT,)}


@get("/site-admin/contacts", opt=EDIT, sync_to_thread=False)
def contacts(request: Req) -> Template:
    """Address, phones, e-mail, map link, opening hours and the staff listed on the site."""
    _, school_id = editing(request)
    with read_scope() as db:
        school = school_row(db, school_id)
        settings = site_settings(db, school_id=school_id)
        staff = staff_list(db, school_id=school_id)
        teachers = db.exec(
            select(Teacher)
            .where(Teacher.school_id == school_id, col(Teacher.deleted_at).is_(None))
            .order_by(col(Teacher.name))
        ).all()
    return editor_page(request, "site/admin/contacts.html", school, settings=settings,
                       staff=staff, teachers=teachers)  # fmt: skip


@post("/site-admin/contacts", opt=EDIT, sync_to_thread=False)
def save(request: Req, data: Form) -> Redirect:
    viewer, school_id = editing(request)
    form = ContactsForm(
        texts=texts_from_form(data, CONTACT_FIELDS), phones=data.get("phones", ""),
        email=data.get("email", ""), map_url=data.get("map_url", ""),
        show_timetable=data.get("show_timetable") == "on",
    )  # fmt: skip
    with refusals(request) as errors, session_scope() as db:
        save_contacts(db, school_id=school_id, actor=viewer.login, form=form)
    flash_outcome(request, errors, N_("Saved."))
    return go("/site-admin/contacts")


@post("/site-admin/staff", opt=EDIT, sync_to_thread=False)
def add_person(request: Req, data: Form) -> Redirect:
    """Lists a teacher of the school, or anyone by name, with their role in each language."""
    viewer, school_id = editing(request)
    teacher = data.get("teacher_id", "")
    roles = texts_from_form(data, ("role",))
    with refusals(request) as errors, session_scope() as db:
        add_staff(db, school_id=school_id, actor=viewer.login, name=data.get("name", ""),
                  roles=roles, email=data.get("email", ""), phone=data.get("phone", ""),
                  teacher_id=int(teacher) if teacher.isdigit() else None)  # fmt: skip
    flash_outcome(request, errors, N_("Added to the contacts page."))
    return go("/site-admin/contacts")


@post("/site-admin/staff/{staff_id:int}/remove", opt=EDIT, sync_to_thread=False)
def remove_person(request: Req, staff_id: FromPath[int]) -> Redirect:
    viewer, school_id = editing(request)
    with refusals(request) as errors, session_scope() as db:
        remove_staff(db, school_id=school_id, actor=viewer.login, staff_id=staff_id)
    flash_outcome(request, errors, N_("Taken off the contacts page."))
    return go("/site-admin/contacts")


@get("/site-admin/consent", opt=ADMIN, sync_to_thread=False)
def consents(request: Req, klass: FromQuery[int | None] = None) -> Template:
    """Pupils' photo consents, one class at a time: who gave it and when, or that none is."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        school = school_row(db, school_id)
        classes = db.exec(
            select(SchoolClass)
            .where(SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None))
            .order_by(col(SchoolClass.grade), col(SchoolClass.code))
        ).all()
        chosen = next((c for c in classes if c.id == klass), classes[0] if classes else None)
        rows = class_consents(db, school_id=school_id, class_id=chosen.id or 0) if chosen else []
    return editor_page(request, "site/admin/consent.html", school, classes=classes,
                       chosen=chosen, rows=rows, today=school_today(utcnow()))  # fmt: skip


@post("/site-admin/consent/{student_id:int}", opt=ADMIN, sync_to_thread=False)
def consent(request: Req, student_id: FromPath[int], data: Form) -> Redirect:
    """Records a consent from a signed form, or revokes the one in force."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    back = f"/site-admin/consent?klass={data.get('klass', '')}"
    with refusals(request) as errors, session_scope() as db:
        if data.get("action") == "revoke":
            revoke_consent(db, school_id=school_id, actor=viewer.login, student_id=student_id)
        else:
            given_on = parse_day(data.get("given_on", "")) or school_today(utcnow())
            record_consent(db, school_id=school_id, actor=viewer.login, student_id=student_id,
                           given_by=data.get("given_by", ""), given_on=given_on,
                           note=data.get("note", ""))  # fmt: skip
    revoked = data.get("action") == "revoke"
    flash_outcome(request, errors, N_("Consent revoked.") if revoked else N_("Consent recorded."))
    return go(back)


@get("/site-admin/editors", opt=ADMIN, sync_to_thread=False)
def editors(request: Req) -> Template:
    """Which teachers may edit the site besides the school admin."""
    school_id = require_school(require_viewer(request))
    with read_scope() as db:
        school = school_row(db, school_id)
        allowed = {a.id for a in site_editors(db, school_id=school_id)}
        teachers = db.exec(
            select(UserAccount)
            .where(UserAccount.school_id == school_id, UserAccount.role == TEACHER,
                   col(UserAccount.deleted_at).is_(None))
            .order_by(col(UserAccount.name))
        ).all()  # fmt: skip
    return editor_page(request, "site/admin/editors.html", school, teachers=teachers,
                       allowed=allowed)  # fmt: skip


@post("/site-admin/editors/{account_id:int}", opt=ADMIN, sync_to_thread=False)
def set_editor(request: Req, account_id: FromPath[int], data: Form) -> Redirect:
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    allowed = data.get("allowed") == "1"
    with refusals(request) as errors, session_scope() as db:
        set_site_editor(db, school_id=school_id, actor=viewer.login, account_id=account_id,
                        allowed=allowed)  # fmt: skip
    flash_outcome(request, errors, N_("Site editors saved."))
    return go("/site-admin/editors")


@get("/my/photo-consent", opt=PARENTS, sync_to_thread=False)
def my_consent(request: Req) -> Template:
    """A parent's children and whether each may appear in photos on the school's website."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with read_scope() as db:
        children = children_of(db, school_id=school_id, parent_id=viewer.parent_id or 0)
        rows = [(c, consent_in_force(db, school_id=school_id, student_id=c.id or 0))
                for c in children]  # fmt: skip
    return page(request, "site/my_consent.html", rows=rows)


@post("/my/photo-consent/{student_id:int}", opt=PARENTS, sync_to_thread=False)
def my_consent_save(request: Req, student_id: FromPath[int], data: Form) -> Redirect:
    """Gives or withdraws the parent's consent for one of their children (audited)."""
    viewer = require_viewer(request)
    school_id = require_school(viewer)
    with refusals(request) as errors, session_scope() as db:
        mine = children_of(db, school_id=school_id, parent_id=viewer.parent_id or 0)
        if student_id not in {c.id for c in mine}:
            raise NotFoundException()
        if data.get("action") == "revoke":
            revoke_consent(db, school_id=school_id, actor=viewer.login, student_id=student_id)
        else:
            parent = db.get(Parent, viewer.parent_id or 0)
            record_consent(db, school_id=school_id, actor=viewer.login, student_id=student_id,
                           given_by=parent.name if parent else viewer.name,
                           parent_id=viewer.parent_id, given_on=school_today(utcnow()))  # fmt: skip
    revoked = data.get("action") == "revoke"
    flash_outcome(request, errors, N_("Consent revoked.") if revoked else N_("Consent recorded."))
    return go("/my/photo-consent")


ROUTES = [
    contacts, save, add_person, remove_person, consents, consent, editors, set_editor, my_consent,
    my_consent_save,
]  # fmt: skip
