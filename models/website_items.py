"""Editing the website's items: news and announcements, events, albums; publishing and deleting.

Every change is audited (with the texts before an edit) and marks the site changed, so the
public pages' caches see it. Deleting marks the row deleted; nothing is removed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from models.base import utcnow
from models.i18n import N_
from models.website import (
    ANNOUNCEMENT,
    POST_KINDS,
    SiteAlbum,
    SiteDocument,
    SiteEvent,
    SitePost,
)
from models.website_settings import changed
from models.website_texts import clean_texts, not_found, refuse

POST_FIELDS = ("title", "summary", "body")
EVENT_FIELDS = ("title", "body", "place")
ALBUM_FIELDS = ("title", "body")
DOCUMENT_FIELDS = ("title",)
TABLES: dict[str, Any] = {
    "post": SitePost,
    "event": SiteEvent,
    "album": SiteAlbum,
    "document": SiteDocument,
}
CLOCK = re.compile(r"([01]?\d|2[0-3]):[0-5]\d")

Item = SitePost | SiteEvent | SiteAlbum | SiteDocument


def get_item(session: Session, *, school_id: int, kind: str, item_id: int) -> Any:
    """A live (not deleted) post, event, album or document of the school.

    Raises:
        SiteNotFound: no such kind, no such row, another school's, or deleted.
    """
    table = TABLES.get(kind)
    row = session.get(table, item_id) if table is not None else None
    if row is None or row.school_id != school_id or row.deleted_at is not None:
        raise not_found()
    return row


def _changed(
    session: Session, school_id: int, actor: str, action: str, row: Any, details: dict[str, Any]
) -> None:
    entity = f"{row.__tablename__}:{row.id}"
    changed(
        session, school_id=school_id, actor=actor, action=action, entity=entity, details=details
    )


@dataclass(frozen=True, slots=True)
class PostForm:
    """What the news/announcement form sends."""

    kind: str
    texts: dict[str, dict[str, str]]  # lang -> title, summary, body
    show_until: date | None = None
    pinned: bool = False


def save_post(
    session: Session, *, school_id: int, actor: str, form: PostForm, post_id: int | None = None
) -> SitePost:
    """Creates a post (a draft) or changes one, keeping its publication as it is.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who edits (their login).
        form: the texts and options.
        post_id: the post to change; None creates one.

    Returns:
        The post.

    Raises:
        SiteError: an unknown kind, no title in any language, a text too long.
        SiteNotFound: `post_id` is not a live post of the school.
    """
    if form.kind not in POST_KINDS:
        raise refuse("site_post_kind", N_("Choose news or announcement."))
    texts = clean_texts(form.texts, POST_FIELDS)
    if post_id is None:
        row = SitePost(school_id=school_id, kind=form.kind, created_by=actor)
        before: dict[str, Any] = {}
    else:
        row = get_item(session, school_id=school_id, kind="post", item_id=post_id)
        before = {"texts": row.texts, "kind": row.kind, "show_until": str(row.show_until or "")}
    row.kind, row.texts, row.updated_at = form.kind, texts, utcnow()
    row.show_until = form.show_until if form.kind == ANNOUNCEMENT else None
    row.pinned = form.pinned and form.kind == ANNOUNCEMENT
    session.add(row)
    session.flush()
    _changed(session, school_id, actor, "site_post_save", row, {"before": before})
    return row


def set_published(
    session: Session,
    *,
    school_id: int,
    actor: str,
    kind: str,
    item_id: int,
    published: bool,
    at: datetime | None = None,
) -> Any:
    """Publishes an item (now, or a post at a later moment) or takes it off the site.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who publishes (their login).
        kind: post, event, album or document.
        item_id: the item.
        published: publish (True) or unpublish (False).
        at: for a post, when it becomes visible (None: now).

    Returns:
        The item.

    Raises:
        SiteNotFound: no such live item in the school.
    """
    row = get_item(session, school_id=school_id, kind=kind, item_id=item_id)
    row.published = published
    if isinstance(row, SitePost):
        row.publish_at = (at or utcnow()) if published else None
    session.add(row)
    when = row.publish_at.isoformat() if isinstance(row, SitePost) and row.publish_at else None
    action = f"site_{kind}_{'publish' if published else 'unpublish'}"
    _changed(session, school_id, actor, action, row, {"at": when})
    return row


def set_pinned(
    session: Session, *, school_id: int, actor: str, post_id: int, pinned: bool
) -> SitePost:
    """Pins an announcement to the top of the notice board, or unpins it.

    Raises:
        SiteNotFound: no such live post in the school.
        SiteError: the post is news (only announcements are pinned).
    """
    row: SitePost = get_item(session, school_id=school_id, kind="post", item_id=post_id)
    if pinned and row.kind != ANNOUNCEMENT:
        raise refuse("site_pin_news", N_("Only announcements can be pinned."))
    row.pinned = pinned
    session.add(row)
    _changed(session, school_id, actor, "site_post_pin" if pinned else "site_post_unpin", row, {})
    return row


def delete_item(session: Session, *, school_id: int, actor: str, kind: str, item_id: int) -> None:
    """Takes an item off the site for good (the row is kept, marked deleted, for the audit).

    Raises:
        SiteNotFound: no such live item in the school.
    """
    row = get_item(session, school_id=school_id, kind=kind, item_id=item_id)
    row.deleted_at = utcnow()
    session.add(row)
    _changed(session, school_id, actor, f"site_{kind}_delete", row, {"texts": row.texts})


@dataclass(frozen=True, slots=True)
class EventForm:
    """What the event form sends."""

    texts: dict[str, dict[str, str]]  # lang -> title, body, place
    starts_on: date
    ends_on: date | None = None
    starts_at: str = ""
    ends_at: str = ""


def _clock(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    if not CLOCK.fullmatch(text):
        raise refuse("site_event_time", N_("{time} is not a time of day (like 18:30)."), time=text)
    hours, minutes = text.split(":")
    return f"{int(hours):02d}:{minutes}"


def save_event(
    session: Session, *, school_id: int, actor: str, form: EventForm, event_id: int | None = None
) -> SiteEvent:
    """Creates an event (unpublished) or changes one.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who edits (their login).
        form: texts, dates and times.
        event_id: the event to change; None creates one.

    Returns:
        The event.

    Raises:
        SiteError: no title, ends before it starts, a time that is not a time of day.
        SiteNotFound: `event_id` is not a live event of the school.
    """
    texts = clean_texts(form.texts, EVENT_FIELDS)
    ends_on = form.ends_on or form.starts_on
    starts_at, ends_at = _clock(form.starts_at), _clock(form.ends_at)
    if ends_on < form.starts_on or (ends_on == form.starts_on and ends_at and ends_at < starts_at):
        raise refuse("site_event_order", N_("The event ends before it starts."))
    if event_id is None:
        row = SiteEvent(
            school_id=school_id, starts_on=form.starts_on, ends_on=ends_on, created_by=actor
        )
        before: dict[str, Any] = {}
    else:
        row = get_item(session, school_id=school_id, kind="event", item_id=event_id)
        before = {"texts": row.texts, "starts_on": str(row.starts_on), "ends_on": str(row.ends_on)}
    row.texts, row.starts_on, row.ends_on = texts, form.starts_on, ends_on
    row.starts_at, row.ends_at, row.updated_at = starts_at, ends_at, utcnow()
    session.add(row)
    session.flush()
    _changed(session, school_id, actor, "site_event_save", row, {"before": before})
    return row


def save_album(
    session: Session,
    *,
    school_id: int,
    actor: str,
    texts: dict[str, dict[str, str]],
    taken_on: date | None,
    album_id: int | None = None,
) -> SiteAlbum:
    """Creates an album (unpublished) or changes its title, description and date.

    Raises:
        SiteError: no title in any language, a text too long.
        SiteNotFound: `album_id` is not a live album of the school.
    """
    cleaned = clean_texts(texts, ALBUM_FIELDS)
    if album_id is None:
        row = SiteAlbum(school_id=school_id, created_by=actor)
        before: dict[str, Any] = {}
    else:
        row = get_item(session, school_id=school_id, kind="album", item_id=album_id)
        before = {"texts": row.texts, "taken_on": str(row.taken_on or "")}
    row.texts, row.taken_on, row.updated_at = cleaned, taken_on, utcnow()
    session.add(row)
    session.flush()
    _changed(session, school_id, actor, "site_album_save", row, {"before": before})
    return row


def save_document_titles(
    session: Session,
    *,
    school_id: int,
    actor: str,
    texts: dict[str, dict[str, str]],
    document_id: int,
) -> SiteDocument:
    """Changes a document's titles.

    Raises:
        SiteError: no title in any language.
        SiteNotFound: not a live document of the school.
    """
    row: SiteDocument = get_item(session, school_id=school_id, kind="document", item_id=document_id)
    before = row.texts
    row.texts, row.updated_at = clean_texts(texts, DOCUMENT_FIELDS), utcnow()
    session.add(row)
    _changed(session, school_id, actor, "site_document_save", row, {"before": before})
    return row


def list_items(session: Session, *, school_id: int, kind: str) -> list[Any]:
    """Every live (not deleted) post, event, album or document of the school, newest first, for
    the editor's lists (drafts included).

    Raises:
        SiteNotFound: no such kind.
    """
    table = TABLES.get(kind)
    if table is None:
        raise not_found()
    query = select(table).where(table.school_id == school_id, col(table.deleted_at).is_(None))
    return list(session.exec(query.order_by(col(table.id).desc())).all())
