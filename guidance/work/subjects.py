"""A student's chosen pair of UNT profile subjects, kept as history (a new choice soft-deletes
the previous one, so who chose what and when stays readable)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from guidance.work.errors import WorkError
from guidance.work.mock_rules import rules_for, rules_year, subject_label
from guidance.work.roster import school_student
from models.base import utcnow
from models.guidance_work import UNT, ProfileSubjectChoice
from models.i18n import N_, message


def current_choice(
    session: Session, *, school_id: int, student_id: int
) -> ProfileSubjectChoice | None:
    """The student's current pair, if they chose one."""
    return session.exec(
        select(ProfileSubjectChoice)
        .where(
            ProfileSubjectChoice.school_id == school_id,
            ProfileSubjectChoice.student_id == student_id,
            col(ProfileSubjectChoice.deleted_at).is_(None),
        )
        .order_by(col(ProfileSubjectChoice.id).desc())
    ).first()


def allowed_pairs() -> tuple[tuple[str, str], ...]:
    """The profile-subject pairs of this year's UNT rules."""
    return rules_for(UNT, rules_year(UNT, utcnow().date())).pairs


def choose_subjects(
    session: Session, *, school_id: int, student_id: int, first: str, second: str, user_id: int
) -> ProfileSubjectChoice:
    """Records a student's pair of profile subjects (the same pair again changes nothing).

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        student_id: the student.
        first: a subject code of the UNT rules.
        second: the other subject's code.
        user_id: who chose (the student, or a specialist with them).

    Returns:
        The current choice.

    Raises:
        WorkNotFound: no such student.
        WorkError: not a pair of this year's UNT rules.
    """
    school_student(session, school_id=school_id, student_id=student_id)
    rules = rules_for(UNT, rules_year(UNT, utcnow().date()))
    if not rules.allows_pair(first, second):
        what = N_("{first} and {second} are not a pair of UNT profile subjects.")
        pair = {"first": subject_label(first), "second": subject_label(second)}
        raise WorkError("not_a_pair", [message(what, **pair)])
    # store the pair in the order of the rules, so reports count one pair once
    if (first, second) not in rules.pairs:
        first, second = second, first
    current = current_choice(session, school_id=school_id, student_id=student_id)
    if current is not None and (current.first, current.second) == (first, second):
        return current
    if current is not None:
        current.deleted_at = utcnow()
        session.add(current)
    choice = ProfileSubjectChoice(
        school_id=school_id, student_id=student_id, first=first, second=second, chosen_by=user_id
    )
    session.add(choice)
    session.flush()
    return choice
