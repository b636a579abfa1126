"""Photos of pupils: public only with a consent in force for every pupil tagged; revoking hides."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from PIL import Image
from sqlmodel import Session, select

from models.history import AuditEntry
from models.website import ParentalConsent
from models.website_consent import consent_history, photo_consent, record_consent, revoke_consent
from models.website_items import PostForm, save_album, save_post, set_published
from models.website_media import Upload, add_photos, photos_of, save_photo
from models.website_public import public_photo, public_photos
from models.website_texts import SiteError, SiteNotFound
from tests.website.conftest import Schools, png

NOW = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)


def _album_with_photos(
    db: Session, schools: Schools, root: Path, count: int
) -> tuple[int, list[int]]:
    album = save_album(
        db, school_id=schools.ours, actor="d", texts={"ru": {"title": "Осенний бал"}}, taken_on=None
    )
    set_published(
        db, school_id=schools.ours, actor="d", kind="album", item_id=album.id or 0, published=True
    )
    uploads = [Upload(f"{n}.png", png(color=(n * 40, 10, 10))) for n in range(count)]
    result = add_photos(
        db, school_id=schools.ours, actor="d", root=root, uploads=uploads, album_id=album.id
    )
    assert result.refused == []
    return album.id or 0, [p.id or 0 for p in result.added]


def _public_ids(db: Session, schools: Schools, album: int) -> list[int]:
    return [p.id or 0 for p in public_photos(db, school_id=schools.ours, album_ids=[album])]


def _consent(db: Session, schools: Schools, pupil: int) -> None:
    record_consent(
        db,
        school_id=schools.ours,
        actor="director",
        student_id=pupil,
        given_by="Нұрлан Әбенов",
        given_on=date(2026, 9, 1),
    )


def test_a_photo_with_pupils_needs_everyones_consent(
    session: Session, schools: Schools, tmp_path: Path
) -> None:
    album, (landscape, group, untagged) = _album_with_photos(session, schools, tmp_path, 3)
    a, b, _ = schools.pupils
    save_photo(
        session,
        school_id=schools.ours,
        actor="d",
        photo_id=group,
        captions={"kk": "Сынып"},
        shows_pupils=True,
        student_ids=[a, b],
    )
    save_photo(
        session,
        school_id=schools.ours,
        actor="d",
        photo_id=untagged,
        captions={},
        shows_pupils=True,
        student_ids=[],
    )
    # no consents: only the photo without pupils; nobody tagged means nobody could consent
    assert _public_ids(session, schools, album) == [landscape]
    _consent(session, schools, a)
    assert _public_ids(session, schools, album) == [landscape]  # b's consent is still missing
    verdict = photo_consent(
        session,
        school_id=schools.ours,
        photos=photos_of(session, school_id=schools.ours, album_id=album),
    )
    assert verdict[group].missing == frozenset({b})
    assert verdict[untagged].untagged
    _consent(session, schools, b)
    assert _public_ids(session, schools, album) == [landscape, group]

    # the file itself follows the same rule, and revoking hides it at once
    file_id = next(
        p.file_id
        for p in photos_of(session, school_id=schools.ours, album_id=album)
        if p.id == group
    )
    assert public_photo(session, school_id=schools.ours, file_id=file_id, now=NOW, today=NOW.date())
    assert revoke_consent(session, school_id=schools.ours, actor="parent", student_id=b)
    assert _public_ids(session, schools, album) == [landscape]
    with pytest.raises(SiteNotFound):
        public_photo(session, school_id=schools.ours, file_id=file_id, now=NOW, today=NOW.date())
    # the record stays, revoked, with who and when; a new consent is a new record
    history = consent_history(session, school_id=schools.ours, student_id=b)
    assert len(history) == 1 and history[0].revoked_by == "parent" and history[0].revoked_at
    _consent(session, schools, b)
    assert len(consent_history(session, school_id=schools.ours, student_id=b)) == 2
    actions = session.exec(
        select(AuditEntry.action).where(AuditEntry.school_id == schools.ours)
    ).all()
    assert actions.count("consent_record") == 3 and actions.count("consent_revoke") == 1


def test_consent_of_another_schools_pupil_or_tag_is_refused(
    session: Session, schools: Schools, tmp_path: Path
) -> None:
    _, (photo,) = _album_with_photos(session, schools, tmp_path, 1)
    with pytest.raises(SiteNotFound):
        save_photo(
            session,
            school_id=schools.ours,
            actor="d",
            photo_id=photo,
            captions={},
            shows_pupils=True,
            student_ids=[schools.other_pupil],
        )
    with pytest.raises(SiteNotFound):
        record_consent(
            session,
            school_id=schools.ours,
            actor="d",
            student_id=schools.other_pupil,
            given_by="Кім де болса",
            given_on=date(2026, 9, 1),
        )
    with pytest.raises(SiteError):
        record_consent(
            session,
            school_id=schools.ours,
            actor="d",
            student_id=schools.pupils[0],
            given_by="  ",
            given_on=date(2026, 9, 1),
        )
    # a consent in another school does not count here
    session.add(
        ParentalConsent(
            school_id=schools.other,
            student_id=schools.pupils[0],
            given_by="x",
            given_on=date(2026, 9, 1),
        )
    )
    save_photo(
        session,
        school_id=schools.ours,
        actor="d",
        photo_id=photo,
        captions={},
        shows_pupils=True,
        student_ids=[schools.pupils[0]],
    )
    verdict = photo_consent(
        session, school_id=schools.ours, photos=photos_of(session, school_id=schools.ours)
    )
    assert not verdict[photo].public


def test_photos_of_a_draft_post_are_not_served(
    session: Session, schools: Schools, tmp_path: Path
) -> None:
    post = save_post(
        session,
        school_id=schools.ours,
        actor="d",
        form=PostForm(kind="news", texts={"en": {"title": "Sports day"}}),
    )
    added = add_photos(
        session,
        school_id=schools.ours,
        actor="d",
        root=tmp_path,
        uploads=[Upload("a.png", png())],
        post_id=post.id,
    ).added
    file_id = added[0].file_id
    with pytest.raises(SiteNotFound):
        public_photo(session, school_id=schools.ours, file_id=file_id, now=NOW, today=NOW.date())
    set_published(
        session,
        school_id=schools.ours,
        actor="d",
        kind="post",
        item_id=post.id or 0,
        published=True,
        at=NOW,
    )
    assert public_photo(session, school_id=schools.ours, file_id=file_id, now=NOW, today=NOW.date())
    with pytest.raises(SiteNotFound):  # the same file asked for through another school
        public_photo(session, school_id=schools.other, file_id=file_id, now=NOW, today=NOW.date())


def test_uploads_are_resized_upright_without_exif_and_junk_is_refused(
    session: Session, schools: Schools, tmp_path: Path
) -> None:
    post = save_post(
        session,
        school_id=schools.ours,
        actor="d",
        form=PostForm(kind="news", texts={"en": {"title": "Big photo"}}),
    )
    big = Image.new("RGB", (3000, 2000), (10, 120, 200))
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° to show upright
    exif[0x010F] = "PhoneMaker"
    raw = io.BytesIO()
    big.save(raw, "JPEG", exif=exif.tobytes())
    result = add_photos(
        session,
        school_id=schools.ours,
        actor="d",
        root=tmp_path,
        post_id=post.id,
        uploads=[
            Upload("big.jpg", raw.getvalue()),
            Upload("notes.txt", b"hello"),
            Upload("fake.jpg", b"\xff\xd8\xff not really"),
        ],
    )
    assert len(result.added) == 1 and len(result.refused) == 2
    assert "notes.txt" in str(result.refused[0]) and "fake.jpg" in str(result.refused[1])
    photo = result.added[0]
    assert (photo.width, photo.height) == (1067, 1600)  # turned upright, then fitted in 1600 px
    folder = tmp_path / "site-files" / str(schools.ours)
    with Image.open(folder / f"{photo.file_id}.jpg") as full:
        assert full.size == (1067, 1600) and not full.getexif()
    with Image.open(folder / f"{photo.file_id}.t.jpg") as thumb:
        assert max(thumb.size) == 480
