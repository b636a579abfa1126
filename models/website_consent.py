"""Parental consent to show pupils in the website's photos, and which photos may be shown.

A photo marked "shows pupils" is public only while every pupil tagged in it has a consent in
force (recorded, not revoked) for the `site_photos` scope; a photo that shows pupils but has no
one tagged is never public, since nobody's consent can be checked. Revoking a consent hides the
photos at once: the public pages and the photo files check consent on every request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.base import utcnow
from models.i18n import N_
from models.people import Guardianship, Parent, Student
from models.website import SITE_PHOTOS, ParentalConsent, SitePhoto, SitePhotoPupil
from models.website_settings import changed
from models.website_texts import not_found, refuse


def _student(session: Session, school_id: int, student_id: int) -> Student:
    student = session.get(Student, student_id)
    if student is None or student.school_id != school_id or student.deleted_at is not None:
        raise not_found()
    return student


def consent_in_force(
    session: Session, *, school_id: int, student_id: int, scope: str = SITE_PHOTOS
) -> ParentalConsent | None:
    """The pupil's consent for `scope` that is in force now, or None."""
    query = select(ParentalConsent).where(
        ParentalConsent.school_id == school_id,
        ParentalConsent.student_id == student_id,
        ParentalConsent.scope == scope,
        col(ParentalConsent.revoked_at).is_(None),
    )
    return session.exec(query.order_by(col(ParentalConsent.id).desc())).first()


def consented(
    session: Session, *, school_id: int, student_ids: Iterable[int], scope: str = SITE_PHOTOS
) -> set[int]:
    """Those of `student_ids` whose consent for `scope` is in force."""
    ids = set(student_ids)
    if not ids:
        return set()
    query = select(ParentalConsent.student_id).where(
        ParentalConsent.school_id == school_id,
        col(ParentalConsent.student_id).in_(ids),
        ParentalConsent.scope == scope,
        col(ParentalConsent.revoked_at).is_(None),
    )
    return set(session.exec(query).all())


def record_consent(
    session: Session,
    *,
    school_id: int,
    actor: str,
    student_id: int,
    given_by: str,
    given_on: date,
    parent_id: int | None = None,
    note: str = "",
    scope: str = SITE_PHOTOS,
) -> ParentalConsent:
    """Records a parent's consent for a pupil (a consent already in force is kept as it is).

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who records it (the admin's or the parent's login).
        student_id: the pupil.
        given_by: the parent or guardian who gave it, as on the signed form.
        given_on: the day it was given.
        parent_id: that person's parent row, when known (a parent giving it themselves).
        note: where the signed form is kept, or anything worth knowing.
        scope: what it allows (site_photos).

    Returns:
        The consent in force.

    Raises:
        SiteNotFound: no such pupil (or parent) in this school.
        SiteError: nobody named as its giver.
    """
    _student(session, school_id, student_id)
    if parent_id is not None:
        parent = session.get(Parent, parent_id)
        if parent is None or parent.school_id != school_id:
            raise not_found()
    if not given_by.strip():
        raise refuse("site_consent_giver", N_("Write who gave the consent."))
    current = consent_in_force(session, school_id=school_id, student_id=student_id, scope=scope)
    if current is not None:
        return current
    row = ParentalConsent(
        school_id=school_id,
        student_id=student_id,
        scope=scope,
        given_by=given_by.strip()[:200],
        parent_id=parent_id,
        given_on=given_on,
        note=note.strip()[:500],
        recorded_by=actor,
    )
    session.add(row)
    session.flush()
    changed(
        session,
        school_id=school_id,
        actor=actor,
        action="consent_record",
        entity=f"parental_consent:{row.id}",
        details={
            "student_id": student_id,
            "scope": scope,
            "given_by": row.given_by,
            "given_on": given_on.isoformat(),
        },
    )
    return row


def revoke_consent(
    session: Session, *, school_id: int, actor: str, student_id: int, scope: str = SITE_PHOTOS
) -> bool:
    """Revokes the pupil's consent in force (the record stays, with when and by whom).

    Returns:
        Whether there was a consent in force to revoke.

    Raises:
        SiteNotFound: no such pupil in this school.
    """
    _student(session, school_id, student_id)
    rows = session.exec(
        select(ParentalConsent).where(
            ParentalConsent.school_id == school_id,
            ParentalConsent.student_id == student_id,
            ParentalConsent.scope == scope,
            col(ParentalConsent.revoked_at).is_(None),
        )
    ).all()
    for row in rows:
        row.revoked_at, row.revoked_by = utcnow(), actor
        session.add(row)
        changed(
            session,
            school_id=school_id,
            actor=actor,
            action="consent_revoke",
            entity=f"parental_consent:{row.id}",
            details={"student_id": student_id, "scope": scope},
        )
    return bool(rows)


def consent_history(session: Session, *, school_id: int, student_id: int) -> list[ParentalConsent]:
    """Every consent recorded for a pupil, newest first (revoked ones included)."""
    query = select(ParentalConsent).where(
        ParentalConsent.school_id == school_id, ParentalConsent.student_id == student_id
    )
    return list(session.exec(query.order_by(col(ParentalConsent.id).desc())).all())


def children_of(session: Session, *, school_id: int, parent_id: int) -> list[Student]:
    """A parent's children in this school, by name (for the parent's own consent page)."""
    query = (
        select(Student)
        .join(Guardianship, col(Guardianship.student_id) == col(Student.id))
        .where(
            Guardianship.parent_id == parent_id,
            Guardianship.school_id == school_id,
            col(Student.deleted_at).is_(None),
        )
        .order_by(col(Student.name))
    )
    return list(session.exec(query).all())


def photo_tags(
    session: Session, *, school_id: int, photo_ids: Iterable[int]
) -> dict[int, set[int]]:
    """Photo id -> the pupils tagged in it."""
    ids = set(photo_ids)
    tags: dict[int, set[int]] = defaultdict(set)
    if not ids:
        return tags
    query = select(SitePhotoPupil.photo_id, SitePhotoPupil.student_id).where(
        SitePhotoPupil.school_id == school_id, col(SitePhotoPupil.photo_id).in_(ids)
    )
    for photo_id, student_id in session.exec(query).all():
        tags[photo_id].add(student_id)
    return tags


@dataclass(frozen=True, slots=True)
class PhotoConsent:
    """Whether a photo may be public and, if not, whose consent is missing."""

    public: bool
    missing: frozenset[int]  # tagged pupils without consent in force
    untagged: bool  # marked as showing pupils, but nobody is tagged


def photo_consent(
    session: Session, *, school_id: int, photos: Iterable[SitePhoto]
) -> dict[int, PhotoConsent]:
    """Photo id -> whether its pupils' consents allow showing it publicly now.

    Args:
        session: an open session.
        school_id: the school (photos of another school are left out).
        photos: the photos to check.

    Returns:
        One verdict per photo of the school.
    """
    mine = [p for p in photos if p.school_id == school_id and p.id is not None]
    with_pupils = [p.id for p in mine if p.shows_pupils and p.id is not None]
    tags = photo_tags(session, school_id=school_id, photo_ids=with_pupils)
    everyone = set().union(*tags.values()) if tags else set()
    allowed = consented(session, school_id=school_id, student_ids=everyone)
    out = {}
    for photo in mine:
        assert photo.id is not None
        if not photo.shows_pupils:
            out[photo.id] = PhotoConsent(True, frozenset(), False)
            continue
        tagged = tags.get(photo.id, set())
        missing = frozenset(tagged - allowed)
        out[photo.id] = PhotoConsent(bool(tagged) and not missing, missing, not tagged)
    return out


@dataclass(frozen=True)
class ConsentRow:
    """A pupil of a class with their consent in force (if any) and their parents."""

    student: Student
    consent: ParentalConsent | None
    parents: tuple[Parent, ...]
    last_revoked: ParentalConsent | None


def class_consents(session: Session, *, school_id: int, class_id: int) -> list[ConsentRow]:
    """The pupils of a class (by name) with their site-photo consents and parents.

    Args:
        session: an open session.
        school_id: the school (a class of another school gives no rows).
        class_id: the class.

    Returns:
        One row per live pupil of the class.
    """
    pupils = session.exec(
        select(Student)
        .where(
            Student.school_id == school_id,
            Student.class_id == class_id,
            col(Student.deleted_at).is_(None),
        )
        .order_by(col(Student.name))
    ).all()
    ids = [p.id for p in pupils if p.id is not None]
    consents = session.exec(
        select(ParentalConsent)
        .where(
            ParentalConsent.school_id == school_id,
            col(ParentalConsent.student_id).in_(ids),
            ParentalConsent.scope == SITE_PHOTOS,
        )
        .order_by(col(ParentalConsent.id))
    ).all()
    links = session.exec(
        select(Guardianship.student_id, Parent)
        .join(Parent, col(Parent.id) == col(Guardianship.parent_id))
        .where(Guardianship.school_id == school_id, col(Guardianship.student_id).in_(ids))
        .order_by(col(Guardianship.position))
    ).all()
    parents: dict[int, list[Parent]] = defaultdict(list)
    for student_id, parent in links:
        parents[student_id].append(parent)
    live = {c.student_id: c for c in consents if c.revoked_at is None}
    revoked = {c.student_id: c for c in consents if c.revoked_at is not None}
    return [
        ConsentRow(p, live.get(p.id or 0), tuple(parents[p.id or 0]), revoked.get(p.id or 0))
        for p in pupils
    ]
