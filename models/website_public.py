"""What the public website shows: published, live items of one school, photos with consent.

Every function takes the school id and filters by it; drafts, unpublished items, posts scheduled
for later, announcements past their last day, deleted rows and photos without the consents they
need are never returned. `site_revision` is the moment the public pages last changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, or_
from sqlmodel import Session, col, select

from models.base import utcnow
from models.school import School
from models.timetable import TimetableVersion
from models.website import ANNOUNCEMENT, SiteAlbum, SiteDocument, SiteEvent, SitePhoto, SitePost
from models.website_consent import photo_consent
from models.website_settings import site_settings
from models.website_texts import not_found


def school_by_code(session: Session, code: str) -> School:
    """The (not deleted) school with this code.

    Raises:
        SiteNotFound: no such school.
    """
    school = session.exec(select(School).where(School.code == code)).first()
    if school is None or school.id is None or school.deleted_at is not None:
        raise not_found()
    return school


def _post_filters(school_id: int, now: datetime, today: date) -> list[Any]:
    return [
        SitePost.school_id == school_id,
        col(SitePost.deleted_at).is_(None),
        col(SitePost.published).is_(True),
        col(SitePost.publish_at).is_not(None),
        col(SitePost.publish_at) <= now,
        or_(
            col(SitePost.kind) != ANNOUNCEMENT,
            col(SitePost.show_until).is_(None),
            col(SitePost.show_until) >= today,
        ),
    ]


def visible_posts(
    session: Session,
    *,
    school_id: int,
    now: datetime,
    today: date,
    kind: str | None = None,
    limit: int | None = None,
    offset: int = 0,
) -> list[SitePost]:
    """Published posts visible now, newest first (on the notice board pinned ones first).

    Args:
        session: an open session.
        school_id: the school.
        now: the current moment (scheduled posts after it stay hidden).
        today: the school's date (announcements past their last day are hidden).
        kind: news or announcement; None for both.
        limit: at most this many.
        offset: skip this many (pages of the news list).

    Returns:
        The posts.
    """
    query = select(SitePost).where(*_post_filters(school_id, now, today))
    if kind is not None:
        query = query.where(SitePost.kind == kind)
    newest = (col(SitePost.publish_at).desc(), col(SitePost.id).desc())
    # the notice board puts pinned announcements first; news and mixed lists go by date
    pinned_first = (col(SitePost.pinned).desc(),) if kind == ANNOUNCEMENT else ()
    query = query.order_by(*pinned_first, *newest)
    return list(session.exec(query.offset(offset).limit(limit)).all())


def count_posts(session: Session, *, school_id: int, now: datetime, today: date, kind: str) -> int:
    """How many posts of a kind are visible now."""
    query = select(func.count()).select_from(SitePost)
    query = query.where(*_post_filters(school_id, now, today), SitePost.kind == kind)
    return int(session.exec(query).one())


def visible_post(
    session: Session, *, school_id: int, post_id: int, now: datetime, today: date
) -> SitePost:
    """One post visible now.

    Raises:
        SiteNotFound: no such post, or not visible (draft, scheduled, past, deleted, elsewhere).
    """
    query = select(SitePost).where(SitePost.id == post_id, *_post_filters(school_id, now, today))
    row = session.exec(query).first()
    if row is None:
        raise not_found()
    return row


def _live(table: Any, school_id: int) -> list[Any]:
    return [
        table.school_id == school_id,
        col(table.deleted_at).is_(None),
        col(table.published).is_(True),
    ]


def visible_events(session: Session, *, school_id: int, start: date, end: date) -> list[SiteEvent]:
    """Published events that take place (at least partly) between `start` and `end`."""
    query = select(SiteEvent).where(
        *_live(SiteEvent, school_id),
        col(SiteEvent.starts_on) <= end,
        col(SiteEvent.ends_on) >= start,
    )
    order = (col(SiteEvent.starts_on), col(SiteEvent.starts_at), col(SiteEvent.id))
    return list(session.exec(query.order_by(*order)).all())


def visible_one(session: Session, *, school_id: int, table: Any, item_id: int) -> Any:
    """One published, live event, album or document of the school.

    Raises:
        SiteNotFound: no such item visible.
    """
    row = session.exec(select(table).where(table.id == item_id, *_live(table, school_id))).first()
    if row is None:
        raise not_found()
    return row


def visible_albums(session: Session, *, school_id: int) -> list[SiteAlbum]:
    """Published albums, newest first."""
    query = select(SiteAlbum).where(*_live(SiteAlbum, school_id))
    order = (col(SiteAlbum.taken_on).desc(), col(SiteAlbum.id).desc())
    return list(session.exec(query.order_by(*order)).all())


def visible_documents(session: Session, *, school_id: int) -> list[SiteDocument]:
    """Published documents, in the school's order."""
    query = select(SiteDocument).where(*_live(SiteDocument, school_id))
    order = (col(SiteDocument.position), col(SiteDocument.id))
    return list(session.exec(query.order_by(*order)).all())


def public_photos(
    session: Session,
    *,
    school_id: int,
    album_ids: Iterable[int] = (),
    post_ids: Iterable[int] = (),
) -> list[SitePhoto]:
    """The photos of these (visible) albums and posts that may be shown: consent checked.

    The caller passes only albums and posts it has already found visible.
    """
    albums, posts = list(album_ids), list(post_ids)
    if not albums and not posts:
        return []
    query = (
        select(SitePhoto)
        .where(
            SitePhoto.school_id == school_id,
            col(SitePhoto.deleted_at).is_(None),
            or_(col(SitePhoto.album_id).in_(albums), col(SitePhoto.post_id).in_(posts)),
        )
        .order_by(col(SitePhoto.position), col(SitePhoto.id))
    )
    photos = list(session.exec(query).all())
    verdicts = photo_consent(session, school_id=school_id, photos=photos)
    return [p for p in photos if p.id is not None and verdicts[p.id].public]


def public_photo(
    session: Session, *, school_id: int, file_id: str, now: datetime, today: date
) -> SitePhoto:
    """A photo file a visitor asks for: its album or post visible, and its consents in force.

    Raises:
        SiteNotFound: anything else (a guessed or revoked link shows nothing).
    """
    photo = session.exec(
        select(SitePhoto).where(
            SitePhoto.school_id == school_id,
            SitePhoto.file_id == file_id,
            col(SitePhoto.deleted_at).is_(None),
        )
    ).first()
    if photo is None or photo.id is None:
        raise not_found()
    if photo.album_id is not None:
        visible_one(session, school_id=school_id, table=SiteAlbum, item_id=photo.album_id)
    elif photo.post_id is not None:
        visible_post(session, school_id=school_id, post_id=photo.post_id, now=now, today=today)
    else:
        raise not_found()
    if not photo_consent(session, school_id=school_id, photos=[photo])[photo.id].public:
        raise not_found()
    return photo


def site_revision(session: Session, *, school_id: int, now: datetime | None = None) -> datetime:
    """When the school's public pages last changed: an edit, a scheduled post going live, or a
    newly published timetable. Public pages use it for Last-Modified and their ETags."""
    moment = now or utcnow()
    changed = site_settings(session, school_id=school_id).changed_at
    went_live = session.exec(
        select(func.max(SitePost.publish_at)).where(
            SitePost.school_id == school_id,
            col(SitePost.published).is_(True),
            col(SitePost.publish_at) <= moment,
        )
    ).one()
    timetable = session.exec(
        select(func.max(TimetableVersion.published_at)).where(
            TimetableVersion.school_id == school_id, col(TimetableVersion.published).is_(True)
        )
    ).one()
    found = [
        m if m.tzinfo else m.replace(tzinfo=UTC)  # SQLite returns UTC without its zone
        for m in (changed, went_live, timetable)
        if m is not None
    ]
    return max(found)
