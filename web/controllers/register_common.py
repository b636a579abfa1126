"""Shared glue of the register pages: who keeps registers, the school's date, refusals, texts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException, PermissionDeniedException

from journal.errors import JournalNotFound
from journal.register_access import Actor, NotYourLesson
from models.accounts import SCHOOL_ADMIN, TEACHER
from models.i18n import N_
from web.auth import Viewer, require_school, require_viewer
from web.pages import tr
from web.scheduler import schedule_settings

KEEPERS = {"roles": (SCHOOL_ADMIN, TEACHER)}


def actor_of(viewer: Viewer) -> Actor:
    """The viewer as the journal's services take them."""
    return Actor(viewer.id, viewer.login, viewer.role, viewer.teacher_id, viewer.student_id,
                 viewer.parent_id)  # fmt: skip


def who(request: Request[Any, Any, Any]) -> tuple[Viewer, int, Actor]:
    """The viewer, their school and them as an actor."""
    viewer = require_viewer(request)
    return viewer, require_school(viewer), actor_of(viewer)


def school_today() -> date:
    """Today on the school's clock (SABAQ_TIMEZONE, Almaty by default), not the server's."""
    return datetime.now(schedule_settings().timezone).date()


def register_url(day: date, lesson_id: int, unit: int) -> str:
    """The page of one lesson's register."""
    return f"/registers/{day.isoformat()}/{lesson_id}/{unit}"


@contextmanager
def http_errors() -> Iterator[None]:
    """A lesson that is not there answers 404; someone else's lesson 403."""
    try:
        yield
    except JournalNotFound as exc:
        raise NotFoundException(str(exc)) from exc
    except NotYourLesson as exc:
        raise PermissionDeniedException(str(exc)) from exc


STATUS_LABELS = {
    "present": N_("Present"), "absent": N_("Absent"), "late": N_("Late"),
    "excused": N_("Excused"),
}  # fmt: skip
REMARK_LABELS = {
    "remark": N_("Remark"), "discipline": N_("Discipline note"), "praise": N_("Praise"),
}  # fmt: skip
ACTION_LABELS = {
    "cover": N_("Covered lesson"), "study": N_("Supervised study"),
    "merge": N_("Joined with another group"), "move": N_("Moved to this period"),
    "room": N_("In another room"),
}  # fmt: skip


def labels(request: Request[Any, Any, Any], table: dict[str, str]) -> dict[str, str]:
    """A table of msgids in the request's language."""
    return {key: tr(request, text) for key, text in table.items()}


def translated(request: Request[Any, Any, Any]) -> Callable[[Any], str]:
    """A function rendering a domain message (or a msgid) in the request's language."""
    return lambda text: tr(request, text)
