"""Notices to families: absence or lateness in a student's first lesson, a new grade, a remark.

Called by the services' callers (the pages) after a change has been flushed. Each notice goes
to the student's parents (in the app, and by e-mail to a parent with an address) and to the
student (in the app), rendered in each reader's language: the account's own, else the school's.
Every notice has a stable key (what, which row, the channel and the reader), so calling a
function again, after a reload or a second save, queues nothing twice.

A parent whose account asks for a daily digest (`UserAccount.notify_mode`) gets the e-mails
held and sent together once a day (journal/digest.py); in-app notices are always immediate.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from journal.assessment import kind_label
from journal.assessment.numbers import exact, plain
from journal.calendar import held_lessons
from journal.register_access import lesson_labels
from models.accounts import DIGEST, UserAccount
from models.curriculum import Bell, Subject
from models.i18n import N_, Message, message
from models.journal import ABSENT, LATE, Assessment, Attendance, Grade, LessonRecord, Remark
from models.notices import queue_notice
from models.outbox import EMAIL, IN_APP, Notice
from models.people import Guardianship, Parent, Student, StudentSubgroup
from models.school import School

__all__ = ["Texts", "first_lessons", "notify_attendance", "notify_grade", "notify_remark"]

# language code -> that language's gettext (web.i18n.translator(lang).gettext); the journal
# does not import web, so the caller passes it.
Texts = Callable[[str], Callable[[str], str]]

REMARK_KINDS: dict[str, str] = {
    "remark": N_("A remark"),
    "discipline": N_("A discipline note"),
    "praise": N_("Praise"),
}


@dataclass(frozen=True, slots=True)
class Reader:
    """One person to tell: an account (in the app) or an e-mail address, in a language."""

    channel: str
    account: int | None
    email: str
    language: str
    held: bool = False  # an e-mail kept for the reader's daily digest

    @property
    def to(self) -> str:
        return f"u{self.account}" if self.account is not None else self.email.casefold()


def readers_of(session: Session, *, school_id: int, student_id: int) -> list[Reader]:
    """Who hears about a student: the parents (app and e-mail) and the student (app).

    A parent's e-mail is their account's address, else the one in the school's data.
    """
    school = session.get(School, school_id)
    default = school.language if school is not None else "ru"
    links = select(Guardianship.parent_id).where(
        Guardianship.school_id == school_id, Guardianship.student_id == student_id
    )
    parents = session.exec(
        select(Parent).where(
            Parent.school_id == school_id,
            col(Parent.id).in_(links),
            col(Parent.deleted_at).is_(None),
        )
    ).all()
    accounts = session.exec(
        select(UserAccount).where(
            UserAccount.school_id == school_id,
            col(UserAccount.active).is_(True),
            col(UserAccount.deleted_at).is_(None),
            (col(UserAccount.student_id) == student_id)
            | col(UserAccount.parent_id).in_([p.id for p in parents]),
        )
    ).all()
    out = [Reader(IN_APP, a.id, "", a.language or default) for a in accounts if a.id is not None]
    for parent in parents:
        own = [a for a in accounts if a.parent_id == parent.id]
        address = next((a.email for a in own if "@" in a.email), "") or parent.email
        language = next((a.language for a in own if a.language), default)
        held = any(a.notify_mode == DIGEST for a in own)
        if "@" in address:
            out.append(Reader(EMAIL, None, address.strip(), language, held))
    return out


def _queue(
    session: Session,
    *,
    school_id: int,
    readers: Iterable[Reader],
    ident: str,
    subject: Message,
    body: Message,
    texts: Texts,
) -> int:
    """Queues the notice for each reader unless its key was used; returns how many are new."""
    count = 0
    for r in readers:
        key = f"journal:{school_id}:{ident}:{r.channel}:{r.to}"
        if session.exec(select(Notice.id).where(Notice.key == key)).first() is not None:
            continue
        gettext = texts(r.language)
        queue_notice(
            session, school_id=school_id, user_id=r.account, channel=r.channel,
            address=r.email, subject=subject.render(gettext), body=body.render(gettext), key=key,
            held=r.held,
        )  # fmt: skip
        count += 1
    return count


def first_lessons(
    session: Session, *, school_id: int, day: date, student_ids: Iterable[int]
) -> dict[int, tuple[int, int]]:
    """Student id -> (lesson id, unit) of the student's first lesson held that day.

    Lessons are ordered by their bell's clock time (shifts may overlap), then by period.
    """
    wanted = set(student_ids)
    held = held_lessons(session, school_id=school_id, start=day, end=day)
    if not wanted or not held:
        return {}
    labels = lesson_labels(session, school_id, {h.lesson_id for h in held})
    students = session.exec(
        select(Student).where(Student.school_id == school_id, col(Student.id).in_(wanted))
    ).all()
    groups: dict[int, set[int]] = {}
    for link in session.exec(
        select(StudentSubgroup).where(
            StudentSubgroup.school_id == school_id, col(StudentSubgroup.student_id).in_(wanted)
        )
    ):
        groups.setdefault(link.student_id, set()).add(link.subgroup_id)
    bells = {
        (b.shift, b.number): b.starts_at
        for b in session.exec(select(Bell).where(Bell.school_id == school_id))
    }
    ordered = sorted(held, key=lambda h: (bells.get((h.shift, h.period), ""), h.period))
    first: dict[int, tuple[int, int]] = {}
    for s in students:
        for h in ordered:
            label = labels.get(h.lesson_id)
            mine = groups.get(s.id or 0, set())
            if label and any(c == s.class_id and (g is None or g in mine) for c, g in label.parts):
                first[s.id or 0] = (h.lesson_id, h.unit)
                break
    return first


def _subject_of_lesson(session: Session, school_id: int, lesson_id: int) -> str:
    label = lesson_labels(session, school_id, [lesson_id]).get(lesson_id)
    return label.subject if label else ""


def notify_attendance(session: Session, *, school_id: int, record_id: int, texts: Texts) -> int:
    """Tells the families of students marked absent or late in this lesson, when it is their
    first lesson of the day (a later absence is for the teacher, not an alarm).

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        record_id: the lesson record whose attendance was saved.
        texts: language -> gettext.

    Returns:
        How many notices were queued (0 when everyone was told before).
    """
    record = session.get(LessonRecord, record_id)
    if record is None or record.school_id != school_id or record.deleted_at is not None:
        return 0
    marks = session.exec(
        select(Attendance).where(
            Attendance.school_id == school_id,
            Attendance.record_id == record_id,
            col(Attendance.deleted_at).is_(None),
            col(Attendance.status).in_([ABSENT, LATE]),
        )
    ).all()
    if not marks:
        return 0
    first = first_lessons(
        session, school_id=school_id, day=record.day, student_ids=[m.student_id for m in marks]
    )
    subject = _subject_of_lesson(session, school_id, record.lesson_id)
    count = 0
    for mark in marks:
        if first.get(mark.student_id) != (record.lesson_id, record.unit):
            continue
        student = session.get(Student, mark.student_id)
        name = student.name if student else ""
        title, body = _attendance_sentences(mark, name, subject, record.day)
        ident = f"attendance:{mark.student_id}:{record.day.isoformat()}:{mark.status}"
        readers = readers_of(session, school_id=school_id, student_id=mark.student_id)
        count += _queue(session, school_id=school_id, readers=readers, ident=ident,
                        subject=title, body=body, texts=texts)  # fmt: skip
    return count


def _attendance_sentences(
    mark: Attendance, name: str, subject: str, day: date
) -> tuple[Message, Message]:
    values = {"student": name, "subject": subject, "date": day.isoformat()}
    if mark.status == ABSENT:
        what = N_("{student} was absent from the first lesson ({subject}) on {date}.")
        return message(N_("{student} is absent"), student=name), message(what, **values)
    what = N_("{student} was {minutes} minutes late for the first lesson ({subject}) on {date}.")
    body = message(what, minutes=mark.late_minutes or 0, **values)
    return message(N_("{student} was late"), student=name), body


def grade_sentence(assessment: Assessment, value: float, subject: str) -> Message:
    """ "7 in Mathematics (FA, 2026-11-23)" or "38/45 in Mathematics (SAU 2: Fractions, ...)"."""
    shown = plain(exact(value))
    if assessment.kind in ("sor", "soch"):
        shown = f"{shown}/{plain(exact(assessment.max_points))}"
    what: Message | str = kind_label(assessment.kind)
    if assessment.title:
        what = message(N_("{kind}: {title}"), kind=what, title=assessment.title)
    return message(
        N_("{value} in {subject} ({what}, {date})"),
        value=shown,
        subject=subject,
        what=what,
        date=assessment.day.isoformat(),
    )


def notify_grade(session: Session, *, school_id: int, grade_id: int, texts: Texts) -> int:
    """Tells a student's family about a newly entered grade (once per grade: a corrected value
    is seen on the page, not announced again).

    Returns:
        How many notices were queued.
    """
    grade = session.get(Grade, grade_id)
    if grade is None or grade.school_id != school_id or grade.deleted_at is not None:
        return 0
    assessment = session.get(Assessment, grade.assessment_id)
    student = session.get(Student, grade.student_id)
    if assessment is None or student is None or assessment.deleted_at is not None:
        return 0
    subject_row = session.get(Subject, assessment.subject_id)
    sentence = grade_sentence(assessment, grade.value, subject_row.name if subject_row else "")
    title = message(N_("New grade for {student}"), student=student.name)
    body = message(N_("{student}: {grade}."), student=student.name, grade=sentence)
    readers = readers_of(session, school_id=school_id, student_id=grade.student_id)
    return _queue(session, school_id=school_id, readers=readers, ident=f"grade:{grade_id}",
                  subject=title, body=body, texts=texts)  # fmt: skip


def notify_remark(session: Session, *, school_id: int, remark_id: int, texts: Texts) -> int:
    """Tells a student's family about a remark, discipline note or praise written about them.

    Returns:
        How many notices were queued.
    """
    remark = session.get(Remark, remark_id)
    if remark is None or remark.school_id != school_id or remark.deleted_at is not None:
        return 0
    student = session.get(Student, remark.student_id)
    name = student.name if student else ""
    record = session.get(LessonRecord, remark.record_id) if remark.record_id else None
    subject = _subject_of_lesson(session, school_id, record.lesson_id) if record else ""
    kind = Message(REMARK_KINDS.get(remark.kind, REMARK_KINDS["remark"]))
    title = message(N_("{kind} about {student}"), kind=kind, student=name)
    if subject:
        body = message(N_("{subject}: {text}"), subject=subject, text=remark.text)
    else:
        body = message(N_("{text}"), text=remark.text)
    readers = readers_of(session, school_id=school_id, student_id=remark.student_id)
    return _queue(session, school_id=school_id, readers=readers, ident=f"remark:{remark_id}",
                  subject=title, body=body, texts=texts)  # fmt: skip
