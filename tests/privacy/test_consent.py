"""Processing consents: a parent gives and revokes for their own child only, the school admin
records a signed form, every change is audited, revoked consents keep their history."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from models.accounts import UserAccount
from models.errors import NotFound
from models.history import AuditEntry
from models.people import Guardianship, Student
from models.privacy import GUIDANCE, PAPER, PROCESSING
from models.privacy_consent import (
    Actor,
    ConsentRefused,
    consent_counts,
    consent_history,
    give_consent,
    has_consent,
    in_force,
    revoke_consent,
)
from tests.privacy.conftest import World


def _actor(db: Session, account_id: int) -> Actor:
    account = db.get(UserAccount, account_id)
    assert account is not None
    return Actor.of(account)


def _sibling(db: Session, world: World) -> int:
    """A younger child of the same parent, still at school."""
    leaver = db.get(Student, world.leaver_id)
    assert leaver is not None
    child = Student(school_id=world.school_id, code="S-3", name="Әли Сәрсенов",
                    class_id=leaver.class_id)  # fmt: skip
    db.add(child)
    db.flush()
    db.add(Guardianship(school_id=world.school_id, parent_id=world.parent_id,
                        student_id=child.id or 0))  # fmt: skip
    db.flush()
    return child.id or 0


def test_a_parent_gives_and_revokes_for_their_child(session: Session, world: World) -> None:
    parent = _actor(session, world.parent_account)
    child = _sibling(session, world)
    with pytest.raises(NotFound):  # the child who left: no new consents
        give_consent(session, parent, student_id=world.leaver_id, scope=PROCESSING)
    given = give_consent(session, parent, student_id=child, scope=PROCESSING)
    assert given.given_by_name == "Gulnar" and given.method == "online"
    again = give_consent(session, parent, student_id=child, scope=PROCESSING)
    assert again.id == given.id  # one in force, not two
    give_consent(session, parent, student_id=child, scope=GUIDANCE)
    assert set(in_force(session, school_id=world.school_id, student_id=child)) == {
        PROCESSING, GUIDANCE,
    }  # fmt: skip
    revoked = revoke_consent(session, parent, student_id=child, scope=GUIDANCE)
    assert revoked is not None and revoked.revoked_at is not None
    assert revoked.revoked_by_name == "Gulnar"
    assert set(in_force(session, school_id=world.school_id, student_id=child)) == {PROCESSING}
    assert revoke_consent(session, parent, student_id=child, scope=GUIDANCE) is None
    give_consent(session, parent, student_id=child, scope=GUIDANCE)  # given again
    history = consent_history(session, school_id=world.school_id, student_id=child)
    assert [(c.scope, c.revoked_at is None) for c in history].count((GUIDANCE, False)) == 1
    assert len(history) == 3
    actions = session.exec(select(AuditEntry.action).where(
        AuditEntry.entity == f"student:{child}")).all()  # fmt: skip
    assert actions == ["give_consent", "give_consent", "revoke_consent", "give_consent"]


def test_a_parent_cannot_consent_for_another_child(session: Session, world: World) -> None:
    parent = _actor(session, world.parent_account)
    with pytest.raises(ConsentRefused) as refused:
        give_consent(session, parent, student_id=world.pupil_id, scope=PROCESSING)
    assert refused.value.code == "not_your_child"
    with pytest.raises(ConsentRefused):
        revoke_consent(session, _actor(session, world.pupil_account), student_id=world.pupil_id,
                       scope=PROCESSING)  # fmt: skip  # a student does not consent for themself


def test_other_schools_and_unknown_scopes_are_refused(session: Session, world: World) -> None:
    with pytest.raises(NotFound):
        give_consent(session, _actor(session, world.other_admin), student_id=world.pupil_id,
                     scope=PROCESSING, given_by="Someone")  # fmt: skip
    with pytest.raises(ConsentRefused) as refused:
        give_consent(session, _actor(session, world.admin), student_id=world.pupil_id,
                     scope="marketing", given_by="X")  # fmt: skip
    assert refused.value.code == "unknown_scope"


def test_the_admin_records_a_signed_form_naming_the_signer(session: Session, world: World) -> None:
    admin = _actor(session, world.admin)
    with pytest.raises(ConsentRefused) as refused:
        give_consent(session, admin, student_id=world.pupil_id, scope=PROCESSING)
    assert refused.value.code == "signer_needed"
    row = give_consent(session, admin, student_id=world.pupil_id, scope=PROCESSING,
                       given_by="Әбенов Қайрат")  # fmt: skip
    assert row.method == PAPER and row.given_by_name == "Әбенов Қайрат"
    assert row.given_by_user_id is None
    counts = consent_counts(session, school_id=world.school_id)
    assert counts[PROCESSING] == 1 and counts[GUIDANCE] == 0


def test_modules_ask_whether_a_scope_is_in_force(session: Session, world: World) -> None:
    admin = _actor(session, world.admin)
    ask = {"school_id": world.school_id, "student_id": world.pupil_id, "scope": GUIDANCE}
    assert not has_consent(session, **ask)
    give_consent(session, admin, student_id=world.pupil_id, scope=GUIDANCE, given_by="Әбенов")
    assert has_consent(session, **ask)
    assert not has_consent(session, **{**ask, "school_id": world.other_school_id})
    revoke_consent(session, admin, student_id=world.pupil_id, scope=GUIDANCE)
    assert not has_consent(session, **ask)
