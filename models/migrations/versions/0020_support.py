"""support requests, their replies, and the first-login tour's state per account

Revision ID: 0020
Revises: 0011
Create Date: 2026-11-28 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0020"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("0008", "0010")  # every earlier head: FKs to their tables

TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "support_request",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("subject", TEXT(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("page", TEXT(), nullable=False),
        sa.Column("status", TEXT(), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("file_name", TEXT(), nullable=False),
        sa.Column("file_key", TEXT(), nullable=False),
        sa.Column("file_type", TEXT(), nullable=False),
        sa.Column("file_size", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("support_request") as batch:
        batch.create_index(batch.f("ix_support_request_school_id"), ["school_id"])
        batch.create_index(batch.f("ix_support_request_user_id"), ["user_id"])
        batch.create_index(batch.f("ix_support_request_escalated"), ["escalated"])
    op.create_table(
        "support_reply",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("staff", sa.Boolean(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["request_id"], ["support_request.id"]),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("support_reply") as batch:
        batch.create_index(batch.f("ix_support_reply_request_id"), ["request_id"])
        batch.create_index(batch.f("ix_support_reply_school_id"), ["school_id"])
    op.create_table(
        "onboarding_state",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("state", TEXT(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("user_id"),
    )


def downgrade() -> None:
    op.drop_table("onboarding_state")
    with op.batch_alter_table("support_reply") as batch:
        batch.drop_index(batch.f("ix_support_reply_school_id"))
        batch.drop_index(batch.f("ix_support_reply_request_id"))
    op.drop_table("support_reply")
    with op.batch_alter_table("support_request") as batch:
        batch.drop_index(batch.f("ix_support_request_escalated"))
        batch.drop_index(batch.f("ix_support_request_user_id"))
        batch.drop_index(batch.f("ix_support_request_school_id"))
    op.drop_table("support_request")
