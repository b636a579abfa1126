"""Who may open a student's profile, and which parts of it (one place, tested rule by rule).

- The student sees their own profile: the instrument results their instruments show students,
  grades, attendance, courses, mock tests, profile subjects, all their own bookings with their
  own words (no specialist's notes), the "profile complete" checklist and recommendations.
- A parent sees their child's non-clinical profile: as the student sees it, but no psychology
  bookings and not the child's words to a specialist.
- The counsellor sees every student of the school: non-clinical results, career consultations
  with their notes, everything else.
- The psychologist sees every student: all results including screenings (guidance.instruments
  decides and audits), both tracks of consultations with their notes.
- The school admin sees every student without screenings, career consultations without notes.
- A class teacher sees a summary of their own class's students: no instrument results and no
  consultations. Other teachers, timetablers and platform admins see no profile.
Which instrument results a role reads is guidance.instruments.access.may_read; this module only
says whether instruments are shown at all.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from guidance.work.consultations import Reader
from guidance.work.errors import WorkNotFound
from models.accounts import COUNSELLOR, PARENT, PSYCHOLOGIST, SCHOOL_ADMIN, STUDENT, TEACHER
from models.classes import SchoolClass
from models.guidance_work import CAREER, PSYCHOLOGY
from models.i18n import N_, message
from models.people import Guardianship, Student

SELF, FAMILY, CLASS_TEACHER = "self", "parent", "class_teacher"
COUNSELLOR_VIEW, PSYCHOLOGIST_VIEW, ADMIN_VIEW = "counsellor", "psychologist", "admin"
BOTH = frozenset({CAREER, PSYCHOLOGY})
CAREER_ONLY = frozenset({CAREER})
NONE: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Viewer:
    """The reader as the profile needs them (the web's viewer, without web)."""

    account_id: int
    login: str
    role: str
    teacher_id: int | None = None
    student_id: int | None = None
    parent_id: int | None = None


@dataclass(frozen=True, slots=True)
class Audience:
    """What one reader sees of one student's profile."""

    kind: str
    role: str  # passed to guidance.instruments, which decides which results
    instruments: bool
    consultations: Reader
    recommendations: bool
    edit_subjects: bool  # may record the student's profile subjects
    enter_mock: bool  # may enter mock results (the student: their own, self-reported)

    @property
    def specialist(self) -> bool:
        """A counsellor or psychologist (the full working view)."""
        return self.kind in (COUNSELLOR_VIEW, PSYCHOLOGIST_VIEW)


AUDIENCES: dict[str, Audience] = {
    SELF: Audience(SELF, STUDENT, True, Reader(BOTH, NONE, True), True, True, True),
    FAMILY: Audience(FAMILY, PARENT, True, Reader(CAREER_ONLY), True, False, False),
    CLASS_TEACHER: Audience(CLASS_TEACHER, TEACHER, False, Reader(NONE), False, False, False),
    COUNSELLOR_VIEW: Audience(COUNSELLOR_VIEW, COUNSELLOR, True,
                              Reader(CAREER_ONLY, CAREER_ONLY), True, True, True),
    PSYCHOLOGIST_VIEW: Audience(PSYCHOLOGIST_VIEW, PSYCHOLOGIST, True, Reader(BOTH, BOTH), True,
                                False, False),
    ADMIN_VIEW: Audience(ADMIN_VIEW, SCHOOL_ADMIN, True, Reader(CAREER_ONLY), True, False, False),
}  # fmt: skip
STAFF_KINDS = {COUNSELLOR: COUNSELLOR_VIEW, PSYCHOLOGIST: PSYCHOLOGIST_VIEW,
               SCHOOL_ADMIN: ADMIN_VIEW}  # fmt: skip


def _refused() -> WorkNotFound:
    return WorkNotFound("profile_not_found", [message(N_("There is no such profile."))])


def audience_for(
    session: Session, *, school_id: int, student_id: int, viewer: Viewer
) -> tuple[Audience, Student]:
    """Whether the viewer may open a student's profile, and what they see of it.

    Args:
        session: an open session.
        school_id: the viewer's school.
        student_id: the student asked for.
        viewer: who asks.

    Returns:
        The audience and the student.

    Raises:
        WorkNotFound: no such student in the viewer's school, or one the viewer may not see
            (the same answer, so a refusal does not tell that the student exists).
    """
    student = session.get(Student, student_id)
    if student is None or student.school_id != school_id or student.deleted_at is not None:
        raise _refused()
    kind = STAFF_KINDS.get(viewer.role)
    if kind is None and viewer.role == STUDENT and viewer.student_id == student_id:
        kind = SELF
    elif kind is None and viewer.role == PARENT and viewer.parent_id is not None:
        link = session.exec(
            select(Guardianship.id).where(
                Guardianship.school_id == school_id,
                Guardianship.parent_id == viewer.parent_id,
                Guardianship.student_id == student_id,
            )
        ).first()
        kind = FAMILY if link is not None else None
    elif kind is None and viewer.role == TEACHER and viewer.teacher_id is not None:
        klass = session.get(SchoolClass, student.class_id)
        if klass is not None and klass.class_teacher_id == viewer.teacher_id:
            kind = CLASS_TEACHER
    if kind is None:
        raise _refused()
    return AUDIENCES[kind], student


def class_teacher_classes(session: Session, *, school_id: int, teacher_id: int) -> list[int]:
    """The classes a teacher is class teacher of."""
    return [
        c
        for c in session.exec(
            select(SchoolClass.id).where(
                SchoolClass.school_id == school_id,
                SchoolClass.class_teacher_id == teacher_id,
                col(SchoolClass.deleted_at).is_(None),
            )
        ).all()
        if c is not None
    ]
