"""The website's photos and documents: uploading, captions, pupils shown, order and removal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlmodel import Session, col, select

from models.base import utcnow
from models.i18n import Message
from models.people import Student
from models.website import SiteDocument, SitePhoto, SitePhotoPupil
from models.website_files import store_document, store_photo
from models.website_items import DOCUMENT_FIELDS, get_item
from models.website_settings import changed
from models.website_texts import LANGS, SiteError, clean_texts, not_found

MAX_PHOTOS = 200  # per album or post


@dataclass(frozen=True, slots=True)
class Upload:
    """One uploaded file: the name the uploader gave and its bytes."""

    name: str
    data: bytes


@dataclass(frozen=True, slots=True)
class PhotoUploads:
    """What an upload of several photos gave: the photos stored, and why others were refused."""

    added: list[SitePhoto]
    refused: list[Message]


def photos_of(
    session: Session, *, school_id: int, album_id: int | None = None, post_id: int | None = None
) -> list[SitePhoto]:
    """The live photos of an album or a post, in their order."""
    query = select(SitePhoto).where(
        SitePhoto.school_id == school_id, col(SitePhoto.deleted_at).is_(None)
    )
    if album_id is not None:
        query = query.where(SitePhoto.album_id == album_id)
    if post_id is not None:
        query = query.where(SitePhoto.post_id == post_id)
    return list(session.exec(query.order_by(col(SitePhoto.position), col(SitePhoto.id))).all())


def add_photos(
    session: Session,
    *,
    school_id: int,
    actor: str,
    root: Path,
    uploads: Sequence[Upload],
    album_id: int | None = None,
    post_id: int | None = None,
    shows_pupils: bool = False,
) -> PhotoUploads:
    """Resizes and adds photos to an album or a post; a file that is no photo is refused alone.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who uploads (their login).
        root: the data directory.
        uploads: the files.
        album_id: the album they go to, or None.
        post_id: the post they go to, or None (exactly one of the two).
        shows_pupils: mark them as showing pupils (hidden until pupils are tagged and consent
            is recorded for each).

    Returns:
        The stored photos and the refusals.

    Raises:
        SiteNotFound: the album or post is not a live one of the school.
    """
    if (album_id is None) == (post_id is None):
        raise not_found()
    kind, owner = ("album", album_id) if album_id is not None else ("post", post_id)
    assert owner is not None
    get_item(session, school_id=school_id, kind=kind, item_id=owner)
    position = len(photos_of(session, school_id=school_id, album_id=album_id, post_id=post_id))
    added: list[SitePhoto] = []
    refused: list[Message] = []
    for upload in uploads:
        if position >= MAX_PHOTOS:
            break
        try:
            stored = store_photo(root, school_id, upload.data, upload.name)
        except SiteError as exc:
            refused.extend(exc.messages)
            continue
        row = SitePhoto(
            school_id=school_id,
            album_id=album_id,
            post_id=post_id,
            file_id=stored.file_id,
            width=stored.width,
            height=stored.height,
            position=position,
            shows_pupils=shows_pupils,
            created_by=actor,
        )
        session.add(row)
        added.append(row)
        position += 1
    session.flush()
    if added:
        changed(
            session,
            school_id=school_id,
            actor=actor,
            action="site_photos_add",
            entity=f"site_{kind}:{owner}",
            details={"photos": [p.id for p in added]},
        )
    return PhotoUploads(added, refused)


def live_photo(session: Session, *, school_id: int, photo_id: int) -> SitePhoto:
    """A live photo of the school.

    Raises:
        SiteNotFound: no such photo here, or deleted.
    """
    row = session.get(SitePhoto, photo_id)
    if row is None or row.school_id != school_id or row.deleted_at is not None:
        raise not_found()
    return row


def _school_students(session: Session, school_id: int, ids: Iterable[int]) -> set[int]:
    wanted = set(ids)
    if not wanted:
        return set()
    query = select(Student.id).where(
        Student.school_id == school_id,
        col(Student.id).in_(wanted),
        col(Student.deleted_at).is_(None),
    )
    return {i for i in session.exec(query).all() if i is not None}


def save_photo(
    session: Session,
    *,
    school_id: int,
    actor: str,
    photo_id: int,
    captions: dict[str, str],
    shows_pupils: bool,
    student_ids: Iterable[int],
) -> SitePhoto:
    """Changes a photo's captions, whether it shows pupils, and who is tagged in it.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who edits (their login).
        photo_id: the photo.
        captions: lang -> caption.
        shows_pupils: the photo shows pupils (public only with consent for each one tagged).
        student_ids: the pupils in it (kept only when it shows pupils).

    Returns:
        The photo.

    Raises:
        SiteNotFound: no such photo, or a pupil who is not of this school.
        SiteError: a caption too long.
    """
    row = live_photo(session, school_id=school_id, photo_id=photo_id)
    wanted = set(student_ids) if shows_pupils else set()
    found = _school_students(session, school_id, wanted)
    if found != wanted:
        raise not_found()
    cleaned = clean_texts(
        {lang: {"caption": captions.get(lang, "")} for lang in LANGS}, ("caption",), required=None
    )
    row.captions = {lang: values["caption"] for lang, values in cleaned.items()}
    row.shows_pupils = shows_pupils
    session.add(row)
    old = session.exec(select(SitePhotoPupil).where(SitePhotoPupil.photo_id == row.id)).all()
    before = sorted(t.student_id for t in old)
    for tag in old:
        if tag.student_id not in wanted:
            session.delete(tag)
    for student_id in wanted - set(before):
        session.add(SitePhotoPupil(school_id=school_id, photo_id=photo_id, student_id=student_id))
    session.flush()
    changed(
        session,
        school_id=school_id,
        actor=actor,
        action="site_photo_save",
        entity=f"site_photo:{row.id}",
        details={"shows_pupils": shows_pupils, "pupils_before": before, "pupils": sorted(wanted)},
    )
    return row


def remove_photo(session: Session, *, school_id: int, actor: str, photo_id: int) -> None:
    """Takes a photo off the site (marked deleted; the file stays for the audit).

    Raises:
        SiteNotFound: no such live photo in the school.
    """
    row = live_photo(session, school_id=school_id, photo_id=photo_id)
    row.deleted_at = utcnow()
    session.add(row)
    changed(
        session,
        school_id=school_id,
        actor=actor,
        action="site_photo_remove",
        entity=f"site_photo:{row.id}",
        details={"album_id": row.album_id, "post_id": row.post_id},
    )


def add_document(
    session: Session,
    *,
    school_id: int,
    actor: str,
    root: Path,
    upload: Upload,
    titles: dict[str, dict[str, str]],
) -> SiteDocument:
    """Checks, stores and publishes a document with its titles.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who uploads (their login).
        root: the data directory.
        upload: the file.
        titles: lang -> {"title": ...}; the file's name is the title when none is written.

    Returns:
        The document (published).

    Raises:
        SiteError: the file is refused (type, size, content) or a title is too long.
    """
    texts = clean_texts(titles, DOCUMENT_FIELDS, required=None)
    stored = store_document(root, school_id, upload.data, upload.name)
    if not texts:
        texts = {lang: {"title": stored.filename} for lang in LANGS}
    count = session.exec(
        select(SiteDocument.id).where(
            SiteDocument.school_id == school_id, col(SiteDocument.deleted_at).is_(None)
        )
    ).all()
    row = SiteDocument(
        school_id=school_id,
        texts=texts,
        file_id=stored.file_id,
        filename=stored.filename,
        media_type=stored.media_type,
        size=stored.size,
        position=len(count),
        created_by=actor,
    )
    session.add(row)
    session.flush()
    changed(
        session,
        school_id=school_id,
        actor=actor,
        action="site_document_add",
        entity=f"site_document:{row.id}",
        details={"filename": row.filename, "size": row.size},
    )
    return row
