"""The public website of a school: its address, the visitor's language, and cache validators.

A school's site lives at `/s/<code>/`. On the school's own host name it lives at `/`: the
operator lists host names in `SABAQ_SITE_HOSTS` ("gym8.kz=SCH-8 www.gym8.kz=SCH-8") and has the
web server in front add the `/s/<code>` prefix (docs/website.md); links on such a host then leave
the prefix out. The visitor's language is `?lang=` when a link carries it, else their language
cookie, their browser's, or the school's. Every public page answers If-None-Match and
If-Modified-Since from the site's revision (models.website_public.site_revision).
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from email.utils import format_datetime, parsedate_to_datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlencode, urlsplit

from litestar import Request

from models.school import School
from web.i18n import LANGUAGES, accepted_languages, supported
from web.settings import get_web_settings

HOSTS_ENV = "SABAQ_SITE_HOSTS"
OG_LOCALES = {"kk": "kk_KZ", "ru": "ru_RU", "en": "en_US"}
CACHE_VERSION = "1"  # bump when the public pages' markup changes, so old validators miss


@lru_cache(maxsize=8)
def _parse_hosts(text: str) -> dict[str, str]:
    hosts: dict[str, str] = {}
    for item in text.replace(",", " ").split():
        host, _, code = item.partition("=")
        if host and code:
            hosts[host.strip().lower()] = code.strip()
    return hosts


def site_hosts() -> dict[str, str]:
    """Host name -> school code, from SABAQ_SITE_HOSTS."""
    return _parse_hosts(os.environ.get(HOSTS_ENV, ""))


def request_host(request: Request[Any, Any, Any]) -> str:
    """The host name the visitor asked for, without a port."""
    host = request.headers.get("host", "")
    return host.rsplit(":", 1)[0].lower() if not host.startswith("[") else host.lower()


def choose_language(request: Request[Any, Any, Any], school_language: str) -> tuple[str, bool]:
    """(the visitor's language, whether a link chose it): ?lang=, cookie, browser, school."""
    asked = supported(request.query_params.get("lang"))
    if asked:
        return asked, True
    for code in (
        supported(request.cookies.get("lang")),
        *accepted_languages(request.headers.get("accept-language")),
    ):
        if code:
            return code, False
    return supported(school_language) or "ru", False


@dataclass(frozen=True)
class Site:
    """One school's public site as one request sees it."""

    school_id: int
    code: str
    name: str
    language: str  # the school's own language
    lang: str  # the visitor's
    base: str  # "/s/<code>" or "" on the school's own host
    origin: str  # scheme and host for absolute links (feeds, Open Graph, sitemap)
    revision: datetime

    def url(self, path: str = "/", lang: str | None = None, **params: Any) -> str:
        """A link on the site, in the visitor's language (or `lang`)."""
        query = {"lang": lang or self.lang, **{k: v for k, v in params.items() if v is not None}}
        return f"{self.base}{path}?{urlencode(query)}"

    def plain(self, path: str = "/") -> str:
        """A link without a language (files, feeds that carry their own)."""
        return f"{self.base}{path}"

    def absolute(self, link: str) -> str:
        """An absolute address of a site link."""
        return self.origin + link


def make_site(request: Request[Any, Any, Any], school: School, revision: datetime) -> Site:
    """The site of `school` for this request: language, address and revision."""
    assert school.id is not None
    lang, _ = choose_language(request, school.language)
    host = request_host(request)
    own_host = site_hosts().get(host) == school.code
    if own_host:
        scheme = urlsplit(get_web_settings().base_url).scheme or "https"
        base, origin = "", f"{scheme}://{host}"
    else:
        base, origin = f"/s/{school.code}", get_web_settings().base_url
    return Site(school.id, school.code, school.name, school.language, lang, base, origin, revision)


def last_modified(revision: datetime, today: date) -> datetime:
    """When a page last changed: the site's revision, or today's midnight (UTC) if later, since
    announcements expire and "upcoming" moves with the date."""
    midnight = datetime.combine(today, time(0, 0), UTC)
    moment = max(revision.astimezone(UTC), midnight)
    return moment.replace(microsecond=0)


def etag(site: Site, request: Request[Any, Any, Any], today: date) -> str:
    """A validator of one page: the site's revision, the address, the language and the day."""
    seed = "|".join(
        (
            CACHE_VERSION,
            site.name,
            site.base,
            site.revision.isoformat(),
            request.url.path,
            str(request.url.query),
            site.lang,
            today.isoformat(),
        )
    )
    return 'W/"' + hashlib.sha256(seed.encode()).hexdigest()[:24] + '"'


def not_modified(request: Request[Any, Any, Any], tag: str, modified: datetime) -> bool:
    """Whether the visitor's copy (by If-None-Match, else If-Modified-Since) is current."""
    match = request.headers.get("if-none-match")
    if match is not None:
        return tag in {t.strip() for t in match.split(",")} or match.strip() == "*"
    since = request.headers.get("if-modified-since")
    if not since:
        return False
    try:
        when = parsedate_to_datetime(since)
    except (TypeError, ValueError):
        return False
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return modified <= when


def cache_headers(tag: str, modified: datetime, *, chose_language: bool) -> dict[str, str]:
    """Validators and caching rules of a public page: caches keep it and ask again each time
    (a revoked consent or an unpublished item must disappear at once)."""
    headers = {
        "etag": tag,
        "last-modified": format_datetime(modified, usegmt=True),
        "cache-control": "public, no-cache",
    }
    if not chose_language:
        headers["vary"] = "Accept-Language, Cookie"
    return headers


def languages_menu(site: Site, path: str, **params: Any) -> list[tuple[str, str, str, bool]]:
    """(code, name, link, current) for the language switch of a page."""
    return [
        (code, name, site.url(path, lang=code, **params), code == site.lang)
        for code, name in LANGUAGES.items()
    ]
