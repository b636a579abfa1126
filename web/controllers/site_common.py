"""What every public page of a school's site does: find the school, choose the language, answer
"not modified" from the site's revision, and render with the site's header and footer."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from litestar import Request, Response
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlmodel import Session

from models.base import utcnow
from models.db import read_scope
from models.errors import NotFound
from models.website_public import school_by_code, site_revision
from models.website_settings import site_settings
from web.pages import page
from web.services.website import (
    OG_LOCALES,
    Site,
    cache_headers,
    choose_language,
    etag,
    languages_menu,
    last_modified,
    make_site,
    not_modified,
)
from web.services.website_views import school_today
from web.services.website_views_more import contact_texts

# Public pages set no cookie (not even the CSRF one: they have no forms), so shared caches may
# keep them; the role guard lets everyone in.
PUBLIC = {"roles": "public", "exclude_from_csrf": True}


@dataclass(frozen=True)
class Visit:
    """One public request: the site, the moment, the school's date and the cache headers."""

    site: Site
    now: datetime
    today: date
    headers: dict[str, str]
    current: bool  # the visitor's copy is current: answer 304


Build = Callable[[Session, Visit], dict[str, Any]]


@contextmanager
def visit(request: Request[Any, Any, Any], code: str) -> Iterator[tuple[Session, Visit]]:
    """A read-only transaction on school `code`'s site for this request; 404 for a school that
    is not there or a `NotFound` raised inside."""
    now = utcnow()
    try:
        with read_scope() as db:
            school = school_by_code(db, code)
            assert school.id is not None
            site = make_site(request, school, site_revision(db, school_id=school.id, now=now))
            today = school_today(now)
            tag, modified = etag(site, request, today), last_modified(site.revision, today)
            chosen = choose_language(request, school.language)[1]  # else it varies by visitor
            headers = cache_headers(tag, modified, chose_language=chosen)
            yield db, Visit(site, now, today, headers, not_modified(request, tag, modified))
    except NotFound as exc:
        raise NotFoundException() from exc


def public_page(
    request: Request[Any, Any, Any], code: str, template: str, build: Build
) -> Template | Response[Any]:
    """A public page of school `code`: 304 when the visitor's copy is current, else rendered.

    `build` reads what the page shows (in the same read-only transaction) and returns the
    template's context; a `NotFound` it raises answers 404.
    """
    with visit(request, code) as (db, seen):
        if seen.current:
            return Response(b"", status_code=304, headers=seen.headers)
        context = build(db, seen)
        settings = site_settings(db, school_id=seen.site.school_id)
    site = seen.site
    request.state["locale"] = site.lang  # the page's own texts follow the site's language
    params = context.pop("link_params", {})
    here = _site_path(request, site)
    response = page(
        request,
        template,
        site=site,
        settings=settings,
        site_path=here,
        languages_menu=languages_menu(site, here, **params),
        og_locale=OG_LOCALES.get,
        contact_of=contact_texts,
        **context,
    )
    response.headers.update(seen.headers)
    return response


def public_data(
    request: Request[Any, Any, Any],
    code: str,
    media_type: str,
    build: Callable[[Session, Visit], bytes],
    max_age: int = 300,
) -> Response[Any]:
    """A feed, calendar or sitemap of school `code`, with the same validators as the pages; kept
    by caches for `max_age` seconds (feed readers poll)."""
    with visit(request, code) as (db, seen):
        headers = {**seen.headers, "cache-control": f"public, max-age={max_age}"}
        if seen.current:
            return Response(b"", status_code=304, headers=headers)
        body = build(db, seen)
    return Response(body, media_type=media_type, headers=headers)


def _site_path(request: Request[Any, Any, Any], site: Site) -> str:
    """The page's path within the site ("/news/3"), for the language switch."""
    path = request.url.path
    prefix = f"/s/{site.code}"
    return (path[len(prefix) :] if path.startswith(prefix) else path) or "/"
