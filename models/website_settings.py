"""A school's site settings: contacts, listed staff, who may edit, and the site's change time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from sqlmodel import Session, col, select

from models.accounts import TEACHER, UserAccount
from models.audit import record_audit
from models.base import utcnow
from models.i18n import N_
from models.people import Teacher
from models.website import SiteEditor, SiteSettings, SiteStaff
from models.website_texts import clean_texts, not_found, refuse

CONTACT_FIELDS = ("about", "address", "hours")


def site_settings(session: Session, *, school_id: int) -> SiteSettings:
    """The school's site settings; a fresh unsaved row when it has none yet (reading only).

    Args:
        session: an open session.
        school_id: the school.

    Returns:
        The row (not added to the session when new).
    """
    row = session.exec(select(SiteSettings).where(SiteSettings.school_id == school_id)).first()
    return row or SiteSettings(school_id=school_id)


def touch(session: Session, *, school_id: int, when: datetime | None = None) -> SiteSettings:
    """Marks the school's site as changed now, so caches of its public pages are stale.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        when: the moment (default: now).

    Returns:
        The settings row (created when missing).
    """
    row = site_settings(session, school_id=school_id)
    row.changed_at = when or utcnow()
    session.add(row)
    session.flush()
    return row


def changed(
    session: Session,
    *,
    school_id: int,
    actor: str,
    action: str,
    entity: str,
    details: dict[str, Any],
) -> None:
    """Marks the site changed (see `touch`) and writes the audit row of an edit.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who acted (their login).
        action: the audit action, e.g. "site_post_save".
        entity: what was acted on, e.g. "site_post:3".
        details: JSON values that explain it (the texts before an edit).
    """
    touch(session, school_id=school_id)
    record_audit(
        session, school_id=school_id, actor=actor, action=action, entity=entity, details=details
    )


@dataclass(frozen=True, slots=True)
class ContactsForm:
    """What the contacts form sends."""

    texts: dict[str, dict[str, str]]  # lang -> about, address, hours
    phones: str
    email: str
    map_url: str
    show_timetable: bool


def save_contacts(
    session: Session, *, school_id: int, actor: str, form: ContactsForm
) -> SiteSettings:
    """Saves the contacts page and the site's choices, with the previous values in the audit.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who saves (their login).
        form: the new values.

    Returns:
        The settings row.

    Raises:
        SiteError: a text too long, a map link that is not an http(s) address, an odd e-mail.
    """
    texts = clean_texts(form.texts, CONTACT_FIELDS, required=None)
    map_url = form.map_url.strip()
    if map_url and (urlsplit(map_url).scheme not in ("http", "https") or len(map_url) > 500):
        raise refuse("site_map_url", N_("The map link must be a web address (https://...)."))
    email = form.email.strip()
    if email and ("@" not in email or len(email) > 200 or " " in email):
        raise refuse("site_email", N_("{email} is not an e-mail address."), email=email)
    row = site_settings(session, school_id=school_id)
    before: dict[str, Any] = {
        "texts": row.texts,
        "phones": row.phones,
        "email": row.email,
        "map_url": row.map_url,
        "show_timetable": row.show_timetable,
    }
    row.texts, row.phones, row.email = texts, form.phones.strip()[:300], email
    row.map_url, row.show_timetable = map_url, form.show_timetable
    session.add(row)
    session.flush()
    changed(
        session,
        school_id=school_id,
        actor=actor,
        action="site_contacts_save",
        entity=f"site_settings:{row.id}",
        details={"before": before},
    )
    return row


def staff_list(session: Session, *, school_id: int) -> list[SiteStaff]:
    """The people listed on the contacts page, in their order."""
    query = select(SiteStaff).where(
        SiteStaff.school_id == school_id, col(SiteStaff.deleted_at).is_(None)
    )
    return list(session.exec(query.order_by(col(SiteStaff.position), col(SiteStaff.id))).all())


def add_staff(
    session: Session,
    *,
    school_id: int,
    actor: str,
    name: str,
    roles: dict[str, dict[str, str]],
    email: str = "",
    phone: str = "",
    teacher_id: int | None = None,
) -> SiteStaff:
    """Lists a person on the contacts page (a teacher of the school, or anyone by name).

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who adds (their login).
        name: the name shown; empty takes the teacher's name.
        roles: lang -> {"role": "Director"}.
        email: an address to show, or "".
        phone: a number to show, or "".
        teacher_id: the teacher it is, if one of the school's.

    Returns:
        The new row.

    Raises:
        SiteError: no name, or a teacher of another school.
    """
    if teacher_id is not None:
        teacher = session.get(Teacher, teacher_id)
        if teacher is None or teacher.school_id != school_id:
            raise not_found()
        name = name.strip() or teacher.name
    if not name.strip():
        raise refuse("site_staff_name", N_("Write the person's name."))
    texts = clean_texts(roles, ("role",), required=None)
    position = len(staff_list(session, school_id=school_id))
    row = SiteStaff(
        school_id=school_id,
        name=name.strip()[:200],
        texts=texts,
        email=email.strip()[:200],
        phone=phone.strip()[:100],
        position=position,
        teacher_id=teacher_id,
    )
    session.add(row)
    session.flush()
    changed(
        session,
        school_id=school_id,
        actor=actor,
        action="site_staff_add",
        entity=f"site_staff:{row.id}",
        details={"name": row.name},
    )
    return row


def remove_staff(session: Session, *, school_id: int, actor: str, staff_id: int) -> None:
    """Takes a person off the contacts page (the row is kept, marked deleted).

    Raises:
        SiteNotFound: no such listed person in this school.
    """
    row = session.get(SiteStaff, staff_id)
    if row is None or row.school_id != school_id or row.deleted_at is not None:
        raise not_found()
    row.deleted_at = utcnow()
    session.add(row)
    changed(
        session,
        school_id=school_id,
        actor=actor,
        action="site_staff_remove",
        entity=f"site_staff:{row.id}",
        details={"name": row.name},
    )


def is_site_editor(session: Session, *, school_id: int, account_id: int) -> bool:
    """Whether a (teacher's) account was given the site editor permission in this school."""
    row = session.exec(
        select(SiteEditor.id).where(
            SiteEditor.school_id == school_id, SiteEditor.account_id == account_id
        )
    ).first()
    return row is not None


def site_editors(session: Session, *, school_id: int) -> list[UserAccount]:
    """The teachers' accounts that may edit the site, by name."""
    query = (
        select(UserAccount)
        .join(SiteEditor, col(SiteEditor.account_id) == col(UserAccount.id))
        .where(SiteEditor.school_id == school_id, col(UserAccount.deleted_at).is_(None))
        .order_by(col(UserAccount.name))
    )
    return list(session.exec(query).all())


def set_site_editor(
    session: Session, *, school_id: int, actor: str, account_id: int, allowed: bool
) -> None:
    """Gives a teacher's account the site editor permission, or takes it away.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: the school admin (their login).
        account_id: the teacher's account.
        allowed: give (True) or take away (False).

    Raises:
        SiteNotFound: no such teacher account in this school.
    """
    account = session.get(UserAccount, account_id)
    if account is None or account.school_id != school_id or account.role != TEACHER:
        raise not_found()
    row = session.exec(
        select(SiteEditor).where(
            SiteEditor.school_id == school_id, SiteEditor.account_id == account_id
        )
    ).first()
    if allowed and row is None:
        session.add(SiteEditor(school_id=school_id, account_id=account_id, granted_by=actor))
    elif not allowed and row is not None:
        session.delete(row)
    else:
        return
    record_audit(
        session,
        school_id=school_id,
        actor=actor,
        action="site_editor_grant" if allowed else "site_editor_revoke",
        entity=f"user_account:{account_id}",
        details={"login": account.login},
    )
