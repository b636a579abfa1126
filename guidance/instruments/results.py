"""A student's instrument results over time, as each reader may see them (the profile's source).

Which results a role reads is guidance.instruments.access.may_read; a psychologist's read of
screening results is written to the audit log, so the caller must hold a writing session
(`session_scope`, not `read_scope`) when the viewer is a psychologist.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from guidance.instruments.access import may_read
from guidance.instruments.catalogue import instrument_of
from guidance.instruments.errors import InstrumentNotFound
from guidance.instruments.interpret import SPECIALIST, STUDENT, interpret
from guidance.instruments.schema import Instrument, Texts
from models.audit import record_audit
from models.guidance import SUBMITTED, InstrumentAssignment, InstrumentResponse
from models.i18n import Message


@dataclass(frozen=True, slots=True)
class Result:
    """One submitted instrument of a student."""

    response_id: int
    instrument: Instrument
    submitted_at: datetime
    scores: dict[str, float]
    bands: dict[str, str]
    summary: dict[str, Any]
    risk: bool  # a risk rule fired (only ever set on results a psychologist reads)

    @property
    def key(self) -> str:
        return self.instrument.key

    @property
    def title(self) -> Texts:
        return self.instrument.title

    @property
    def code(self) -> str:
        """The Holland-style code, e.g. "SIA" (RIASEC), or "" for other instruments."""
        return str(self.summary.get("code", ""))

    def words(self, language: str, *, for_student: bool = False) -> list[Message]:
        """The result in plain words for the specialist (or age-appropriate for the student)."""
        audience = STUDENT if for_student else SPECIALIST
        return interpret(self.instrument, self.scores, self.bands, self.summary,
                         language=language, audience=audience)  # fmt: skip


def results_for_student(
    session: Session, *, school_id: int, student_id: int, viewer_role: str, actor: str
) -> list[Result]:
    """A student's submitted results the viewer may read, oldest first.

    Screening results only for psychologists (and then the read is audited); non-clinical ones
    for psychologists, counsellors and the school admin; for the student and their parents only
    those the instrument lets the student see; nothing for other roles.

    Args:
        session: an open session; a writing one when the viewer may be a psychologist.
        school_id: the viewer's school (the student must be in it: other schools' rows are
            never read).
        student_id: the student.
        viewer_role: the viewer's role (models.accounts).
        actor: the viewer's login, for the audit log.

    Returns:
        The results, with their instrument (title, scales, interpretation).
    """
    on = col(InstrumentAssignment.id) == col(InstrumentResponse.assignment_id)
    rows = session.exec(
        select(InstrumentResponse, InstrumentAssignment)
        .join(InstrumentAssignment, on)
        .where(
            InstrumentResponse.school_id == school_id,
            InstrumentResponse.student_id == student_id,
            InstrumentResponse.status == SUBMITTED,
        )
        .order_by(col(InstrumentResponse.submitted_at), col(InstrumentResponse.id))
    ).all()  # fmt: skip
    results, clinical_read = [], []
    for response, assignment in rows:
        try:
            instrument = instrument_of(session, assignment)
        except InstrumentNotFound:
            continue
        allowed = may_read(
            viewer_role, clinical=response.clinical, student_sees=instrument.shows_student
        )
        if not allowed or response.submitted_at is None or response.id is None:
            continue
        if response.clinical:
            clinical_read.append(response.id)
        results.append(
            Result(response.id, instrument, response.submitted_at, dict(response.scores),
                   dict(response.bands), dict(response.summary),
                   response.risk if response.clinical else False)
        )  # fmt: skip
    if clinical_read:
        record_audit(
            session, school_id=school_id, actor=actor, action="read_screening_results",
            entity=f"student:{student_id}", details={"responses": clinical_read},
        )  # fmt: skip
    return results


def latest_scores(results: list[Result], key: str) -> dict[str, float]:
    """The scores of the newest result of one instrument (e.g. "riasec"), or {}."""
    found = [r for r in results if r.key == key]
    return dict(found[-1].scores) if found else {}
