"""A teacher reports their own absence: stored like any other, the deputies told in the app.

There is no confirmation step: the deputy sees the absence on the day board (marked with who
entered it) and plans around it like one entered by the school; a teacher may withdraw what
they reported themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from sqlmodel import Session, col, select

from models.accounts import SCHOOL_ADMIN, TIMETABLER, UserAccount
from models.i18n import N_, message
from models.notices import queue_notice
from models.outbox import IN_APP
from models.people import Teacher
from models.substitutions import TEACHER_ABSENT, Absence
from substitutions.absences import add_absence
from substitutions.errors import SubstitutionError
from substitutions.store import school_row

TranslateFor = Callable[[str], Callable[[str], str]]


def _english(_language: str) -> Callable[[str], str]:
    return lambda text: text


def report_absence(
    session: Session,
    *,
    school_id: int,
    teacher_id: int,
    account_id: int,
    starts_on: date,
    ends_on: date | None = None,
    periods: Sequence[int] = (),
    shift: str = "",
    reason: str = "",
    translate_for: TranslateFor | None = None,
) -> Absence:
    """Records a teacher's own absence and tells the school's deputies (admins, timetable staff).

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        teacher_id: the teacher row of the account reporting.
        account_id: the account reporting (stored as `created_by`).
        starts_on: the first day.
        ends_on: the last day (None: the first day only).
        periods: period numbers (empty: the whole day).
        shift: the shift of those periods ("" for every shift).
        reason: in the teacher's words.
        translate_for: language code -> gettext-like function, for the deputies' notices.

    Returns:
        The absence (flushed).

    Raises:
        SubstitutionError: `not_a_teacher` when the teacher row is not this school's;
            `invalid_absence` as `add_absence`.
    """
    school = school_row(session, school_id)
    teacher = session.get(Teacher, teacher_id)
    if teacher is None or teacher.school_id != school_id or teacher.deleted_at is not None:
        text = N_("Your account is not linked to a teacher of this school.")
        raise SubstitutionError("not_a_teacher", [message(text)])
    row = add_absence(
        session, school_id=school_id, ref=teacher.code, starts_on=starts_on, ends_on=ends_on,
        kind=TEACHER_ABSENT, periods=periods, shift=shift, reason=reason, created_by=account_id,
        actor=f"account:{account_id}",
    )  # fmt: skip
    deputies = session.exec(
        select(UserAccount).where(
            UserAccount.school_id == school_id,
            col(UserAccount.role).in_((SCHOOL_ADMIN, TIMETABLER)),
            col(UserAccount.deleted_at).is_(None),
            col(UserAccount.active).is_(True),
        )
    ).all()
    subject = message(N_("Absence reported: {teacher}"), teacher=teacher.name)
    when = message(
        N_("{teacher} will be away from {start} to {end}, periods: {periods}. Reason: {reason}"),
        teacher=teacher.name, start=row.starts_on.isoformat(), end=row.ends_on.isoformat(),
        periods=", ".join(str(p) for p in row.periods) or message(N_("the whole day")),
        reason=row.reason or "-",
    )  # fmt: skip
    for account in deputies:
        translate = (translate_for or _english)(account.language or school.language)
        queue_notice(
            session, school_id=school_id, user_id=account.id, channel=IN_APP, address="",
            subject=subject.render(translate), body=when.render(translate),
            key=f"absence-report:{school_id}:{row.id}:u{account.id}",
        )  # fmt: skip
    return row
