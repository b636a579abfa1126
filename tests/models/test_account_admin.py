"""School admin account services: create, list, edit, switch off, reset, audit, schools apart."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from sqlmodel import Session, col, func, select

from models.account_admin import (
    INACTIVE,
    AccountError,
    AccountForm,
    account_history,
    create_school_account,
    list_accounts,
    reset_initial_password,
    school_account,
    set_account_active,
    update_school_account,
)
from models.account_logins import free_logins, latin, login_base
from models.account_people import school_people
from models.account_services import AuthError, authenticate, create_account
from models.accounts import PARENT, STUDENT, TEACHER, UserAccount
from models.errors import NotFound
from models.history import AuditEntry
from models.people import Parent, Student, Teacher
from models.school_data import apply_snapshot, get_school
from tests.models.samples import sample_snapshot


def sample_school(session: Session, code: str = "SCH-1") -> int:
    """The sample school imported; its id."""
    apply_snapshot(session, sample_snapshot(code), source="test")
    school_id = get_school(session, code=code).id
    assert school_id is not None
    return school_id


def _row(session: Session, table: type, school_id: int, code: str) -> int:
    row = session.exec(select(table).where(table.school_id == school_id, table.code == code)).one()
    return int(row.id)


def _admin(session: Session, school_id: int, login: str = "boss") -> UserAccount:
    return create_account(session, school_id=school_id, login=login, name="Директор",
                          role="school_admin", password="admin-password")  # fmt: skip


def test_logins_are_made_from_kazakh_and_russian_names(session: Session) -> None:
    assert latin("Шәріпова Ңұрғали") == "sharipova nurgali"
    assert login_base("Шәріпова Дана") == "sharipova.dana"
    assert login_base("Ли") == "user.li" and login_base("Ян") == "yan"
    assert login_base("") == "user"
    create_account(session, school_id=None, login="sharipova.dana", name="x", role="teacher",
                   password="long-enough")  # fmt: skip
    reserved: set[str] = set()
    made = free_logins(session, ["Шәріпова Дана", "Шәріпова Дана", "Ерлан Оспанов"], reserved)
    assert made == ["sharipova.dana2", "sharipova.dana3", "erlan.ospanov"]
    assert reserved == set(made)


def test_create_gives_a_printable_initial_password_that_must_be_changed(session: Session) -> None:
    sid = sample_school(session)
    teacher_id = _row(session, Teacher, sid, "T1")
    form = AccountForm(TEACHER, "Асель Нурова", email="asel@x.kz", teacher_id=teacher_id)
    account, slip = create_school_account(session, school_id=sid, form=form, actor="boss")
    assert (slip.login, account.login) == ("asel.nurova", "asel.nurova")
    assert account.must_change_password and account.teacher_id == teacher_id
    assert slip.password not in account.password_hash
    logged_in = authenticate(session, login=slip.login, password=slip.password, client="t")
    assert logged_in.id == account.id
    # the light hash of the one-time password is replaced by the full one at first login
    assert not PasswordHasher().check_needs_rehash(logged_in.password_hash)
    [entry] = account_history(session, school_id=sid, account_id=account.id or 0)
    assert (entry.action, entry.actor) == ("create_account", "boss")


def test_create_names_every_problem_and_writes_nothing(session: Session) -> None:
    sid = sample_school(session)
    other = sample_school(session, "SCH-2")
    create_account(session, school_id=sid, login="taken", name="T", role="teacher",
                   password="long-enough")  # fmt: skip
    foreign_teacher = _row(session, Teacher, other, "T1")
    form = AccountForm(TEACHER, " ", login="taken", email="not-mail", teacher_id=foreign_teacher)
    before = session.exec(select(func.count()).select_from(UserAccount)).one()
    with pytest.raises(AccountError) as caught:
        create_school_account(session, school_id=sid, form=form, actor="boss")
    words = [str(m) for m in caught.value.messages]
    assert words == [
        "A name is needed.",
        "The login taken is taken.",
        "'not-mail' is not an e-mail address.",
        "The chosen person is not in the school data.",
    ]
    assert session.exec(select(func.count()).select_from(UserAccount)).one() == before
    with pytest.raises(AccountError, match="school's roles"):
        create_school_account(
            session, school_id=sid, form=AccountForm("platform_admin", "X"), actor="boss"
        )


def test_a_person_has_one_account(session: Session) -> None:
    sid = sample_school(session)
    student = _row(session, Student, sid, "S1")
    form = AccountForm(STUDENT, "Айгерим", student_id=student)
    create_school_account(session, school_id=sid, form=form, actor="boss")
    with pytest.raises(AccountError, match="Айгерим Садыкова already has an account"):
        create_school_account(session, school_id=sid, form=form, actor="boss")


def test_only_the_link_that_fits_the_role_is_kept(session: Session) -> None:
    sid = sample_school(session)
    form = AccountForm(PARENT, "Гульнара", teacher_id=_row(session, Teacher, sid, "T1"),
                       parent_id=_row(session, Parent, sid, "P1"))  # fmt: skip
    account, _ = create_school_account(session, school_id=sid, form=form, actor="boss")
    assert account.teacher_id is None and account.parent_id == form.parent_id
    people = school_people(session, school_id=sid)
    assert [c.name for c in people.children[form.parent_id or 0]] == ["Айгерим Садыкова"]
    assert people.parents[form.parent_id or 0].account_id == account.id


def test_list_filters_by_role_name_in_any_case_and_status(session: Session) -> None:
    sid = sample_school(session)
    other = sample_school(session, "SCH-2")
    for name, role in (("Айгерим Садыкова", STUDENT), ("Иван Петров", STUDENT),
                       ("Асель Нурова", TEACHER)):  # fmt: skip
        create_school_account(session, school_id=sid, form=AccountForm(role, name), actor="b")
    create_school_account(session, school_id=other, form=AccountForm(STUDENT, "Айгерим Б"),
                          actor="b")  # fmt: skip
    assert list_accounts(session, school_id=sid).total == 3
    assert list_accounts(session, school_id=sid, role=STUDENT).total == 2
    found = list_accounts(session, school_id=sid, query="АЙГЕРИМ")
    assert [a.name for a in found.accounts] == ["Айгерим Садыкова"]
    assert list_accounts(session, school_id=sid, query="petrov").total == 1  # by login
    ivan = list_accounts(session, school_id=sid, query="Иван").accounts[0]
    set_account_active(session, school_id=sid, account_id=ivan.id or 0, active=False,
                       actor="b", actor_id=0)  # fmt: skip
    assert list_accounts(session, school_id=sid).total == 2
    assert [a.name for a in list_accounts(session, school_id=sid, status=INACTIVE).accounts] == [
        "Иван Петров"
    ]
    assert list_accounts(session, school_id=sid, limit=1, offset=1).accounts[0].role == TEACHER


def test_another_schools_account_is_not_found(session: Session) -> None:
    sid = sample_school(session)
    other = sample_school(session, "SCH-2")
    foreign, _ = create_school_account(session, school_id=other, form=AccountForm(TEACHER, "Б"),
                                       actor="b")  # fmt: skip
    fid = foreign.id or 0
    with pytest.raises(NotFound):
        school_account(session, school_id=sid, account_id=fid)
    with pytest.raises(NotFound):
        hack = AccountForm(TEACHER, "Hacked")
        update_school_account(session, school_id=sid, account_id=fid, form=hack, actor="b",
                              actor_id=0)  # fmt: skip
    with pytest.raises(NotFound):
        set_account_active(session, school_id=sid, account_id=fid, active=False, actor="b",
                           actor_id=0)  # fmt: skip
    with pytest.raises(NotFound):
        reset_initial_password(session, school_id=sid, account_id=fid, actor="b")
    assert session.get(UserAccount, fid).name == "Б"  # type: ignore[union-attr]


def test_switched_off_accounts_cannot_log_in_and_are_kept(session: Session) -> None:
    sid = sample_school(session)
    form = AccountForm(TEACHER, "Ерлан")
    account, slip = create_school_account(session, school_id=sid, form=form, actor="b")
    set_account_active(session, school_id=sid, account_id=account.id or 0, active=False,
                       actor="boss", actor_id=0)  # fmt: skip
    with pytest.raises(AuthError) as caught:
        authenticate(session, login=slip.login, password=slip.password, client="t")
    assert caught.value.code == "inactive"
    assert session.get(UserAccount, account.id).deleted_at is None  # type: ignore[union-attr]
    set_account_active(session, school_id=sid, account_id=account.id or 0, active=True,
                       actor="boss", actor_id=0)  # fmt: skip
    assert authenticate(session, login=slip.login, password=slip.password, client="t")
    history = account_history(session, school_id=sid, account_id=account.id or 0)
    actions = [e.action for e in history]
    assert actions == ["activate_account", "deactivate_account", "create_account"]


def test_an_admin_keeps_their_own_account_and_role(session: Session) -> None:
    sid = sample_school(session)
    admin = _admin(session, sid)
    with pytest.raises(AccountError, match="own account"):
        set_account_active(session, school_id=sid, account_id=admin.id or 0, active=False,
                           actor="boss", actor_id=admin.id or 0)  # fmt: skip
    with pytest.raises(AccountError, match="own role"):
        update_school_account(session, school_id=sid, account_id=admin.id or 0,
                              form=AccountForm(TEACHER, "Директор"), actor="boss",
                              actor_id=admin.id or 0)  # fmt: skip


def test_reset_replaces_the_password_with_a_new_initial_one(session: Session) -> None:
    sid = sample_school(session)
    admin = _admin(session, sid)
    teacher = _admin(session, sid, "mugalim")
    teacher.must_change_password = False
    slip = reset_initial_password(session, school_id=sid, account_id=teacher.id or 0, actor="boss")
    session.commit()  # a failed login is counted in a session of its own, which needs the lock
    with pytest.raises(AuthError):
        authenticate(session, login="mugalim", password="admin-password", client="t")
    assert authenticate(session, login="mugalim", password=slip.password, client="t")
    assert teacher.must_change_password
    assert admin.id != teacher.id


def test_edit_changes_fields_and_audits_what_changed(session: Session) -> None:
    sid = sample_school(session)
    account, _ = create_school_account(session, school_id=sid, form=AccountForm(PARENT, "Г"),
                                       actor="boss")  # fmt: skip
    parent = _row(session, Parent, sid, "P1")
    form = AccountForm(PARENT, "Гульнара Садыкова", login="gulnara", email="g@x.kz",
                       parent_id=parent)  # fmt: skip
    update_school_account(session, school_id=sid, account_id=account.id or 0, form=form,
                          actor="boss", actor_id=0)  # fmt: skip
    assert (account.login, account.parent_id, account.email) == ("gulnara", parent, "g@x.kz")
    entry = account_history(session, school_id=sid, account_id=account.id or 0)[0]
    assert entry.action == "update_account"
    assert entry.details["changed"]["parent_id"] == [None, parent]
    assert set(entry.details["changed"]) == {"name", "login", "email", "parent_id"}
    rows = session.exec(select(AuditEntry).where(col(AuditEntry.school_id) == sid)).all()
    assert all(r.entity.startswith(("user_account:", "data_version", "school")) for r in rows)
