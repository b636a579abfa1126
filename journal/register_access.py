"""Who may open which register, the students a lesson is for, and the record a change goes to."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from journal.calendar import Calendar, HeldLesson, held_lesson, school_calendar, term_closed
from journal.errors import JournalError, JournalNotFound, TermClosed
from journal.frame import LessonLabel, school_frame
from models.accounts import PARENT, SCHOOL_ADMIN, STUDENT, TEACHER
from models.i18n import N_, message
from models.journal import LessonRecord
from models.lessons import LessonAudience, LessonTeacher
from models.people import Guardianship, Student, StudentSubgroup


class NotYourLesson(JournalError):
    """The register belongs to a lesson the person neither teaches nor covers."""


@dataclass(frozen=True, slots=True)
class Actor:
    """The person asking, as the journal needs them (the web's viewer, a CLI user)."""

    user_id: int | None
    login: str
    role: str
    teacher_id: int | None = None
    student_id: int | None = None
    parent_id: int | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """A register about to change: the record, the lesson as held and its term."""

    record: LessonRecord
    held: HeldLesson | None
    term: str  # the term's name ("" outside terms)
    locked: bool


@dataclass(frozen=True, slots=True)
class Reached:
    """A register someone may keep: the lesson as held, its record if opened, its term's lock."""

    held: HeldLesson | None
    record: LessonRecord | None
    term: str
    locked: bool


def _not_found() -> JournalNotFound:
    return JournalNotFound("no_lesson", [message(N_("There is no such lesson on that day."))])


def _forbidden() -> NotYourLesson:
    return NotYourLesson(
        "not_your_lesson", [message(N_("This register belongs to a lesson you do not keep."))]
    )


def lesson_labels(session: Session, school_id: int, ids: Iterable[int]) -> dict[int, LessonLabel]:
    """Lesson requirement id -> subject and audience (the school's rows only)."""
    labels = school_frame(session, school_id=school_id).labels
    return {i: labels[i] for i in sorted(set(ids)) if i in labels}


def audience_students(
    session: Session, school_id: int, parts: Iterable[tuple[int, int | None]]
) -> list[Student]:
    """The students a lesson is for: whole classes, and the members of its subgroups."""
    parts = list(parts)
    whole = [c for c, g in parts if g is None]
    groups = [g for _, g in parts if g is not None]
    found: dict[int, Student] = {}
    if whole:
        for s in session.exec(
            select(Student).where(
                Student.school_id == school_id, col(Student.class_id).in_(whole),
                col(Student.deleted_at).is_(None),
            )
        ):  # fmt: skip
            found[s.id or 0] = s
    if groups:
        classes = {c for c, g in parts if g is not None}
        for s in session.exec(
            select(Student)
            .join(StudentSubgroup, col(StudentSubgroup.student_id) == col(Student.id))
            .where(
                Student.school_id == school_id, col(StudentSubgroup.subgroup_id).in_(groups),
                col(Student.class_id).in_(classes), col(Student.deleted_at).is_(None),
            )
        ):  # fmt: skip
            found[s.id or 0] = s
    return sorted(found.values(), key=lambda s: (s.name.casefold(), s.id or 0))


def lesson_parts(session: Session, school_id: int, lesson_id: int) -> list[tuple[int, int | None]]:
    """The (class, subgroup) parts of a lesson's audience."""
    rows = session.exec(
        select(LessonAudience.class_id, LessonAudience.subgroup_id).where(
            LessonAudience.school_id == school_id, LessonAudience.lesson_id == lesson_id
        )
    ).all()
    return [(c, g) for c, g in rows]


def may_keep(actor: Actor, held: HeldLesson | None, record: LessonRecord | None) -> bool:
    """A school admin keeps every register of the school; a teacher those they keep that day.

    A teacher who opened the register before a cover was published keeps reaching it, so
    what they entered stays theirs to correct.
    """
    if actor.role == SCHOOL_ADMIN:
        return True
    if actor.role != TEACHER or actor.teacher_id is None:
        return False
    in_plan = held is not None and actor.teacher_id in held.keepers
    return in_plan or (record is not None and record.teacher_id == actor.teacher_id)


def find_record(
    session: Session, *, school_id: int, day: date, lesson_id: int, unit: int
) -> LessonRecord | None:
    """The lesson's record on that day, if the register was opened."""
    return session.exec(
        select(LessonRecord).where(
            LessonRecord.school_id == school_id, LessonRecord.day == day,
            LessonRecord.lesson_id == lesson_id, LessonRecord.unit == unit,
        )
    ).first()  # fmt: skip


def reach(
    session: Session, *, school_id: int, actor: Actor, day: date, lesson_id: int, unit: int
) -> Reached:
    """The lesson as held, its record (None before the first open) and its term's lock, when
    the actor may keep its register.

    Raises:
        JournalNotFound: the lesson is not held that day and has no record.
        NotYourLesson: the actor neither keeps it nor is the school admin.
    """
    calendar = school_calendar(session, school_id=school_id)
    held = held_lesson(
        session, school_id=school_id, day=day, lesson_id=lesson_id, unit=unit, calendar=calendar
    )
    record = find_record(session, school_id=school_id, day=day, lesson_id=lesson_id, unit=unit)
    if held is None and record is None:
        raise _not_found()
    if not may_keep(actor, held, record):
        raise _forbidden()
    term, locked = term_lock(session, school_id, day, calendar)
    return Reached(held, record, term, locked)


def term_lock(
    session: Session, school_id: int, day: date, calendar: Calendar | None = None
) -> tuple[str, bool]:
    """The name of the date's term and whether it is closed."""
    calendar = calendar or school_calendar(session, school_id=school_id)
    term = calendar.term_of(day)
    if term is None:
        return "", False
    return term.name, term_closed(session, school_id=school_id, term=term.name)


def target(
    session: Session, *, school_id: int, actor: Actor, day: date, lesson_id: int, unit: int
) -> Target:
    """The record a change goes to, created on the first change; refused in a closed term.

    Raises:
        JournalNotFound, NotYourLesson: as `reach`.
        TermClosed: the day's term is closed.
    """
    found = reach(
        session, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id, unit=unit
    )
    if found.locked:
        raise TermClosed(
            "term_closed",
            [message(N_("{term} is closed: its register is locked."), term=found.term)],
        )
    if found.record is None:
        assert found.held is not None  # reach() refuses a lesson with neither
        return Target(new_record(session, school_id, found.held), found.held, found.term, False)
    return Target(found.record, found.held, found.term, False)


def new_record(session: Session, school_id: int, held: HeldLesson) -> LessonRecord:
    """The lesson's record, created when its register is first opened."""
    record = LessonRecord(
        school_id=school_id, day=held.day, lesson_id=held.lesson_id, unit=held.unit,
        shift=held.shift, period=held.period,
        teacher_id=held.keepers[0] if held.keepers else None, cover_id=held.cover_id,
    )  # fmt: skip
    session.add(record)
    session.flush()
    return record


def may_see_files(session: Session, actor: Actor, school_id: int, record: LessonRecord) -> bool:
    """The lesson's people: its students and their parents, its teachers, the school admin."""
    if actor.role == SCHOOL_ADMIN:
        return True
    if actor.role == TEACHER:
        teachers = session.exec(
            select(LessonTeacher.teacher_id).where(
                LessonTeacher.school_id == school_id, LessonTeacher.lesson_id == record.lesson_id
            )
        ).all()
        return actor.teacher_id is not None and (
            actor.teacher_id == record.teacher_id or actor.teacher_id in teachers
        )
    if actor.role == STUDENT and actor.student_id is not None:
        children = [actor.student_id]
    elif actor.role == PARENT and actor.parent_id is not None:
        children = list(
            session.exec(
                select(Guardianship.student_id).where(
                    Guardianship.school_id == school_id, Guardianship.parent_id == actor.parent_id
                )
            ).all()
        )
    else:
        return False
    students = audience_students(
        session, school_id, lesson_parts(session, school_id, record.lesson_id)
    )
    return any(s.id in children for s in students)
