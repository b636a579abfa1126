"""What a parent or a student sees: the children, a day of lessons with attendance, homework and
remarks, and absence notes sent to the school.

Every function takes the school id and reads only its rows; `reachable_student` is the one gate
that says whether a reader (a parent, a student) may see a student at all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, select

from journal.calendar import HeldLesson, held_lessons
from journal.errors import JournalError, JournalNotFound
from journal.frame import school_frame
from journal.register_access import lesson_labels
from models.audit import record_audit
from models.classes import SchoolClass
from models.i18n import N_, Message, message
from models.journal import AbsenceNote, Attendance, LessonRecord, Remark
from models.people import Guardianship, Student, StudentSubgroup

__all__ = [
    "Child",
    "FamilyDay",
    "FamilyLesson",
    "children_of",
    "family_day",
    "list_absence_notes",
    "reachable_student",
    "recent_remarks",
    "send_absence_note",
]

NOTE_REASON_LIMIT = 300
NOTE_MAX_DAYS = 31
NOTE_PAST_DAYS = 14  # a note may explain an absence of the last two weeks


@dataclass(frozen=True, slots=True)
class Child:
    """A student a reader may see."""

    id: int
    name: str
    class_code: str


@dataclass(frozen=True, slots=True)
class FamilyLesson:
    """A lesson of the student's day, as held, with what the register says about the student."""

    shift: str
    period: int
    starts_at: str
    ends_at: str
    subject: str
    teachers: str  # who teaches it that day (the substitute when covered)
    room: str
    action: str  # "" as planned; cover, study, merge, move, room when a published cover changed it
    status: str  # present, absent, late, excused; "" before attendance was taken
    late_minutes: int | None
    topic: str
    homework: str


@dataclass(frozen=True, slots=True)
class RemarkItem:
    """A remark, discipline note or praise about the student."""

    id: int
    kind: str
    text: str
    day: date
    subject: str


@dataclass(frozen=True, slots=True)
class FamilyDay:
    """A student's day: the lessons in order and the remarks written that day."""

    day: date
    lessons: tuple[FamilyLesson, ...]
    remarks: tuple[RemarkItem, ...]


def _not_found() -> JournalNotFound:
    return JournalNotFound("student_not_found", [message(N_("There is no such student here."))])


def children_of(
    session: Session,
    *,
    school_id: int,
    parent_id: int | None = None,
    student_id: int | None = None,
    sort_key: Callable[[str], Any] = str.casefold,
) -> list[Child]:
    """The students a reader may see: a parent's children, or a student themself.

    Args:
        session: an open session.
        school_id: the school.
        parent_id: the parent the reader's account names (None: not a parent).
        student_id: the student the reader's account names (None: not a student).
        sort_key: how names sort (the reader's language).

    Returns:
        Live students of this school, by name.
    """
    ids: set[int] = set()
    if parent_id is not None:
        links = select(Guardianship.student_id).where(
            Guardianship.school_id == school_id, Guardianship.parent_id == parent_id
        )
        ids |= set(session.exec(links).all())
    if student_id is not None:
        ids.add(student_id)
    if not ids:
        return []
    rows = session.exec(
        select(Student, SchoolClass.code)
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .where(
            Student.school_id == school_id,
            col(Student.id).in_(ids),
            col(Student.deleted_at).is_(None),
        )
    ).all()
    children = [Child(s.id or 0, s.name, code) for s, code in rows]
    return sorted(children, key=lambda c: (sort_key(c.name), c.id))


def reachable_student(
    session: Session,
    *,
    school_id: int,
    parent_id: int | None,
    student_id: int | None,
    wanted: int | None,
    children: list[Child] | None = None,
) -> Child:
    """The student a reader asks for (or their first child when `wanted` is None).

    `children` is what `children_of` gave for this reader in the same session, when the caller
    has read it already.

    Raises:
        JournalNotFound: the reader may not see that student (or sees nobody).
    """
    if children is None:
        children = children_of(
            session, school_id=school_id, parent_id=parent_id, student_id=student_id
        )
    for child in children:
        if wanted is None or child.id == wanted:
            return child
    raise _not_found()


def _mine(
    session: Session, school_id: int, student: Student
) -> Callable[[tuple[tuple[int, int | None], ...]], bool]:
    """Whether a held lesson is for this student (their class, or one of their subgroups)."""
    groups = set(
        session.exec(
            select(StudentSubgroup.subgroup_id).where(
                StudentSubgroup.school_id == school_id, StudentSubgroup.student_id == student.id
            )
        ).all()
    )

    def parts_match(parts: tuple[tuple[int, int | None], ...]) -> bool:
        return any(c == student.class_id and (g is None or g in groups) for c, g in parts)

    return parts_match


def family_day(session: Session, *, school_id: int, student_id: int, day: date) -> FamilyDay:
    """A student's lessons on a date (published covers applied) with attendance, topic and
    homework from the register, and the remarks written about the student that day.

    The caller checks that the reader may see the student (`reachable_student`).

    Raises:
        JournalNotFound: no such student in this school.
    """
    student = session.get(Student, student_id)
    if student is None or student.school_id != school_id or student.deleted_at is not None:
        raise _not_found()
    frame = school_frame(session, school_id=school_id)
    # Only the class's lessons are placed on the day: the whole school's day cost twice as much.
    class_lessons = frame.lessons_of_class.get(student.class_id or 0, frozenset())
    held = held_lessons(session, school_id=school_id, start=day, end=day, lesson_ids=class_lessons)
    labels = frame.labels
    matches = _mine(session, school_id, student)
    mine = [h for h in held if h.lesson_id in labels and matches(labels[h.lesson_id].parts)]
    records = _records(session, school_id, day, {h.lesson_id for h in mine})
    marks = _marks(session, student_id, [r.id or 0 for r in records.values()])
    bells = frame.bells
    names = (frame.teacher_names, frame.room_names)
    lessons = []
    for h in mine:
        record = records.get((h.lesson_id, h.unit))
        mark = marks.get(record.id or 0) if record is not None else None
        lessons.append(_lesson(h, labels[h.lesson_id].subject, record, mark, bells, names))
    lessons.sort(key=lambda x: (x.starts_at, x.shift, x.period))
    remarks = recent_remarks(
        session, school_id=school_id, student_id=student_id, start=day, end=day
    )
    return FamilyDay(day, tuple(lessons), tuple(remarks))


def _lesson(
    h: HeldLesson,
    subject: str,
    record: LessonRecord | None,
    mark: Attendance | None,
    bells: Mapping[tuple[str, int], tuple[str, str]],
    names: tuple[Mapping[int, str], Mapping[int, str]],
) -> FamilyLesson:
    taken = record is not None and record.attendance_taken_at is not None
    starts, ends = bells.get((h.shift, h.period), ("", ""))
    return FamilyLesson(
        shift=h.shift,
        period=h.period,
        starts_at=starts,
        ends_at=ends,
        subject=subject,
        teachers=", ".join(names[0].get(t, "") for t in h.keepers),
        room=names[1].get(h.room_id or 0, ""),
        action=h.action,
        status=mark.status if mark else ("present" if taken else ""),
        late_minutes=mark.late_minutes if mark else None,
        topic=record.topic if record else "",
        homework=record.homework if record else "",
    )


def _records(
    session: Session, school_id: int, day: date, lesson_ids: set[int]
) -> dict[tuple[int, int], LessonRecord]:
    if not lesson_ids:
        return {}
    rows = session.exec(
        select(LessonRecord).where(
            LessonRecord.school_id == school_id,
            LessonRecord.day == day,
            col(LessonRecord.lesson_id).in_(lesson_ids),
            col(LessonRecord.deleted_at).is_(None),
        )
    ).all()
    return {(r.lesson_id, r.unit): r for r in rows}


def _marks(session: Session, student_id: int, record_ids: list[int]) -> dict[int, Attendance]:
    if not record_ids:
        return {}
    # By record and student only: the records are this school's already, and with
    # `school_id = ?` beside them PostgreSQL without fresh statistics read the school's
    # index (every mark of the year: 14 ms instead of 0.3 ms on the 1,000-student bench).
    rows = session.exec(
        select(Attendance).where(
            col(Attendance.record_id).in_(record_ids),
            Attendance.student_id == student_id,
            col(Attendance.deleted_at).is_(None),
        )
    ).all()
    return {r.record_id: r for r in rows}


def recent_remarks(
    session: Session, *, school_id: int, student_id: int, start: date, end: date
) -> list[RemarkItem]:
    """The live remarks about a student written on lessons (or on their own) between two dates,
    newest first."""
    rows = session.exec(
        select(Remark, LessonRecord)
        .outerjoin(LessonRecord, col(LessonRecord.id) == col(Remark.record_id))
        .where(
            Remark.school_id == school_id,
            Remark.student_id == student_id,
            col(Remark.deleted_at).is_(None),
        )
        .order_by(col(Remark.id).desc())
    ).all()
    lesson_ids = {r.lesson_id for _, r in rows if r is not None}
    labels = lesson_labels(session, school_id, lesson_ids)
    out = []
    for remark, record in rows:
        day = record.day if record is not None else _day_of(remark.created_at)
        if not start <= day <= end:
            continue
        subject = labels[record.lesson_id].subject if record and record.lesson_id in labels else ""
        out.append(RemarkItem(remark.id or 0, remark.kind, remark.text, day, subject))
    return out


def _day_of(moment: datetime) -> date:
    return moment.date()


def send_absence_note(
    session: Session,
    *,
    school_id: int,
    parent_id: int,
    student_id: int,
    starts_on: date,
    ends_on: date,
    reason: str,
    today: date,
    actor: str,
) -> AbsenceNote:
    """A parent's note that their child will be (or was) away; the register pre-marks the child
    excused on those days when the lesson's register is opened.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        parent_id: the parent writing (must be the child's guardian).
        student_id: the child.
        starts_on, ends_on: the first and last day away.
        reason: why (required).
        today: the school's date now.
        actor: the parent's login, for the audit log.

    Returns:
        The note (status "submitted").

    Raises:
        JournalNotFound: the student is not this parent's child.
        JournalError: the dates or the reason are not acceptable (every problem named).
    """
    reachable_student(
        session, school_id=school_id, parent_id=parent_id, student_id=None, wanted=student_id
    )
    reason = reason.strip()
    problems = _note_problems(starts_on, ends_on, reason, today)
    if problems:
        raise JournalError("bad_absence_note", problems)
    note = AbsenceNote(
        school_id=school_id, student_id=student_id, parent_id=parent_id,
        starts_on=starts_on, ends_on=ends_on, reason=reason,
    )  # fmt: skip
    session.add(note)
    session.flush()
    record_audit(
        session, school_id=school_id, actor=actor, action="send_absence_note",
        entity=f"absence_note:{note.id}",
        details={"student_id": student_id, "parent_id": parent_id, "starts_on":
                 starts_on.isoformat(), "ends_on": ends_on.isoformat(), "reason": reason},
    )  # fmt: skip
    return note


def _note_problems(starts_on: date, ends_on: date, reason: str, today: date) -> list[Message]:
    problems = []
    if ends_on < starts_on:
        problems.append(message(N_("The last day away comes before the first.")))
    elif (ends_on - starts_on).days >= NOTE_MAX_DAYS:
        what = N_("A note covers at most {days} days; write another for a longer absence.")
        problems.append(message(what, days=NOTE_MAX_DAYS))
    if starts_on < today - timedelta(days=NOTE_PAST_DAYS):
        what = N_("A note may explain an absence of the last {days} days, not earlier.")
        problems.append(message(what, days=NOTE_PAST_DAYS))
    if not reason:
        problems.append(message(N_("Say why the child is away.")))
    elif len(reason) > NOTE_REASON_LIMIT:
        what = N_("The reason is longer than {limit} characters.")
        problems.append(message(what, limit=NOTE_REASON_LIMIT))
    return problems


def list_absence_notes(
    session: Session, *, school_id: int, student_id: int, limit: int = 20
) -> list[AbsenceNote]:
    """A student's live absence notes, newest first."""
    query = select(AbsenceNote).where(
        AbsenceNote.school_id == school_id,
        AbsenceNote.student_id == student_id,
        col(AbsenceNote.deleted_at).is_(None),
    )
    return list(session.exec(query.order_by(col(AbsenceNote.id).desc()).limit(limit)).all())
