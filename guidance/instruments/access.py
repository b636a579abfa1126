"""Who may send an instrument and who may read its results (one place, tested rule by rule).

- A psychologist sends any instrument and reads every result of their school's students.
- A career counsellor sends and reads the non-clinical ones only (interests, work types,
  personality, learning, English level): those are no health data, and the counsellor's work
  needs them. Screenings (clinical = true) are for psychologists alone.
- The school admin reads non-clinical results (the profile page), never screenings.
- A student, and their parent, read the student's own non-clinical results where the instrument
  lets the student see them; of a screening the student sees "thank you" and help, never a score.
- Teachers (also class teachers) and timetablers read no instrument results.
"""

from __future__ import annotations

from models.accounts import COUNSELLOR, PARENT, PSYCHOLOGIST, SCHOOL_ADMIN, STUDENT

SENDERS: tuple[str, ...] = (PSYCHOLOGIST, COUNSELLOR)


def may_send(role: str, *, clinical: bool) -> bool:
    """Whether `role` may send an instrument (clinical: a screening)."""
    return role == PSYCHOLOGIST or (role == COUNSELLOR and not clinical)


def may_read(role: str, *, clinical: bool, student_sees: bool) -> bool:
    """Whether `role` may read a result (for students and parents: their own or their child's).

    Args:
        role: the reader's role.
        clinical: the instrument is a screening.
        student_sees: the instrument lets the student see their own result.

    Returns:
        True when the rule above allows it.
    """
    if role == PSYCHOLOGIST:
        return True
    if clinical:
        return False
    if role in (COUNSELLOR, SCHOOL_ADMIN):
        return True
    return role in (STUDENT, PARENT) and student_sees
