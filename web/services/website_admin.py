"""Glue for the site editor's pages: who may edit, reading the forms, and how items are listed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from litestar.datastructures import UploadFile
from litestar.exceptions import PermissionDeniedException
from sqlmodel import Session, col, select

from models.accounts import SCHOOL_ADMIN, TEACHER
from models.base import utcnow
from models.classes import SchoolClass
from models.people import Student
from models.website import SitePhoto
from models.website_consent import PhotoConsent, photo_consent, photo_tags
from models.website_media import Upload
from models.website_settings import is_site_editor
from models.website_texts import LANGS, pick
from web.auth import Viewer, require_school
from web.services.website_views import school_zone

DRAFT, SCHEDULED, LIVE = "draft", "scheduled", "published"


def may_edit_site(session: Session, viewer: Viewer) -> bool:
    """The school admin, and teachers the admin gave the site editor permission."""
    if viewer.school_id is None:
        return False
    if viewer.role == SCHOOL_ADMIN:
        return True
    return viewer.role == TEACHER and is_site_editor(
        session, school_id=viewer.school_id, account_id=viewer.id
    )


def require_editor(session: Session, viewer: Viewer) -> int:
    """The editor's school id.

    Raises:
        PermissionDeniedException: a teacher without the site editor permission.
    """
    school_id = require_school(viewer)
    if not may_edit_site(session, viewer):
        raise PermissionDeniedException()
    return school_id


def uploads(form: Mapping[str, Any], name: str, limit: int) -> list[Upload]:
    """The files a multipart form sent under `name` (one or several), read up to `limit` bytes
    each (a bigger one arrives cut, and the store refuses it by its size)."""
    value = form.get(name)
    files = value if isinstance(value, list) else [value]
    out = []
    for item in files:
        if isinstance(item, UploadFile) and item.filename:
            data = item.file.read(limit + 1)
            if data:
                out.append(Upload(item.filename, data))
    return out


def text(form: Mapping[str, Any], name: str) -> str:
    """A text field of a form ("" when absent or a file)."""
    value = form.get(name, "")
    return value if isinstance(value, str) else ""


def parse_day(value: str) -> date | None:
    """A date from a date input, None when empty or not a date."""
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None


def parse_local_moment(value: str) -> datetime | None:
    """A datetime-local input ("2026-11-28T09:00", the school's clock) as a UTC moment."""
    try:
        local = datetime.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        return None
    if local is None:
        return None
    return local.replace(tzinfo=school_zone()).astimezone(UTC)


def local_input(moment: datetime | None) -> str:
    """A moment as a datetime-local input value on the school's clock."""
    if moment is None:
        return ""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(school_zone()).strftime("%Y-%m-%dT%H:%M")


def post_state(published: bool, publish_at: datetime | None) -> str:
    """draft, scheduled (published for a later moment) or published."""
    if not published or publish_at is None:
        return DRAFT
    aware = publish_at if publish_at.tzinfo else publish_at.replace(tzinfo=UTC)
    return SCHEDULED if aware > utcnow() else LIVE


def title_of(texts: Mapping[str, Any], lang: str, school_language: str) -> str:
    """An item's title for the editor's lists (their language, else any)."""
    return pick(texts, lang, school_language).get("title") or "—"


@dataclass(frozen=True, slots=True)
class Pupil:
    id: int
    name: str
    class_code: str


def school_pupils(session: Session, school_id: int) -> list[Pupil]:
    """The school's pupils by class and name (for tagging photos and recording consents)."""
    query = (
        select(Student.id, Student.name, SchoolClass.code)
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .where(Student.school_id == school_id, col(Student.deleted_at).is_(None))
        .order_by(col(SchoolClass.grade), col(SchoolClass.code), col(Student.name))
    )
    return [Pupil(i or 0, name, code) for i, name, code in session.exec(query).all()]


def languages_first(school_language: str) -> list[str]:
    """Our languages with the school's own first (the editor fills it first)."""
    return sorted(LANGS, key=lambda lang: lang != school_language)


@dataclass(frozen=True)
class PhotoPanel:
    """The photos of an album or post as the editor sees them: each one's consent verdict and
    the names of the pupils tagged in it."""

    photos: list[SitePhoto]
    verdicts: dict[int, PhotoConsent]
    names: dict[int, list[str]]  # photo id -> tagged pupils' names


def photo_panel(session: Session, school_id: int, photos: list[SitePhoto]) -> PhotoPanel:
    """The verdicts and tagged names of `photos` (two queries, whatever their number)."""
    verdicts = photo_consent(session, school_id=school_id, photos=photos)
    tags = photo_tags(session, school_id=school_id, photo_ids=[p.id for p in photos if p.id])
    everyone = set().union(*tags.values()) if tags else set()
    named = {}
    if everyone:
        query = select(Student.id, Student.name).where(
            Student.school_id == school_id, col(Student.id).in_(everyone)
        )
        named = {i: name for i, name in session.exec(query).all()}
    names = {p: sorted(named.get(s, "?") for s in ids) for p, ids in tags.items()}
    return PhotoPanel(photos, verdicts, names)
