"""Secret iCalendar subscription URLs: tokens per teacher, class or room, and the feed itself."""

from __future__ import annotations

import secrets

from sqlmodel import Session, col, select

from importers.ical import export_ical_for
from models.accounts import CalendarToken
from models.base import utcnow
from models.errors import NotFound
from models.i18n import N_, message
from web.services.substitutions_calendar import with_covers
from web.services.timetables import version_data

FEED_KINDS = ("teacher", "class", "room")


def token_for(session: Session, *, school_id: int, kind: str, ref: str) -> CalendarToken:
    """The live subscription token of one teacher, class or room (made on first use)."""
    row = session.exec(
        select(CalendarToken).where(
            CalendarToken.school_id == school_id, CalendarToken.kind == kind,
            CalendarToken.ref == ref, col(CalendarToken.revoked_at).is_(None),
        )
    ).first()  # fmt: skip
    if row is None:
        row = CalendarToken(
            school_id=school_id, kind=kind, ref=ref, token=secrets.token_urlsafe(24)
        )
        session.add(row)
        session.flush()
    return row


def renew_token(session: Session, *, school_id: int, kind: str, ref: str) -> CalendarToken:
    """Revokes the current token (a leaked link stops working) and makes a new one."""
    old = token_for(session, school_id=school_id, kind=kind, ref=ref)
    old.revoked_at = utcnow()
    session.add(old)
    session.flush()
    return token_for(session, school_id=school_id, kind=kind, ref=ref)


def feed(session: Session, *, token: str) -> tuple[str, bytes]:
    """(file name, iCalendar bytes) of a token's owner in the currently published timetable.

    The feed is computed from whatever version is published when the calendar app asks, so a
    subscription follows each new publication, and the published covers of its teacher or
    class (web.services.substitutions_calendar) follow each cover plan's publication.

    Raises:
        NotFound: unknown or revoked token, or nothing published.
    """
    row = session.exec(select(CalendarToken).where(CalendarToken.token == token)).first()
    if row is None or row.revoked_at is not None or row.kind not in FEED_KINDS:
        raise NotFound("calendar_not_found", [message(N_("There is no such calendar."))])
    vd = version_data(session, school_id=row.school_id)
    tt = vd.timetable
    owner = tt.owner_id(row.kind, row.ref)  # type: ignore[arg-type]
    placements = [tt.placements[i] for i in tt.placed(row.kind, owner)]  # type: ignore[arg-type]
    name = tt.owner(row.kind, row.ref).name  # type: ignore[arg-type]
    body = export_ical_for(
        tt.problem, vd.snapshot.terms, placements, name=f"{vd.school_name}: {name}"
    )
    filename = f"{row.kind}-{row.ref}.ics"
    if not filename.isascii():  # a header carries Latin-1 only: "class-2А.ics" answered 500
        filename = f"{row.kind}-{row.id}.ics"
    return filename, with_covers(session, vd, row.kind, row.ref, body)
