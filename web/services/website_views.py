"""The website's items as pages show them: in the visitor's language, Markdown made safe HTML.

Texts come from `models.website_texts.pick` (the visitor's language, else the school's, else
any), so each view knows which language it shows; bodies are rendered by the course lessons'
safe Markdown renderer (raw HTML shown as text, unsafe links refused).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from markupsafe import Markup

from lms.courses.markdown import render
from models.website import SiteAlbum, SiteDocument, SiteEvent, SitePhoto, SitePost, SiteStaff
from models.website_texts import Localized, pick
from web.services.website import Site

TAGS = re.compile(r"<[^>]+>")
SUMMARY_LENGTH = 220


@lru_cache(maxsize=1)
def school_zone() -> ZoneInfo:
    """The school clock (SABAQ_TIMEZONE, Almaty by default), as the journal and scheduler use."""
    return ZoneInfo(os.environ.get("SABAQ_TIMEZONE", "").strip() or "Asia/Almaty")


def school_today(now: datetime) -> date:
    """The school's date at `now`."""
    return now.astimezone(school_zone()).date()


def markdown_html(text: str) -> Markup:
    """Markdown as safe HTML (the renderer escapes raw HTML and refuses unsafe links)."""
    return Markup(render(text)) if text else Markup("")


def plain_text(markdown: str, limit: int = SUMMARY_LENGTH) -> str:
    """The words of a Markdown text without markup, cut at a word near `limit` characters."""
    return html_text(render(markdown), limit) if markdown else ""


def html_text(markup: str, limit: int = SUMMARY_LENGTH) -> str:
    """The words of an HTML text without its tags, cut at a word near `limit` characters."""
    words = " ".join(html.unescape(TAGS.sub(" ", markup)).split())
    if len(words) <= limit:
        return words
    cut = words[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",.;:—-") + "…"


@dataclass(frozen=True)
class Shown:
    """Which language an item is shown in, for the "not translated" note and `lang=`."""

    lang: str
    fallback: bool

    @classmethod
    def of(cls, text: Localized) -> Shown:
        return cls(text.lang, text.fallback)


@dataclass(frozen=True)
class PhotoView:
    id: int
    src: str
    thumb: str
    width: int
    height: int
    caption: str


@dataclass(frozen=True)
class PostView:
    id: int
    kind: str
    title: str
    summary: str
    body: Markup
    shown: Shown
    published_at: datetime | None
    pinned: bool
    show_until: date | None
    link: str
    photos: tuple[PhotoView, ...] = ()

    @property
    def cover(self) -> PhotoView | None:
        """The first photo shown, for lists and link previews."""
        return self.photos[0] if self.photos else None


@dataclass(frozen=True)
class EventView:
    id: int
    title: str
    body: Markup
    place: str
    starts_on: date
    ends_on: date
    starts_at: str
    ends_at: str
    shown: Shown
    link: str


@dataclass(frozen=True)
class AlbumView:
    id: int
    title: str
    body: Markup
    taken_on: date | None
    shown: Shown
    link: str
    photos: tuple[PhotoView, ...] = ()


@dataclass(frozen=True)
class DocumentView:
    id: int
    title: str
    filename: str
    size: int
    media_type: str
    shown: Shown
    link: str


@dataclass(frozen=True)
class StaffView:
    name: str
    role: str
    email: str
    phone: str


def photo_view(site: Site, photo: SitePhoto) -> PhotoView:
    """A photo with its links on the site and its caption in the visitor's language."""
    assert photo.id is not None
    texts = {lang: {"caption": text} for lang, text in photo.captions.items()}
    caption = pick(texts, site.lang, site.language, key="caption").get("caption")
    return PhotoView(
        photo.id,
        site.plain(f"/photos/{photo.file_id}.jpg"),
        site.plain(f"/photos/{photo.file_id}.t.jpg"),
        photo.width,
        photo.height,
        caption,
    )


def _photos_by(photos: Iterable[SitePhoto], site: Site, attr: str) -> dict[int, list[PhotoView]]:
    out: dict[int, list[PhotoView]] = {}
    for photo in photos:
        owner = getattr(photo, attr)
        if owner is not None:
            out.setdefault(owner, []).append(photo_view(site, photo))
    return out


def post_views(
    site: Site, posts: Sequence[SitePost], photos: Iterable[SitePhoto]
) -> list[PostView]:
    """Posts in the visitor's language with their (already consent-checked) photos."""
    by_post = _photos_by(photos, site, "post_id")
    out = []
    for post in posts:
        assert post.id is not None
        text = pick(post.texts, site.lang, site.language)
        body = text.get("body")
        published = post.publish_at.astimezone(school_zone()) if post.publish_at else None
        out.append(
            PostView(
                post.id,
                post.kind,
                text.get("title"),
                text.get("summary") or plain_text(body),
                markdown_html(body),
                Shown.of(text),
                published,
                post.pinned,
                post.show_until,
                site.url(f"/news/{post.id}"),
                tuple(by_post.get(post.id, ())),
            )
        )
    return out


def event_views(site: Site, events: Iterable[SiteEvent]) -> list[EventView]:
    """Events in the visitor's language."""
    out = []
    for event in events:
        assert event.id is not None
        text = pick(event.texts, site.lang, site.language)
        out.append(
            EventView(
                event.id,
                text.get("title"),
                markdown_html(text.get("body")),
                text.get("place"),
                event.starts_on,
                event.ends_on,
                event.starts_at,
                event.ends_at,
                Shown.of(text),
                site.url(f"/events/{event.id}"),
            )
        )
    return out


def album_views(
    site: Site, albums: Iterable[SiteAlbum], photos: Iterable[SitePhoto]
) -> list[AlbumView]:
    """Albums in the visitor's language with their (already consent-checked) photos."""
    by_album = _photos_by(photos, site, "album_id")
    out = []
    for album in albums:
        assert album.id is not None
        text = pick(album.texts, site.lang, site.language)
        out.append(
            AlbumView(
                album.id,
                text.get("title"),
                markdown_html(text.get("body")),
                album.taken_on,
                Shown.of(text),
                site.url(f"/gallery/{album.id}"),
                tuple(by_album.get(album.id, ())),
            )
        )
    return out


def document_views(site: Site, documents: Iterable[SiteDocument]) -> list[DocumentView]:
    """Documents with their titles in the visitor's language."""
    out = []
    for doc in documents:
        assert doc.id is not None
        text = pick(doc.texts, site.lang, site.language)
        out.append(
            DocumentView(
                doc.id,
                text.get("title") or doc.filename,
                doc.filename,
                doc.size,
                doc.media_type,
                Shown.of(text),
                site.plain(f"/documents/{doc.id}"),
            )
        )
    return out


def staff_views(site: Site, people: Iterable[SiteStaff]) -> list[StaffView]:
    """Listed staff with their roles in the visitor's language."""
    return [
        StaffView(
            p.name,
            pick(p.texts, site.lang, site.language, key="role").get("role"),
            p.email,
            p.phone,
        )
        for p in people
    ]
