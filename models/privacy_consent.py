"""Processing consents: a parent gives or revokes one scope for their child; the school admin
records a signed paper form; every change is audited, and what is in force can be read back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from models.accounts import PARENT, SCHOOL_ADMIN, UserAccount
from models.audit import record_audit
from models.base import utcnow
from models.errors import NotFound, StoreError
from models.i18n import N_, message
from models.people import Student
from models.privacy import ONLINE, PAPER, SCOPES, ProcessingConsent
from models.website_consent import children_of  # a parent's children (one query for both)


class ConsentRefused(StoreError):
    """A consent change the store refuses: not this person's child, unknown scope."""


@dataclass(frozen=True, slots=True)
class Actor:
    """Who changes a consent: an account of the school (role and the people it is linked to)."""

    account_id: int
    login: str
    name: str
    role: str
    school_id: int
    parent_id: int | None = None

    @classmethod
    def of(cls, account: UserAccount) -> Actor:
        assert account.id is not None and account.school_id is not None
        return cls(account.id, account.login, account.name, account.role, account.school_id,
                   account.parent_id)  # fmt: skip


def _check(session: Session, actor: Actor, student_id: int, scope: str) -> Student:
    if scope not in SCOPES:
        raise ConsentRefused("unknown_scope", [message(N_("Unknown consent scope {scope}."),
                                                       scope=scope)])  # fmt: skip
    student = session.get(Student, student_id)
    if student is None or student.school_id != actor.school_id or student.deleted_at is not None:
        raise NotFound("no_student", [message(N_("There is no such student."))])
    if actor.role == SCHOOL_ADMIN:
        return student
    if actor.role == PARENT and actor.parent_id is not None:
        mine = children_of(session, school_id=actor.school_id, parent_id=actor.parent_id)
        if any(child.id == student_id for child in mine):
            return student
    refusal = N_("Only the child's parent or the school admin may change this consent.")
    raise ConsentRefused("not_your_child", [message(refusal)])


def in_force(session: Session, *, school_id: int, student_id: int) -> dict[str, ProcessingConsent]:
    """The consents in force for a child, by scope.

    Args:
        session: an open session.
        school_id: the school.
        student_id: the child.

    Returns:
        scope -> the grant in force (scopes without one are missing).
    """
    rows = session.exec(
        select(ProcessingConsent).where(
            ProcessingConsent.school_id == school_id,
            ProcessingConsent.student_id == student_id,
            col(ProcessingConsent.revoked_at).is_(None),
        )
    ).all()
    return {row.scope: row for row in rows}


def has_consent(session: Session, *, school_id: int, student_id: int, scope: str) -> bool:
    """Whether a consent for this child and scope is in force: the check a module makes before
    processing that needs it (a guidance questionnaire, passing data to a third party).

    Args:
        session: an open session.
        school_id: the school.
        student_id: the child.
        scope: one of models.privacy.SCOPES.

    Returns:
        True while a grant is in force.
    """
    row = session.exec(
        select(ProcessingConsent.id).where(
            ProcessingConsent.school_id == school_id,
            ProcessingConsent.student_id == student_id,
            ProcessingConsent.scope == scope,
            col(ProcessingConsent.revoked_at).is_(None),
        )
    ).first()
    return row is not None


def give_consent(
    session: Session, actor: Actor, *, student_id: int, scope: str, given_by: str = ""
) -> ProcessingConsent:
    """Records a consent for one child and scope (nothing new if one is in force).

    Args:
        session: an open session.
        actor: a parent of the child (online), or the school admin entering a signed form
            (`given_by` names the parent who signed it).
        student_id: the child.
        scope: one of models.privacy.SCOPES.
        given_by: for a paper form, the name of who signed it.

    Returns:
        The consent in force.

    Raises:
        ConsentRefused: unknown scope, not this actor's child, a paper form without a name.
        NotFound: no such student in the actor's school.
    """
    _check(session, actor, student_id, scope)
    current = in_force(session, school_id=actor.school_id, student_id=student_id).get(scope)
    if current is not None:
        return current
    paper = actor.role == SCHOOL_ADMIN
    if paper and not given_by.strip():
        raise ConsentRefused("signer_needed", [message(N_("Name the parent who signed the form."))])
    row = ProcessingConsent(
        school_id=actor.school_id, student_id=student_id, scope=scope,
        given_by_user_id=None if paper else actor.account_id,
        given_by_name=given_by.strip() if paper else actor.name, method=PAPER if paper else ONLINE,
    )  # fmt: skip
    session.add(row)
    session.flush()
    record_audit(
        session, school_id=actor.school_id, actor=actor.login, action="give_consent",
        entity=f"student:{student_id}",
        details={"scope": scope, "method": row.method, "consent": row.id},
    )  # fmt: skip
    return row


def revoke_consent(
    session: Session, actor: Actor, *, student_id: int, scope: str, now: datetime | None = None
) -> ProcessingConsent | None:
    """Revokes the consent in force for a child and scope (None if there was none).

    Args:
        session: an open session.
        actor: a parent of the child or the school admin.
        student_id: the child.
        scope: one of models.privacy.SCOPES.
        now: when (default: now).

    Returns:
        The revoked consent, or None.

    Raises:
        ConsentRefused: unknown scope or not this actor's child.
        NotFound: no such student in the actor's school.
    """
    _check(session, actor, student_id, scope)
    current = in_force(session, school_id=actor.school_id, student_id=student_id).get(scope)
    if current is None:
        return None
    current.revoked_at = now or utcnow()
    current.revoked_by_user_id = actor.account_id
    current.revoked_by_name = actor.name
    session.add(current)
    record_audit(
        session, school_id=actor.school_id, actor=actor.login, action="revoke_consent",
        entity=f"student:{student_id}", details={"scope": scope, "consent": current.id},
    )  # fmt: skip
    return current


def consent_history(
    session: Session, *, school_id: int, student_id: int
) -> list[ProcessingConsent]:
    """Every consent given for a child, newest first (revoked ones with when and by whom).

    Args:
        session: an open session.
        school_id: the school.
        student_id: the child.

    Returns:
        The rows.
    """
    query = (
        select(ProcessingConsent)
        .where(ProcessingConsent.school_id == school_id, ProcessingConsent.student_id == student_id)
        .order_by(col(ProcessingConsent.given_at).desc(), col(ProcessingConsent.id).desc())
    )
    return list(session.exec(query).all())


def consent_counts(session: Session, *, school_id: int) -> dict[str, int]:
    """How many of the school's current students have each scope in force.

    Args:
        session: an open session.
        school_id: the school.

    Returns:
        scope -> number of students.
    """
    rows = session.exec(
        select(ProcessingConsent.scope, ProcessingConsent.student_id)
        .join(Student, col(Student.id) == col(ProcessingConsent.student_id))
        .where(
            ProcessingConsent.school_id == school_id,
            col(ProcessingConsent.revoked_at).is_(None),
            col(Student.deleted_at).is_(None),
        )
    ).all()
    counts = dict.fromkeys(SCOPES, 0)
    for scope, _student in set(rows):
        counts[scope] = counts.get(scope, 0) + 1
    return counts
