"""A student's profile in one place: instrument results over time, grades and attendance, course
activity, mock tests with their trend, chosen profile subjects, consultations, and the
"profile complete" checklist that unlocks recommendations; each part as the reader may see it."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from guidance.instruments.results import Result, results_for_student
from guidance.profile.access import Audience, Viewer, audience_for
from guidance.profile.sources import Outside, Sources
from guidance.work.consult_views import student_consultations
from guidance.work.consultations import ConsultView
from guidance.work.mock_tests import MockHistory, student_history
from guidance.work.subjects import current_choice
from models.classes import SchoolClass
from models.guidance import SUBMITTED, InstrumentResponse
from models.guidance_work import ProfileSubjectChoice
from models.i18n import N_, Message, message
from models.people import Student

INTERESTS = "riasec"  # the interest inventory the checklist asks for (guidance.instruments)


@dataclass(frozen=True, slots=True)
class Step:
    """One line of the "profile complete" checklist."""

    key: str
    label: Message
    done: bool


@dataclass(frozen=True, slots=True)
class Checklist:
    steps: tuple[Step, ...]

    @property
    def complete(self) -> bool:
        """Every step done: recommendations unlock."""
        return all(s.done for s in self.steps)

    @property
    def done(self) -> int:
        """How many steps are done."""
        return sum(s.done for s in self.steps)


@dataclass(frozen=True)
class Profile:
    """One student's profile as one reader sees it (parts the reader may not see are empty)."""

    student: Student
    class_code: str
    grade: int | None
    audience: Audience
    instruments: tuple[Result, ...]  # oldest first
    outside: Outside
    mock: MockHistory
    subjects: ProfileSubjectChoice | None
    consultations: tuple[ConsultView, ...]
    checklist: Checklist

    def latest(self, key: str) -> Result | None:
        """The newest result of one instrument the reader may see."""
        found = [r for r in self.instruments if r.key == key]
        return found[-1] if found else None


def interests_taken(session: Session, *, school_id: int, student_id: int) -> bool:
    """Whether the student has submitted the interest inventory (a non-clinical fact)."""
    return (
        session.exec(
            select(InstrumentResponse.id).where(
                InstrumentResponse.school_id == school_id,
                InstrumentResponse.student_id == student_id,
                InstrumentResponse.instrument_key == INTERESTS,
                InstrumentResponse.status == SUBMITTED,
            )
        ).first()
        is not None
    )


def checklist(
    session: Session, *, school_id: int, student_id: int, outside: Outside, mock: MockHistory,
    subjects: ProfileSubjectChoice | None,
) -> Checklist:  # fmt: skip
    """What a profile needs before recommendations unlock: the interest inventory taken, the
    profile subjects chosen, a mock test, grades in the journal."""
    return Checklist((
        Step("interests", message(N_("The interest inventory (RIASEC) taken")),
             interests_taken(session, school_id=school_id, student_id=student_id)),
        Step("subjects", message(N_("Two profile subjects chosen")), subjects is not None),
        Step("mock", message(N_("A mock test (UNT, NUET or SAT) recorded")), bool(mock.sittings)),
        Step("grades", message(N_("Grades in the class journal this term")),
             outside.academics is not None and outside.academics.has_grades),
    ))  # fmt: skip


def build_profile(
    session: Session, *, school_id: int, student_id: int, viewer: Viewer, sources: Sources
) -> Profile:
    """A student's profile as the viewer may see it.

    A psychologist's read of screening results is audited by guidance.instruments, so the
    session must be a writing one (session_scope) for psychologists.

    Args:
        session: an open session.
        school_id: the viewer's school.
        student_id: the student.
        viewer: who reads.
        sources: reads the journal's and the courses' data (the web layer's adapter).

    Returns:
        The profile.

    Raises:
        WorkNotFound: no such student, or one the viewer may not see.
    """
    audience, student = audience_for(
        session, school_id=school_id, student_id=student_id, viewer=viewer
    )
    klass = session.get(SchoolClass, student.class_id)
    instruments: list[Result] = []
    if audience.instruments:
        instruments = results_for_student(
            session, school_id=school_id, student_id=student_id, viewer_role=audience.role,
            actor=viewer.login,
        )  # fmt: skip
    outside = sources.outside(school_id=school_id, student_id=student_id)
    mock = student_history(session, school_id=school_id, student_id=student_id)
    subjects = current_choice(session, school_id=school_id, student_id=student_id)
    consultations = student_consultations(
        session, school_id=school_id, student_id=student_id, reader=audience.consultations
    )
    return Profile(
        student=student, class_code=klass.code if klass else "",
        grade=klass.grade if klass else None, audience=audience,
        instruments=tuple(instruments), outside=outside, mock=mock, subjects=subjects,
        consultations=tuple(consultations),
        checklist=checklist(session, school_id=school_id, student_id=student_id,
                            outside=outside, mock=mock, subjects=subjects),
    )  # fmt: skip
