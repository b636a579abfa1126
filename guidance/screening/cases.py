"""Risk cases: opened by a screening, followed by the school's psychologists, every read audited.

A case is opened in the transaction that scores the screening; each active psychologist of the
school gets an in-app notice and an e-mail through the outbox that says only that a screening
needs attention, with a link — never the answer, the instrument or the student's name. Only
psychologists of the case's school read cases; every read (and every refused attempt) is an
audit row: who, when, which case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, func, select

from guidance.instruments.scoring import Scored
from guidance.screening.errors import CaseError, CaseNotFound
from guidance.surveys.types import Gettexts, Sender
from models.accounts import PSYCHOLOGIST, UserAccount
from models.audit import record_audit
from models.base import utcnow
from models.classes import SchoolClass
from models.guidance import (
    CASE_CLOSED,
    CASE_NEW,
    CASE_OPEN,
    CASE_STATUSES,
    FOLLOW_UP,
    NOTE,
    SEVERITIES,
    STATUS_CHANGE,
    CaseEntry,
    InstrumentAssignment,
    InstrumentResponse,
    RiskCase,
)
from models.i18n import N_, message
from models.notices import queue_notice
from models.outbox import EMAIL, IN_APP
from models.people import Student
from models.school import School


@dataclass(frozen=True, slots=True)
class CaseRow:
    case: RiskCase
    student: str
    class_code: str
    owner: str
    next_follow_up: date | None = None  # the earliest follow-up not done yet


def psychologists(session: Session, school_id: int) -> list[UserAccount]:
    """The school's active psychologist accounts."""
    return list(
        session.exec(
            select(UserAccount)
            .where(
                UserAccount.school_id == school_id,
                UserAccount.role == PSYCHOLOGIST,
                col(UserAccount.active).is_(True),
                col(UserAccount.deleted_at).is_(None),
            )
            .order_by(col(UserAccount.id))
        ).all()
    )


def open_case(
    session: Session,
    *,
    response: InstrumentResponse,
    scored: Scored,
    gettexts: Gettexts,
    base_url: str,
) -> RiskCase:
    """Opens a case for a screening whose risk rules fired, and tells the psychologists.

    Args:
        session: an open session (the submit's); the caller commits.
        response: the submitted response.
        scored: its scoring, with the rules that fired.
        gettexts: language -> gettext, for each psychologist's notice.
        base_url: how people reach the app, for the link.

    Returns:
        The case (one per response: scoring a response twice opens nothing new).
    """
    assert response.id is not None
    existing = session.exec(select(RiskCase).where(RiskCase.response_id == response.id)).first()
    if existing is not None:
        return existing
    school_id = response.school_id
    staff = psychologists(session, school_id)
    assignment = session.get(InstrumentAssignment, response.assignment_id)
    sender = assignment.created_by if assignment else None
    # the psychologist who sent the screening owns its case; else the only one, else nobody yet
    owner = sender if any(p.id == sender for p in staff) else None
    if owner is None and len(staff) == 1:
        owner = staff[0].id
    case = RiskCase(
        school_id=school_id, student_id=response.student_id, response_id=response.id,
        instrument_key=response.instrument_key, severity=scored.severity or SEVERITIES[-1],
        rules=[hit.rule for hit in scored.risks], owner_id=owner,
    )  # fmt: skip
    session.add(case)
    session.flush()
    record_audit(session, school_id=school_id, actor="system", action="open_case",
                 entity=f"guidance_case:{case.id}")  # fmt: skip
    _tell(session, case, staff, gettexts, base_url)
    return case


def _tell(
    session: Session, case: RiskCase, staff: list[UserAccount], gettexts: Gettexts, base_url: str
) -> None:
    school = session.get(School, case.school_id)
    default = school.language if school is not None else "ru"
    link = f"{base_url}/cases/{case.id}"
    subject = message(N_("A screening needs your attention"))
    body = message(N_("A screening in your school needs your attention. Open it in Sabaq: "
                      "{link}"), link=link)  # fmt: skip
    for account in staff:
        gettext = gettexts(account.language or default)
        channels = [(IN_APP, "")] + ([(EMAIL, account.email)] if "@" in account.email else [])
        for channel, address in channels:
            queue_notice(
                session, school_id=case.school_id, user_id=account.id, channel=channel,
                address=address, subject=subject.render(gettext), body=body.render(gettext),
                key=f"guidance:case:{case.id}:{channel}:u{account.id}",
            )  # fmt: skip


def require_psychologist(session: Session, school_id: int, reader: Sender, what: str) -> None:
    """Lets only psychologists through; a refused attempt is written to the audit log too.

    Raises:
        CaseNotFound: the reader is no psychologist.
    """
    if reader.role != PSYCHOLOGIST:
        record_audit(session, school_id=school_id, actor=reader.login, action="refused_read",
                     entity=what, details={"role": reader.role})  # fmt: skip
        raise CaseNotFound("no_case", [message(N_("There is no such case."))])


def list_cases(
    session: Session, *, school_id: int, reader: Sender, open_only: bool = False
) -> list[CaseRow]:
    """The school's cases, open ones first, the most urgent and oldest first (audited).

    Raises:
        CaseNotFound: the reader is no psychologist.
    """
    require_psychologist(session, school_id, reader, "guidance_case:list")
    query = (
        select(RiskCase, Student.name, SchoolClass.code, UserAccount.name)
        .join(Student, col(Student.id) == col(RiskCase.student_id))
        .join(SchoolClass, col(SchoolClass.id) == col(Student.class_id))
        .join(UserAccount, col(UserAccount.id) == col(RiskCase.owner_id), isouter=True)
        .where(RiskCase.school_id == school_id)
    )
    if open_only:
        query = query.where(RiskCase.status != CASE_CLOSED)
    rows = session.exec(query).all()
    record_audit(session, school_id=school_id, actor=reader.login, action="list_cases",
                 entity="guidance_case:list", details={"cases": len(rows)})  # fmt: skip
    rank = {s: n for n, s in enumerate(SEVERITIES)}
    ordered = sorted(
        rows, key=lambda r: (r[0].status == CASE_CLOSED, rank.get(r[0].severity, 9), r[0].id)
    )
    due = dict(
        session.exec(
            select(CaseEntry.case_id, func.min(CaseEntry.due_on))
            .where(CaseEntry.school_id == school_id, CaseEntry.kind == FOLLOW_UP,
                   col(CaseEntry.done_at).is_(None))
            .group_by(col(CaseEntry.case_id))
        ).all()
    )  # fmt: skip
    return [
        CaseRow(c, name, code, owner or "", due.get(c.id or 0)) for c, name, code, owner in ordered
    ]


def get_case(session: Session, *, school_id: int, case_id: int, reader: Sender) -> RiskCase:
    """One case of the school, for a psychologist (the read is audited).

    Raises:
        CaseNotFound: no such case in the school, or the reader is no psychologist.
    """
    require_psychologist(session, school_id, reader, f"guidance_case:{case_id}")
    case = session.get(RiskCase, case_id)
    if case is None or case.school_id != school_id:
        raise CaseNotFound("no_case", [message(N_("There is no such case."))])
    record_audit(session, school_id=school_id, actor=reader.login, action="read_case",
                 entity=f"guidance_case:{case_id}")  # fmt: skip
    return case


def entries(session: Session, *, case: RiskCase) -> list[tuple[CaseEntry, str]]:
    """A case's notes, follow-ups and status changes with their authors, oldest first."""
    rows = session.exec(
        select(CaseEntry, UserAccount.name)
        .join(UserAccount, col(UserAccount.id) == col(CaseEntry.author_id), isouter=True)
        .where(CaseEntry.school_id == case.school_id, CaseEntry.case_id == case.id)
        .order_by(col(CaseEntry.id))
    ).all()
    return [(entry, name or "") for entry, name in rows]


def add_entry(
    session: Session,
    *,
    school_id: int,
    case_id: int,
    reader: Sender,
    kind: str,
    text: str,
    due_on: date | None = None,
) -> CaseEntry:
    """Adds a note or a follow-up (with its date) to a case; a new case becomes in progress.

    Raises:
        CaseNotFound: no such case, or the reader is no psychologist.
        CaseError: an empty note, or a follow-up without a date.
    """
    case = get_case(session, school_id=school_id, case_id=case_id, reader=reader)
    if kind not in (NOTE, FOLLOW_UP) or not text.strip():
        raise CaseError("empty_note", [message(N_("Write the note first."))])
    if kind == FOLLOW_UP and due_on is None:
        raise CaseError("no_date", [message(N_("A follow-up needs its date."))])
    entry = CaseEntry(school_id=school_id, case_id=case_id, author_id=reader.id, kind=kind,
                      text=text.strip()[:10000], due_on=due_on)  # fmt: skip
    session.add(entry)
    if case.status == CASE_NEW:
        case.status = CASE_OPEN
    if case.owner_id is None:
        case.owner_id = reader.id
    case.updated_at = utcnow()
    session.add(case)
    session.flush()
    return entry


def set_status(
    session: Session, *, school_id: int, case_id: int, reader: Sender, status: str, take: bool
) -> RiskCase:
    """Changes a case's status (new, in progress, closed), or takes it over as its owner.

    Raises:
        CaseNotFound: no such case, or the reader is no psychologist.
        CaseError: an unknown status.
    """
    case = get_case(session, school_id=school_id, case_id=case_id, reader=reader)
    if status not in CASE_STATUSES:
        raise CaseError("bad_status", [message(N_("There is no such status."))])
    if take:
        case.owner_id = reader.id
    if status != case.status:
        session.add(CaseEntry(school_id=school_id, case_id=case_id, author_id=reader.id,
                              kind=STATUS_CHANGE, text=status))  # fmt: skip
        case.status = status
        case.closed_at = utcnow() if status == CASE_CLOSED else None
    case.updated_at = utcnow()
    session.add(case)
    session.flush()
    return case


def finish_follow_up(
    session: Session, *, school_id: int, case_id: int, entry_id: int, reader: Sender
) -> None:
    """Marks a follow-up done.

    Raises:
        CaseNotFound: no such case or follow-up, or the reader is no psychologist.
    """
    get_case(session, school_id=school_id, case_id=case_id, reader=reader)
    entry = session.get(CaseEntry, entry_id)
    if entry is None or entry.case_id != case_id or entry.school_id != school_id:
        raise CaseNotFound("no_case", [message(N_("There is no such case."))])
    entry.done_at = utcnow()
    session.add(entry)
    session.flush()
