"""Children's personal data (Law No. 94-V): processing consents, the retention setting, leavers
anonymised.

Photo consent for the school site lives with the site (models.website.ParentalConsent); these
consents are for processing itself and are kept general: one row per grant, revoked by stamping
it (a new grant after a revocation is a new row), so the history of who agreed to what stays.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index
from sqlmodel import Field

from models.base import SchoolOwned, utcnow
from models.i18n import N_

# What a consent covers. Processing for schooling is the base every other scope builds on.
PROCESSING = "processing"  # the journal, timetable, courses and judge: schooling on the platform
GUIDANCE = "guidance"  # psychological and career-guidance questionnaires and screenings
THIRD_PARTY = "third_party"  # passing data on: olympiads with other schools, an external assistant
PUBLIC_RESULTS = "public_results"  # the child's name on public olympiad boards and leaderboards
SCOPES: tuple[str, ...] = (PROCESSING, GUIDANCE, THIRD_PARTY, PUBLIC_RESULTS)
SCOPE_NAMES = {
    PROCESSING: N_("Processing for schooling (journal, timetable, courses)"),
    GUIDANCE: N_("Psychological and career-guidance questionnaires"),
    THIRD_PARTY: N_("Passing data to third parties (olympiads, external services)"),
    PUBLIC_RESULTS: N_("The name on public olympiad boards"),
}
ONLINE, PAPER = "online", "paper"  # a parent in the app, or a signed form the school keeps
DEFAULT_RETENTION_YEARS = 3


class ProcessingConsent(SchoolOwned, table=True):
    """A parent's (or guardian's) consent to one scope of processing of one child's data."""

    __tablename__ = "processing_consent"
    __table_args__ = (Index("ix_processing_consent_student", "school_id", "student_id"),)

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id")
    scope: str
    given_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    given_by_name: str  # as it was when given: the record must not change with the account
    method: str = ONLINE
    given_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    revoked_at: datetime | None = Field(default=None, sa_type=DateTime(timezone=True))
    revoked_by_user_id: int | None = Field(default=None, foreign_key="user_account.id")
    revoked_by_name: str = ""


class PrivacySettings(SchoolOwned, table=True):
    """A school's retention schedule: leavers are anonymised this many years after leaving."""

    __tablename__ = "privacy_settings"

    id: int | None = Field(default=None, primary_key=True)
    school_id: int = Field(foreign_key="school.id", unique=True)
    retention_years: int = DEFAULT_RETENTION_YEARS
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class Anonymisation(SchoolOwned, table=True):
    """A leaver whose personal data the retention job replaced (once per student)."""

    __tablename__ = "anonymisation"

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id", unique=True)
    done_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
    actor: str = "retention"
    counts: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
