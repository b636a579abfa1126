"""Reading consultations: a student's log as one reader may see it, a specialist's bookings,
and the reminders due before consultations that are coming up."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import Session, col, select

from guidance.work.consult_slots import aware
from guidance.work.consultations import (
    REMIND_BEFORE,
    ConsultView,
    Reader,
    Tell,
    student_accounts,
    tell_once,
)
from guidance.work.errors import WorkNotFound
from models.accounts import UserAccount
from models.base import utcnow
from models.guidance_work import (
    ACTIVE_STATUSES,
    Consultation,
    ConsultationNote,
    ConsultationSlot,
)
from models.i18n import N_, message
from models.people import Student


def _views(session: Session, rows: Sequence[Consultation], reader: Reader) -> list[ConsultView]:
    if not rows:
        return []
    slots = {
        s.id: s
        for s in session.exec(
            select(ConsultationSlot).where(col(ConsultationSlot.id).in_([r.slot_id for r in rows]))
        ).all()
    }
    people = {r.specialist_id for r in rows}
    names = {
        a.id: a.name
        for a in session.exec(select(UserAccount).where(col(UserAccount.id).in_(people))).all()
    }
    students = {
        s.id: s.name
        for s in session.exec(
            select(Student).where(col(Student.id).in_({r.student_id for r in rows}))
        ).all()
    }
    notes: dict[int, list[ConsultationNote]] = {}
    readable = [r.id for r in rows if r.track in reader.note_tracks]
    if readable:
        for n in session.exec(
            select(ConsultationNote)
            .where(col(ConsultationNote.consultation_id).in_(readable))
            .order_by(col(ConsultationNote.id))
        ).all():
            notes.setdefault(n.consultation_id, []).append(n)
    out = []
    for r in rows:
        slot = slots[r.slot_id]
        out.append(ConsultView(
            r, aware(slot.starts_at), slot.minutes, slot.place, names.get(r.specialist_id, ""),
            students.get(r.student_id, ""), r.note if reader.student_note else "",
            tuple(notes.get(r.id or 0, ())),
        ))  # fmt: skip
    out.sort(key=lambda v: v.starts_at, reverse=True)
    return out


def student_consultations(
    session: Session, *, school_id: int, student_id: int, reader: Reader
) -> list[ConsultView]:
    """A student's consultations of the tracks the reader may see, newest first, each with the
    outcome log where the reader may read it.

    Args:
        session: an open session.
        school_id: the school.
        student_id: the student.
        reader: what the reader may see.

    Returns:
        The consultations (none when the reader sees no track).
    """
    if not reader.tracks:
        return []
    rows = session.exec(
        select(Consultation).where(
            Consultation.school_id == school_id,
            Consultation.student_id == student_id,
            col(Consultation.track).in_(reader.tracks),
        )
    ).all()
    return _views(session, rows, reader)


def specialist_bookings(
    session: Session, *, school_id: int, specialist_id: int, track: str, since: datetime
) -> list[ConsultView]:
    """A specialist's bookings from `since` on, and every earlier one still without an outcome,
    with the students' notes and the outcome log (of their own track).

    Args:
        session: an open session.
        school_id: the school.
        specialist_id: the specialist.
        track: their track (their notes are the ones they read).
        since: from this time.

    Returns:
        The bookings, newest first.
    """
    slots = select(ConsultationSlot.id).where(
        ConsultationSlot.school_id == school_id,
        col(ConsultationSlot.starts_at) >= aware(since),
    )
    rows = session.exec(
        select(Consultation).where(
            Consultation.school_id == school_id,
            Consultation.specialist_id == specialist_id,
            col(Consultation.slot_id).in_(slots) | col(Consultation.status).in_(ACTIVE_STATUSES),
        )
    ).all()
    return _views(session, rows, Reader(frozenset({track}), frozenset({track}), True))


def specialist_booking(
    session: Session, *, school_id: int, specialist_id: int, track: str, consultation_id: int
) -> ConsultView:
    """One of the specialist's own bookings, with the student's note and the outcome log.

    Raises:
        WorkNotFound: not a booking of this specialist in this school.
    """
    row = session.get(Consultation, consultation_id)
    if row is None or row.school_id != school_id or row.specialist_id != specialist_id:
        raise WorkNotFound("consultation_not_found", [message(N_("There is no such booking."))])
    return _views(session, [row], Reader(frozenset({track}), frozenset({track}), True))[0]


def send_reminders(
    session: Session, *, school_id: int, tell: Tell, now: datetime | None = None
) -> int:
    """In-app reminders to students whose active consultation begins within a day (once each).

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        tell: how notices are written.
        now: the current time (tests).

    Returns:
        How many consultations were looked at (reminders already sent are not sent again).
    """
    now = now or utcnow()
    due = session.exec(
        select(Consultation, ConsultationSlot)
        .join(ConsultationSlot, col(ConsultationSlot.id) == Consultation.slot_id)
        .where(
            Consultation.school_id == school_id,
            col(Consultation.status).in_(ACTIVE_STATUSES),
            col(ConsultationSlot.starts_at) > aware(now),
            col(ConsultationSlot.starts_at) <= aware(now + REMIND_BEFORE),
        )
    ).all()
    for row, slot in due:
        body = message(N_("Reminder: your consultation is on {when}{place}."),
                       when=tell.when(slot.starts_at),
                       place=f" ({slot.place})" if slot.place else "")  # fmt: skip
        for account in student_accounts(session, school_id, row.student_id):
            tell_once(session, school_id, account, f"consult:{row.id}:reminder:u{account}",
                  message(N_("Consultation reminder")), body, tell)  # fmt: skip
    return len(due)
