"""search: the index's rows (search_doc); on PostgreSQL a tsvector column with a GIN index

SQLite's FTS5 table over these rows is made by models.search.ensure_index on first use (the
migration test compares the database's tables with the metadata, which holds no virtual table).

Revision ID: 0015
Revises: 0011
Create Date: 2026-11-28 08:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0015"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("0008", "0010")  # every earlier head: FKs to their tables


def upgrade() -> None:
    op.create_table(
        "search_doc",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("source_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("module", sa.String(), nullable=False),
        sa.Column("lesson_id", sa.Integer(), nullable=True),
        sa.Column("step_id", sa.Integer(), nullable=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("title_terms", sa.Text(), nullable=False),
        sa.Column("body_terms", sa.Text(), nullable=False),
        sa.Column(
            "tsv", sa.Text().with_variant(postgresql.TSVECTOR(), "postgresql"), nullable=True
        ),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_search_doc_school_id", "search_doc", ["school_id"])
    op.create_index("ix_search_doc_source", "search_doc", ["kind", "source_id", "version"])
    op.create_index(
        "ix_search_doc_tsv",
        "search_doc",
        ["tsv"],
        postgresql_using="gin",
        sqlite_where=sa.text("0"),  # SQLite searches through FTS5: an empty index
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_doc")
