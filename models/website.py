"""The school website's tables: posts, events, albums and photos, documents, contacts, consent.

Every text a visitor reads is kept per language in a JSON column `texts`:
`{"kk": {"title": ..., "body": ...}, "ru": {...}, "en": {...}}`; the public pages pick the
visitor's language and fall back to the school's (see `models.website_texts`). Files (photos,
documents) live under the data directory (see `models.website_files`); rows keep their random ids.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, UniqueConstraint
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted, utcnow

NEWS = "news"
ANNOUNCEMENT = "announcement"
POST_KINDS: tuple[str, ...] = (NEWS, ANNOUNCEMENT)
SITE_PHOTOS = "site_photos"  # the scope of a parental consent to show a pupil on the website
CONSENT_SCOPES: tuple[str, ...] = (SITE_PHOTOS,)


class SiteSettings(SchoolOwned, table=True):
    """A school's site: contacts, what it shows, and when anything on it last changed."""

    __tablename__ = "site_settings"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", unique=True)
    texts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # about, address, hours
    phones: str = ""
    email: str = ""
    map_url: str = ""
    show_timetable: bool = True
    # Bumped by every edit of the site: public pages answer If-Modified-Since and ETags from it.
    changed_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SitePost(SchoolOwned, SoftDeleted, table=True):
    """A news article or an announcement of the notice board."""

    __tablename__ = "site_post"

    id: int | None = Field(default=None, primary_key=True)
    kind: str = Field(default=NEWS, index=True)
    texts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # title, summary, body
    published: bool = False
    # When a published post becomes visible: the moment of publishing, or a later one.
    publish_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    pinned: bool = False
    show_until: date | None = None  # an announcement leaves the board after this day
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SiteEvent(SchoolOwned, SoftDeleted, table=True):
    """A date in the school's public calendar (a concert, a parents' meeting, a holiday)."""

    __tablename__ = "site_event"

    id: int | None = Field(default=None, primary_key=True)
    texts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # title, body, place
    starts_on: date = Field(index=True)
    ends_on: date
    starts_at: str = ""  # "18:00"; empty for a whole-day event
    ends_at: str = ""
    published: bool = False
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SiteAlbum(SchoolOwned, SoftDeleted, table=True):
    """A gallery album: photos of one occasion."""

    __tablename__ = "site_album"

    id: int | None = Field(default=None, primary_key=True)
    texts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # title, body
    taken_on: date | None = None
    published: bool = False
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SitePhoto(SchoolOwned, SoftDeleted, table=True):
    """A photo of an album or a post, stored resized with a thumbnail."""

    __tablename__ = "site_photo"

    id: int | None = Field(default=None, primary_key=True)
    album_id: int | None = Field(default=None, foreign_key="site_album.id", index=True)
    post_id: int | None = Field(default=None, foreign_key="site_post.id", index=True)
    file_id: str = Field(unique=True)
    width: int
    height: int
    captions: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # per language
    position: int = 0
    # Shown publicly only while consent is recorded for every pupil tagged in it.
    shows_pupils: bool = False
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SitePhotoPupil(SchoolOwned, table=True):
    """A pupil tagged in a photo that shows pupils."""

    __tablename__ = "site_photo_pupil"
    __table_args__ = (UniqueConstraint("photo_id", "student_id"),)

    id: int | None = Field(default=None, primary_key=True)
    photo_id: int = Field(foreign_key="site_photo.id", index=True)
    student_id: int = Field(foreign_key="student.id", index=True)


class ParentalConsent(SchoolOwned, table=True):
    """A parent's or guardian's consent for one pupil and one purpose; revocable, never erased."""

    __tablename__ = "parental_consent"

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id", index=True)
    scope: str = Field(default=SITE_PHOTOS, index=True)
    given_by: str  # the person who gave it, as on the signed form or their account's name
    parent_id: int | None = Field(default=None, foreign_key="parent.id")
    given_on: date
    note: str = ""
    recorded_by: str = ""
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    revoked_by: str = ""


class SiteDocument(SchoolOwned, SoftDeleted, table=True):
    """A PDF or office document offered for download (charter, licence, menus, rules)."""

    __tablename__ = "site_document"

    id: int | None = Field(default=None, primary_key=True)
    texts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # title
    file_id: str = Field(unique=True)
    filename: str
    media_type: str
    size: int
    published: bool = True
    position: int = 0
    created_by: str = ""
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class SiteStaff(SchoolOwned, SoftDeleted, table=True):
    """A person the school chooses to list on its contacts page."""

    __tablename__ = "site_staff"

    id: int | None = Field(default=None, primary_key=True)
    name: str
    texts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)  # role ("Director")
    email: str = ""
    phone: str = ""
    position: int = 0
    teacher_id: int | None = Field(default=None, foreign_key="teacher.id")


class SiteEditor(SchoolOwned, table=True):
    """A teacher's account the school admin allows to edit the site (no new role needed)."""

    __tablename__ = "site_editor"
    __table_args__ = (UniqueConstraint("school_id", "account_id"),)

    id: int | None = Field(default=None, primary_key=True)
    account_id: int = Field(foreign_key="user_account.id", index=True)
    granted_by: str = ""
    granted_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
