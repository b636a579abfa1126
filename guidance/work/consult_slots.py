"""Consultation slots: times a counsellor or psychologist offers, one at a time or as a weekly
pattern over several weeks; which of them are free for students to book."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo

from sqlmodel import Session, col, select

from guidance.work.errors import WorkError, WorkNotFound
from models.accounts import COUNSELLOR, PSYCHOLOGIST, UserAccount
from models.base import utcnow
from models.guidance_work import (
    ACTIVE_STATUSES,
    CAREER,
    PSYCHOLOGY,
    Consultation,
    ConsultationSlot,
)
from models.i18n import N_, message

TRACK_OF_ROLE: dict[str, str] = {COUNSELLOR: CAREER, PSYCHOLOGIST: PSYCHOLOGY}
MIN_MINUTES, MAX_MINUTES = 10, 180
MAX_WEEKS = 20


def aware(moment: datetime) -> datetime:
    """A stored time as an aware UTC time (SQLite gives it back without its zone)."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


@dataclass(frozen=True, slots=True)
class SlotView:
    """A slot with its specialist's name and its active booking, if any."""

    slot: ConsultationSlot
    specialist: str
    booking: Consultation | None = None

    @property
    def starts_at(self) -> datetime:
        """When it begins (aware, UTC)."""
        return aware(self.slot.starts_at)

    @property
    def ends_at(self) -> datetime:
        """When it ends."""
        return self.starts_at + timedelta(minutes=self.slot.minutes)


def track_of(role: str) -> str:
    """The track a specialist's role works in.

    Raises:
        WorkError: the role is neither counsellor nor psychologist.
    """
    if role not in TRACK_OF_ROLE:
        what = N_("Only a counsellor or a psychologist offers consultations.")
        raise WorkError("not_a_specialist", [message(what)])
    return TRACK_OF_ROLE[role]


def _live_slots(session: Session, school_id: int, specialist_id: int) -> list[ConsultationSlot]:
    return list(
        session.exec(
            select(ConsultationSlot).where(
                ConsultationSlot.school_id == school_id,
                ConsultationSlot.specialist_id == specialist_id,
                col(ConsultationSlot.deleted_at).is_(None),
            )
        ).all()
    )


def _overlaps(start: datetime, minutes: int, slots: Iterable[ConsultationSlot]) -> bool:
    end = start + timedelta(minutes=minutes)
    for s in slots:
        other = aware(s.starts_at)
        if start < other + timedelta(minutes=s.minutes) and other < end:
            return True
    return False


def _check(starts_at: datetime, minutes: int, now: datetime) -> None:
    problems = []
    if aware(starts_at) <= now:
        problems.append(message(N_("The slot's time has passed.")))
    if not MIN_MINUTES <= minutes <= MAX_MINUTES:
        what = N_("A consultation lasts {low} to {high} minutes.")
        problems.append(message(what, low=MIN_MINUTES, high=MAX_MINUTES))
    if problems:
        raise WorkError("bad_slot", problems)


def publish_slot(
    session: Session, *, school_id: int, specialist_id: int, role: str, starts_at: datetime,
    minutes: int, place: str = "", now: datetime | None = None,
) -> ConsultationSlot:  # fmt: skip
    """Offers one time for a consultation.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        specialist_id: the counsellor's or psychologist's account.
        role: their role (it decides the track).
        starts_at: when it begins (aware).
        minutes: how long.
        place: where (a room), optional.
        now: the current time (tests), default now.

    Returns:
        The slot.

    Raises:
        WorkError: not a specialist, a time that has passed, a length out of range, or a
            time that overlaps another of the specialist's slots.
    """
    track = track_of(role)
    now = now or utcnow()
    _check(starts_at, minutes, now)
    if _overlaps(aware(starts_at), minutes, _live_slots(session, school_id, specialist_id)):
        what = N_("You already offer a slot at that time.")
        raise WorkError("slot_overlaps", [message(what)])
    slot = ConsultationSlot(
        school_id=school_id, specialist_id=specialist_id, track=track,
        starts_at=aware(starts_at), minutes=minutes, place=place.strip(),
    )  # fmt: skip
    session.add(slot)
    session.flush()
    return slot


def publish_weekly(
    session: Session, *, school_id: int, specialist_id: int, role: str, first_day: date,
    weeks: int, weekdays: Iterable[int], times: Iterable[time], minutes: int, place: str,
    tz: tzinfo, now: datetime | None = None,
) -> tuple[list[ConsultationSlot], int]:  # fmt: skip
    """Offers the same times on the same weekdays for several weeks.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        specialist_id: the specialist's account.
        role: their role.
        first_day: the first day of the pattern.
        weeks: how many weeks (1..20).
        weekdays: 0 = Monday ... 6 = Sunday.
        times: the start times on those days (school clock).
        minutes: each slot's length.
        place: where.
        tz: the school clock.
        now: the current time (tests).

    Returns:
        The new slots, and how many times were skipped (passed or overlapping another slot).

    Raises:
        WorkError: not a specialist, a length or number of weeks out of range, no day or time.
    """
    track = track_of(role)
    now = now or utcnow()
    days, starts = sorted(set(weekdays)), sorted(set(times))
    if not 1 <= weeks <= MAX_WEEKS or not days or not starts:
        what = N_("Choose the weekdays, the times and 1 to {weeks} weeks.")
        raise WorkError("bad_pattern", [message(what, weeks=MAX_WEEKS)])
    _check(now + timedelta(days=1), minutes, now)  # the length only
    taken = _live_slots(session, school_id, specialist_id)
    created: list[ConsultationSlot] = []
    skipped = 0
    for offset in range(weeks * 7):
        day = first_day + timedelta(days=offset)
        if day.weekday() not in days:
            continue
        for start in starts:
            moment = datetime.combine(day, start, tzinfo=tz).astimezone(UTC)
            if moment <= now or _overlaps(moment, minutes, [*taken, *created]):
                skipped += 1
                continue
            created.append(ConsultationSlot(
                school_id=school_id, specialist_id=specialist_id, track=track,
                starts_at=moment, minutes=minutes, place=place.strip(),
            ))  # fmt: skip
    session.add_all(created)
    session.flush()
    return created, skipped


def active_booking(session: Session, slot_id: int) -> Consultation | None:
    """The booking that holds a slot, if any."""
    return session.exec(select(Consultation).where(Consultation.holds_slot == slot_id)).first()


def remove_slot(
    session: Session, *, school_id: int, specialist_id: int, slot_id: int
) -> ConsultationSlot:
    """Withdraws one of the specialist's free slots (soft delete).

    Raises:
        WorkNotFound: not a slot of this specialist in this school.
        WorkError: a student has booked it (cancel the booking first).
    """
    slot = session.get(ConsultationSlot, slot_id)
    if (
        slot is None
        or slot.school_id != school_id
        or slot.specialist_id != specialist_id
        or slot.deleted_at is not None
    ):
        raise WorkNotFound("slot_not_found", [message(N_("There is no such slot."))])
    if active_booking(session, slot_id) is not None:
        what = N_("A student has booked this slot: cancel the booking first.")
        raise WorkError("slot_booked", [message(what)])
    slot.deleted_at = utcnow()
    session.add(slot)
    return slot


def _views(session: Session, slots: list[ConsultationSlot]) -> list[SlotView]:
    ids = {s.specialist_id for s in slots}
    names = {
        a.id: a.name
        for a in session.exec(select(UserAccount).where(col(UserAccount.id).in_(ids))).all()
    }
    held = {
        c.slot_id: c
        for c in session.exec(
            select(Consultation).where(
                col(Consultation.slot_id).in_([s.id for s in slots]),
                col(Consultation.status).in_(ACTIVE_STATUSES),
            )
        ).all()
    }
    return [SlotView(s, names.get(s.specialist_id, ""), held.get(s.id or 0)) for s in slots]


def school_slots(
    session: Session, *, school_id: int, start: datetime, end: datetime,
    specialist_id: int | None = None, free_only: bool = False,
) -> list[SlotView]:  # fmt: skip
    """The school's live slots between two times (one specialist's), by time.

    Args:
        session: an open session.
        school_id: the school.
        start: from this time.
        end: until this time.
        specialist_id: only this specialist's.
        free_only: only those nobody has booked.

    Returns:
        The slots with their specialist's name and booking.
    """
    query = select(ConsultationSlot).where(
        ConsultationSlot.school_id == school_id,
        col(ConsultationSlot.deleted_at).is_(None),
        col(ConsultationSlot.starts_at) >= aware(start),
        col(ConsultationSlot.starts_at) < aware(end),
    )
    if specialist_id is not None:
        query = query.where(ConsultationSlot.specialist_id == specialist_id)
    slots = list(session.exec(query.order_by(col(ConsultationSlot.starts_at))).all())
    views = _views(session, slots)
    return [v for v in views if v.booking is None] if free_only else views
