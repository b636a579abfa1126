"""A school's public website at /s/<code>/: home, news, notice board, events, gallery, documents,
contacts. No login; only published items of that school are shown (models.website_public).

On the school's own host name the same pages answer at `/` (SABAQ_SITE_HOSTS and the web server's
prefix; see docs/website.md and web.services.website).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath, FromQuery
from litestar.response import Template
from sqlmodel import Session

from models.website import ANNOUNCEMENT, NEWS, SiteAlbum, SiteEvent
from models.website_public import (
    count_posts,
    public_photos,
    visible_albums,
    visible_documents,
    visible_events,
    visible_one,
    visible_post,
    visible_posts,
)
from models.website_settings import staff_list
from web.controllers.site_common import PUBLIC, Visit, public_page
from web.services.website_views import (
    album_views,
    document_views,
    event_views,
    post_views,
    staff_views,
)
from web.services.website_views_more import grid_span, month_grid, parse_month, share_links

ROOT = "/s/{code:str}"
NEWS_PAGE = 10
Page = Template | Response[Any]


def _posts(db: Session, visit: Visit, kind: str, limit: int | None, offset: int = 0) -> list[Any]:
    site = visit.site
    rows = visible_posts(
        db,
        school_id=site.school_id,
        now=visit.now,
        today=visit.today,
        kind=kind,
        limit=limit,
        offset=offset,
    )
    photos = public_photos(db, school_id=site.school_id, post_ids=[r.id for r in rows if r.id])
    return post_views(site, rows, photos)


@get(ROOT, opt=PUBLIC, sync_to_thread=False)
def home(request: Request[Any, Any, Any], code: FromPath[str]) -> Page:
    """The start page: latest news, the notice board and what is coming up."""

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        site, today = visit.site, visit.today
        events = visible_events(
            db, school_id=site.school_id, start=today, end=today + timedelta(days=60)
        )
        return {
            "news": _posts(db, visit, NEWS, 4),
            "notices": _posts(db, visit, ANNOUNCEMENT, 5),
            "events": event_views(site, events[:5]),
        }

    return public_page(request, code, "site/home.html", build)


@get(ROOT + "/news", opt=PUBLIC, sync_to_thread=False)
def news(request: Request[Any, Any, Any], code: FromPath[str], page: FromQuery[int] = 1) -> Page:
    """Every published news article, newest first, ten a page."""
    number = max(1, page)

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        total = count_posts(
            db, school_id=visit.site.school_id, now=visit.now, today=visit.today, kind=NEWS
        )
        posts = _posts(db, visit, NEWS, NEWS_PAGE, (number - 1) * NEWS_PAGE)
        pages = max(1, -(-total // NEWS_PAGE))
        return {"posts": posts, "page": number, "pages": pages, "link_params": {"page": number}}

    return public_page(request, code, "site/news.html", build)


@get(ROOT + "/news/{post_id:int}", opt=PUBLIC, sync_to_thread=False)
def article(request: Request[Any, Any, Any], code: FromPath[str], post_id: FromPath[int]) -> Page:
    """One article or announcement with its photos, link previews and share links."""

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        site = visit.site
        row = visible_post(
            db, school_id=site.school_id, post_id=post_id, now=visit.now, today=visit.today
        )
        photos = public_photos(db, school_id=site.school_id, post_ids=[post_id])
        post = post_views(site, [row], photos)[0]
        url = site.absolute(site.url(f"/news/{post_id}", lang=post.shown.lang))
        return {"post": post, "canonical": url, "shares": share_links(url, post.title)}

    return public_page(request, code, "site/article.html", build)


@get(ROOT + "/notices", opt=PUBLIC, sync_to_thread=False)
def notices(request: Request[Any, Any, Any], code: FromPath[str]) -> Page:
    """The notice board: announcements in force, pinned ones first."""

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        return {"notices": _posts(db, visit, ANNOUNCEMENT, None)}

    return public_page(request, code, "site/notices.html", build)


@get(ROOT + "/events", opt=PUBLIC, sync_to_thread=False)
def events(
    request: Request[Any, Any, Any], code: FromPath[str], month: FromQuery[str | None] = None
) -> Page:
    """The events calendar: one month as weeks, with the month's events listed below."""

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        first = parse_month(month, visit.today)
        following = (first + timedelta(days=32)).replace(day=1)
        start, end = grid_span(first)  # the weeks drawn reach into the months around
        rows = visible_events(db, school_id=visit.site.school_id, start=start, end=end)
        shown = event_views(visit.site, rows)
        return {
            "first": first,
            "weeks": month_grid(first, shown),
            "events": [e for e in shown if e.starts_on < following and e.ends_on >= first],
            "previous": (first - timedelta(days=1)).replace(day=1),
            "following": following,
            "today": visit.today,
            "link_params": {"month": month},
        }

    return public_page(request, code, "site/events.html", build)


@get(ROOT + "/events/{event_id:int}", opt=PUBLIC, sync_to_thread=False)
def event(request: Request[Any, Any, Any], code: FromPath[str], event_id: FromPath[int]) -> Page:
    def build(db: Session, visit: Visit) -> dict[str, Any]:
        row = visible_one(db, school_id=visit.site.school_id, table=SiteEvent, item_id=event_id)
        shown = event_views(visit.site, [row])[0]
        url = visit.site.absolute(visit.site.url(f"/events/{event_id}", lang=shown.shown.lang))
        return {"event": shown, "canonical": url, "shares": share_links(url, shown.title)}

    return public_page(request, code, "site/event.html", build)


@get(ROOT + "/gallery", opt=PUBLIC, sync_to_thread=False)
def gallery(request: Request[Any, Any, Any], code: FromPath[str]) -> Page:
    """The albums, each with its first photo that may be shown."""

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        site = visit.site
        albums = visible_albums(db, school_id=site.school_id)
        photos = public_photos(
            db, school_id=site.school_id, album_ids=[a.id for a in albums if a.id]
        )
        return {"albums": album_views(site, albums, photos)}

    return public_page(request, code, "site/gallery.html", build)


@get(ROOT + "/gallery/{album_id:int}", opt=PUBLIC, sync_to_thread=False)
def album(request: Request[Any, Any, Any], code: FromPath[str], album_id: FromPath[int]) -> Page:
    def build(db: Session, visit: Visit) -> dict[str, Any]:
        site = visit.site
        row = visible_one(db, school_id=site.school_id, table=SiteAlbum, item_id=album_id)
        photos = public_photos(db, school_id=site.school_id, album_ids=[album_id])
        shown = album_views(site, [row], photos)[0]
        url = site.absolute(site.url(f"/gallery/{album_id}", lang=shown.shown.lang))
        return {"album": shown, "canonical": url, "shares": share_links(url, shown.title)}

    return public_page(request, code, "site/album.html", build)


@get(ROOT + "/documents", opt=PUBLIC, sync_to_thread=False)
def documents(request: Request[Any, Any, Any], code: FromPath[str]) -> Page:
    def build(db: Session, visit: Visit) -> dict[str, Any]:
        rows = visible_documents(db, school_id=visit.site.school_id)
        return {"documents": document_views(visit.site, rows)}

    return public_page(request, code, "site/documents.html", build)


@get(ROOT + "/contacts", opt=PUBLIC, sync_to_thread=False)
def contacts(request: Request[Any, Any, Any], code: FromPath[str]) -> Page:
    """Address, phones, e-mail, map link, and the staff the school lists."""

    def build(db: Session, visit: Visit) -> dict[str, Any]:
        people = staff_list(db, school_id=visit.site.school_id)
        return {"staff": staff_views(visit.site, people)}

    return public_page(request, code, "site/contacts.html", build)


ROUTES = [home, news, article, notices, events, event, gallery, album, documents, contacts]
