"""A school admin's account services: list, create, edit, switch off and on, reset a password."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from sqlmodel import Session, col, select

from models.account_logins import (
    Slip,
    free_logins,
    initial_passwords,
    login_problems,
    normalize_login,
)
from models.account_people import LINK_OF_ROLE, SchoolPeople, school_people
from models.accounts import PLATFORM_ADMIN, ROLES, UserAccount
from models.audit import record_audit
from models.errors import NotFound, StoreError
from models.history import AuditEntry
from models.i18n import N_, Message, message

SCHOOL_ACCOUNT_ROLES: tuple[str, ...] = tuple(r for r in ROLES if r != PLATFORM_ADMIN)
ACTIVE, INACTIVE, ALL = "active", "inactive", "all"


class AccountError(StoreError):
    """An account form the school admin must correct; `messages` name every problem."""


@dataclass(frozen=True, slots=True)
class AccountForm:
    """What the admin enters for one account; a link is the id of a row of the school data."""

    role: str
    name: str
    login: str = ""  # empty: made from the name
    email: str = ""
    teacher_id: int | None = None
    student_id: int | None = None
    parent_id: int | None = None


@dataclass(frozen=True, slots=True)
class AccountPage:
    """One page of the filtered account list, and how many matched in all."""

    accounts: list[UserAccount]
    total: int
    people: SchoolPeople = field(repr=False)


def _entity(account: UserAccount) -> str:
    return f"user_account:{account.id}"


def _audit(session: Session, account: UserAccount, action: str, actor: str, **details: Any) -> None:
    record_audit(
        session, school_id=account.school_id, actor=actor, action=action,
        entity=_entity(account), details={"login": account.login, **details},
    )  # fmt: skip


def school_account(session: Session, *, school_id: int, account_id: int) -> UserAccount:
    """A live account of this school.

    Raises:
        NotFound: no such account in this school (another school's account is not found either).
    """
    account = session.get(UserAccount, account_id)
    if account is None or account.deleted_at is not None or account.school_id != school_id:
        raise NotFound("account_not_found", [message(N_("There is no such account."))])
    return account


def list_accounts(
    session: Session,
    *,
    school_id: int,
    role: str = "",
    query: str = "",
    status: str = ACTIVE,
    offset: int = 0,
    limit: int = 100,
    sort_key: Callable[[str], Any] = str.casefold,
) -> AccountPage:
    """The school's accounts, filtered by role, by a piece of the name or login, and by status.

    Names are matched in Python with casefold, since SQLite's lower() knows only ASCII letters.

    Args:
        session: an open session.
        school_id: the school; only its accounts are listed.
        role: one role, or empty for all.
        query: a piece of the name or login, any case; empty for all.
        status: "active", "inactive" or "all".
        offset: how many matching accounts to skip (for paging).
        limit: at most this many accounts on the page.
        sort_key: orders names as the reader's language does.

    Returns:
        The page of accounts (by name), the count of all matches, and the school's
        people so each account's linked person can be shown.
    """
    # names are matched and sorted on plain columns; ORM rows only for the page shown
    stmt = select(UserAccount.id, UserAccount.name, UserAccount.login).where(
        UserAccount.school_id == school_id, col(UserAccount.deleted_at).is_(None)
    )
    if role:
        stmt = stmt.where(UserAccount.role == role)
    if status in (ACTIVE, INACTIVE):
        stmt = stmt.where(UserAccount.active == (status == ACTIVE))
    needle = query.strip().casefold()
    found = [
        (sort_key(name), login, account_id)
        for account_id, name, login in session.exec(stmt).all()
        if not needle or needle in name.casefold() or needle in login
    ]
    found.sort()
    ids = [account_id for _, _, account_id in found[offset : offset + limit]]
    rows = session.exec(select(UserAccount).where(col(UserAccount.id).in_(ids))).all()
    by_id = {account.id: account for account in rows}
    return AccountPage(
        [by_id[i] for i in ids], len(found), school_people(session, school_id=school_id)
    )


def _clean_links(form: AccountForm) -> AccountForm:
    """Only the link that fits the role survives (a form may send all three lists)."""
    keep = f"{LINK_OF_ROLE.get(form.role)}_id"
    return replace(
        form,
        teacher_id=form.teacher_id if keep == "teacher_id" else None,
        student_id=form.student_id if keep == "student_id" else None,
        parent_id=form.parent_id if keep == "parent_id" else None,
    )


def _check_link(form: AccountForm, people: SchoolPeople, account_id: int | None) -> list[Message]:
    kind = LINK_OF_ROLE.get(form.role)
    ref = getattr(form, f"{kind}_id") if kind else None
    if kind is None or ref is None:
        return []
    person = people.of_kind(kind).get(ref)
    if person is None:
        return [message(N_("The chosen person is not in the school data."))]
    if person.account_id is not None and person.account_id != account_id:
        return [message(N_("{name} already has an account."), name=person.name)]
    return []


def _check_form(
    session: Session, form: AccountForm, people: SchoolPeople, current: UserAccount | None
) -> list[Message]:
    problems: list[Message] = []
    if form.role not in SCHOOL_ACCOUNT_ROLES:
        problems.append(message(N_("Choose one of the school's roles.")))
    if not form.name.strip():
        problems.append(message(N_("A name is needed.")))
    problems += login_problems(
        session, login=form.login, email=form.email, current=current.login if current else None
    )
    problems += _check_link(form, people, current.id if current else None)
    return problems


def create_school_account(
    session: Session, *, school_id: int, form: AccountForm, actor: str
) -> tuple[UserAccount, Slip]:
    """Creates an account of the school with a printable initial password, audited.

    Args:
        session: an open session.
        school_id: the admin's school; the account and its link belong to it.
        form: role, name, login (empty: made from the name), e-mail and a link.
        actor: the admin's login, for the audit log.

    Returns:
        The account, and its slip with the initial password (the store keeps only the hash).

    Raises:
        AccountError: every problem of the form (role, name, login, e-mail, link).
    """
    form = _clean_links(form)
    problems = _check_form(session, form, school_people(session, school_id=school_id), None)
    if problems:
        raise AccountError("account_invalid", problems)
    login = normalize_login(form.login) or free_logins(session, [form.name], set())[0]
    [(password, password_hash)] = initial_passwords(1)
    account = UserAccount(
        school_id=school_id, login=login, email=form.email.strip(), name=form.name.strip(),
        role=form.role, password_hash=password_hash, must_change_password=True,
        teacher_id=form.teacher_id, student_id=form.student_id, parent_id=form.parent_id,
    )  # fmt: skip
    session.add(account)
    session.flush()
    _audit(session, account, "create_account", actor, role=account.role)
    return account, Slip(account.name, login, password, account.role)


def update_school_account(
    session: Session,
    *,
    school_id: int,
    account_id: int,
    form: AccountForm,
    actor: str,
    actor_id: int,
) -> UserAccount:
    """Saves an account's role, name, login, e-mail and link; the changes are audited.

    Raises:
        NotFound: no such account in this school.
        AccountError: every problem of the form; also an admin taking away their own role.
    """
    account = school_account(session, school_id=school_id, account_id=account_id)
    form = _clean_links(form)
    people = school_people(session, school_id=school_id)
    problems = _check_form(session, form, people, account)
    if account.id == actor_id and form.role != account.role:
        problems.append(message(N_("You cannot change your own role.")))
    if problems:
        raise AccountError("account_invalid", problems)
    values = {
        "role": form.role, "name": form.name.strip(), "email": form.email.strip(),
        "login": normalize_login(form.login) or account.login, "teacher_id": form.teacher_id,
        "student_id": form.student_id, "parent_id": form.parent_id,
    }  # fmt: skip
    changed = {k: [getattr(account, k), v] for k, v in values.items() if getattr(account, k) != v}
    for key, value in values.items():
        setattr(account, key, value)
    session.add(account)
    if changed:
        _audit(session, account, "update_account", actor, changed=changed)
    return account


def set_account_active(
    session: Session, *, school_id: int, account_id: int, active: bool, actor: str, actor_id: int
) -> UserAccount:
    """Switches an account off (it can no longer log in; nothing is deleted) or on again.

    Raises:
        NotFound: no such account in this school.
        AccountError: an admin switching off their own account.
    """
    account = school_account(session, school_id=school_id, account_id=account_id)
    if account.id == actor_id and not active:
        raise AccountError("own_account", [message(N_("You cannot switch off your own account."))])
    if account.active != active:
        account.active = active
        session.add(account)
        _audit(session, account, "activate_account" if active else "deactivate_account", actor)
    return account


def reset_initial_password(
    session: Session, *, school_id: int, account_id: int, actor: str
) -> Slip:
    """Gives an account a new printable initial password that must be changed at first login.

    Raises:
        NotFound: no such account in this school.
    """
    account = school_account(session, school_id=school_id, account_id=account_id)
    [(password, password_hash)] = initial_passwords(1)
    account.password_hash = password_hash
    account.must_change_password = True
    session.add(account)
    _audit(session, account, "reset_password", actor)
    return Slip(account.name, account.login, password, account.role)


def account_history(
    session: Session, *, school_id: int, account_id: int, limit: int = 20
) -> list[AuditEntry]:
    """The latest audit rows about one account of the school, newest first."""
    query = select(AuditEntry).where(
        AuditEntry.school_id == school_id, AuditEntry.entity == f"user_account:{account_id}"
    )
    return list(session.exec(query.order_by(col(AuditEntry.id).desc()).limit(limit)).all())
