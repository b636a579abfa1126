"""The user guide pages: the viewer's role guide, one section, search, and the "?" of every page."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import quote

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect, Template

from web.auth import ANY_ROLE, require_viewer
from web.help import guide, search_guide, section_for
from web.pages import go, page, request_locale

ANY = {"roles": ANY_ROLE}
PagePath = Annotated[str, QueryParameter(name="page", max_length=300)]


def safe_page(value: str | None) -> str:
    """A page path of this site to come back to or to report (never another site's address)."""
    value = (value or "").strip()
    if not value.startswith("/") or value.startswith("//") or "\\" in value or len(value) > 300:
        return ""
    return value


@get("/help", opt=ANY, sync_to_thread=False)
def help_index(
    request: Request[Any, Any, Any], q: Annotated[str, QueryParameter(max_length=200)] = ""
) -> Template:
    """The viewer's whole guide (printable), or the sections matching a search."""
    viewer = require_viewer(request)
    lang = request_locale(request)
    found = search_guide(viewer.role, lang, q) if q.strip() else None
    return page(request, "help/guide.html", guide=guide(viewer.role, lang), q=q, found=found)


@get("/help/for", opt=ANY, sync_to_thread=False)
def help_for(request: Request[Any, Any, Any], page_path: PagePath = "") -> Redirect:
    """The "?" link: the section of the viewer's guide about the page they were on."""
    viewer = require_viewer(request)
    target = safe_page(page_path)
    section = section_for(viewer.role, target or "/", request_locale(request))
    return go(f"/help/{section}?page={quote(target)}" if target else f"/help/{section}")


@get("/help/{section_id:str}", opt=ANY, sync_to_thread=False)
def help_section(
    request: Request[Any, Any, Any],
    section_id: FromPath[str],
    page_path: PagePath = "",
) -> Template:
    """One section of the viewer's guide, with the guide's contents and a way to ask for help."""
    viewer = require_viewer(request)
    book = guide(viewer.role, request_locale(request))
    section = book.get(section_id)
    if section is None:
        raise NotFoundException()
    return page(
        request, "help/section.html", guide=book, section=section, page_path=safe_page(page_path)
    )


ROUTES = [help_index, help_for, help_section]
