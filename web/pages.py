"""Rendering a page: the template with the viewer, the language and its translation callables."""

from __future__ import annotations

from typing import Any

from litestar import Request
from litestar.response import Redirect, Template

from models.i18n import Message
from solver.messages import Msg
from web.auth import Viewer, load_viewer
from web.i18n import LANGUAGES, negotiate, translator

LANGUAGE_COOKIE = "lang"


def request_locale(request: Request[Any, Any, Any]) -> str:
    """The language of this request: the viewer's choice, the cookie, then the browser's."""
    cached = request.state.get("locale")
    if cached:
        return str(cached)
    viewer = load_viewer(request)
    locale = negotiate(
        viewer.language if viewer else None,
        request.cookies.get(LANGUAGE_COOKIE),
        request.headers.get("accept-language"),
        None,
    )
    request.state["locale"] = locale
    return locale


def tr(request: Request[Any, Any, Any], text: str | Message | Msg) -> str:
    """One sentence in the request's language: a msgid, a store Message or a solver Msg."""
    translation = translator(request_locale(request))
    if isinstance(text, Message | Msg):
        return translation.render(text)
    return translation.gettext(text)


def page(request: Request[Any, Any, Any], template: str, **context: Any) -> Template:
    """A server-rendered page in the request's language, for the viewer of the request."""
    locale = request_locale(request)
    viewer: Viewer | None = load_viewer(request)
    context.update(
        lang=locale,
        languages=LANGUAGES,
        viewer=viewer,
        path=request.url.path,
        flashes=request.session.pop("flashes", [])
        if request.scope.get("session") is not None
        else [],
    )
    return Template(template_name=template, context=context)


def flash(request: Request[Any, Any, Any], text: str, kind: str = "info") -> None:
    """A one-time notice shown on the next page (already translated)."""
    flashes = list(request.session.get("flashes", []))
    flashes.append({"kind": kind, "text": text})
    request.session["flashes"] = flashes


def go(path: str) -> Redirect:
    """After a form: see-other to a page (so a reload does not post again)."""
    return Redirect(path=path, status_code=303)
