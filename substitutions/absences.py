"""Absences: a teacher away, a room closed, a class away or a short day, entered and listed."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from models.audit import record_audit
from models.base import utcnow
from models.classes import SchoolClass
from models.curriculum import Bell
from models.i18n import N_, Message, message
from models.people import Teacher
from models.places import Room
from models.substitutions import (
    ABSENCE_KINDS,
    CLASS_AWAY,
    ROOM_CLOSED,
    SHORT_DAY,
    TEACHER_ABSENT,
    Absence,
)
from substitutions.errors import CoverNotFound, SubstitutionError
from substitutions.store import school_row


@dataclass(frozen=True, slots=True)
class AbsenceView:
    id: int
    kind: str
    ref: str  # code of the teacher, room or class
    name: str  # the teacher's name, or the room's or class's code
    starts_on: date
    ends_on: date
    periods: tuple[int, ...]  # empty = the whole day
    reason: str
    shift: str = ""  # the shift the periods belong to; "" = every shift
    created_by: int | None = None  # the account that entered it (a teacher reporting their own)


def _fold(text: str) -> str:
    return " ".join(text.casefold().replace("ё", "е").split())


def find_teacher(session: Session, *, school_id: int, name: str) -> Teacher:
    """The school's teacher with this code or name (case and spacing ignored), or a unique
    teacher whose name contains it.

    Args:
        session: an open session.
        school_id: the school.
        name: a code ("T014") or a name ("Асқарова Дана", "асқарова").

    Returns:
        The teacher row.

    Raises:
        SubstitutionError: `unknown_teacher` with the closest names, or `ambiguous_teacher`.
    """
    teachers = session.exec(
        select(Teacher).where(Teacher.school_id == school_id, col(Teacher.deleted_at).is_(None))
    ).all()
    wanted = _fold(name)
    for t in teachers:
        if wanted in (_fold(t.code), _fold(t.name)):
            return t
    partial = [t for t in teachers if wanted and wanted in _fold(t.name)]
    if len(partial) == 1:
        return partial[0]
    if partial:
        names = ", ".join(sorted(t.name for t in partial)[:5])
        text = N_("“{name}” fits several teachers: {names}. Give the code or the full name.")
        raise SubstitutionError("ambiguous_teacher", [message(text, name=name, names=names)])
    raise SubstitutionError("unknown_teacher", [_unknown(name, [t.name for t in teachers])])


def _unknown(name: str, names: Sequence[str]) -> Message:
    folded = {_fold(n): n for n in names}
    close = difflib.get_close_matches(_fold(name), list(folded), n=1, cutoff=0.5)
    if close:
        text = N_("There is no teacher “{name}”. Did you mean {suggestion}?")
        return message(text, name=name, suggestion=folded[close[0]])
    return message(N_("There is no teacher “{name}”."), name=name)


def add_absence(
    session: Session,
    *,
    school_id: int,
    ref: str,
    starts_on: date,
    ends_on: date | None = None,
    kind: str = TEACHER_ABSENT,
    periods: Sequence[int] = (),
    shift: str = "",
    reason: str = "",
    created_by: int | None = None,
    actor: str = "system",
) -> Absence:
    """Records an absence after checking everything it names.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        ref: the teacher (code or name), room code or class code; "" for a short day.
        starts_on: the first day.
        ends_on: the last day (None: the first day only).
        kind: TEACHER_ABSENT, ROOM_CLOSED, CLASS_AWAY or SHORT_DAY.
        periods: period numbers (empty: the whole day); a short day keeps periods up to the
            highest one given.
        shift: the shift (code) those periods belong to; "" for every shift.
        reason: in the words of whoever enters it.
        created_by: the account entering it.
        actor: who, for the audit log.

    Returns:
        The new absence (flushed, so it has an id); a teacher's is stored by code.

    Raises:
        SubstitutionError: `invalid_absence`, every problem in a sentence (an unknown teacher
            with the closest name, dates out of order, a shift or periods the school does not
            have).
    """
    school_row(session, school_id)
    ends_on = ends_on or starts_on
    problems: list[Message] = []
    code = _check_ref(session, school_id, kind, ref, problems)
    if ends_on < starts_on:
        text = N_("The absence ends on {end}, before it starts on {start}.")
        problems.append(message(text, start=starts_on.isoformat(), end=ends_on.isoformat()))
    problems += _check_periods(session, school_id, kind, periods, shift.strip())
    if problems:
        raise SubstitutionError("invalid_absence", problems)
    row = Absence(
        school_id=school_id, kind=kind, ref=code, starts_on=starts_on, ends_on=ends_on,
        periods=sorted(set(periods)), shift=shift.strip(), reason=reason.strip(),
        created_by=created_by,
    )  # fmt: skip
    session.add(row)
    session.flush()
    details = {"kind": kind, "ref": code, "from": starts_on.isoformat(), "to": ends_on.isoformat()}
    record_audit(
        session, school_id=school_id, actor=actor, action="add_absence",
        entity=f"absence:{row.id}",
        details={**details, "periods": row.periods, "shift": row.shift},
    )  # fmt: skip
    return row


def _check_ref(
    session: Session, school_id: int, kind: str, ref: str, problems: list[Message]
) -> str:
    """The code to store for `ref`, or "" with the problem added."""
    if kind not in ABSENCE_KINDS:
        text = N_("There is no kind of absence “{kind}”.")
        problems.append(message(text, kind=kind))
        return ""
    if kind == TEACHER_ABSENT:
        try:
            return find_teacher(session, school_id=school_id, name=ref).code
        except SubstitutionError as exc:
            problems.extend(exc.messages)
            return ""
    if kind == SHORT_DAY:
        return ""
    model: type[Room] | type[SchoolClass] = Room if kind == ROOM_CLOSED else SchoolClass
    codes = list(
        session.exec(
            select(model.code).where(model.school_id == school_id, col(model.deleted_at).is_(None))
        ).all()
    )
    if ref.strip() in codes:
        return ref.strip()
    close = difflib.get_close_matches(ref.strip(), codes, n=1, cutoff=0.5)
    if kind == ROOM_CLOSED:
        text = (
            N_("There is no room “{ref}”.")
            if not close
            else N_("There is no room “{ref}”. Did you mean {suggestion}?")
        )
    else:
        text = (
            N_("There is no class “{ref}”.")
            if not close
            else N_("There is no class “{ref}”. Did you mean {suggestion}?")
        )
    problems.append(message(text, ref=ref, suggestion=close[0] if close else ""))
    return ""


def _check_periods(
    session: Session, school_id: int, kind: str, periods: Sequence[int], shift: str
) -> list[Message]:
    bells = session.exec(
        select(Bell.shift, Bell.number).where(
            Bell.school_id == school_id, col(Bell.deleted_at).is_(None)
        )
    ).all()
    shifts = sorted({s for s, _ in bells})
    out = []
    if shift and shift not in shifts:
        text = N_("The school has no shift “{shift}” (shifts: {shifts}).")
        out.append(message(text, shift=shift, shifts=", ".join(shifts) or "-"))
    last = max((n for s, n in bells if not shift or s == shift or shift not in shifts), default=0)
    out += [
        message(N_("The school has no period {number} (periods 1 to {last})."), number=p, last=last)
        for p in sorted(set(periods))
        if not 1 <= p <= last
    ]
    if kind == SHORT_DAY and not periods:
        out.append(message(N_("A short day needs the last period that takes place.")))
    return out


def list_absences(
    session: Session,
    *,
    school_id: int,
    day: date | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[AbsenceView]:
    """The school's live absences touching `day` (or the range start..end; all when none given).

    Args:
        session: an open session.
        school_id: the school.
        day: one date.
        start: the first date of a range.
        end: the last date of a range.

    Returns:
        The absences, by first day, then kind and name.
    """
    low, high = (day, day) if day is not None else (start, end)
    query = select(Absence).where(Absence.school_id == school_id, col(Absence.deleted_at).is_(None))
    if high is not None:
        query = query.where(col(Absence.starts_on) <= high)
    if low is not None:
        query = query.where(col(Absence.ends_on) >= low)
    names = {
        t.code: t.name
        for t in session.exec(select(Teacher).where(Teacher.school_id == school_id)).all()
    }
    rows = [
        AbsenceView(
            r.id or 0,
            r.kind,
            r.ref,
            names.get(r.ref, r.ref) if r.kind == TEACHER_ABSENT else r.ref,
            r.starts_on,
            r.ends_on,
            tuple(r.periods),
            r.reason,
            r.shift,
            r.created_by,
        )
        for r in session.exec(query).all()
    ]
    return sorted(rows, key=lambda a: (a.starts_on, a.kind, a.name, a.id))


def remove_absence(
    session: Session,
    *,
    school_id: int,
    absence_id: int,
    actor: str = "system",
    created_by: int | None = None,
) -> Absence:
    """Marks an absence deleted (kept for history); the day's plan is re-planned by the caller.

    Args:
        session: an open session; the caller commits.
        school_id: the school.
        absence_id: the absence.
        actor: who, for the audit log.
        created_by: only an absence this account entered (a teacher withdrawing their own).

    Raises:
        CoverNotFound: no live absence with this id in this school (entered by `created_by`).
    """
    row = session.get(Absence, absence_id)
    mine = created_by is None or (row is not None and row.created_by == created_by)
    if row is None or row.school_id != school_id or row.deleted_at is not None or not mine:
        text = message(N_("There is no absence {id}."), id=absence_id)
        raise CoverNotFound("absence_not_found", [text])
    row.deleted_at = utcnow()
    session.add(row)
    record_audit(
        session, school_id=school_id, actor=actor, action="remove_absence",
        entity=f"absence:{absence_id}", details={"kind": row.kind, "ref": row.ref},
    )  # fmt: skip
    return row


__all__ = [
    "CLASS_AWAY",
    "ROOM_CLOSED",
    "SHORT_DAY",
    "TEACHER_ABSENT",
    "AbsenceView",
    "add_absence",
    "find_teacher",
    "list_absences",
    "remove_absence",
]
