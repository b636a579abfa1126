"""The platform admin's services: every school with its counts, and a new school with its admin."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, col, func, select

from models.account_admin import AccountError, AccountForm, create_school_account
from models.account_logins import Slip, login_problems
from models.accounts import SCHOOL_ADMIN, UserAccount
from models.audit import record_audit
from models.i18n import N_, Message, message
from models.people import Parent, Student, Teacher
from models.school import School

SCHOOL_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{1,31}$")
SCHOOL_LANGUAGES = ("kk", "ru", "en")


@dataclass(frozen=True, slots=True)
class SchoolSummary:
    school: School
    accounts: int
    active_accounts: int
    teachers: int
    students: int
    parents: int


@dataclass(frozen=True, slots=True)
class NewSchool:
    """The new school's name, code, city, region and language, and its first admin."""

    name: str
    code: str
    city: str = ""
    region: str = ""
    language: str = "kk"
    admin_name: str = ""
    admin_login: str = ""  # empty: made from the name
    admin_email: str = ""


def _counts(session: Session, table: Any, *where: Any) -> dict[int, int]:
    query = select(table.school_id, func.count()).select_from(table)
    if hasattr(table, "deleted_at"):
        query = query.where(col(table.deleted_at).is_(None))
    query = query.where(*where).group_by(table.school_id)
    return {school_id: int(n) for school_id, n in session.exec(query).all()}


def list_schools(session: Session) -> list[SchoolSummary]:
    """Every live school with counts of its accounts and people, by name.

    Returns:
        One summary per school; five grouped queries whatever the number of schools.
    """
    schools = session.exec(select(School).where(col(School.deleted_at).is_(None))).all()
    accounts = _counts(session, UserAccount)
    active = _counts(session, UserAccount, col(UserAccount.active).is_(True))
    teachers, students = _counts(session, Teacher), _counts(session, Student)
    parents = _counts(session, Parent)
    out = []
    for s in schools:
        if s.id is not None:
            counts = (accounts, active, teachers, students, parents)
            out.append(SchoolSummary(s, *(c.get(s.id, 0) for c in counts)))
    return sorted(out, key=lambda summary: summary.school.name.casefold())


def _check(session: Session, form: NewSchool) -> list[Message]:
    problems: list[Message] = []
    if not form.name.strip():
        problems.append(message(N_("The school needs a name.")))
    code = form.code.strip()
    if not SCHOOL_CODE.match(code):
        problems.append(message(N_("A school code has 2 to 32 Latin letters, digits, - and _.")))
    elif session.exec(select(School).where(func.lower(School.code) == code.lower())).first():
        problems.append(message(N_("The school code {code} is taken."), code=code))
    if form.language not in SCHOOL_LANGUAGES:
        problems.append(message(N_("Choose the school's language: kk, ru or en.")))
    if not form.admin_name.strip():
        problems.append(message(N_("The school admin needs a name.")))
    return problems + login_problems(session, login=form.admin_login, email=form.admin_email)


def create_school(session: Session, *, form: NewSchool, actor: str) -> tuple[School, Slip]:
    """A new school with its first school admin account (initial password on a slip), audited.

    Args:
        session: an open session.
        form: the school's fields and its admin's name, login (may be empty) and e-mail.
        actor: the platform admin's login.

    Returns:
        The school, and the admin's slip with the login and initial password.

    Raises:
        AccountError: every problem of the form (name, code taken or malformed, language, login).
    """
    problems = _check(session, form)
    if problems:
        raise AccountError("school_invalid", problems)
    school = School(
        code=form.code.strip(), name=form.name.strip(), city=form.city.strip(),
        region=form.region.strip(), language=form.language,
    )  # fmt: skip
    session.add(school)
    session.flush()
    admin_form = AccountForm(
        SCHOOL_ADMIN, form.admin_name, login=form.admin_login, email=form.admin_email
    )
    assert school.id is not None
    _, slip = create_school_account(session, school_id=school.id, form=admin_form, actor=actor)
    record_audit(
        session, school_id=school.id, actor=actor, action="create_school",
        entity=f"school:{school.id}", details={"code": school.code, "admin": slip.login},
    )  # fmt: skip
    return school, slip
