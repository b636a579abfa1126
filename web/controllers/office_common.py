"""What every timetable office handler shares: who may call it, the viewer's school, errors."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from litestar import Request
from litestar.exceptions import NotFoundException
from litestar.response import Template

from models.accounts import SCHOOL_ADMIN, TIMETABLER
from models.errors import NotFound, StoreError
from web.auth import Viewer, require_school, require_viewer
from web.i18n import Renderable, translator
from web.pages import page, request_locale, tr

OFFICE = {"roles": (SCHOOL_ADMIN, TIMETABLER)}


def office_viewer(request: Request[Any, Any, Any]) -> tuple[Viewer, int]:
    """The viewer and their school: the only school an office page ever touches."""
    viewer = require_viewer(request)
    return viewer, require_school(viewer)


def refused(
    request: Request[Any, Any, Any], template: str, exc: StoreError, **context: Any
) -> Template:
    """The page again with the domain error's sentences, answered 400 (404 for NotFound)."""
    if isinstance(exc, NotFound):
        raise NotFoundException() from exc
    response = page(request, template, errors=[tr(request, m) for m in exc.messages], **context)
    response.status_code = 400
    return response


def say(request: Request[Any, Any, Any], sentence: Renderable) -> str:
    """A domain sentence (the store's Message or the solver's Msg) in the request's language."""
    return translator(request_locale(request)).render(sentence)


@contextmanager
def or_404() -> Iterator[None]:
    """Answer 404 when the school has no such version, job, class or teacher."""
    try:
        yield
    except NotFound as exc:
        raise NotFoundException() from exc
