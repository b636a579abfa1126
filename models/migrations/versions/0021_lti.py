"""LTI 1.3 tool: platform registrations, deployments, login states, user and resource links,
launch tickets and scores owed to line items

Revision ID: 0021
Revises: 0011
Create Date: 2026-11-28 10:00:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op
from sqlalchemy.schema import SchemaItem

revision: str = "0021"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = ("0008", "0010")  # every earlier head: FKs to their tables

TEXT = sqlmodel.sql.sqltypes.AutoString
WHEN = sa.DateTime(timezone=True)


def _school() -> list[SchemaItem]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("school_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["school_id"], ["school.id"]),
        sa.PrimaryKeyConstraint("id"),
    ]


def _indexes(table: str, *columns: str, unique: tuple[str, ...] = ()) -> None:
    with op.batch_alter_table(table) as batch:
        for name in ("school_id", *columns):
            batch.create_index(batch.f(f"ix_{table}_{name}"), [name], unique=name in unique)


def upgrade() -> None:
    op.create_table(
        "lti_platform", *_school(),
        sa.Column("name", TEXT(), nullable=False),
        sa.Column("issuer", TEXT(), nullable=False),
        sa.Column("client_id", TEXT(), nullable=False),
        sa.Column("auth_login_url", TEXT(), nullable=False),
        sa.Column("token_url", TEXT(), nullable=False),
        sa.Column("jwks_url", TEXT(), nullable=False),
        sa.Column("jwks", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.UniqueConstraint("issuer", "client_id"),
    )  # fmt: skip
    _indexes("lti_platform", "issuer")
    op.create_table(
        "lti_deployment", *_school(),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("deployment_id", TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["platform_id"], ["lti_platform.id"]),
        sa.UniqueConstraint("platform_id", "deployment_id"),
    )  # fmt: skip
    _indexes("lti_deployment", "platform_id")
    op.create_table(
        "lti_nonce", *_school(),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("state", TEXT(), nullable=False),
        sa.Column("nonce", TEXT(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["platform_id"], ["lti_platform.id"]),
    )  # fmt: skip
    _indexes("lti_nonce", "platform_id", "state", "nonce", unique=("state", "nonce"))
    op.create_table(
        "lti_user_link", *_school(),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("sub", TEXT(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["platform_id"], ["lti_platform.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.UniqueConstraint("platform_id", "sub"),
    )  # fmt: skip
    _indexes("lti_user_link", "platform_id", "user_id")
    op.create_table(
        "lti_resource_link", *_school(),
        sa.Column("platform_id", sa.Integer(), nullable=False),
        sa.Column("link_id", TEXT(), nullable=False),
        sa.Column("kind", TEXT(), nullable=False),
        sa.Column("ref", sa.Integer(), nullable=False),
        sa.Column("title", TEXT(), nullable=False),
        sa.Column("lineitem_url", sa.Text(), nullable=False),
        sa.Column("score_maximum", sa.Float(), nullable=False),
        sa.Column("updated_at", WHEN, nullable=False),
        sa.ForeignKeyConstraint(["platform_id"], ["lti_platform.id"]),
        sa.UniqueConstraint("platform_id", "link_id"),
    )  # fmt: skip
    _indexes("lti_resource_link", "platform_id")
    op.create_table(
        "lti_launch_ticket", *_school(),
        sa.Column("token_hash", TEXT(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("target", TEXT(), nullable=False),
        sa.Column("expires_at", WHEN, nullable=False),
        sa.Column("used_at", WHEN, nullable=True),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
    )  # fmt: skip
    _indexes("lti_launch_ticket", "token_hash", unique=("token_hash",))
    op.create_table(
        "lti_score", *_school(),
        sa.Column("link_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("score_given", sa.Float(), nullable=False),
        sa.Column("score_maximum", sa.Float(), nullable=False),
        sa.Column("created_at", WHEN, nullable=False),
        sa.Column("sent_at", WHEN, nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", TEXT(), nullable=False),
        sa.ForeignKeyConstraint(["link_id"], ["lti_resource_link.id"]),
        sa.ForeignKeyConstraint(["user_id"], ["user_account.id"]),
        sa.UniqueConstraint("link_id", "user_id"),
    )  # fmt: skip
    _indexes("lti_score", "link_id")


def downgrade() -> None:
    for table in (
        "lti_score", "lti_launch_ticket", "lti_resource_link", "lti_user_link", "lti_nonce",
        "lti_deployment", "lti_platform",
    ):  # fmt: skip
        op.drop_table(table)
