"""A student taking an instrument: their list, one answer saved at a time, and submitting.

Every answer is its own row, written the moment it is tapped, so the student resumes on any
device where they left off. Submitting scores the sheet at once (milliseconds) and, when a risk
rule fires, opens a case for the school's psychologists in the same transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from guidance.instruments.catalogue import instrument_of
from guidance.instruments.errors import InstrumentError, InstrumentNotFound
from guidance.instruments.schema import Instrument
from guidance.instruments.scoring import Scored, raise_if_unknown, score
from guidance.screening.cases import open_case
from guidance.surveys.types import Gettexts
from models.base import utcnow
from models.guidance import (
    STARTED,
    SUBMITTED,
    InstrumentAnswer,
    InstrumentAssignment,
    InstrumentResponse,
    RiskCase,
)
from models.i18n import N_, message


@dataclass(frozen=True, slots=True)
class Taking:
    """What the taking page needs: the response, its instrument and assignment, the answers."""

    response: InstrumentResponse
    assignment: InstrumentAssignment
    instrument: Instrument
    answers: dict[str, int]

    @property
    def first_open(self) -> int:
        """The index of the first unanswered question (the last one when all are answered)."""
        items = self.instrument.items
        return next((n for n, i in enumerate(items) if i.id not in self.answers), len(items) - 1)


@dataclass(frozen=True, slots=True)
class Submitted:
    response: InstrumentResponse
    instrument: Instrument
    scored: Scored
    case: RiskCase | None


def _not_found() -> InstrumentNotFound:
    return InstrumentNotFound("no_response", [message(N_("There is no such questionnaire."))])


def _load(
    session: Session, school_id: int, student_id: int, response_id: int
) -> tuple[InstrumentResponse, InstrumentAssignment, Instrument]:
    """The student's own response (never another student's), its live assignment, instrument."""
    response = session.get(InstrumentResponse, response_id)
    if response is None or response.school_id != school_id or response.student_id != student_id:
        raise _not_found()
    assignment = session.get(InstrumentAssignment, response.assignment_id)
    if assignment is None or assignment.deleted_at is not None:
        raise _not_found()
    instrument = instrument_of(session, assignment)
    return response, assignment, instrument


def answers_of(session: Session, *, school_id: int, response_id: int) -> dict[str, int]:
    """Item id -> value of one response's saved answers."""
    rows = session.exec(
        select(InstrumentAnswer.item_id, InstrumentAnswer.value).where(
            InstrumentAnswer.school_id == school_id, InstrumentAnswer.response_id == response_id
        )
    ).all()
    return dict(rows)


def my_questionnaires(
    session: Session, *, school_id: int, student_id: int
) -> list[tuple[InstrumentResponse, InstrumentAssignment, Instrument]]:
    """A student's questionnaires, open ones first, newest first within each."""
    on = col(InstrumentAssignment.id) == col(InstrumentResponse.assignment_id)
    rows = session.exec(
        select(InstrumentResponse, InstrumentAssignment)
        .join(InstrumentAssignment, on)
        .where(
            InstrumentResponse.school_id == school_id,
            InstrumentResponse.student_id == student_id,
            col(InstrumentAssignment.deleted_at).is_(None),
        )
        .order_by(col(InstrumentResponse.id).desc())
    ).all()  # fmt: skip
    out = []
    for response, assignment in rows:
        try:
            instrument = instrument_of(session, assignment)
        except InstrumentNotFound:
            continue  # an upload the school has since removed
        out.append((response, assignment, instrument))
    return sorted(out, key=lambda row: row[0].status == SUBMITTED)


def open_taking(session: Session, *, school_id: int, student_id: int, response_id: int) -> Taking:
    """The student's questionnaire as the taking page shows it (read only).

    Raises:
        InstrumentNotFound: not this student's, or cancelled.
    """
    response, assignment, instrument = _load(session, school_id, student_id, response_id)
    answers = answers_of(session, school_id=school_id, response_id=response_id)
    return Taking(response, assignment, instrument, answers)


def save_answer(
    session: Session,
    *,
    school_id: int,
    student_id: int,
    response_id: int,
    item_id: str,
    value: int,
    language: str = "",
) -> tuple[int, int]:
    """Saves (or changes) one answer at once.

    Args:
        session: an open session; the caller commits.
        school_id: the student's school.
        student_id: the student (only their own response is found).
        response_id: the response.
        item_id: the question.
        value: the chosen option's value.
        language: the language the student reads it in (kept on the response).

    Returns:
        (answered, total) questions after this answer.

    Raises:
        InstrumentNotFound: not this student's questionnaire.
        InstrumentError: already submitted, or no such question or answer.
    """
    response, _assignment, instrument = _load(session, school_id, student_id, response_id)
    if response.status == SUBMITTED:
        raise InstrumentError("submitted", [message(N_("These answers are already sent."))])
    raise_if_unknown(instrument, item_id, value)
    now = utcnow()
    row = session.exec(
        select(InstrumentAnswer).where(
            InstrumentAnswer.response_id == response_id, InstrumentAnswer.item_id == item_id
        )
    ).first()
    if row is None:
        row = InstrumentAnswer(school_id=school_id, response_id=response_id, item_id=item_id,
                               value=value, answered_at=now)  # fmt: skip
    else:
        row.value, row.answered_at = value, now
    session.add(row)
    if response.status != STARTED:
        response.status, response.started_at = STARTED, now
    response.updated_at = now
    response.position = next(n for n, i in enumerate(instrument.items) if i.id == item_id)
    if language:
        response.language = instrument.language_for(language)
    session.add(response)
    session.flush()
    counted = select(func.count()).select_from(InstrumentAnswer)
    answered = session.exec(counted.where(InstrumentAnswer.response_id == response_id)).one()
    return int(answered), len(instrument.items)


def submit(
    session: Session,
    *,
    school_id: int,
    student_id: int,
    response_id: int,
    gettexts: Gettexts,
    base_url: str,
) -> Submitted:
    """Scores the student's answers and, when a risk rule fires, opens a case at once.

    Args:
        session: an open session; the caller commits.
        school_id: the student's school.
        student_id: the student.
        response_id: the response.
        gettexts: language -> gettext, for the psychologists' notices.
        base_url: how people reach the app (the case link in the e-mail).

    Returns:
        The response with its scores, the scoring and the case (or None).

    Raises:
        InstrumentNotFound: not this student's questionnaire.
        InstrumentError: already submitted, or questions left unanswered (each one named).
    """
    response, _assignment, instrument = _load(session, school_id, student_id, response_id)
    if response.status == SUBMITTED:
        raise InstrumentError("submitted", [message(N_("These answers are already sent."))])
    answers = answers_of(session, school_id=school_id, response_id=response_id)
    scored = score(instrument, answers)
    response.status, response.submitted_at = SUBMITTED, utcnow()
    response.scores, response.bands = dict(scored.scores), dict(scored.bands)
    response.summary, response.risk = dict(scored.summary), bool(scored.risks)
    session.add(response)
    session.flush()
    case = None
    if scored.risks:
        case = open_case(session, response=response, scored=scored, gettexts=gettexts,
                         base_url=base_url)  # fmt: skip
    return Submitted(response, instrument, scored, case)


def own_result(
    session: Session, *, school_id: int, student_id: int, response_id: int
) -> tuple[InstrumentResponse, Instrument, dict[str, Any]]:
    """A student's submitted response and what they may see of it: scores only where the
    instrument lets the student see them (never for a screening).

    Raises:
        InstrumentNotFound: not this student's, or not submitted yet.
    """
    response, _assignment, instrument = _load(session, school_id, student_id, response_id)
    if response.status != SUBMITTED:
        raise _not_found()
    shown: dict[str, Any] = {}
    if instrument.shows_student:
        shown = {"scores": response.scores, "bands": response.bands, "summary": response.summary}
    return response, instrument, shown
