"""Indexes on the time of sync operations and LMS activity rows, for the retention job's pruning
(models/privacy_pruning.py)

Revision ID: 0024
Revises: 0021
Create Date: 2026-11-27 11:30:00
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0024"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("0016", "0018")  # course_activity, sync_operation


def upgrade() -> None:
    op.create_index("ix_course_activity_at", "course_activity", ["at"])
    op.create_index("ix_sync_operation_received_at", "sync_operation", ["received_at"])


def downgrade() -> None:
    op.drop_index("ix_sync_operation_received_at", table_name="sync_operation")
    op.drop_index("ix_course_activity_at", table_name="course_activity")
