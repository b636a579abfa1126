"""job priority (judge: olympiad > lesson > run); tasks open for practice; a verdict's details

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 04:10:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("job") as batch:
        batch.add_column(sa.Column("priority", sa.Integer(), nullable=False, server_default="0"))
        batch.create_index("ix_job_claim_order", ["status", "priority", "id"])
    with op.batch_alter_table("judge_task") as batch:
        batch.add_column(
            sa.Column("practice", sa.Boolean(), nullable=False, server_default=sa.true())
        )
    with op.batch_alter_table("submission") as batch:
        batch.add_column(
            sa.Column("details", sa.JSON(), nullable=False, server_default=sa.text("'{}'"))
        )


def downgrade() -> None:
    with op.batch_alter_table("submission") as batch:
        batch.drop_column("details")
    with op.batch_alter_table("judge_task") as batch:
        batch.drop_column("practice")
    with op.batch_alter_table("job") as batch:
        batch.drop_index("ix_job_claim_order")
        batch.drop_column("priority")
