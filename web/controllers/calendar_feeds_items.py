"""What a person's merged calendar feed holds: every dated thing of theirs (or their children's).

Students and parents: homework (due at the next lesson of that class, else on the day it was
set), СОР/СОЧ dates, olympiads the student registered for, course openings of the class, booked
consultations; everyone: the school's published events. Every query is scoped to the school
and to the people the account is (its student, or a parent's children).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, or_, select

from models.accounts import PARENT, STUDENT, UserAccount
from models.contests import Contest, ContestParticipant
from models.curriculum import Subject
from models.guidance_work import Consultation, ConsultationSlot
from models.journal import SECTION, TERM_SUMMATIVE, Assessment, LessonRecord
from models.lessons import LessonAudience, LessonRequirement
from models.lms import Course, CourseAssignment
from models.people import Guardianship, Student, StudentSubgroup
from models.website import SiteEvent

HOMEWORK, ASSESSMENT, OLYMPIAD, COURSE, CONSULTATION, EVENT = (
    "homework", "assessment", "olympiad", "course", "consultation", "event",
)  # fmt: skip
SINCE = timedelta(days=60)  # older items drop out of the feed


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One calendar event: a stable uid, a category, its dates (date = all day)."""

    uid: str
    category: str
    summary: str
    start: date | datetime
    end: date | datetime | None = None
    description: str = ""
    who: str = ""  # the child's name in a parent's feed


def students_of(session: Session, account: UserAccount) -> list[Student]:
    """The students whose dates the account sees: itself, or a parent's children."""
    assert account.school_id is not None
    ids: list[int] = []
    if account.role == STUDENT and account.student_id is not None:
        ids = [account.student_id]
    elif account.role == PARENT and account.parent_id is not None:
        ids = list(session.exec(select(Guardianship.student_id).where(
            Guardianship.school_id == account.school_id,
            Guardianship.parent_id == account.parent_id,
        )))  # fmt: skip
    if not ids:
        return []
    rows = session.exec(select(Student).where(
        col(Student.id).in_(ids), Student.school_id == account.school_id,
        col(Student.deleted_at).is_(None),
    ))  # fmt: skip
    return list(rows)


def _subjects(session: Session, school_id: int) -> dict[int, str]:
    rows = session.exec(select(Subject.id, Subject.name).where(Subject.school_id == school_id))
    return {i or 0: name for i, name in rows}


def _groups(session: Session, student: Student) -> list[int]:
    return list(session.exec(select(StudentSubgroup.subgroup_id).where(
        StudentSubgroup.school_id == student.school_id, StudentSubgroup.student_id == student.id,
    )))  # fmt: skip


def _mine(column: Any, groups: list[int]) -> Any:
    """Rows for the student's whole class, or a subgroup of it they belong to."""
    return or_(col(column).is_(None), col(column).in_(groups))


def homework(session: Session, student: Student, today: date) -> list[FeedItem]:
    """Homework of the student's lessons, due at that lesson's next recorded date."""
    groups, subjects = _groups(session, student), _subjects(session, student.school_id)
    lessons = dict(
        session.exec(
            select(LessonAudience.lesson_id, LessonRequirement.subject_id)
            .join(LessonRequirement, col(LessonRequirement.id) == col(LessonAudience.lesson_id))
            .where(
                LessonAudience.school_id == student.school_id,
                LessonAudience.class_id == student.class_id,
                _mine(LessonAudience.subgroup_id, groups),
            )
        ).all()
    )  # fmt: skip (a result has keys(): dict() would take it for a mapping)
    records = list(session.exec(select(LessonRecord).where(
        LessonRecord.school_id == student.school_id, col(LessonRecord.lesson_id).in_(list(lessons)),
        col(LessonRecord.deleted_at).is_(None), LessonRecord.day >= today - SINCE,
    ).order_by(col(LessonRecord.day))))  # fmt: skip
    out = []
    for r in records:
        if not r.homework.strip():
            continue
        later = [x.day for x in records if x.lesson_id == r.lesson_id and x.day > r.day]
        out.append(FeedItem(f"homework-{r.id}-{student.id}", HOMEWORK,
                            subjects.get(lessons[r.lesson_id], ""), later[0] if later else r.day,
                            description=r.homework, who=student.name))  # fmt: skip
    return out


def assessments(session: Session, student: Student, today: date) -> list[FeedItem]:
    """The СОР and СОЧ of the student's class (and subgroups)."""
    groups, subjects = _groups(session, student), _subjects(session, student.school_id)
    rows = session.exec(select(Assessment).where(
        Assessment.school_id == student.school_id, Assessment.class_id == student.class_id,
        _mine(Assessment.subgroup_id, groups),
        col(Assessment.kind).in_([SECTION, TERM_SUMMATIVE]), col(Assessment.deleted_at).is_(None),
        Assessment.day >= today - SINCE,
    ))  # fmt: skip
    return [
        FeedItem(f"assessment-{a.id}-{student.id}", ASSESSMENT,
                 f"{subjects.get(a.subject_id, '')}: {a.title or a.kind.upper()}", a.day,
                 description=a.section, who=student.name)
        for a in rows
    ]  # fmt: skip


def olympiads(session: Session, student: Student, today: date) -> list[FeedItem]:
    """Olympiads the student's account is registered for."""
    rows = session.exec(
        select(Contest)
        .join(ContestParticipant, col(ContestParticipant.contest_id) == col(Contest.id))
        .join(UserAccount, col(UserAccount.id) == col(ContestParticipant.user_id))
        .where(UserAccount.student_id == student.id, UserAccount.school_id == student.school_id,
               ContestParticipant.school_id == student.school_id,
               col(Contest.deleted_at).is_(None))
    )  # fmt: skip
    return [
        FeedItem(f"olympiad-{c.id}-{student.id}", OLYMPIAD, c.title, c.starts_at, c.ends_at,
                 who=student.name)
        for c in rows if c.ends_at.date() >= today - SINCE
    ]  # fmt: skip


def course_openings(session: Session, student: Student, today: date) -> list[FeedItem]:
    """Courses opened to the student's class, from the opening to the closing date."""
    rows = session.exec(
        select(CourseAssignment, Course)
        .join(Course, col(Course.id) == col(CourseAssignment.course_id))
        .where(CourseAssignment.school_id == student.school_id,
               CourseAssignment.class_id == student.class_id,
               col(CourseAssignment.deleted_at).is_(None), col(Course.deleted_at).is_(None))
    )  # fmt: skip
    out = []
    for a, course in rows:
        title = next(iter(course.title.values()), "")
        end = (a.ends_on or a.starts_on) + timedelta(days=1)  # DTEND of a whole day is exclusive
        out.append(FeedItem(f"course-{a.id}-{student.id}", COURSE, title, a.starts_on, end,
                            who=student.name))  # fmt: skip
    return out


def consultations(session: Session, student: Student, today: date) -> list[FeedItem]:
    """The student's booked (not cancelled) consultations."""
    rows = session.exec(
        select(Consultation, ConsultationSlot)
        .join(ConsultationSlot, col(ConsultationSlot.id) == col(Consultation.slot_id))
        .where(Consultation.school_id == student.school_id, Consultation.student_id == student.id,
               col(Consultation.holds_slot).is_not(None))
    )  # fmt: skip
    return [
        FeedItem(f"consultation-{c.id}", CONSULTATION, "", s.starts_at,
                 s.starts_at + timedelta(minutes=s.minutes), description=s.place, who=student.name)
        for c, s in rows if s.starts_at.date() >= today - SINCE
    ]  # fmt: skip


def school_events(session: Session, school_id: int, language: str, today: date) -> list[FeedItem]:
    """The school website's published events."""
    rows = session.exec(select(SiteEvent).where(
        SiteEvent.school_id == school_id, col(SiteEvent.published),
        col(SiteEvent.deleted_at).is_(None), SiteEvent.ends_on >= today - SINCE,
    ))  # fmt: skip
    out = []
    for e in rows:
        title = _title(e.texts, language)
        out.append(FeedItem(f"event-{e.id}", EVENT, title, e.starts_on,
                            e.ends_on + timedelta(days=1)))  # fmt: skip
    return out


def _title(texts: dict[str, Any], language: str) -> str:
    """An event's title in the language, else the first there is (texts: field -> lang -> text
    or lang -> field -> text; both shapes are read)."""
    by_field = texts.get("title")
    if isinstance(by_field, dict):
        return str(by_field.get(language) or next(iter(by_field.values()), ""))
    by_lang: Any = texts.get(language) or next(iter(texts.values()), {})
    return str(by_lang.get("title", "")) if isinstance(by_lang, dict) else ""


def person_items(session: Session, account: UserAccount, today: date) -> list[FeedItem]:
    """Everything dated for this account, merged, by date."""
    assert account.school_id is not None
    items = school_events(session, account.school_id, account.language or "ru", today)
    for student in students_of(session, account):
        for source in (homework, assessments, olympiads, course_openings, consultations):
            items += source(session, student, today)
    return sorted(items, key=lambda i: (str(i.start), i.uid))
