"""Account services: create, authenticate (Argon2, rate-limited), join codes, password resets."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import or_
from sqlmodel import Session, col, func, select

from models.accounts import (
    NOTIFY_MODES,
    ROLES,
    STUDENT,
    TEACHER,
    JoinCode,
    LoginAttempt,
    PasswordReset,
    UserAccount,
)
from models.audit import record_audit
from models.base import utcnow
from models.errors import NotFound, StoreError
from models.i18n import N_, message
from models.people import Student, Teacher

_hasher = PasswordHasher()

# At most this many failed logins per login name (and per client address) in the window.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
RESET_LIFETIME = timedelta(hours=2)
MIN_PASSWORD = 8


class AuthError(StoreError):
    """A login, registration or reset the store refuses; the message says why."""


def hash_password(password: str) -> str:
    """The Argon2id hash of a password (salted; parameters inside the hash)."""
    return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def check_password_rules(password: str) -> None:
    """Raises AuthError when a new password is too weak to accept."""
    if len(password) < MIN_PASSWORD:
        raise AuthError(
            "weak_password",
            [message(N_("A password needs at least {n} characters."), n=MIN_PASSWORD)],
        )


def generate_password(length: int = 10) -> str:
    """A random initial password without look-alike characters, for printing on a slip."""
    alphabet = "abcdefghjkmnpqrstuvwxyzACDEFGHJKLMNPQRTUVWXY34679"
    return "".join(secrets.choice(alphabet) for _ in range(length))


def create_account(
    session: Session,
    *,
    school_id: int | None,
    login: str,
    name: str,
    role: str,
    password: str,
    email: str = "",
    language: str = "",
    must_change_password: bool = False,
    teacher_id: int | None = None,
    student_id: int | None = None,
    parent_id: int | None = None,
    actor: str = "system",
) -> UserAccount:
    """Creates an account with a hashed password; logins are unique, case-insensitively.

    Raises:
        AuthError: unknown role, taken login or weak password.
    """
    if role not in ROLES:
        raise AuthError("unknown_role", [message(N_("Unknown role {role}."), role=role)])
    login = login.strip().lower()
    if not login:
        raise AuthError("empty_login", [message(N_("A login is needed."))])
    if session.exec(select(UserAccount).where(UserAccount.login == login)).first():
        raise AuthError("login_taken", [message(N_("The login {login} is taken."), login=login)])
    check_password_rules(password)
    account = UserAccount(
        school_id=school_id, login=login, email=email.strip(), name=name.strip(), role=role,
        password_hash=hash_password(password), language=language,
        must_change_password=must_change_password, teacher_id=teacher_id,
        student_id=student_id, parent_id=parent_id,
    )  # fmt: skip
    session.add(account)
    session.flush()
    record_audit(
        session, school_id=school_id, actor=actor, action="create_account",
        entity="user_account", details={"login": login, "role": role},
    )  # fmt: skip
    return account


def _recent_failures(session: Session, column: object, value: str, since: datetime) -> int:
    query = select(func.count()).where(column == value, col(LoginAttempt.at) >= since)
    return int(session.exec(query).one())


def _record_failure(session: Session, login: str, client: str) -> None:
    # The failure must outlive the caller's transaction, which rolls back on the error raised
    # next, so it is committed here (the one place a service commits). A second session would
    # deadlock on SQLite, where the caller's transaction already holds the write lock.
    session.add(LoginAttempt(login=login, client=client))
    session.commit()


def authenticate(session: Session, *, login: str, password: str, client: str) -> UserAccount:
    """The active account whose password matches; failures are counted and rate-limited.

    A failure commits the session (with the attempt) before raising: call it before writing
    anything else in the same transaction.

    Raises:
        AuthError: wrong login or password (one message for both), inactive account, or too
            many failed attempts for this login or client in the last minutes.
    """
    login = login.strip().lower()
    since = utcnow() - FAILURE_WINDOW
    if (
        _recent_failures(session, LoginAttempt.login, login, since) >= MAX_FAILURES
        or _recent_failures(session, LoginAttempt.client, client, since) >= MAX_FAILURES * 4
    ):
        minutes = int(FAILURE_WINDOW.total_seconds() // 60)
        raise AuthError(
            "too_many_attempts",
            [
                message(
                    N_("Too many failed logins. Try again in {minutes} minutes."), minutes=minutes
                )
            ],
        )
    account = session.exec(
        select(UserAccount).where(UserAccount.login == login, col(UserAccount.deleted_at).is_(None))
    ).first()
    if account is None or not _verify(account.password_hash, password):
        _record_failure(session, login, client)
        raise AuthError("bad_login", [message(N_("Wrong login or password."))])
    if not account.active:
        raise AuthError("inactive", [message(N_("This account is switched off. Ask your school."))])
    if _hasher.check_needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.last_login_at = utcnow()
    session.add(account)
    return account


def get_account(session: Session, account_id: int) -> UserAccount:
    """The live account with this id.

    Raises:
        NotFound: no such account, or it was deleted.
    """
    account = session.get(UserAccount, account_id)
    if account is None or account.deleted_at is not None:
        raise NotFound("account_not_found", [message(N_("There is no such account."))])
    return account


def set_password(session: Session, account: UserAccount, password: str, *, actor: str) -> None:
    """Replaces an account's password (rules checked), audited."""
    check_password_rules(password)
    account.password_hash = hash_password(password)
    account.must_change_password = False
    session.add(account)
    record_audit(
        session, school_id=account.school_id, actor=actor, action="set_password",
        entity="user_account", details={"login": account.login},
    )  # fmt: skip


def set_notify_mode(session: Session, account: UserAccount, mode: str, *, actor: str) -> None:
    """How the account wants journal e-mails: "immediate" or "digest" (once a day), audited.

    Raises:
        StoreError: an unknown mode.
    """
    if mode not in NOTIFY_MODES:
        text = N_("Choose how notices reach you: one by one or once a day.")
        raise StoreError("unknown_notify_mode", [message(text)])
    if account.notify_mode == mode:
        return
    record_audit(
        session, school_id=account.school_id, actor=actor, action="set_notify_mode",
        entity=f"user_account:{account.id}", details={"old": account.notify_mode, "new": mode},
    )  # fmt: skip
    account.notify_mode = mode
    session.add(account)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class ResetStarted:
    account: UserAccount
    token: str  # goes only into the e-mail; the store keeps its hash


def start_password_reset(session: Session, *, email_or_login: str) -> ResetStarted | None:
    """A one-time reset token for the account with this e-mail or login, or None if none.

    The caller answers the same either way, so the form does not reveal who has an account.
    """
    key = email_or_login.strip().lower()
    account = session.exec(
        select(UserAccount).where(
            or_(col(UserAccount.login) == key, func.lower(col(UserAccount.email)) == key),
            col(UserAccount.deleted_at).is_(None),
            col(UserAccount.active).is_(True),
        )
    ).first()
    if account is None or account.id is None:
        return None
    token = secrets.token_urlsafe(32)
    session.add(
        PasswordReset(
            user_id=account.id, token_hash=_token_hash(token),
            expires_at=utcnow() + RESET_LIFETIME,
        )
    )  # fmt: skip
    return ResetStarted(account, token)


def finish_password_reset(session: Session, *, token: str, password: str) -> UserAccount:
    """Sets a new password through a reset token; the token works once and expires.

    Raises:
        AuthError: unknown, used or expired token; weak password.
    """
    row = session.exec(
        select(PasswordReset).where(PasswordReset.token_hash == _token_hash(token))
    ).first()
    expires = None if row is None else row.expires_at
    if expires is not None and expires.tzinfo is None:  # SQLite returns naive UTC
        expires = expires.replace(tzinfo=utcnow().tzinfo)
    if row is None or row.used_at is not None or expires is None or expires < utcnow():
        raise AuthError(
            "bad_reset_link",
            [message(N_("This reset link is invalid or has expired. Ask for a new one."))],
        )
    account = get_account(session, row.user_id)
    set_password(session, account, password, actor=account.login)
    row.used_at = utcnow()
    session.add(row)
    return account


def new_join_code(
    session: Session, *, school_id: int, role: str, class_id: int | None, created_by: int | None
) -> JoinCode:
    """A fresh registration code: for teachers of a school, or for students of one class."""
    if role not in (TEACHER, STUDENT):
        raise AuthError("bad_join_role", [message(N_("Join codes are for teachers and students."))])
    code = "-".join(generate_password(4).upper() for _ in range(2))
    row = JoinCode(
        school_id=school_id, code=code, role=role, class_id=class_id, created_by=created_by
    )
    session.add(row)
    session.flush()
    return row


def find_join_code(session: Session, code: str) -> JoinCode:
    """The live join code with this text (case-insensitive).

    Raises:
        AuthError: no such code, or it was revoked.
    """
    row = session.exec(select(JoinCode).where(JoinCode.code == code.strip().upper())).first()
    if row is None or row.revoked_at is not None:
        raise AuthError(
            "bad_join_code",
            [message(N_("The code {code} is not valid. Ask your school or teacher."), code=code)],
        )
    return row


def _match_teacher(session: Session, school_id: int, name: str, email: str) -> int | None:
    """The teacher row a registering teacher is, by e-mail, else by exact name, if unambiguous."""
    rows = session.exec(
        select(Teacher).where(Teacher.school_id == school_id, col(Teacher.deleted_at).is_(None))
    ).all()
    for matches in (
        [t for t in rows if email and t.email.strip().lower() == email.strip().lower()],
        [t for t in rows if t.name.strip().casefold() == name.strip().casefold()],
    ):
        if len(matches) == 1:
            return matches[0].id
    return None


def register_with_code(
    session: Session, *, code: str, login: str, name: str, email: str, password: str
) -> UserAccount:
    """Registers a teacher with the school's code, or a student with a class's code.

    A teacher is linked to the school's teacher with the same e-mail or name; a student joins the
    code's class as a new student of that class.

    Raises:
        AuthError: invalid code, taken login, weak password.
    """
    join = find_join_code(session, code)
    teacher_id = student_id = None
    if join.role == TEACHER:
        teacher_id = _match_teacher(session, join.school_id, name, email)
    elif join.class_id is not None:
        student = Student(
            school_id=join.school_id, code=f"web-{login.strip().lower()}", name=name.strip(),
            class_id=join.class_id,
        )  # fmt: skip
        session.add(student)
        session.flush()
        student_id = student.id
    return create_account(
        session, school_id=join.school_id, login=login, name=name, role=join.role,
        password=password, email=email, teacher_id=teacher_id, student_id=student_id,
        actor=f"join:{join.code}",
    )  # fmt: skip
