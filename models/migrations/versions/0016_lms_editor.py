"""lms editor: course drafts, the learning activity log, badges

Revision ID: 0016
Revises: 0011
Create Date: 2026-11-27 09:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0016"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("0008", "0010")  # every earlier head: FKs to their tables

_TEXT = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "course_draft",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("base_version_id", sa.Integer(), nullable=True),
        sa.Column("data", sa.JSON(), nullable=False),
        sa.Column("files_dir", _TEXT(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("updated_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["base_version_id"], ["course_version.id"]),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"]),
        sa.ForeignKeyConstraint(["created_by"], ["user_account.id"]),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.ForeignKeyConstraint(["updated_by"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("course_id"),
    )
    with op.batch_alter_table("course_draft", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_course_draft_school_id"), ["school_id"], unique=False)

    op.create_table(
        "course_activity",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=False),
        sa.Column("step_key", _TEXT(), nullable=False),
        sa.Column("kind", _TEXT(), nullable=False),
        sa.Column("right", sa.Boolean(), nullable=True),
        sa.Column("seconds", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"]),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("course_activity", schema=None) as batch_op:
        batch_op.create_index(
            "ix_course_activity_school_course_at", ["school_id", "course_id", "at"], unique=False
        )
        batch_op.create_index(
            "ix_course_activity_school_user_at", ["school_id", "user_id", "at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_course_activity_school_id"), ["school_id"], unique=False
        )

    op.create_table(
        "badge_award",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("badge", _TEXT(), nullable=False),
        sa.Column("key", _TEXT(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("awarded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"]),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("user_id", "key"),
    )
    with op.batch_alter_table("badge_award", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_badge_award_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_badge_award_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("badge_award", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_badge_award_user_id"))
        batch_op.drop_index(batch_op.f("ix_badge_award_school_id"))
    op.drop_table("badge_award")
    with op.batch_alter_table("course_activity", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_activity_school_id"))
        batch_op.drop_index("ix_course_activity_school_user_at")
        batch_op.drop_index("ix_course_activity_school_course_at")
    op.drop_table("course_activity")
    with op.batch_alter_table("course_draft", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_course_draft_school_id"))
    op.drop_table("course_draft")
