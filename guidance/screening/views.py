"""A case as the psychologist's page shows it: the student, the answers with the risky ones
flagged, why it was opened, the notes and follow-ups (reading it is audited)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session

from guidance.instruments.schema import Texts
from guidance.screening.cases import entries, get_case, psychologists
from guidance.surveys.reading import ResponseView, read_response
from guidance.surveys.types import Sender
from models.accounts import UserAccount
from models.guidance import CaseEntry, RiskCase


@dataclass(frozen=True, slots=True)
class CaseView:
    case: RiskCase
    answers: ResponseView
    reasons: list[Texts]  # why it was opened: the reason of each rule that fired
    entries: list[tuple[CaseEntry, str]]
    owner: str
    staff: list[UserAccount]  # the school's psychologists (who may own it)


def case_view(session: Session, *, school_id: int, case_id: int, reader: Sender) -> CaseView:
    """One case, whole, for a psychologist of its school (each read is audited).

    Raises:
        CaseNotFound: no such case in the school, or the reader is no psychologist.
    """
    case = get_case(session, school_id=school_id, case_id=case_id, reader=reader)
    answers = read_response(session, school_id=school_id, response_id=case.response_id,
                            reader=reader)  # fmt: skip
    rules = {r.id: r for r in answers.instrument.risk}
    reasons = [rules[rule].reason if rule in rules else {"en": rule} for rule in case.rules]
    staff = psychologists(session, school_id)
    owner = next((p.name for p in staff if p.id == case.owner_id), "")
    return CaseView(case, answers, reasons, entries(session, case=case), owner, staff)
