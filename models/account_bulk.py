"""Many accounts at once: from a workbook's rows, or for everyone in the school data without one."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session

from models.account_admin import SCHOOL_ACCOUNT_ROLES
from models.account_logins import (
    BAD_EMAIL,
    BAD_LOGIN,
    Slip,
    free_logins,
    initial_passwords,
    is_valid_email,
    is_valid_login,
    normalize_login,
    taken_logins,
)
from models.account_people import LINK_OF_ROLE, Person, SchoolPeople, school_people
from models.accounts import PARENT, PLATFORM_ADMIN, STUDENT, TEACHER, UserAccount
from models.audit import record_audit
from models.errors import StoreError
from models.i18n import N_, Message, message, noun

MAX_ROWS = 5000


def _identity(text: str) -> str:
    return text


@dataclass(frozen=True, slots=True)
class BulkProblem:
    """One thing to fix, at its sheet, row (1-based) and column letter when known."""

    message: Message
    sheet: str = ""
    row: int | None = None
    column: str = ""

    @property
    def where(self) -> str:
        """'Accounts!C5', 'Accounts!5', 'Accounts' or '' (the whole file)."""
        if not self.sheet:
            return ""
        return f"{self.sheet}!{self.column}{self.row if self.row is not None else ''}"

    def render(self, translate: Callable[[str], str] = _identity) -> str:
        """'Accounts!C5: The login anna is taken.' in the reader's language."""
        text = self.message.render(translate)
        return f"{self.where}: {text}" if self.where else text


class BulkError(StoreError):
    """Nothing was created; `problems` lists every problem with its place in the workbook."""

    def __init__(self, problems: Sequence[BulkProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("bulk_invalid", [p.message for p in self.problems])


@dataclass(frozen=True, slots=True)
class BulkRow:
    """One person to create an account for, as read from a workbook row."""

    row: int
    role: str  # a role code, already recognised from the cell's words; "" if unknown
    name: str = ""
    login: str = ""
    email: str = ""
    code: str = ""  # the teacher's, student's or parent's code in the school data
    role_text: str = ""  # the cell as written, for the message when the role is unknown
    sheet: str = ""
    columns: dict[str, str] = field(default_factory=dict)  # field -> column letter


@dataclass(frozen=True, slots=True)
class _New:
    """One account to write: the login is empty when it is to be made from the name."""

    role: str
    name: str
    login: str = ""
    email: str = ""
    person: Person | None = None


@dataclass(slots=True)
class _Plan:
    """The accounts to write, once every row is known to be right."""

    rows: list[_New] = field(default_factory=list)
    problems: list[BulkProblem] = field(default_factory=list)


def _problem(row: BulkRow, key: str, text: Message) -> BulkProblem:
    return BulkProblem(text, row.sheet, row.row, row.columns.get(key, ""))


def _check_role(row: BulkRow) -> list[Message]:
    if row.role == PLATFORM_ADMIN:
        return [message(N_("A school cannot create platform admin accounts."))]
    if row.role not in SCHOOL_ACCOUNT_ROLES:
        return [message(N_("Unknown role '{value}'."), value=row.role_text or row.role)]
    return []


def _check_person(row: BulkRow, people: SchoolPeople, seen: dict[str, int]) -> list[Message]:
    kind = LINK_OF_ROLE.get(row.role)
    if not row.code or kind is None:
        return []
    person = people.by_code(kind).get(row.code)
    if person is None:
        return [
            message(N_("There is no {what} with code {code} in the school data."),
                    what=noun(kind), code=row.code)
        ]  # fmt: skip
    key = f"{kind}:{row.code}"
    if key in seen:
        return [message(N_("The code {code} is also on row {row}."), code=row.code, row=seen[key])]
    seen[key] = row.row
    if person.account_id is not None:
        return [message(N_("{name} already has an account."), name=person.name)]
    return []


def _check_login(row: BulkRow, taken: set[str], seen: dict[str, int]) -> list[Message]:
    login = normalize_login(row.login)
    if not login:
        return []
    if not is_valid_login(login):
        return [message(BAD_LOGIN)]
    if login in seen:
        return [
            message(N_("The login {login} is also on row {row}."), login=login, row=seen[login])
        ]
    seen[login] = row.row
    if login in taken:
        return [message(N_("The login {login} is taken."), login=login)]
    return []


def _plan(session: Session, rows: Sequence[BulkRow], people: SchoolPeople) -> _Plan:
    plan = _Plan()
    taken = taken_logins(session, (normalize_login(r.login) for r in rows if r.login.strip()))
    seen_codes: dict[str, int] = {}
    seen_logins: dict[str, int] = {}
    for row in rows:
        found = [(_problem(row, "role", m)) for m in _check_role(row)]
        if not row.name.strip() and not row.code:
            found.append(_problem(row, "name", message(N_("A name or a person's code is needed."))))
        found += [_problem(row, "code", m) for m in _check_person(row, people, seen_codes)]
        found += [_problem(row, "login", m) for m in _check_login(row, taken, seen_logins)]
        if row.email.strip() and not is_valid_email(row.email.strip()):
            text = message(BAD_EMAIL, value=row.email.strip())
            found.append(_problem(row, "email", text))
        plan.problems += found
        if not found:
            kind = LINK_OF_ROLE.get(row.role)
            person = people.by_code(kind).get(row.code) if kind and row.code else None
            name = row.name.strip() or (person.name if person else "")
            login = normalize_login(row.login)
            plan.rows.append(_New(row.role, name, login, row.email.strip(), person))
    return plan


def _write(
    session: Session, school_id: int, wanted: Sequence[_New], actor: str, action: str
) -> list[Slip]:
    """Writes the accounts (logins made where empty), each audited; returns their slips."""
    reserved = {new.login for new in wanted if new.login}
    missing = [i for i, new in enumerate(wanted) if not new.login]
    made = free_logins(session, [wanted[i].name for i in missing], reserved)
    logins = [new.login for new in wanted]
    for i, login in zip(missing, made, strict=True):
        logins[i] = login
    accounts, slips = [], []
    for new, login, (password, password_hash) in zip(
        wanted, logins, initial_passwords(len(wanted)), strict=True
    ):
        account = UserAccount(
            school_id=school_id, login=login, email=new.email, name=new.name, role=new.role,
            password_hash=password_hash, must_change_password=True,
        )  # fmt: skip
        if new.person is not None:
            setattr(account, f"{new.person.kind}_id", new.person.id)
        accounts.append(account)
        group = new.person.group if new.person else ""
        slips.append(Slip(new.name, login, password, new.role, group))
    session.add_all(accounts)
    session.flush()
    for account in accounts:
        details = {"login": account.login, "role": account.role}
        record_audit(
            session, school_id=school_id, actor=actor, action=action,
            entity=f"user_account:{account.id}", details=details,
        )  # fmt: skip
    return slips


def bulk_create_accounts(
    session: Session, *, school_id: int, rows: Sequence[BulkRow], actor: str
) -> list[Slip]:
    """Creates one account per row, or none at all when any row is wrong.

    Args:
        session: an open session; on error nothing has been added to it.
        school_id: the admin's school; codes are looked up in its data only.
        rows: the rows read from the workbook.
        actor: the admin's login, for the audit log.

    Returns:
        One slip per row, in row order, with the login and the initial password.

    Raises:
        BulkError: every problem of every row (role, name, login, e-mail, code), with its place.
    """
    if not rows:
        raise BulkError([BulkProblem(message(N_("The workbook has no accounts to create.")))])
    if len(rows) > MAX_ROWS:
        text = message(N_("At most {n} accounts at once; split the workbook."), n=MAX_ROWS)
        raise BulkError([BulkProblem(text)])
    plan = _plan(session, rows, school_people(session, school_id=school_id))
    if plan.problems:
        raise BulkError(plan.problems)
    return _write(session, school_id, plan.rows, actor, "bulk_create_account")


def _without_account(people: Iterable[Person], class_code: str, kind: str) -> list[Person]:
    chosen = [p for p in people if p.account_id is None]
    if class_code and kind == "student":
        chosen = [p for p in chosen if p.group == class_code]
    elif class_code and kind == "parent":
        chosen = [p for p in chosen if f"({class_code})" in p.group]
    return chosen


def create_missing_accounts(
    session: Session,
    *,
    school_id: int,
    roles: Sequence[str],
    actor: str,
    class_code: str = "",
    sort_key: Callable[[str], Any] = str,
) -> list[Slip]:
    """Creates an account for every teacher, student or parent of the school data without one.

    Args:
        session: an open session.
        school_id: the admin's school.
        roles: any of teacher, student and parent.
        actor: the admin's login, for the audit log.
        class_code: only the students (and the parents of students) of this class, if given.
        sort_key: orders names as the reader's language does.

    Returns:
        The slips, by role, then class (or children), then name; empty when everyone has one.
    """
    people = school_people(session, school_id=school_id)
    wanted: list[_New] = []
    for role, kind in ((TEACHER, "teacher"), (STUDENT, "student"), (PARENT, "parent")):
        if role not in roles:
            continue
        chosen = _without_account(people.of_kind(kind).values(), class_code, kind)
        chosen.sort(key=lambda p: (sort_key(p.group), sort_key(p.name)))
        wanted += [_New(role, p.name, "", _usable(p.email), p) for p in chosen]
    return _write(session, school_id, wanted, actor, "create_missing_account") if wanted else []


def _usable(email: str) -> str:
    return email if is_valid_email(email) else ""
