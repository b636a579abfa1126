"""Accounts: people who log in, their role and school, join codes, resets and login attempts."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime
from sqlmodel import Field, SQLModel

from models.base import SoftDeleted, utcnow

# The eight roles of DESIGN.md; stored as these strings.
PLATFORM_ADMIN = "platform_admin"
SCHOOL_ADMIN = "school_admin"
TIMETABLER = "timetabler"
TEACHER = "teacher"
PSYCHOLOGIST = "psychologist"
COUNSELLOR = "counsellor"
STUDENT = "student"
PARENT = "parent"
ROLES: tuple[str, ...] = (
    PLATFORM_ADMIN,
    SCHOOL_ADMIN,
    TIMETABLER,
    TEACHER,
    PSYCHOLOGIST,
    COUNSELLOR,
    STUDENT,
    PARENT,
)

# How an account wants journal e-mails (UserAccount.notify_mode).
IMMEDIATE = "immediate"
DIGEST = "digest"
NOTIFY_MODES: tuple[str, ...] = (IMMEDIATE, DIGEST)


class UserAccount(SoftDeleted, table=True):
    """A login; school_id is empty only for platform admins; links name the person it is."""

    __tablename__ = "user_account"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int | None = Field(default=None, foreign_key="school.id", index=True)
    login: str = Field(unique=True, index=True)  # lower-cased e-mail or a generated login
    email: str = ""
    name: str
    role: str = Field(index=True)
    password_hash: str
    language: str = ""  # kk, ru, en; empty = follow the browser
    active: bool = True
    must_change_password: bool = False
    # How journal notices reach this account: "immediate" (one per event) or "digest" (one
    # summary a day); in-app notices are always immediate.
    notify_mode: str = Field(default=IMMEDIATE, sa_column_kwargs={"server_default": IMMEDIATE})
    teacher_id: int | None = Field(default=None, foreign_key="teacher.id")
    student_id: int | None = Field(default=None, foreign_key="student.id")
    parent_id: int | None = Field(default=None, foreign_key="parent.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    last_login_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class JoinCode(SQLModel, table=True):
    """A code to register with: a school's code for teachers, a class's code for students."""

    __tablename__ = "join_code"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    code: str = Field(unique=True, index=True)
    role: str  # who may register with it: teacher or student
    class_id: int | None = Field(default=None, foreign_key="school_class.id")
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class PasswordReset(SQLModel, table=True):
    """A one-time reset link; only the token's hash is stored."""

    __tablename__ = "password_reset"

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user_account.id", index=True)
    token_hash: str = Field(unique=True, index=True)
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    expires_at: datetime = Field(sa_type=DateTime(timezone=True))
    used_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))


class LoginAttempt(SQLModel, table=True):
    """A failed login, by login name and client address, for rate limiting across workers."""

    __tablename__ = "login_attempt"

    id: int | None = Field(default=None, primary_key=True)
    login: str = Field(index=True)
    client: str = Field(index=True)
    at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True), index=True)


class CalendarToken(SQLModel, table=True):
    """A secret iCalendar subscription URL for one teacher, class, room or person."""

    __tablename__ = "calendar_token"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", index=True)
    token: str = Field(unique=True, index=True)
    kind: str  # teacher, class, room, user
    ref: str  # the teacher's or room's code, the class name, or the user id
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
