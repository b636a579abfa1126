"""What a specialist reads of a student's answers: each question with the answer given, the
scores and the result in words. Screening answers are for psychologists only, and each read (and
each refused attempt) is written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from guidance.instruments.access import may_read
from guidance.instruments.catalogue import instrument_of
from guidance.instruments.errors import InstrumentNotFound
from guidance.instruments.schema import Instrument, Item, Option
from guidance.surveys.taking import answers_of
from guidance.surveys.types import Sender
from models.audit import record_audit
from models.classes import SchoolClass
from models.guidance import InstrumentAssignment, InstrumentResponse
from models.i18n import N_, message
from models.people import Student


@dataclass(frozen=True, slots=True)
class AnswerRow:
    number: int
    item: Item
    option: Option | None  # None: not answered (yet)
    flagged: bool  # a risk rule on this question fired


@dataclass(frozen=True, slots=True)
class ResponseView:
    response: InstrumentResponse
    assignment: InstrumentAssignment
    instrument: Instrument
    student: Student
    class_code: str
    rows: list[AnswerRow]


def answer_rows(instrument: Instrument, answers: dict[str, int]) -> list[AnswerRow]:
    """Every question with the option chosen, flagged where a rule on that question fired."""
    fired = {r.item for r in instrument.risk if r.item and r.item in answers and
             r.fires(answers[r.item])}  # fmt: skip
    rows = []
    for number, item in enumerate(instrument.items, 1):
        value = answers.get(item.id)
        option = next((o for o in item.answers.options if o.value == value), None)
        rows.append(AnswerRow(number, item, option, item.id in fired))
    return rows


def _not_found() -> InstrumentNotFound:
    return InstrumentNotFound("no_response", [message(N_("There is no such questionnaire."))])


def read_response(
    session: Session, *, school_id: int, response_id: int, reader: Sender
) -> ResponseView:
    """One student's answers and result, for a specialist who may read them (audited when
    they are a screening's).

    Args:
        session: a writing session (the read may be audited); the caller commits.
        school_id: the reader's school.
        response_id: the response.
        reader: the specialist.

    Returns:
        The answers, one row per question, with the response, instrument and student.

    Raises:
        InstrumentNotFound: no such response in the school, or the reader may not read it (a
            refused attempt at a screening is audited too).
    """
    response = session.get(InstrumentResponse, response_id)
    if response is None or response.school_id != school_id:
        raise _not_found()
    entity = f"guidance_response:{response_id}"
    if not may_read(reader.role, clinical=response.clinical, student_sees=False):
        if response.clinical:
            record_audit(session, school_id=school_id, actor=reader.login, action="refused_read",
                         entity=entity, details={"role": reader.role})  # fmt: skip
        raise _not_found()
    assignment = session.get(InstrumentAssignment, response.assignment_id)
    student = session.get(Student, response.student_id)
    if assignment is None or student is None:
        raise _not_found()
    instrument = instrument_of(session, assignment)
    if response.clinical:
        record_audit(session, school_id=school_id, actor=reader.login, action="read_answers",
                     entity=entity)  # fmt: skip
    school_class = session.get(SchoolClass, student.class_id)
    answers = answers_of(session, school_id=school_id, response_id=response_id)
    return ResponseView(response, assignment, instrument, student,
                        school_class.code if school_class else "",
                        answer_rows(instrument, answers))  # fmt: skip
