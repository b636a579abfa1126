"""A register's lesson notes: topic, homework, and remarks or discipline notes on students."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from journal.errors import JournalError, JournalNotFound
from journal.register_access import Actor, audience_students, lesson_parts, target
from journal.register_audit import NOTES, REMARK_ADDED, REMARK_WITHDRAWN, audit, clean_why
from models.accounts import SCHOOL_ADMIN
from models.base import utcnow
from models.i18n import N_, message
from models.journal import DISCIPLINE, PRAISE, REMARK, Remark

TOPIC_LIMIT = 300
HOMEWORK_LIMIT = 4000
REMARK_LIMIT = 2000
REMARK_KINDS: tuple[str, ...] = (REMARK, DISCIPLINE, PRAISE)


def _too_long(what: str, limit: int) -> JournalError:
    return JournalError(
        "too_long", [message(N_("The {what} is longer than {limit} characters."),
                             what=message(what), limit=limit)],
    )  # fmt: skip


def save_lesson_notes(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    day: date,
    lesson_id: int,
    unit: int,
    topic: str,
    homework: str,
    why: str = "",
) -> int:
    """Sets the lesson's topic and homework; each changed field is one audit row.

    Args:
        session: an open session (the caller commits).
        school_id: the school.
        actor: the lesson's keeper or the school admin.
        day: the lesson's date.
        lesson_id: the lesson requirement.
        unit: the unit of the requirement.
        topic: the lesson's topic.
        homework: the homework set.
        why: why it changes (kept with the audit rows; optional).

    Returns:
        How many fields changed.

    Raises:
        JournalNotFound, NotYourLesson, TermClosed: see `register_access.target`.
        JournalError: a text is too long.
    """
    topic, homework, why = topic.strip(), homework.strip(), clean_why(why)
    if len(topic) > TOPIC_LIMIT:
        raise _too_long(N_("topic"), TOPIC_LIMIT)
    if len(homework) > HOMEWORK_LIMIT:
        raise _too_long(N_("homework"), HOMEWORK_LIMIT)
    record = target(
        session, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id, unit=unit
    ).record
    changed = 0
    for field, new in (("topic", topic), ("homework", homework)):
        old = getattr(record, field)
        if old != new:
            setattr(record, field, new)
            audit(session, school_id=school_id, actor=actor, record=record, action=NOTES,
                  old=old, new=new, why=why, field=field)  # fmt: skip
            changed += 1
    if changed:
        record.updated_by, record.updated_at = actor.user_id, utcnow()
        session.add(record)
        session.flush()
    return changed


def add_remark(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    day: date,
    lesson_id: int,
    unit: int,
    student_id: int,
    kind: str,
    text: str,
) -> Remark:
    """Writes a remark, discipline note or praise about a student of the lesson.

    Returns:
        The new remark.

    Raises:
        JournalNotFound, NotYourLesson, TermClosed: see `register_access.target`.
        JournalError: an unknown kind, an empty or too long text, a student not in the lesson.
    """
    text = text.strip()
    if kind not in REMARK_KINDS:
        raise JournalError("bad_remark", [message(N_("Unknown kind of remark {kind}."), kind=kind)])
    if not text:
        raise JournalError("bad_remark", [message(N_("Write the remark first."))])
    if len(text) > REMARK_LIMIT:
        raise _too_long(N_("remark"), REMARK_LIMIT)
    record = target(
        session, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id, unit=unit
    ).record
    students = audience_students(session, school_id, lesson_parts(session, school_id, lesson_id))
    student = next((s for s in students if s.id == student_id), None)
    if student is None:
        raise JournalError(
            "bad_remark", [message(N_("This student is not in the lesson's class or group."))]
        )
    remark = Remark(school_id=school_id, student_id=student_id, record_id=record.id, kind=kind,
                    text=text, author_id=actor.user_id)  # fmt: skip
    session.add(remark)
    session.flush()
    audit(session, school_id=school_id, actor=actor, record=record, action=REMARK_ADDED, old=None,
          new={"kind": kind, "text": text}, field="remark", student_id=student_id,
          student=student.name, remark_id=remark.id)  # fmt: skip
    return remark


def withdraw_remark(
    session: Session,
    *,
    school_id: int,
    actor: Actor,
    day: date,
    lesson_id: int,
    unit: int,
    remark_id: int,
    why: str = "",
) -> None:
    """Withdraws a remark (marked deleted, kept); only its author or the school admin may.

    Raises:
        JournalNotFound: no such remark in this lesson's register.
        NotYourLesson, TermClosed: see `register_access.target`.
        JournalError: the actor did not write it.
    """
    record = target(
        session, school_id=school_id, actor=actor, day=day, lesson_id=lesson_id, unit=unit
    ).record
    remark = session.get(Remark, remark_id)
    if (
        remark is None
        or remark.school_id != school_id
        or remark.record_id != record.id
        or remark.deleted_at is not None
    ):
        raise JournalNotFound("no_remark", [message(N_("There is no such remark."))])
    if actor.role != SCHOOL_ADMIN and remark.author_id != actor.user_id:
        raise JournalError(
            "not_your_remark", [message(N_("Only the remark's author can withdraw it."))]
        )
    remark.deleted_at = utcnow()
    session.add(remark)
    audit(session, school_id=school_id, actor=actor, record=record, action=REMARK_WITHDRAWN,
          old={"kind": remark.kind, "text": remark.text}, new=None, why=clean_why(why),
          field="remark", student_id=remark.student_id, remark_id=remark.id)  # fmt: skip
