"""The site's feeds: Atom and RSS 2.0 of its news per language, sitemap.xml and an iCalendar
of its events. Built with ElementTree and icalendar, so the output is always well-formed."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Sequence
from datetime import UTC, datetime, time, timedelta
from email.utils import format_datetime
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from web.services.website import Site
from web.services.website_views import EventView, PostView, html_text, school_zone

ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML = "http://www.w3.org/1999/xhtml"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SITEMAP_PAGES = ("/", "/news", "/notices", "/events", "/gallery", "/documents", "/contacts")


def _xml(root: ET.Element) -> bytes:
    body: bytes = ET.tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="utf-8"?>\n' + body


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    node = ET.SubElement(parent, tag, attrs)
    if text is not None:
        node.text = text
    return node


def _moment(post: PostView, fallback: datetime) -> datetime:
    return (post.published_at or fallback).astimezone(UTC).replace(microsecond=0)


def atom_feed(site: Site, posts: Sequence[PostView], title: str) -> bytes:
    """An Atom 1.0 feed of posts (newest first) in the site's language.

    Args:
        site: the site as the request sees it (language, absolute addresses).
        posts: the posts, already visible and in the reader's language.
        title: the feed's title.

    Returns:
        The feed's bytes (UTF-8 XML).
    """
    ET.register_namespace("", ATOM)
    a = f"{{{ATOM}}}"
    feed = ET.Element(a + "feed", {XML_LANG: site.lang})
    home = site.absolute(site.url("/"))
    _sub(feed, a + "id", home)
    _sub(feed, a + "title", title)
    updated = max((_moment(p, site.revision) for p in posts), default=site.revision)
    _sub(feed, a + "updated", updated.astimezone(UTC).replace(microsecond=0).isoformat())
    _sub(feed, a + "link", rel="alternate", type="text/html", href=home)
    self_link = site.absolute(site.plain("/feed.atom") + f"?lang={site.lang}")
    _sub(feed, a + "link", rel="self", type="application/atom+xml", href=self_link)
    _sub(_sub(feed, a + "author"), a + "name", site.name)
    for post in posts:
        url = site.absolute(site.url(f"/news/{post.id}", lang=post.shown.lang))
        entry = _sub(feed, a + "entry", **{XML_LANG: post.shown.lang})
        _sub(entry, a + "id", url)
        _sub(entry, a + "title", post.title)
        moment = _moment(post, site.revision).isoformat()
        _sub(entry, a + "published", moment)
        _sub(entry, a + "updated", moment)
        _sub(entry, a + "link", rel="alternate", type="text/html", href=url)
        _sub(entry, a + "category", term=post.kind)
        if post.summary:
            _sub(entry, a + "summary", post.summary)
        _sub(entry, a + "content", str(post.body), type="html")
        if post.cover is not None:
            _sub(
                entry,
                a + "link",
                rel="enclosure",
                type="image/jpeg",
                href=site.absolute(post.cover.src),
            )
    return _xml(feed)


def rss_feed(site: Site, posts: Sequence[PostView], title: str, description: str) -> bytes:
    """An RSS 2.0 feed of the same posts (for readers that know only RSS)."""
    ET.register_namespace("atom", ATOM)
    rss = ET.Element("rss", {"version": "2.0"})
    channel = _sub(rss, "channel")
    _sub(channel, "title", title)
    _sub(channel, "link", site.absolute(site.url("/")))
    _sub(channel, "description", description)
    _sub(channel, "language", site.lang)
    _sub(channel, "lastBuildDate", format_datetime(site.revision.astimezone(UTC), usegmt=True))
    self_link = site.absolute(site.plain("/feed.rss") + f"?lang={site.lang}")
    _sub(channel, f"{{{ATOM}}}link", rel="self", type="application/rss+xml", href=self_link)
    for post in posts:
        url = site.absolute(site.url(f"/news/{post.id}", lang=post.shown.lang))
        item = _sub(channel, "item")
        _sub(item, "title", post.title)
        _sub(item, "link", url)
        _sub(item, "guid", url, isPermaLink="true")
        _sub(item, "pubDate", format_datetime(_moment(post, site.revision), usegmt=True))
        _sub(item, "description", post.summary or post.title)
        _sub(item, "category", post.kind)
    return _xml(rss)


def sitemap(site: Site, paths: Sequence[str], modified: datetime) -> bytes:
    """sitemap.xml: each page in each language, with its other languages as alternates."""
    ET.register_namespace("", SITEMAP)
    ET.register_namespace("xhtml", XHTML)
    s, x = f"{{{SITEMAP}}}", f"{{{XHTML}}}"
    urlset = ET.Element(s + "urlset")
    stamp = modified.astimezone(UTC).replace(microsecond=0).isoformat()
    for path in (*SITEMAP_PAGES, *paths):
        for lang in ("kk", "ru", "en"):
            url = _sub(urlset, s + "url")
            _sub(url, s + "loc", site.absolute(site.url(path, lang=lang)))
            _sub(url, s + "lastmod", stamp)
            for other in ("kk", "ru", "en"):
                _sub(
                    url,
                    x + "link",
                    rel="alternate",
                    hreflang=other,
                    href=site.absolute(site.url(path, lang=other)),
                )
    return _xml(urlset)


def events_calendar(site: Site, events: Sequence[EventView], now: datetime) -> bytes:
    """The site's published events as an iCalendar feed (times on the school's clock)."""
    zone = school_zone()
    cal = Calendar()
    cal.add("prodid", "-//Sabaq//school site//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", site.name)
    cal.add("x-wr-timezone", str(zone))
    host = urlsplit(site.origin).hostname or "sabaq"
    for item in events:
        event = Event()
        event.add("uid", f"site-event-{item.id}-{site.code}@{host}")
        event.add("dtstamp", now.astimezone(UTC))
        event.add("summary", item.title)
        if item.starts_at:
            start = datetime.combine(item.starts_on, time.fromisoformat(item.starts_at), zone)
            end_clock = time.fromisoformat(item.ends_at) if item.ends_at else None
            end = (
                datetime.combine(item.ends_on, end_clock, zone)
                if end_clock
                else start + timedelta(hours=1)
            )
            event.add("dtstart", start)
            event.add("dtend", max(end, start))
        else:
            event.add("dtstart", item.starts_on)
            event.add("dtend", item.ends_on + timedelta(days=1))  # all-day: the day after
        if item.place:
            event.add("location", item.place)
        body = html_text(str(item.body), limit=2000)
        if body:
            event.add("description", body)
        event.add("url", site.absolute(item.link))
        cal.add_component(event)
    return bytes(cal.to_ical())
