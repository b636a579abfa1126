"""Attendance in a register: present by default, absent, late with minutes, excused with a reason.

Only marks other than "present" are stored; setting a student back to present marks the row
deleted (never removed), and a later mark revives it. A parent's absence note pre-marks the
child excused when the register is opened, unless the teacher already marked the child.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, col, select

from journal.errors import JournalError
from journal.register_access import Actor, audience_students, lesson_parts, target
from journal.register_audit import MARKED, TAKEN, audit, clean_why
from models.base import utcnow
from models.i18n import N_, Message, message
from models.journal import ABSENT, EXCUSED, LATE, AbsenceNote, Attendance, LessonRecord
from models.people import Student

PRESENT = "present"
STATUSES: tuple[str, ...] = (PRESENT, ABSENT, LATE, EXCUSED)  # the order a tap cycles through
MAX_LATE_MINUTES = 90
REASON_LIMIT = 300
DECLINED = "declined"  # AbsenceNote.status of a note the school did not accept


@dataclass(frozen=True, slots=True)
class MarkInput:
    """One student's mark as a teacher sets it."""

    student_id: int
    status: str
    minutes: int | None = None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class MarkOutcome:
    """What a save did: the record, how many marks changed, when attendance was taken."""

    record_id: int
    changed: int
    taken_at: datetime | None
    marks: dict[int, dict[str, Any]]  # student id -> {"status", "minutes", "reason"}


def _aware(value: datetime | None) -> datetime | None:
    return value.replace(tzinfo=UTC) if value is not None and value.tzinfo is None else value


def needs_why(record: LessonRecord | None, today: date) -> bool:
    """A change to attendance taken on an earlier day needs a reason (it corrects the record)."""
    taken = _aware(record.attendance_taken_at) if record is not None else None
    return taken is not None and taken.date() < today


def state(row: Attendance | None) -> dict[str, Any]:
    """A stored mark as plain values; no live row means present."""
    if row is None or row.deleted_at is not None:
        return {"status": PRESENT, "minutes": None, "reason": ""}
    return {"status": row.status, "minutes": row.late_minutes, "reason": row.reason}


def notes_on(
    session: Session, school_id: int, day: date, student_ids: Iterable[int]
) -> dict[int, AbsenceNote]:
    """Student id -> a parent's note covering the day (not declined, not withdrawn)."""
    ids = sorted(set(student_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(AbsenceNote)
        .where(
            AbsenceNote.school_id == school_id, col(AbsenceNote.student_id).in_(ids),
            col(AbsenceNote.starts_on) <= day, col(AbsenceNote.ends_on) >= day,
            AbsenceNote.status != DECLINED, col(AbsenceNote.deleted_at).is_(None),
        )
        .order_by(col(AbsenceNote.id))
    ).all()  # fmt: skip
    return {n.student_id: n for n in rows}


def rows_of(session: Session, school_id: int, record_id: int) -> dict[int, Attendance]:
    """Student id -> the record's attendance row (deleted ones too: they are revived).

    Scoped through the record (the caller read it with the school's id): a second condition
    on attendance.school_id made SQLite, without statistics, walk the school's index, every
    mark of the year, instead of the record's.
    """
    rows = session.exec(select(Attendance).where(Attendance.record_id == record_id)).all()
    return {r.student_id: r for r in rows}


def _check(
    mark: MarkInput, students: dict[int, Student], notes: dict[int, AbsenceNote]
) -> tuple[dict[str, Any] | None, list[Message]]:
    """The mark as stored values, or the sentences saying what is wrong with it."""
    student = students.get(mark.student_id)
    if student is None:
        return None, [message(N_("This student is not in the lesson's class or group."))]
    problems = []
    if mark.status not in STATUSES:
        problems.append(message(N_("{student}: unknown mark {mark}."), student=student.name,
                                mark=mark.status))  # fmt: skip
    reason = mark.reason.strip()
    minutes = mark.minutes if mark.status == LATE else None
    if minutes is not None and not 1 <= minutes <= MAX_LATE_MINUTES:
        problems.append(message(
            N_("{student}: minutes late must be between 1 and {most}."),
            student=student.name, most=MAX_LATE_MINUTES,
        ))  # fmt: skip
    note = notes.get(mark.student_id)
    if mark.status == EXCUSED and not reason and note is not None:
        reason = note.reason.strip()[:REASON_LIMIT]  # the parent's note is the reason
    elif mark.status == EXCUSED and not reason:
        problems.append(message(N_("{student}: say why the absence is excused."),
                                student=student.name))  # fmt: skip
    if len(reason) > REASON_LIMIT:
        problems.append(message(N_("{student}: the reason is longer than {limit} characters."),
                                student=student.name, limit=REASON_LIMIT))  # fmt: skip
    if mark.status == PRESENT:
        reason = ""
    return {"status": mark.status, "minutes": minutes, "reason": reason}, problems


def _apply(
    session: Session, school_id: int, record: LessonRecord, row: Attendance | None,
    student_id: int, new: dict[str, Any], note: AbsenceNote | None, user_id: int | None,
) -> None:  # fmt: skip
    now = utcnow()
    if new["status"] == PRESENT:
        if row is not None:
            row.deleted_at, row.updated_by, row.updated_at = now, user_id, now
            session.add(row)
        return
    if row is None:
        assert record.id is not None
        row = Attendance(school_id=school_id, record_id=record.id, student_id=student_id,
                         status=new["status"])  # fmt: skip
    row.status, row.late_minutes, row.reason = new["status"], new["minutes"], new["reason"]
    row.note_id = note.id if note is not None and new["status"] == EXCUSED else None
    row.deleted_at, row.updated_by, row.updated_at = None, user_id, now
    session.add(row)


def mark_attendance(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    day: date,
    lesson_id: int,
    unit: int,
    marks: Sequence[MarkInput],
    today: date,
    why: str = "",
    done: bool = True,
) -> MarkOutcome:
    """Sets students' marks in a lesson's register; unchanged marks are left alone.

    Every changed mark is one audit row (old and new value, why). All marks are checked first:
    one bad mark refuses them all.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: who marks (the lesson's keeper or the school admin).
        day: the lesson's date.
        lesson_id: the lesson requirement.
        unit: the unit of the requirement.
        marks: the marks to set (students not listed keep theirs).
        today: the school's date now (no marks for lessons still to come).
        why: why attendance taken on an earlier day is changed (required then).
        done: also record that attendance was taken (the rest of the class present).

    Returns:
        What was saved.

    Raises:
        JournalNotFound, NotYourLesson, TermClosed: see `register_access.target`.
        JournalError: a lesson still to come, a missing reason, or bad marks (every one named).
    """
    if day > today:
        raise JournalError("future_lesson", [message(N_("This lesson has not happened yet."))])
    why = clean_why(why)
    t = target(session, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id, unit=unit)
    record = t.record
    assert record.id is not None
    students = {
        s.id: s
        for s in audience_students(session, school_id, lesson_parts(session, school_id, lesson_id))
        if s.id is not None
    }
    notes = notes_on(session, school_id, day, [m.student_id for m in marks])
    checked, problems = [], []
    for mark in marks:
        new, wrong = _check(mark, students, notes)
        problems += wrong
        checked.append((mark.student_id, new))
    if problems:
        raise JournalError("bad_marks", problems)
    rows = rows_of(session, school_id, record.id)
    changes = [
        (sid, new) for sid, new in checked if new is not None and new != state(rows.get(sid))
    ]
    if changes and needs_why(record, today) and not why:
        why_text = N_("Attendance of this lesson was taken on an earlier day: say why it changes.")
        raise JournalError("why_required", [message(why_text)])
    for sid, new in changes:
        old = state(rows.get(sid))
        _apply(session, school_id, record, rows.get(sid), sid, new, notes.get(sid), actor.user_id)
        audit(session, school_id=school_id, actor=actor, record=record, action=MARKED, old=old,
              new=new, why=why, field="attendance", student_id=sid,
              student=students[sid].name)  # fmt: skip
    _finish(session, school_id, actor, record, done or bool(changes), bool(changes))
    after = rows_of(session, school_id, record.id)
    marks_now = {sid: state(after.get(sid)) for sid in students}
    return MarkOutcome(record.id, len(changes), record.attendance_taken_at, marks_now)


def _finish(
    session: Session, school_id: int, actor: Actor, record: LessonRecord, taken: bool, changed: bool
) -> None:
    """Records that attendance was taken (once) and who touched the record last."""
    now = utcnow()
    if taken and record.attendance_taken_at is None:
        record.attendance_taken_at = now
        audit(session, school_id=school_id, actor=actor, record=record, action=TAKEN,
              old=None, new=now.isoformat(), field="taken")  # fmt: skip
    elif not changed:
        return
    record.updated_by, record.updated_at = actor.user_id, now
    session.add(record)
    session.flush()


def premark_from_notes(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    record: LessonRecord,
    students: Sequence[Student],
    notes: dict[int, AbsenceNote],
) -> int:
    """Marks excused the students with a parent's note who have no mark in this lesson yet.

    A student the teacher already marked (even back to present) keeps the teacher's mark.

    Returns:
        How many students were pre-marked.
    """
    if not notes or record.id is None:
        return 0
    rows = rows_of(session, school_id, record.id)
    names = {s.id: s.name for s in students}
    count = 0
    for sid, note in notes.items():
        if sid in rows or sid not in names:
            continue
        new = {"status": EXCUSED, "minutes": None, "reason": note.reason.strip()[:REASON_LIMIT]}
        _apply(session, school_id, record, None, sid, new, note, actor.user_id)
        audit(session, school_id=school_id, actor=actor, record=record, action=MARKED,
              old=state(None), new=new, field="attendance", student_id=sid,
              student=names[sid], note_id=note.id)  # fmt: skip
        count += 1
    if count:
        session.flush()
    return count
