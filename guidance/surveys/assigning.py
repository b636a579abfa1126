"""Sending an instrument to a student, a class or a grade (5–11), with a deadline and a notice.

Sending writes the assignment, one response row per student (so a specialist sees at once who
has not started) and an in-app notice to each student's account, in the student's language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from guidance.instruments.access import may_read, may_send
from guidance.instruments.catalogue import Listed
from guidance.instruments.errors import InstrumentError, InstrumentNotFound
from guidance.instruments.schema import pick
from guidance.surveys.types import Gettexts, Sender
from models.accounts import STUDENT, UserAccount
from models.audit import record_audit
from models.classes import SchoolClass
from models.guidance import (
    ASSIGNED,
    TARGET_CLASS,
    TARGET_GRADE,
    TARGET_STUDENT,
    InstrumentAssignment,
    InstrumentResponse,
)
from models.i18n import N_, message
from models.notices import queue_notice
from models.outbox import IN_APP
from models.people import Student
from models.school import School

GRADES = range(5, 12)


@dataclass(frozen=True, slots=True)
class Sent:
    assignment: InstrumentAssignment
    students: int


def _refuse(code: str, text: str, **values: object) -> InstrumentError:
    return InstrumentError(code, [message(text, **values)])


def target_students(
    session: Session, *, school_id: int, kind: str, target: int
) -> list[tuple[Student, int]]:
    """The students (with their class's grade) a target names: a student id, a class id, or a
    grade; only grades 5–11 and only the school's own, present students.

    Raises:
        InstrumentError: an unknown kind, or a target that is not the school's.
    """
    query = (
        select(Student, SchoolClass.grade)
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .where(
            Student.school_id == school_id,
            SchoolClass.school_id == school_id,
            col(Student.deleted_at).is_(None),
            col(SchoolClass.deleted_at).is_(None),
            col(SchoolClass.grade).in_(list(GRADES)),
        )
    )
    if kind == TARGET_STUDENT:
        query = query.where(Student.id == target)
    elif kind == TARGET_CLASS:
        query = query.where(Student.class_id == target)
    elif kind == TARGET_GRADE:
        query = query.where(SchoolClass.grade == target)
    else:
        raise _refuse("bad_target", N_("Choose a student, a class or a grade."))
    return [(s, g) for s, g in session.exec(query.order_by(col(Student.name))).all()]


def send_instrument(
    session: Session,
    *,
    school_id: int,
    sender: Sender,
    listed: Listed,
    kind: str,
    target: int,
    due_on: date | None,
    note: str = "",
    gettexts: Gettexts,
    today: date | None = None,
) -> Sent:
    """Sends an instrument to a student, a class or a grade.

    Args:
        session: an open session; the caller commits.
        school_id: the sender's school.
        sender: the specialist (a psychologist, or a counsellor for non-clinical instruments).
        listed: the instrument (catalogue.find_listed).
        kind: "student", "class" or "grade".
        target: the student's id, the class's id or the grade.
        due_on: the deadline (today or later), or None.
        note: words to the students, shown with the instrument.
        gettexts: language -> gettext, for the notices.
        today: the date (tests).

    Returns:
        The assignment and how many students got it.

    Raises:
        InstrumentError: the sender may not send it, the deadline is past, or nobody of the
            instrument's grades is in the target.
    """
    instrument = listed.instrument
    if not may_send(sender.role, clinical=instrument.clinical):
        raise _refuse("not_allowed", N_("Screenings are sent by the school psychologist."))
    if due_on is not None and due_on < (today or date.today()):
        raise _refuse("due_past", N_("The deadline has passed already."))
    low, high = instrument.grades
    found = target_students(session, school_id=school_id, kind=kind, target=target)
    students = [s for s, grade in found if low <= grade <= high]
    if not students:
        raise _refuse(
            "no_students", N_("Nobody in grades {low}–{high} is there."), low=low, high=high
        )
    assignment = InstrumentAssignment(
        school_id=school_id, instrument_key=instrument.key, instrument_version=instrument.version,
        origin=listed.origin, school_instrument_id=listed.row_id, target_kind=kind,
        student_id=target if kind == TARGET_STUDENT else None,
        class_id=target if kind == TARGET_CLASS else None,
        grade=target if kind == TARGET_GRADE else None, due_on=due_on, note=note.strip()[:2000],
        created_by=sender.id, created_role=sender.role,
    )  # fmt: skip
    session.add(assignment)
    session.flush()
    assert assignment.id is not None
    for student in students:
        assert student.id is not None
        session.add(
            InstrumentResponse(
                school_id=school_id, assignment_id=assignment.id, student_id=student.id,
                instrument_key=instrument.key, instrument_version=instrument.version,
                clinical=instrument.clinical, status=ASSIGNED,
            )
        )  # fmt: skip
    session.flush()
    _notify(session, school_id, assignment, [s.id for s in students if s.id], listed, gettexts)
    return Sent(assignment, len(students))


def _notify(
    session: Session,
    school_id: int,
    assignment: InstrumentAssignment,
    student_ids: list[int],
    listed: Listed,
    gettexts: Gettexts,
) -> None:
    school = session.get(School, school_id)
    default = school.language if school is not None else "ru"
    accounts = session.exec(
        select(UserAccount).where(
            UserAccount.school_id == school_id,
            UserAccount.role == STUDENT,
            col(UserAccount.active).is_(True),
            col(UserAccount.deleted_at).is_(None),
            col(UserAccount.student_id).in_(student_ids),
        )
    ).all()
    for account in accounts:
        language = account.language or default
        gettext = gettexts(language)
        title = pick(listed.instrument.title, language)
        due = assignment.due_on.isoformat() if assignment.due_on else "—"
        subject = message(N_("New questionnaire: {title}"), title=title)
        body = message(
            N_("Please answer “{title}” by {due}. Open “My questionnaires” in Sabaq."),
            title=title, due=due,
        )  # fmt: skip
        queue_notice(
            session, school_id=school_id, user_id=account.id, channel=IN_APP, address="",
            subject=subject.render(gettext), body=body.render(gettext),
            key=f"guidance:assign:{assignment.id}:u{account.id}",
        )  # fmt: skip


def visible_assignments(
    session: Session, *, school_id: int, role: str
) -> list[tuple[InstrumentAssignment, int, int]]:
    """The school's assignments a specialist may follow, newest first, with (submitted, total).

    Psychologists see all; counsellors those of non-clinical instruments.
    """
    rows = session.exec(
        select(InstrumentAssignment)
        .where(
            InstrumentAssignment.school_id == school_id,
            col(InstrumentAssignment.deleted_at).is_(None),
        )
        .order_by(col(InstrumentAssignment.id).desc())
        .limit(200)
    ).all()
    ids = [a.id for a in rows]
    r = InstrumentResponse
    responses = session.exec(
        select(r.assignment_id, r.status, r.clinical).where(
            r.school_id == school_id, col(r.assignment_id).in_(ids)
        )
    ).all()
    counts: dict[int, list[int]] = {}
    clinical: dict[int, bool] = {}
    for assignment_id, status, is_clinical in responses:
        pair = counts.setdefault(assignment_id, [0, 0])
        pair[0] += status == "submitted"
        pair[1] += 1
        clinical[assignment_id] = is_clinical
    return [
        (a, *counts.get(a.id or 0, [0, 0]))  # type: ignore[misc]
        for a in rows
        if may_read(role, clinical=clinical.get(a.id or 0, False), student_sees=False)
    ]


def get_assignment(
    session: Session, *, school_id: int, assignment_id: int, reader: Sender
) -> tuple[InstrumentAssignment, list[tuple[InstrumentResponse, Student]]]:
    """One assignment with each student's response, for a specialist who may read it; reading
    a screening's results (or being refused them) is audited.

    Raises:
        InstrumentNotFound: not the school's, cancelled, or a screening and not a psychologist.
    """
    assignment = session.get(InstrumentAssignment, assignment_id)
    if assignment is None or assignment.school_id != school_id or assignment.deleted_at:
        raise InstrumentNotFound("no_assignment", [message(N_("There is no such assignment."))])
    rows = session.exec(
        select(InstrumentResponse, Student)
        .join(Student, col(Student.id) == col(InstrumentResponse.student_id))
        .where(
            InstrumentResponse.school_id == school_id,
            InstrumentResponse.assignment_id == assignment_id,
        )
        .order_by(col(Student.name))
    ).all()
    clinical = any(r.clinical for r, _ in rows)
    allowed = may_read(reader.role, clinical=clinical, student_sees=False)
    if clinical:
        record_audit(
            session, school_id=school_id, actor=reader.login,
            action="read_screening_results" if allowed else "refused_read",
            entity=f"guidance_assignment:{assignment_id}",
        )  # fmt: skip
    if not allowed:
        raise InstrumentNotFound("no_assignment", [message(N_("There is no such assignment."))])
    return assignment, [(r, s) for r, s in rows]


def send_choices(
    session: Session, *, school_id: int
) -> tuple[list[SchoolClass], list[tuple[Student, str]]]:
    """The classes of grades 5–11 (by grade, then code) and their students (with the class),
    for the form that sends an instrument."""
    classes = list(
        session.exec(
            select(SchoolClass)
            .where(
                SchoolClass.school_id == school_id,
                col(SchoolClass.deleted_at).is_(None),
                col(SchoolClass.grade).in_(list(GRADES)),
            )
            .order_by(col(SchoolClass.grade), col(SchoolClass.code))
        ).all()
    )
    codes = {c.id: c.code for c in classes}
    students = session.exec(
        select(Student)
        .where(
            Student.school_id == school_id,
            col(Student.deleted_at).is_(None),
            col(Student.class_id).in_(list(codes)),
        )
        .order_by(col(Student.name))
    ).all()
    return classes, [(s, codes[s.class_id]) for s in students]
