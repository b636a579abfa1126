"""Consultations: a student books a slot (a reason category and a note only the specialist
reads), the specialist confirms or cancels and logs the outcome (notes, next steps, a follow-up
date) as an append-only log per student; in-app notices and a reminder tell each side.

Psychology notes are the psychologist's only: who reads which track is the caller's `Reader`
(guidance.profile.access builds it from the viewer), never decided here from a role string.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo

from sqlmodel import Session, col, select

from guidance.work.consult_slots import active_booking, aware
from guidance.work.errors import WorkError, WorkNotFound
from guidance.work.roster import school_student
from models.accounts import UserAccount
from models.base import utcnow
from models.guidance_work import (
    ACTIVE_STATUSES,
    CANCELLED,
    CAREER,
    CONFIRMED,
    HELD,
    MISSED,
    PSYCHOLOGY,
    REQUESTED,
    Consultation,
    ConsultationNote,
    ConsultationSlot,
)
from models.i18n import N_, Message, message
from models.notices import queue_notice
from models.outbox import IN_APP, Notice
from models.school import School

REASONS: dict[str, dict[str, str]] = {
    CAREER: {
        "profession": N_("Choosing a profession"),
        "subjects": N_("Profile subjects and the UNT"),
        "admission": N_("Admission to a university"),
        "abroad": N_("Studying abroad"),
        "other": N_("Something else"),
    },
    PSYCHOLOGY: {
        "learning": N_("Learning and exams"),
        "relationships": N_("Friends and classmates"),
        "feelings": N_("Mood, stress or worry"),
        "family": N_("Family"),
        "other": N_("Something else"),
    },
}
STATUS_LABELS: dict[str, str] = {
    REQUESTED: N_("requested"),
    CONFIRMED: N_("confirmed"),
    CANCELLED: N_("cancelled"),
    HELD: N_("held"),
    MISSED: N_("missed"),
}
MAX_NOTE = 2000
REMIND_BEFORE = timedelta(hours=24)
# language code -> that language's gettext; guidance does not import web, so the caller passes it
Texts = Callable[[str], Callable[[str], str]]


@dataclass(frozen=True, slots=True)
class Tell:
    """How notices are written: each reader's gettext, and the school clock for times."""

    texts: Texts
    tz: tzinfo

    def when(self, moment: datetime) -> str:
        """A time as notices print it (school clock)."""
        return aware(moment).astimezone(self.tz).strftime("%d.%m.%Y %H:%M")


@dataclass(frozen=True, slots=True)
class Reader:
    """What one reader may see of a student's consultations."""

    tracks: frozenset[str]  # consultations of these tracks are listed
    note_tracks: frozenset[str] = frozenset()  # outcome notes of these tracks are shown
    student_note: bool = False  # the student's own words (the specialist and the student)


@dataclass(frozen=True, slots=True)
class ConsultView:
    """A consultation as one reader sees it."""

    row: Consultation
    starts_at: datetime
    minutes: int
    place: str
    specialist: str
    student: str
    note: str  # empty unless the reader may read it
    outcomes: tuple[ConsultationNote, ...] = field(default_factory=tuple)

    @property
    def reason(self) -> Message:
        """The reason category in words."""
        return message(REASONS.get(self.row.track, {}).get(self.row.reason, self.row.reason))

    @property
    def status(self) -> Message:
        """The status in words."""
        return message(STATUS_LABELS.get(self.row.status, self.row.status))


def tell_once(
    session: Session, school_id: int, account_id: int, key: str, subject: Message, body: Message,
    tell: Tell,
) -> None:  # fmt: skip
    """An in-app notice in the reader's language, once per key."""
    if session.exec(select(Notice.id).where(Notice.key == key)).first() is not None:
        return
    account = session.get(UserAccount, account_id)
    school = session.get(School, school_id)
    language = (account.language if account else "") or (school.language if school else "ru")
    gettext = tell.texts(language)
    queue_notice(
        session, school_id=school_id, user_id=account_id, channel=IN_APP, address="",
        subject=subject.render(gettext), body=body.render(gettext), key=key,
    )  # fmt: skip


def student_accounts(session: Session, school_id: int, student_id: int) -> list[int]:
    """The active accounts of a student (where their notices go)."""
    return [
        a
        for a in session.exec(
            select(UserAccount.id).where(
                UserAccount.school_id == school_id,
                UserAccount.student_id == student_id,
                col(UserAccount.active).is_(True),
                col(UserAccount.deleted_at).is_(None),
            )
        ).all()
        if a is not None
    ]


def book(
    session: Session, *, school_id: int, student_id: int, user_id: int, slot_id: int,
    reason: str, note: str, tell: Tell, now: datetime | None = None,
) -> Consultation:  # fmt: skip
    """A student books a free slot; the specialist and the student are told in the app.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        student_id: the student booking (the reader themself).
        user_id: the student's account.
        slot_id: the slot.
        reason: a category of REASONS for the slot's track.
        note: optional words for the specialist only.
        tell: how notices are written.
        now: the current time (tests).

    Returns:
        The booking, status "requested".

    Raises:
        WorkNotFound: no such student, or no such live slot in this school.
        WorkError: the slot has passed or is taken, an unknown reason, a note too long, or the
            student already has an active booking with this specialist.
    """
    student = school_student(session, school_id=school_id, student_id=student_id)
    slot = session.get(ConsultationSlot, slot_id)
    if slot is None or slot.school_id != school_id or slot.deleted_at is not None:
        raise WorkNotFound("slot_not_found", [message(N_("There is no such slot."))])
    problems = _booking_problems(session, slot, student_id, reason, note, now or utcnow())
    if problems:
        raise WorkError("cannot_book", problems)
    booking = Consultation(
        school_id=school_id, slot_id=slot_id, holds_slot=slot_id, student_id=student_id,
        specialist_id=slot.specialist_id, track=slot.track, reason=reason,
        note=note.strip(), booked_by=user_id,
    )  # fmt: skip
    session.add(booking)
    session.flush()
    subject = message(N_("A consultation was booked"))
    body = message(N_("{student} booked a consultation on {when}: {reason}."),
                   student=student.name, when=tell.when(slot.starts_at),
                   reason=message(REASONS[slot.track][reason]))  # fmt: skip
    tell_once(session, school_id, slot.specialist_id, f"consult:{booking.id}:booked", subject, body,
          tell)  # fmt: skip
    specialist = session.get(UserAccount, slot.specialist_id)
    mine = message(N_("You booked a consultation with {specialist} on {when}; it waits for "
                      "the specialist to confirm it."),
                   specialist=specialist.name if specialist else "",
                   when=tell.when(slot.starts_at))  # fmt: skip
    for account in student_accounts(session, school_id, student_id):
        tell_once(session, school_id, account, f"consult:{booking.id}:booked:u{account}",
                  subject, mine, tell)  # fmt: skip
    return booking


def _booking_problems(
    session: Session, slot: ConsultationSlot, student_id: int, reason: str, note: str,
    now: datetime,
) -> list[Message]:  # fmt: skip
    problems = []
    if aware(slot.starts_at) <= now:
        problems.append(message(N_("This time has passed; choose another.")))
    elif active_booking(session, slot.id or 0) is not None:
        problems.append(message(N_("Someone has just booked this time; choose another.")))
    if reason not in REASONS.get(slot.track, {}):
        problems.append(message(N_("Choose what the consultation is about.")))
    if len(note) > MAX_NOTE:
        what = N_("The note is longer than {n} characters.")
        problems.append(message(what, n=MAX_NOTE))
    mine = session.exec(
        select(Consultation.id).where(
            Consultation.student_id == student_id,
            Consultation.specialist_id == slot.specialist_id,
            col(Consultation.status).in_(ACTIVE_STATUSES),
        )
    ).first()
    if mine is not None:
        what = N_("You already have a consultation booked with this specialist.")
        problems.append(message(what))
    return problems


def _booking(session: Session, school_id: int, consultation_id: int) -> Consultation:
    row = session.get(Consultation, consultation_id)
    if row is None or row.school_id != school_id:
        raise WorkNotFound("consultation_not_found", [message(N_("There is no such booking."))])
    return row


def _slot(session: Session, row: Consultation) -> ConsultationSlot:
    slot = session.get(ConsultationSlot, row.slot_id)
    assert slot is not None
    return slot


def confirm(
    session: Session, *, school_id: int, specialist_id: int, consultation_id: int, tell: Tell
) -> Consultation:
    """The specialist confirms a requested booking; the student is told.

    Raises:
        WorkNotFound: not a booking of this specialist in this school.
        WorkError: it is not waiting for confirmation.
    """
    row = _booking(session, school_id, consultation_id)
    if row.specialist_id != specialist_id:
        raise WorkNotFound("consultation_not_found", [message(N_("There is no such booking."))])
    if row.status != REQUESTED:
        what = N_("This booking is not waiting to be confirmed.")
        raise WorkError("not_requested", [message(what)])
    row.status, row.decided_at, row.decided_by = CONFIRMED, utcnow(), specialist_id
    session.add(row)
    slot = _slot(session, row)
    body = message(N_("Your consultation on {when} is confirmed{place}."),
                   when=tell.when(slot.starts_at),
                   place=f" ({slot.place})" if slot.place else "")  # fmt: skip
    for account in student_accounts(session, school_id, row.student_id):
        tell_once(session, school_id, account, f"consult:{row.id}:confirmed:u{account}",
              message(N_("Consultation confirmed")), body, tell)  # fmt: skip
    return row


def cancel(
    session: Session, *, school_id: int, consultation_id: int, user_id: int,
    student_id: int | None, reason: str, tell: Tell,
) -> Consultation:  # fmt: skip
    """The student or the specialist cancels an active booking; the slot is free again and the
    other side is told.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        consultation_id: the booking.
        user_id: who cancels.
        student_id: the student cancelling their own booking (None: the specialist).
        reason: why, optional.
        tell: how notices are written.

    Returns:
        The booking, status "cancelled".

    Raises:
        WorkNotFound: not the reader's booking.
        WorkError: it is not active any more.
    """
    row = _booking(session, school_id, consultation_id)
    mine = row.student_id == student_id if student_id is not None else row.specialist_id == user_id
    if not mine:
        raise WorkNotFound("consultation_not_found", [message(N_("There is no such booking."))])
    if row.status not in ACTIVE_STATUSES:
        raise WorkError("not_active", [message(N_("This booking is not active any more."))])
    row.status, row.holds_slot = CANCELLED, None
    row.decided_at, row.decided_by, row.cancel_reason = utcnow(), user_id, reason.strip()[:300]
    session.add(row)
    slot = _slot(session, row)
    subject = message(N_("Consultation cancelled"))
    body = message(N_("The consultation on {when} is cancelled."), when=tell.when(slot.starts_at))
    told = (
        [row.specialist_id]
        if student_id is not None
        else student_accounts(session, school_id, row.student_id)
    )
    for account in told:
        tell_once(session, school_id, account, f"consult:{row.id}:cancelled:u{account}", subject,
              body, tell)  # fmt: skip
    return row


def log_outcome(
    session: Session, *, school_id: int, specialist_id: int, consultation_id: int, notes: str,
    next_steps: str, follow_up_on: date | None, missed: bool = False,
) -> ConsultationNote:  # fmt: skip
    """The specialist logs what came of a consultation (a further entry adds to the log).

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        specialist_id: the specialist (the booking's own).
        consultation_id: the booking.
        notes: what was discussed.
        next_steps: what follows.
        follow_up_on: a follow-up date, optional.
        missed: the student did not come.

    Returns:
        The new log entry.

    Raises:
        WorkNotFound: not a booking of this specialist in this school.
        WorkError: a cancelled booking, or an entry with nothing in it. (A consultation may be
            logged before its slot's time: students also come in earlier.)
    """
    row = _booking(session, school_id, consultation_id)
    if row.specialist_id != specialist_id:
        raise WorkNotFound("consultation_not_found", [message(N_("There is no such booking."))])
    problems = []
    if row.status == CANCELLED:
        problems.append(message(N_("The booking was cancelled.")))
    if not (notes.strip() or next_steps.strip() or missed):
        problems.append(message(N_("Write the notes or the next steps.")))
    if problems:
        raise WorkError("cannot_log", problems)
    row.status = MISSED if missed else HELD
    row.decided_at = row.decided_at or utcnow()
    session.add(row)
    entry = ConsultationNote(
        school_id=school_id, consultation_id=row.id or 0, student_id=row.student_id,
        track=row.track, author_id=specialist_id, notes=notes.strip(),
        next_steps=next_steps.strip(), follow_up_on=follow_up_on,
    )  # fmt: skip
    session.add(entry)
    session.flush()
    return entry
