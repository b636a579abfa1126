"""indexes for the journal's read paths; how an account wants journal e-mails

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 03:40:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_log_school_entity", "audit_log", ["school_id", "entity"])
    op.create_index(op.f("ix_remark_record_id"), "remark", ["record_id"])
    with op.batch_alter_table("user_account") as batch:
        batch.add_column(
            sa.Column("notify_mode", sa.String(), nullable=False, server_default="immediate")
        )


def downgrade() -> None:
    with op.batch_alter_table("user_account") as batch:
        batch.drop_column("notify_mode")
    op.drop_index(op.f("ix_remark_record_id"), table_name="remark")
    op.drop_index("ix_audit_log_school_entity", table_name="audit_log")
