"""What the guidance pages share: who may call them, the acting specialist or student, texts."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException

from guidance.instruments.schema import Texts, pick
from guidance.surveys.types import Sender
from models.accounts import COUNSELLOR, PSYCHOLOGIST, STUDENT
from web.auth import Viewer, require_school, require_viewer
from web.i18n import translator
from web.pages import request_locale
from web.settings import get_web_settings

SPECIALISTS = {"roles": (PSYCHOLOGIST, COUNSELLOR)}
PSYCHOLOGISTS = {"roles": (PSYCHOLOGIST,)}
STUDENTS = {"roles": (STUDENT,)}


def gettexts(language: str) -> Callable[[str], str]:
    """A reader's language -> its gettext, for notices written by the guidance services."""
    return translator(language).gettext


def base_url() -> str:
    """How people reach the app (links in e-mails)."""
    return get_web_settings().base_url


def acting(request: Request[Any, Any, Any]) -> tuple[Viewer, int, Sender]:
    """The viewer, their school, and the same as the services' Sender."""
    viewer = require_viewer(request)
    return viewer, require_school(viewer), Sender(viewer.id, viewer.login, viewer.role)


def student_of(request: Request[Any, Any, Any]) -> tuple[Viewer, int, int]:
    """The student viewer, their school and the student they are (404 for an unlinked account)."""
    viewer = require_viewer(request)
    if viewer.student_id is None:
        raise NotFoundException()
    return viewer, require_school(viewer), viewer.student_id


def picker(request: Request[Any, Any, Any]) -> Callable[[Texts], str]:
    """`t(texts)` in templates: an instrument's text in the reader's language (or the closest)."""
    language = request_locale(request)
    return lambda texts: pick(texts, language)


def wants_json(request: Request[Any, Any, Any]) -> bool:
    return "application/json" in request.headers.get("accept", "")
