"""guidance work: mock tests, profile subjects, consultations, programme, materials, news

Revision ID: 0014
Revises: 0011
Create Date: 2026-11-27 08:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0014"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("0008", "0010")  # every earlier head: FKs to their tables


def upgrade() -> None:
    op.create_table(
        "consultation_slot",
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("track", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["user_account.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consultation_slot", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_slot_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_slot_specialist_id"), ["specialist_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_slot_starts_at"), ["starts_at"], unique=False
        )

    op.create_table(
        "guidance_material",
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("track", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("grades", sa.JSON(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("url", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("file_name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("stored_as", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("content_type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("added_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["added_by"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("guidance_material", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_guidance_material_school_id"), ["school_id"], unique=False
        )

    op.create_table(
        "mock_test_result",
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("rules_year", sa.Integer(), nullable=False),
        sa.Column("taken_on", sa.Date(), nullable=False),
        sa.Column("scores", sa.JSON(), nullable=False),
        sa.Column("subjects", sa.JSON(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("self_reported", sa.Boolean(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entered_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["entered_by"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("mock_test_result", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_mock_test_result_kind"), ["kind"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_mock_test_result_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_mock_test_result_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "news_item",
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("link", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("grades", sa.JSON(), nullable=False),
        sa.Column("published_on", sa.Date(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("news_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_news_item_school_id"), ["school_id"], unique=False)

    op.create_table(
        "profile_subject_choice",
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("first", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("second", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("chosen_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chosen_by"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("profile_subject_choice", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_profile_subject_choice_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_profile_subject_choice_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "programme_item",
        sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("grade", sa.Integer(), nullable=False),
        sa.Column("track", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("month", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("template_key", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("done", sa.Boolean(), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("done_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["done_by"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("programme_item", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_programme_item_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_programme_item_year"), ["year"], unique=False)

    op.create_table(
        "consultation",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slot_id", sa.Integer(), nullable=False),
        sa.Column("holds_slot", sa.Integer(), nullable=True),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("specialist_id", sa.Integer(), nullable=False),
        sa.Column("track", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("booked_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decided_by", sa.Integer(), nullable=True),
        sa.Column("cancel_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["booked_by"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["decided_by"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.ForeignKeyConstraint(
            ["slot_id"],
            ["consultation_slot.id"],
        ),
        sa.ForeignKeyConstraint(
            ["specialist_id"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("holds_slot"),
    )
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_consultation_school_id"), ["school_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_consultation_slot_id"), ["slot_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consultation_specialist_id"), ["specialist_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_consultation_status"), ["status"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_consultation_student_id"), ["student_id"], unique=False
        )

    op.create_table(
        "consultation_note",
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("consultation_id", sa.Integer(), nullable=False),
        sa.Column("student_id", sa.Integer(), nullable=False),
        sa.Column("track", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("next_steps", sa.Text(), nullable=False),
        sa.Column("follow_up_on", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["user_account.id"],
        ),
        sa.ForeignKeyConstraint(
            ["consultation_id"],
            ["consultation.id"],
        ),
        sa.ForeignKeyConstraint(
            ["school_id"],
            ["school.id"],
        ),
        sa.ForeignKeyConstraint(
            ["student_id"],
            ["student.id"],
        ),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("consultation_note", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_consultation_note_consultation_id"), ["consultation_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_note_school_id"), ["school_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_consultation_note_student_id"), ["student_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("consultation_note", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_note_student_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_note_school_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_note_consultation_id"))

    op.drop_table("consultation_note")
    with op.batch_alter_table("consultation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_student_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_status"))
        batch_op.drop_index(batch_op.f("ix_consultation_specialist_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_slot_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_school_id"))

    op.drop_table("consultation")
    with op.batch_alter_table("programme_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_programme_item_year"))
        batch_op.drop_index(batch_op.f("ix_programme_item_school_id"))

    op.drop_table("programme_item")
    with op.batch_alter_table("profile_subject_choice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_profile_subject_choice_student_id"))
        batch_op.drop_index(batch_op.f("ix_profile_subject_choice_school_id"))

    op.drop_table("profile_subject_choice")
    with op.batch_alter_table("news_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_news_item_school_id"))

    op.drop_table("news_item")
    with op.batch_alter_table("mock_test_result", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_mock_test_result_student_id"))
        batch_op.drop_index(batch_op.f("ix_mock_test_result_school_id"))
        batch_op.drop_index(batch_op.f("ix_mock_test_result_kind"))

    op.drop_table("mock_test_result")
    with op.batch_alter_table("guidance_material", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_guidance_material_school_id"))

    op.drop_table("guidance_material")
    with op.batch_alter_table("consultation_slot", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_consultation_slot_starts_at"))
        batch_op.drop_index(batch_op.f("ix_consultation_slot_specialist_id"))
        batch_op.drop_index(batch_op.f("ix_consultation_slot_school_id"))

    op.drop_table("consultation_slot")
