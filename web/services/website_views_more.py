"""Smaller pieces of the public pages: the month grid, share links and the contact texts."""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote, urlencode

from models.website import SiteSettings
from models.website_settings import CONTACT_FIELDS
from models.website_texts import pick
from web.services.website import Site
from web.services.website_views import EventView, markdown_html


@dataclass(frozen=True)
class Day:
    """One day of the month grid with the events that take place on it."""

    day: date
    in_month: bool
    events: tuple[EventView, ...]


def parse_month(text: str | None, today: date) -> date:
    """The first day of the month `2026-11` names (this month when absent or not a month)."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        return date(year, month, 1)
    except ValueError:
        return today.replace(day=1)


def grid_span(first: date) -> tuple[date, date]:
    """The first and last day the month grid of the month starting `first` shows."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return weeks[0][0], weeks[-1][-1]


def month_grid(first: date, events: Sequence[EventView]) -> list[list[Day]]:
    """The weeks (Monday first) of the month starting `first`, each day with its events."""
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(first.year, first.month)
    return [
        [
            Day(
                d, d.month == first.month, tuple(e for e in events if e.starts_on <= d <= e.ends_on)
            )
            for d in week
        ]
        for week in weeks
    ]


@dataclass(frozen=True)
class ShareLink:
    """A plain link that shares a page on a network (no script of theirs on our pages)."""

    network: str
    url: str


def share_links(url: str, title: str) -> list[ShareLink]:
    """Telegram, WhatsApp, VK and Facebook links sharing `url` with its title."""
    return [
        ShareLink("Telegram", "https://t.me/share/url?" + urlencode({"url": url, "text": title})),
        ShareLink("WhatsApp", "https://wa.me/?text=" + quote(f"{title} {url}")),
        ShareLink("VK", "https://vk.com/share.php?" + urlencode({"url": url, "title": title})),
        ShareLink(
            "Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + quote(url, safe="")
        ),
    ]


def contact_texts(site: Site, settings: SiteSettings) -> dict[str, object]:
    """The contacts' texts in the visitor's language, each field on its own (an address written
    only in Kazakh is still shown to a Russian reader); `about` as safe HTML."""
    out: dict[str, object] = {}
    for name in CONTACT_FIELDS:
        text = pick(settings.texts, site.lang, site.language, key=name)
        out[name] = markdown_html(text.get(name)) if name == "about" else text.get(name)
        out[f"{name}_lang"] = text.lang
    return out


def past_and_coming(today: date) -> tuple[date, date]:
    """The span feeds and the sitemap cover: a year back and a year ahead."""
    return today - timedelta(days=366), today + timedelta(days=366)
