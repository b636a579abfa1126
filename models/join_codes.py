"""Join codes: the school's code for teachers, and one live code per class for its students."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from models.account_services import new_join_code
from models.accounts import STUDENT, TEACHER, JoinCode
from models.audit import record_audit
from models.base import utcnow
from models.classes import SchoolClass
from models.errors import NotFound
from models.i18n import N_, message
from models.lessons import LessonAudience, LessonRequirement, LessonTeacher


@dataclass(frozen=True, slots=True)
class ClassCode:
    """A class and its live student code, if it has one."""

    class_id: int
    class_code: str
    code: JoinCode | None


def _live(session: Session, school_id: int, role: str) -> list[JoinCode]:
    query = select(JoinCode).where(
        JoinCode.school_id == school_id, JoinCode.role == role, col(JoinCode.revoked_at).is_(None)
    )
    return list(session.exec(query.order_by(col(JoinCode.id))).all())


def _revoke(session: Session, codes: list[JoinCode]) -> None:
    now = utcnow()
    for code in codes:
        code.revoked_at = now
        session.add(code)


def teacher_code(session: Session, *, school_id: int) -> JoinCode | None:
    """The school's live code for teachers to register with (the newest), or None."""
    codes = _live(session, school_id, TEACHER)
    return codes[-1] if codes else None


def regenerate_teacher_code(
    session: Session, *, school_id: int, actor: str, actor_id: int | None
) -> JoinCode:
    """Revokes the school's teacher codes and makes a new one, audited.

    Returns:
        The new live code; registering with an old one now fails.
    """
    _revoke(session, _live(session, school_id, TEACHER))
    row = new_join_code(
        session, school_id=school_id, role=TEACHER, class_id=None, created_by=actor_id
    )
    record_audit(
        session, school_id=school_id, actor=actor, action="new_teacher_code",
        entity=f"join_code:{row.id}",
    )  # fmt: skip
    return row


def classes_taught(session: Session, *, school_id: int, teacher_id: int | None) -> set[int]:
    """The ids of the classes a teacher teaches some lesson of, by the school data."""
    if teacher_id is None:
        return set()
    query = (
        select(LessonAudience.class_id)
        .join(LessonTeacher, col(LessonTeacher.lesson_id) == col(LessonAudience.lesson_id))
        .join(LessonRequirement, col(LessonRequirement.id) == col(LessonAudience.lesson_id))
        .where(
            LessonAudience.school_id == school_id,
            LessonTeacher.teacher_id == teacher_id,
            col(LessonRequirement.deleted_at).is_(None),
        )
    )
    return set(session.exec(query).all())


def class_codes(
    session: Session, *, school_id: int, class_ids: set[int] | None = None
) -> list[ClassCode]:
    """The school's live classes (or only `class_ids`) with their live student code.

    Returns:
        One entry per class, in the order of the school data.
    """
    classes = session.exec(
        select(SchoolClass)
        .where(SchoolClass.school_id == school_id, col(SchoolClass.deleted_at).is_(None))
        .order_by(col(SchoolClass.id))
    ).all()
    live = {code.class_id: code for code in _live(session, school_id, STUDENT)}
    return [
        ClassCode(c.id, c.code, live.get(c.id))
        for c in classes
        if c.id is not None and (class_ids is None or c.id in class_ids)
    ]


def new_class_code(
    session: Session, *, school_id: int, class_id: int, actor: str, actor_id: int | None
) -> JoinCode:
    """A new student code for a class of the school; the class's older code stops working.

    Raises:
        NotFound: no such class in this school.
    """
    school_class = session.get(SchoolClass, class_id)
    if school_class is None or school_class.school_id != school_id or school_class.deleted_at:
        raise NotFound("class_not_found", [message(N_("There is no such class."))])
    _revoke(session, [c for c in _live(session, school_id, STUDENT) if c.class_id == class_id])
    row = new_join_code(
        session, school_id=school_id, role=STUDENT, class_id=class_id, created_by=actor_id
    )
    record_audit(
        session, school_id=school_id, actor=actor, action="new_class_code",
        entity=f"join_code:{row.id}", details={"class": school_class.code},
    )  # fmt: skip
    return row
