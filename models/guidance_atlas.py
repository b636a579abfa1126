"""Career guidance reference data a school keeps: its yearly admissions figures, its assistant's
language-model settings, and each student's latest recommendations (a cache)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, Text, UniqueConstraint
from sqlmodel import Field

from models.base import SchoolOwned, SoftDeleted, utcnow

GROUP_THRESHOLD = "group_threshold"  # key: a programme group's code, e.g. B057
MINIMUM = "minimum"  # key: a category of the grant minimum (general, national, medical...)
FIGURE_KINDS: tuple[str, ...] = (GROUP_THRESHOLD, MINIMUM)


class AdmissionFigure(SchoolOwned, SoftDeleted, table=True):
    """A yearly admissions figure the school entered; it takes the place of the shipped one.

    A new value for the same kind, key and year marks the previous row deleted (kept, with its
    author), so the history of what the school published stays readable.
    """

    __tablename__ = "guidance_admission_figure"
    __table_args__ = (
        Index("ix_guidance_admission_figure_lookup", "school_id", "kind", "key", "year"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: str  # GROUP_THRESHOLD or MINIMUM
    key: str
    year: int
    score: int
    source: str  # where the school took the figure from (a document, a web page)
    note: str = ""
    created_by: int | None = Field(default=None, foreign_key="user_account.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class AssistantSettings(SchoolOwned, table=True):
    """A school's optional external language model (any OpenAI-compatible endpoint); off unless
    its admin turns it on. The key is stored sealed and never shown again."""

    __tablename__ = "guidance_assistant_settings"
    __table_args__ = (UniqueConstraint("school_id"),)

    id: int | None = Field(default=None, primary_key=True)
    enabled: bool = False
    endpoint: str = ""  # base URL, e.g. https://llm.example.kz/v1
    model: str = ""
    api_key: str = ""  # sealed by the web layer (web.secret_box); empty: no key
    updated_by: int | None = Field(default=None, foreign_key="user_account.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))


class RecommendationCache(SchoolOwned, table=True):
    """A student's latest recommendations as computed from `inputs_hash`; recomputed when the
    inputs, the engine's version or the school's figures change."""

    __tablename__ = "guidance_recommendation"
    __table_args__ = (UniqueConstraint("school_id", "student_id"),)

    id: int | None = Field(default=None, primary_key=True)
    student_id: int = Field(foreign_key="student.id")
    inputs_hash: str
    version: str
    payload: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    summary: str = Field(default="", sa_type=Text)  # top professions' ids, for lists and reports
    computed_at: datetime = Field(default_factory=utcnow, sa_type=DateTime(timezone=True))
