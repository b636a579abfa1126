"""a class's class teacher; the school's chronic-absence threshold

Revision ID: 0011
Revises: 0007
Create Date: 2026-11-27 05:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FK = "fk_school_class_class_teacher_id_teacher"


def upgrade() -> None:
    with op.batch_alter_table("school_class") as batch:
        batch.add_column(sa.Column("class_teacher_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(_FK, "teacher", ["class_teacher_id"], ["id"])
    with op.batch_alter_table("school_settings") as batch:
        batch.add_column(
            sa.Column("chronic_absence_percent", sa.Float(), nullable=False, server_default="10.0")
        )


def downgrade() -> None:
    with op.batch_alter_table("school_settings") as batch:
        batch.drop_column("chronic_absence_percent")
    with op.batch_alter_table("school_class") as batch:
        batch.drop_constraint(_FK, type_="foreignkey")
        batch.drop_column("class_teacher_id")
