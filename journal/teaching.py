"""Who grades what: the (class, subject) pairs a teacher teaches, from the school's lessons."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, select

from journal.errors import JournalNotFound
from models.classes import SchoolClass
from models.curriculum import Subject
from models.i18n import N_, message
from models.lessons import LessonAudience, LessonRequirement, LessonTeacher

__all__ = ["Teaching", "may_grade", "teaching_pairs"]


@dataclass(frozen=True, slots=True)
class Teaching:
    """A class taught a subject: one gradebook."""

    class_id: int
    class_code: str
    subject_id: int
    subject_name: str


def teaching_pairs(
    session: Session,
    *,
    school_id: int,
    teacher_id: int | None,
    sort_key: Callable[[str], Any] = str.casefold,
) -> list[Teaching]:
    """The gradebooks a teacher may keep (every one of the school for None: the admin).

    Args:
        session: an open session.
        school_id: the school.
        teacher_id: the teacher, or None for every class and subject of the school.
        sort_key: how class codes and subject names sort (the reader's language).

    Returns:
        The (class, subject) pairs of the school's live lessons, by class then subject.
    """
    query = (
        select(SchoolClass.id, SchoolClass.code, Subject.id, Subject.name)
        .join(LessonAudience, col(LessonAudience.class_id) == col(SchoolClass.id))
        .join(LessonRequirement, col(LessonRequirement.id) == col(LessonAudience.lesson_id))
        .join(Subject, col(Subject.id) == col(LessonRequirement.subject_id))
        .where(
            LessonRequirement.school_id == school_id,
            col(LessonRequirement.deleted_at).is_(None),
            SchoolClass.school_id == school_id,
        )
        .distinct()
    )
    if teacher_id is not None:
        mine = select(LessonTeacher.lesson_id).where(
            LessonTeacher.school_id == school_id, LessonTeacher.teacher_id == teacher_id
        )
        query = query.where(col(LessonRequirement.id).in_(mine))
    rows = session.exec(query).all()
    pairs = [Teaching(c or 0, code, s or 0, name) for c, code, s, name in rows]
    return sorted(pairs, key=lambda p: (sort_key(p.class_code), sort_key(p.subject_name)))


def may_grade(
    session: Session, *, school_id: int, teacher_id: int | None, class_id: int, subject_id: int
) -> Teaching:
    """The gradebook of a class and subject, when this teacher (None: the admin) may keep it.

    Raises:
        JournalNotFound: the school has no such lesson, or the teacher does not teach it
            (another teacher's gradebook is "not found" too).
    """
    for pair in teaching_pairs(session, school_id=school_id, teacher_id=teacher_id):
        if pair.class_id == class_id and pair.subject_id == subject_id:
            return pair
    what = N_("You do not teach this subject in this class.")
    raise JournalNotFound("not_your_gradebook", [message(what)])
