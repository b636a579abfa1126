"""The retention schedule: leavers past the school's set years are anonymised once, audited;
grades stay, names, contacts and notes about them go, also from the import history; others and
other schools are untouched."""

from __future__ import annotations

import json

import pytest
from sqlmodel import Session, select

from models.account_services import AuthError, authenticate
from models.accounts import UserAccount
from models.guidance import CaseEntry, InstrumentResponse
from models.history import AuditEntry, ChangeRecord, DataVersion
from models.journal import Grade, Remark
from models.outbox import Notice
from models.people import Parent, Student
from models.privacy import Anonymisation
from models.privacy_retention import (
    RetentionError,
    leavers_due,
    retention_years,
    run_retention,
    set_retention_years,
)
from tests.privacy.conftest import World, at

NAMES = ("Айгерім", "Сәрсенова", "Гүлнар", "gulnar@example.kz", "+77010000000", "2009-05-15")


def _dump(session: Session) -> str:
    """Every text the store holds about the school's people, for a look for names."""
    parts = []
    for model in (Student, Parent, UserAccount, Remark, Grade, CaseEntry, Notice, ChangeRecord,
                  DataVersion):  # fmt: skip
        parts += [json.dumps(row.model_dump(mode="json"), ensure_ascii=False)
                  for row in session.exec(select(model))]  # fmt: skip
    return "\n".join(parts)


def test_the_schedule_is_a_school_setting(session: Session, world: World) -> None:
    assert retention_years(session, school_id=world.school_id) == 3
    set_retention_years(session, school_id=world.school_id, years=5, actor="director")
    assert retention_years(session, school_id=world.school_id) == 5
    assert retention_years(session, school_id=world.other_school_id) == 3
    with pytest.raises(RetentionError):
        set_retention_years(session, school_id=world.school_id, years=0, actor="director")
    audit = session.exec(select(AuditEntry).where(AuditEntry.action == "set_retention")).one()
    assert audit.details == {"before": 3, "after": 5} and audit.actor == "director"


def test_only_leavers_past_the_period_are_due(session: Session, world: World) -> None:
    assert [s.id for s in leavers_due(session, school_id=world.school_id)] == [world.leaver_id]
    set_retention_years(session, school_id=world.school_id, years=5, actor="director")
    assert leavers_due(session, school_id=world.school_id) == []  # left four years ago
    assert [s.id for s in leavers_due(session, school_id=world.school_id, now=at(-1.1))] == [
        world.leaver_id
    ]
    assert leavers_due(session, school_id=world.other_school_id) == []


def test_a_leaver_is_anonymised_and_the_grades_stay(session: Session, world: World) -> None:
    before = _dump(session)
    assert all(name in before for name in NAMES)
    summary = run_retention(session, school_id=world.school_id)
    session.commit()
    assert summary["anonymised"] == [world.leaver_id]
    leaver = session.get(Student, world.leaver_id)
    assert leaver is not None
    assert leaver.name == f"Оқушы #{world.leaver_id}" and leaver.birth_date is None
    grade = session.get(Grade, world.grade_id)
    assert grade is not None and grade.value == 5 and grade.student_id == world.leaver_id
    after = _dump(session)
    leaks = [name for name in NAMES if name in after]
    assert leaks == [], [line for line in after.splitlines() if any(n in line for n in leaks)]
    parent = session.get(Parent, world.parent_id)
    assert parent is not None and parent.name == f"Ата-ана #{world.parent_id}"
    entry = session.get(CaseEntry, world.case_entry_id)
    assert entry is not None and entry.text == ""
    response = session.exec(select(InstrumentResponse)).one()
    assert isinstance(response.summary, dict)  # a JSON column is not free text: left a dict
    pupil = session.get(Student, world.pupil_id)
    assert pupil is not None and pupil.name == "Нұрлан Әбенов"  # still at school: untouched
    snapshot = session.exec(select(DataVersion)).one().snapshot
    assert snapshot["students"][1]["name"] == "Нұрлан Әбенов"


def test_the_accounts_are_closed_for_good(session: Session, world: World) -> None:
    run_retention(session, school_id=world.school_id)
    session.commit()
    account = session.get(UserAccount, world.leaver_account)
    assert account is not None and not account.active and account.email == ""
    assert account.login == f"anon-{world.leaver_account}"
    with pytest.raises(AuthError):
        authenticate(session, login=account.login, password="password-1", client="test")
    with pytest.raises(AuthError):
        authenticate(session, login="aigerim", password="password-1", client="test")


def test_it_runs_once_and_is_audited(session: Session, world: World) -> None:
    first = run_retention(session, school_id=world.school_id)
    second = run_retention(session, school_id=world.school_id)
    assert first["anonymised"] == [world.leaver_id] and second["anonymised"] == []
    rows = session.exec(select(Anonymisation)).all()
    assert [r.student_id for r in rows] == [world.leaver_id]
    actions = session.exec(select(AuditEntry.action, AuditEntry.entity, AuditEntry.actor).where(
        AuditEntry.action.in_(["anonymise_student", "retention_run"]))).all()  # fmt: skip
    assert sorted(actions) == sorted([
        ("anonymise_student", f"student:{world.leaver_id}", "retention"),
        ("retention_run", f"privacy_settings:{world.school_id}", "retention"),
    ])  # fmt: skip
    audit = session.exec(select(AuditEntry).where(AuditEntry.action == "anonymise_student")).one()
    assert "Айгерім" not in json.dumps(audit.details, ensure_ascii=False)
    assert audit.details["accounts"] == 1 and audit.details["parents"] == 1


def test_a_parent_with_a_child_still_at_school_keeps_their_data(
    session: Session, world: World
) -> None:
    from models.people import Guardianship

    session.add(Guardianship(school_id=world.school_id, parent_id=world.parent_id,
                             student_id=world.pupil_id))  # fmt: skip
    session.commit()
    run_retention(session, school_id=world.school_id)
    parent = session.get(Parent, world.parent_id)
    assert parent is not None and parent.name == "Гүлнар Сәрсенова"
    assert parent.email == "gulnar@example.kz"
