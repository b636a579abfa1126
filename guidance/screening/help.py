"""Help a student sees at once after a screening: the helplines and the school psychologists.

The helplines are Kazakhstan's: 111 (the single contact centre for questions of family, women
and the protection of children's rights) and 150 (the national helpline for children and young
people); both are free of charge and around the clock. The psychologists' names come from their
accounts, their office, phone and hours from what they entered (SpecialistContact).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from guidance.screening.cases import psychologists
from models.guidance import SpecialistContact
from models.i18n import N_, Message, message


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    office: str
    phone: str
    hours: str


@dataclass(frozen=True, slots=True)
class Help:
    helplines: tuple[tuple[str, Message], ...]
    contacts: tuple[Contact, ...]


HELPLINES: tuple[tuple[str, Message], ...] = (
    ("150", message(N_("Helpline for children and young people: free, day and night."))),
    ("111", message(N_("Contact centre for family and children's rights: free, day and night."))),
    ("112", message(N_("Emergency: if you or someone else is in danger right now."))),
)


def help_for_student(session: Session, *, school_id: int) -> Help:
    """The helplines and the school's psychologists with their office and hours.

    Args:
        session: an open session.
        school_id: the student's school.

    Returns:
        What the help box shows.
    """
    staff = psychologists(session, school_id)
    ids = [p.id for p in staff]
    rows = session.exec(
        select(SpecialistContact).where(
            SpecialistContact.school_id == school_id, col(SpecialistContact.user_id).in_(ids)
        )
    ).all()
    by_user = {r.user_id: r for r in rows}
    contacts = []
    for account in staff:
        row = by_user.get(account.id or 0)
        contacts.append(
            Contact(account.name, row.office if row else "", row.phone if row else "",
                    row.hours if row else "")
        )  # fmt: skip
    return Help(HELPLINES, tuple(contacts))


def get_contact(session: Session, *, school_id: int, user_id: int) -> SpecialistContact:
    """A specialist's contact row (a new, unsaved one when they have none yet)."""
    row = session.exec(
        select(SpecialistContact).where(
            SpecialistContact.school_id == school_id, SpecialistContact.user_id == user_id
        )
    ).first()
    return row or SpecialistContact(school_id=school_id, user_id=user_id)


def set_contact(
    session: Session, *, school_id: int, user_id: int, office: str, phone: str, hours: str
) -> SpecialistContact:
    """Saves where students find a specialist.

    Args:
        session: an open session; the caller commits.
        school_id: the specialist's school.
        user_id: the specialist's account.
        office: e.g. "Room 204, 2nd floor".
        phone: a phone number students may call.
        hours: e.g. "Mon–Fri 9:00–15:00".

    Returns:
        The saved row.
    """
    row = get_contact(session, school_id=school_id, user_id=user_id)
    row.office, row.phone, row.hours = office.strip()[:200], phone.strip()[:50], hours.strip()[:200]
    session.add(row)
    session.flush()
    return row
