"""Shared glue of the guidance work pages (profiles, consultations, mock tests, programme,
materials, news, reports): who is who, the school clock, notices' language, refusals."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, time, tzinfo
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Redirect
from sqlmodel import Session

from guidance.profile.access import Viewer as ProfileViewer
from guidance.work.consult_slots import aware
from guidance.work.consultations import Tell
from guidance.work.errors import WorkNotFound
from models.accounts import COUNSELLOR, PSYCHOLOGIST, SCHOOL_ADMIN
from models.db import read_scope, session_scope
from models.errors import StoreError
from web.auth import Viewer, require_school, require_viewer
from web.controllers.register_common import school_today
from web.i18n import translator
from web.pages import flash, go, tr
from web.scheduler import schedule_settings

SPECIALISTS = {"roles": (COUNSELLOR, PSYCHOLOGIST)}
COUNSELLOR_ONLY = {"roles": (COUNSELLOR,)}
STAFF = {"roles": (COUNSELLOR, PSYCHOLOGIST, SCHOOL_ADMIN)}

__all__ = [
    "COUNSELLOR_ONLY", "SPECIALISTS", "STAFF", "as_profile_viewer", "checked", "local_time",
    "not_found", "refused", "school_clock", "school_moment", "school_today", "scope_for",
    "tell", "who",
]  # fmt: skip


def who(request: Request[Any, Any, Any]) -> tuple[Viewer, int]:
    """The viewer and their school."""
    viewer = require_viewer(request)
    return viewer, require_school(viewer)


def as_profile_viewer(viewer: Viewer) -> ProfileViewer:
    """The web's viewer as guidance.profile takes it."""
    return ProfileViewer(viewer.id, viewer.login, viewer.role, viewer.teacher_id,
                         viewer.student_id, viewer.parent_id)  # fmt: skip


def tell() -> Tell:
    """Notices in each reader's language, times on the school clock."""
    return Tell(lambda lang: translator(lang).gettext, schedule_settings().timezone)


def school_clock() -> tzinfo:
    """The school clock (SABAQ_TIMEZONE)."""
    return schedule_settings().timezone


def local_time(moment: datetime) -> datetime:
    """A stored time on the school clock."""
    return aware(moment).astimezone(schedule_settings().timezone)


def school_moment(day: Any, at: time) -> datetime:
    """A day and a clock time on the school clock, as an aware time."""
    return datetime.combine(day, at, tzinfo=schedule_settings().timezone)


@contextmanager
def scope_for(viewer: Viewer) -> Iterator[Session]:
    """A writing session for psychologists (their reads of screenings are audited), a reading
    one for everyone else."""
    opener = session_scope if viewer.role == PSYCHOLOGIST else read_scope
    with opener() as db:
        yield db


def not_found(exc: WorkNotFound) -> NotFoundException:
    """A row that is not the reader's answers 404, whatever the reason."""
    return NotFoundException(str(exc))


def refused(request: Request[Any, Any, Any], exc: StoreError, back: str) -> Redirect:
    """Every sentence of a refusal flashed, back to the page."""
    for m in exc.messages:
        flash(request, tr(request, m), "error")
    return go(back)


def checked(data: dict[str, str], key: str) -> bool:
    """A checkbox of a form."""
    return data.get(key, "") in ("on", "1", "true", "yes")
