"""A school site's files and feeds: photos (consent checked on every request), documents, the
Atom and RSS feeds per language, the events' iCalendar, sitemap.xml and robots.txt."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import FromPath
from litestar.response import File
from sqlmodel import Session

from models.base import utcnow
from models.db import read_scope
from models.errors import NotFound
from models.settings import get_settings
from models.website import SiteDocument
from models.website_files import document_path, photo_path
from models.website_public import (
    public_photo,
    public_photos,
    school_by_code,
    visible_albums,
    visible_events,
    visible_one,
    visible_posts,
)
from web.controllers.site_common import PUBLIC, Visit, public_data
from web.pages import tr
from web.services.website_feeds import atom_feed, events_calendar, rss_feed, sitemap
from web.services.website_views import event_views, post_views, school_today
from web.services.website_views_more import past_and_coming

ROOT = "/s/{code:str}"
FEED_SIZE = 30
XML = "application/xml; charset=utf-8"


def _feed_posts(db: Session, visit: Visit) -> list[Any]:
    site = visit.site
    rows = visible_posts(
        db, school_id=site.school_id, now=visit.now, today=visit.today, limit=FEED_SIZE
    )
    photos = public_photos(db, school_id=site.school_id, post_ids=[r.id for r in rows if r.id])
    return post_views(site, rows, photos)


@get(ROOT + "/feed.atom", opt=PUBLIC, sync_to_thread=False)
def atom(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
    """The news and announcements as an Atom feed, in the `lang` of the link."""

    def build(db: Session, visit: Visit) -> bytes:
        request.state["locale"] = visit.site.lang
        title = f"{visit.site.name} · {tr(request, 'News')}"
        return atom_feed(visit.site, _feed_posts(db, visit), title)

    return public_data(request, code, "application/atom+xml; charset=utf-8", build)


@get(ROOT + "/feed.rss", opt=PUBLIC, sync_to_thread=False)
def rss(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
    """The same posts as RSS 2.0."""

    def build(db: Session, visit: Visit) -> bytes:
        request.state["locale"] = visit.site.lang
        title = f"{visit.site.name} · {tr(request, 'News')}"
        return rss_feed(visit.site, _feed_posts(db, visit), title, tr(request, "News"))

    return public_data(request, code, "application/rss+xml; charset=utf-8", build)


@get(ROOT + "/events.ics", opt=PUBLIC, sync_to_thread=False)
def events_ics(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
    """The published events of the past year and the coming ones, for calendar apps."""

    def build(db: Session, visit: Visit) -> bytes:
        start, end = past_and_coming(visit.today)
        rows = visible_events(db, school_id=visit.site.school_id, start=start, end=end)
        return events_calendar(visit.site, event_views(visit.site, rows), visit.now)

    return public_data(request, code, "text/calendar; charset=utf-8", build, max_age=900)


@get(ROOT + "/sitemap.xml", opt=PUBLIC, sync_to_thread=False)
def sitemap_xml(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
    """Every public page in each language, for search engines."""

    def build(db: Session, visit: Visit) -> bytes:
        site = visit.site
        posts = visible_posts(db, school_id=site.school_id, now=visit.now, today=visit.today)
        albums = visible_albums(db, school_id=site.school_id)
        start, end = past_and_coming(visit.today)
        events = visible_events(db, school_id=site.school_id, start=start, end=end)
        paths = [f"/news/{p.id}" for p in posts] + [f"/gallery/{a.id}" for a in albums]
        paths += [f"/events/{e.id}" for e in events]
        return sitemap(site, paths, site.revision)

    return public_data(request, code, XML, build, max_age=3600)


@get(ROOT + "/robots.txt", opt=PUBLIC, sync_to_thread=False, media_type="text/plain")
def robots(request: Request[Any, Any, Any], code: FromPath[str]) -> Response[Any]:
    """Lets robots in and points them at the sitemap (useful on the school's own host name)."""

    def build(db: Session, visit: Visit) -> bytes:
        link = visit.site.absolute(visit.site.plain("/sitemap.xml"))
        return f"User-agent: *\nAllow: /\nSitemap: {link}\n".encode()

    return public_data(request, code, "text/plain; charset=utf-8", build, max_age=3600)


def _file(path: Any, media_type: str, tag: str, name: str | None = None) -> File:
    if path is None or not path.is_file():
        raise NotFoundException()
    # Asked again each time: a revoked consent or an unpublished item must stop showing at once.
    headers = {"etag": tag, "cache-control": "public, no-cache"}
    if name is None:
        return File(path, media_type=media_type, content_disposition_type="inline", headers=headers)
    return File(path, filename=name, media_type=media_type, headers=headers)


@get(ROOT + "/photos/{name:str}", opt=PUBLIC, sync_to_thread=False)
def photo(request: Request[Any, Any, Any], code: FromPath[str], name: FromPath[str]) -> Any:
    """A photo (`<id>.jpg`) or its thumbnail (`<id>.t.jpg`) while it may be shown."""
    thumb = name.endswith(".t.jpg")
    file_id = name.removesuffix(".t.jpg") if thumb else name.removesuffix(".jpg")
    try:
        with read_scope() as db:
            school = school_by_code(db, code)
            assert school.id is not None
            now = utcnow()
            found = public_photo(
                db, school_id=school.id, file_id=file_id, now=now, today=school_today(now)
            )
    except NotFound as exc:
        raise NotFoundException() from exc
    tag = f'"{found.file_id}{".t" if thumb else ""}"'
    if request.headers.get("if-none-match") == tag:
        return Response(b"", status_code=304, headers={"etag": tag})
    path = photo_path(get_settings().data_dir, school.id, found.file_id, thumb=thumb)
    return _file(path, "image/jpeg", tag)


@get(ROOT + "/documents/{document_id:int}", opt=PUBLIC, sync_to_thread=False)
def document(
    request: Request[Any, Any, Any], code: FromPath[str], document_id: FromPath[int]
) -> Any:
    """A published document, under the name it was uploaded with."""
    try:
        with read_scope() as db:
            school = school_by_code(db, code)
            assert school.id is not None
            row = visible_one(db, school_id=school.id, table=SiteDocument, item_id=document_id)
    except NotFound as exc:
        raise NotFoundException() from exc
    tag = f'"{row.file_id}"'
    if request.headers.get("if-none-match") == tag:
        return Response(b"", status_code=304, headers={"etag": tag})
    path = document_path(get_settings().data_dir, school.id, row.file_id)
    return _file(path, row.media_type, tag, row.filename)


ROUTES = [atom, rss, events_ics, sitemap_xml, robots, photo, document]
