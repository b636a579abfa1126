"""Opening one lesson's register: the record (created on first open), students and their marks.

The page a teacher keeps in class and the JSON it reads both come from `open_register`.
A grade entry column can join `StudentLine` later (the grades helper owns grades).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from journal.calendar import HeldLesson
from journal.frame import LessonLabel, school_frame
from journal.register_access import (
    Actor,
    audience_students,
    lesson_labels,
    new_record,
    reach,
)
from journal.register_marks import needs_why, notes_on, premark_from_notes, rows_of, state
from models.accounts import UserAccount
from models.journal import LessonRecord, Remark
from models.people import Student


@dataclass(frozen=True, slots=True)
class StudentLine:
    """A student in the register with their mark in this lesson."""

    id: int
    name: str
    status: str  # present, absent, late, excused
    minutes: int | None
    reason: str
    note: str | None  # the reason of a parent's note covering the day; None without a note


@dataclass(frozen=True, slots=True)
class RemarkLine:
    """A remark, discipline note or praise written in this lesson."""

    id: int
    student_id: int
    student: str
    kind: str
    text: str
    author: str
    author_id: int | None
    at: datetime


@dataclass(frozen=True, slots=True)
class FileLine:
    """An attachment of the homework, as listed (the file itself is served separately)."""

    id: str
    name: str
    size: int
    type: str


@dataclass(frozen=True, slots=True)
class Register:
    """One lesson's register as a teacher sees and keeps it."""

    record_id: int | None  # None only when nothing was entered and the term is closed
    day: date
    lesson_id: int
    unit: int
    shift: str
    period: int
    subject: str
    audience: str
    room: str
    starts_at: str
    ends_at: str
    action: str  # "" as planned; cover, study, merge, move, room when a cover changed it
    topic: str
    homework: str
    files: tuple[FileLine, ...]
    taken_at: datetime | None
    students: tuple[StudentLine, ...]
    remarks: tuple[RemarkLine, ...]
    term: str
    locked: bool  # the term is closed
    future: bool  # the lesson is still to come: no attendance yet
    needs_why: bool  # attendance was taken on an earlier day: a change needs a reason

    @property
    def counts(self) -> dict[str, int]:
        """How many students have each mark."""
        out = {"present": 0, "absent": 0, "late": 0, "excused": 0}
        for s in self.students:
            out[s.status] = out.get(s.status, 0) + 1
        return out


def live_files(record: LessonRecord | None) -> tuple[FileLine, ...]:
    """The record's attachments that were not removed."""
    if record is None:
        return ()
    return tuple(
        FileLine(str(a["id"]), str(a["name"]), int(a["size"]), str(a["type"]))
        for a in record.attachments
        if not a.get("deleted_at")
    )


def _remarks(session: Session, school_id: int, record_id: int | None) -> list[Remark]:
    if record_id is None:
        return []
    return list(
        session.exec(
            select(Remark)
            # remark.record_id has no index yet: the school's index narrows the search
            .where(
                Remark.school_id == school_id, Remark.record_id == record_id,
                col(Remark.deleted_at).is_(None),
            )
            .order_by(col(Remark.id))
        ).all()
    )  # fmt: skip


def _remark_lines(
    session: Session, remarks: list[Remark], names: dict[int, str]
) -> tuple[RemarkLine, ...]:
    authors = {r.author_id for r in remarks if r.author_id is not None}
    who = (
        dict(
            session.exec(
                select(UserAccount.id, UserAccount.name).where(col(UserAccount.id).in_(authors))
            ).all()
        )
        if authors
        else {}
    )
    return tuple(
        RemarkLine(
            r.id or 0,
            r.student_id,
            names.get(r.student_id, ""),
            r.kind,
            r.text,
            who.get(r.author_id or 0, ""),
            r.author_id,
            r.created_at,
        )
        for r in remarks
    )


def _place(
    session: Session, school_id: int, room_id: int | None, shift: str, period: int
) -> tuple[str, str, str]:
    """The room's code and the period's clock times."""
    frame = school_frame(session, school_id=school_id)
    starts, ends = frame.bells.get((shift, period), ("", ""))
    return frame.room_codes.get(room_id or 0, ""), starts, ends


def _student_lines(
    students: list[Student], marks: dict[int, dict[str, Any]], notes: dict[int, Any]
) -> tuple[StudentLine, ...]:
    out = []
    for s in students:
        sid = s.id or 0
        mark = marks.get(sid) or state(None)
        note = notes.get(sid)
        out.append(
            StudentLine(
                sid,
                s.name,
                mark["status"],
                mark["minutes"],
                mark["reason"],
                note.reason if note is not None else None,
            )
        )
    return tuple(out)


def _keep_current(record: LessonRecord, held: HeldLesson | None) -> None:
    """A cover published after the first open hands the record to its new keeper."""
    if held is not None and held.keepers and record.teacher_id not in held.keepers:
        record.teacher_id, record.cover_id = held.keepers[0], held.cover_id


def open_register(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    day: date,
    lesson_id: int,
    unit: int,
    today: date,
) -> Register:
    """One lesson's register: created on first open, parents' notes pre-marked as excused.

    Args:
        session: an open session (the caller commits: opening may create the record).
        school_id: the school.
        actor: who opens it (the lesson's keeper that day, or the school admin).
        day: the lesson's date.
        lesson_id: the lesson requirement.
        unit: the unit of the requirement.
        today: the school's date now.

    Returns:
        The register.

    Raises:
        JournalNotFound: the lesson is not held that day and has no record.
        NotYourLesson: the actor neither keeps it nor is the school admin.
    """
    found = reach(
        session, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id, unit=unit
    )
    held, record, term, locked = found.held, found.record, found.term, found.locked
    if record is None and not locked:
        assert held is not None
        record = new_record(session, school_id, held)
    elif record is not None and not locked:
        _keep_current(record, held)
    label = lesson_labels(session, school_id, [lesson_id]).get(lesson_id, LessonLabel("", "", ()))
    students = audience_students(session, school_id, label.parts)
    notes = notes_on(session, school_id, day, [s.id or 0 for s in students])
    if record is not None and not locked and day <= today:
        premark_from_notes(session, school_id=school_id, actor=actor, record=record,
                           students=students, notes=notes)  # fmt: skip
    record_id = record.id if record is not None else None
    rows = rows_of(session, school_id, record_id) if record_id is not None else {}
    marks = {sid: state(row) for sid, row in rows.items()}
    names = {s.id or 0: s.name for s in students}
    shift = record.shift if record is not None else held.shift if held else ""
    period = held.period if held is not None else record.period if record else 0
    room, starts, ends = _place(session, school_id, held.room_id if held else None, shift, period)
    return Register(
        record_id, day, lesson_id, unit, shift, period, label.subject, label.audience, room,
        starts, ends, held.action if held else "", record.topic if record else "",
        record.homework if record else "", live_files(record),
        record.attendance_taken_at if record else None,
        _student_lines(students, marks, notes),
        _remark_lines(session, _remarks(session, school_id, record_id), names),
        term, locked, day > today, needs_why(record, today),
    )  # fmt: skip
