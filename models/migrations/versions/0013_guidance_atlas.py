"""guidance atlas: schools' admissions figures, assistant settings, cached recommendations

Revision ID: 0013
Revises: 0011
Create Date: 2026-11-27 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0013"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("0008", "0010")  # every earlier head: FKs to their tables

_STR = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "guidance_admission_figure",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", _STR(), nullable=False),
        sa.Column("key", _STR(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("source", _STR(), nullable=False),
        sa.Column("note", _STR(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("guidance_admission_figure") as batch:
        batch.create_index("ix_guidance_admission_figure_school_id", ["school_id"])
        batch.create_index("ix_guidance_admission_figure_lookup",
                           ["school_id", "kind", "key", "year"])  # fmt: skip
    op.create_table(
        "guidance_assistant_settings",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        sa.Column("endpoint", _STR(), nullable=False),
        sa.Column("model", _STR(), nullable=False),
        sa.Column("api_key", _STR(), nullable=False),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.ForeignKeyConstraint(["updated_by"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("school_id"),
    )
    with op.batch_alter_table("guidance_assistant_settings") as batch:
        batch.create_index("ix_guidance_assistant_settings_school_id", ["school_id"])
    op.create_table(
        "guidance_recommendation",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("inputs_hash", _STR(), nullable=False),
        sa.Column("version", _STR(), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.ForeignKeyConstraint(["student_id"], ["student.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("school_id", "student_id"),
    )
    with op.batch_alter_table("guidance_recommendation") as batch:
        batch.create_index("ix_guidance_recommendation_school_id", ["school_id"])


def downgrade() -> None:
    op.drop_table("guidance_recommendation")
    op.drop_table("guidance_assistant_settings")
    op.drop_table("guidance_admission_figure")
