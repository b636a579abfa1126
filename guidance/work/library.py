"""Methodical materials (uploaded files or links, per grade and track) and the news feed the
counsellor curates for students (universities, professions, labour market, UNT)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePath
from urllib.parse import urlparse

from sqlmodel import Session, col, select

from guidance.work.errors import WorkError, live_row
from guidance.work.programme import GRADES
from models.base import utcnow
from models.guidance_work import NEWS_TOPICS, TRACKS, Material, NewsItem
from models.i18n import N_, Message, message
from models.settings import get_settings

MAX_FILE = 20 * 1024 * 1024
SUFFIXES = frozenset(
    {".pdf", ".doc", ".docx", ".odt", ".ppt", ".pptx", ".xls", ".xlsx", ".txt", ".jpg", ".png"}
)
TOPIC_LABELS: dict[str, str] = {
    "universities": N_("Universities"),
    "professions": N_("Professions"),
    "labour_market": N_("Labour market"),
    "unt": N_("UNT"),
}
TRACK_LABELS: dict[str, str] = {"career": N_("Career guidance"), "psychology": N_("Psychology")}


def materials_dir(school_id: int) -> Path:
    """Where a school's uploaded materials live (in the data directory)."""
    return get_settings().data_dir / "guidance-materials" / str(school_id)


def _link_problem(url: str) -> Message | None:
    parsed = urlparse(url.strip())
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        return message(N_("A link starts with https:// (or http://)."))
    return None


def _grades(grades: Iterable[int]) -> list[int]:
    return sorted({g for g in grades if g in GRADES})


def _common(title: str, track: str) -> list[Message]:
    problems = []
    if not title.strip():
        problems.append(message(N_("Give the material a title.")))
    if track not in TRACKS:
        problems.append(message(N_("Choose career guidance or psychology.")))
    return problems


def add_link(
    session: Session, *, school_id: int, title: str, track: str, grades: Iterable[int],
    url: str, description: str, user_id: int,
) -> Material:  # fmt: skip
    """Adds a link to the school's materials.

    Raises:
        WorkError: no title, an unknown track or a link that is not http(s).
    """
    problems = _common(title, track)
    bad = _link_problem(url)
    if bad is not None:
        problems.append(bad)
    if problems:
        raise WorkError("bad_material", problems)
    row = Material(school_id=school_id, title=title.strip(), track=track, grades=_grades(grades),
                   url=url.strip(), description=description.strip(), added_by=user_id)  # fmt: skip
    session.add(row)
    session.flush()
    return row


def add_file(
    session: Session, *, school_id: int, title: str, track: str, grades: Iterable[int],
    file_name: str, data: bytes, content_type: str, description: str, user_id: int,
) -> Material:  # fmt: skip
    """Stores an uploaded file in the school's materials folder and lists it.

    Raises:
        WorkError: no title, an unknown track, an empty or too large file, or a kind of file
            that is not a document or picture.
    """
    problems = _common(title, track)
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in SUFFIXES:
        what = N_("Upload a document or a picture ({kinds}).")
        problems.append(message(what, kinds=", ".join(sorted(SUFFIXES))))
    if not data or len(data) > MAX_FILE:
        what = N_("The file is empty or larger than {mb} MB.")
        problems.append(message(what, mb=MAX_FILE // (1024 * 1024)))
    if problems:
        raise WorkError("bad_material", problems)
    stored = f"{uuid.uuid4().hex}{suffix}"
    folder = materials_dir(school_id)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / stored).write_bytes(data)
    row = Material(
        school_id=school_id, title=title.strip(), track=track, grades=_grades(grades),
        file_name=PurePath(file_name).name[:200], stored_as=stored,
        content_type=content_type or "application/octet-stream", size=len(data),
        description=description.strip(), added_by=user_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def list_materials(
    session: Session, *, school_id: int, track: str | None = None, grade: int | None = None
) -> list[Material]:
    """The school's live materials (of a track, for a grade), newest first."""
    query = select(Material).where(
        Material.school_id == school_id, col(Material.deleted_at).is_(None)
    )
    if track is not None:
        query = query.where(Material.track == track)
    rows = session.exec(query.order_by(col(Material.id).desc())).all()
    return [m for m in rows if grade is None or not m.grades or grade in m.grades]


def get_material(session: Session, *, school_id: int, material_id: int) -> Material:
    """One live material of the school.

    Raises:
        WorkNotFound: no such material in this school.
    """
    text = N_("There is no such material.")
    return live_row(session, Material, material_id, school_id, "material_not_found", text)


def remove_material(session: Session, *, school_id: int, material_id: int) -> Material:
    """Removes a material from the list (soft delete; the file stays for the record)."""
    row = get_material(session, school_id=school_id, material_id=material_id)
    row.deleted_at = utcnow()
    session.add(row)
    return row


@dataclass(frozen=True, slots=True)
class NewsDraft:
    """A news item as the counsellor writes it."""

    topic: str
    title: str
    body: str = ""
    link: str = ""
    grades: tuple[int, ...] = ()
    published_on: date | None = None


def add_news(session: Session, *, school_id: int, draft: NewsDraft, user_id: int) -> NewsItem:
    """Publishes a news item to the school's students (from its day on).

    Raises:
        WorkError: an unknown topic, no title, or a link that is not http(s).
    """
    problems = []
    if draft.topic not in NEWS_TOPICS:
        problems.append(message(N_("Choose the topic.")))
    if not draft.title.strip():
        problems.append(message(N_("Give the news a title.")))
    if draft.link.strip():
        bad = _link_problem(draft.link)
        if bad is not None:
            problems.append(bad)
    if problems:
        raise WorkError("bad_news", problems)
    row = NewsItem(
        school_id=school_id, topic=draft.topic, title=draft.title.strip(),
        body=draft.body.strip(), link=draft.link.strip(), grades=_grades(draft.grades),
        published_on=draft.published_on or utcnow().date(), author_id=user_id,
    )  # fmt: skip
    session.add(row)
    session.flush()
    return row


def remove_news(session: Session, *, school_id: int, news_id: int) -> NewsItem:
    """Withdraws a news item (soft delete).

    Raises:
        WorkNotFound: no such item in this school.
    """
    text = N_("There is no such news item.")
    row = live_row(session, NewsItem, news_id, school_id, "news_not_found", text)
    row.deleted_at = utcnow()
    session.add(row)
    return row


def news_feed(
    session: Session, *, school_id: int, today: date, grade: int | None = None,
    topic: str | None = None, limit: int = 50, drafts: bool = False,
) -> list[NewsItem]:  # fmt: skip
    """The school's news, newest first: published by `today` (all, with `drafts`), for a grade.

    Args:
        session: an open session.
        school_id: the school.
        today: items dated later are not shown yet (unless `drafts`).
        grade: a student's grade (items for other grades are left out); None: every item.
        topic: one topic only.
        limit: at most this many.
        drafts: include items dated after `today` (the counsellor's own list).

    Returns:
        The items.
    """
    query = select(NewsItem).where(
        NewsItem.school_id == school_id, col(NewsItem.deleted_at).is_(None)
    )
    if not drafts:
        query = query.where(col(NewsItem.published_on) <= today)
    if topic is not None:
        query = query.where(NewsItem.topic == topic)
    rows = session.exec(
        query.order_by(col(NewsItem.published_on).desc(), col(NewsItem.id).desc())
    ).all()
    return [n for n in rows if grade is None or not n.grades or grade in n.grades][:limit]
