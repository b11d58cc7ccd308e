"""volunteer initiative groups, their invitation codes, the invitation on a case, announcements, offer searches without result, offers added by counsellors

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "initiatives",
        sa.Column("number", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("chat_id", sa.BigInteger(), nullable=False),
        sa.Column("title", sa.String(length=255), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("was", sa.String(length=16), nullable=True),
        sa.Column("name", sa.String(length=128), nullable=True),
        sa.Column("municipality", sa.String(length=64), nullable=True),
        sa.Column("noted", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("number"),
    )
    # Every group update looks its initiative up by chat; a chat is one initiative.
    op.create_index("ux_initiatives_chat_id", "initiatives", ["chat_id"], unique=True)
    op.create_table(
        "referral_codes",
        sa.Column("code", sa.String(length=24), nullable=False),
        sa.Column("initiative", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["initiative"], ["initiatives.number"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_index("ix_referral_codes_initiative", "referral_codes", ["initiative"])
    op.create_table(
        "announcements",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("photo_chat", sa.BigInteger(), nullable=True),
        sa.Column("photo_message", sa.BigInteger(), nullable=True),
        sa.Column("municipalities", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("progress_message_id", sa.BigInteger(), nullable=True),
        sa.Column("progress_queued", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_table(
        "announcement_deliveries",
        sa.Column("announcement_id", sa.Integer(), nullable=False),
        sa.Column("chat_id", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["announcement_id"], ["announcements.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("announcement_id", "chat_id"),
    )
    op.create_table(
        "offer_searches",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("month", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=True),
        sa.Column("municipality", sa.String(length=64), nullable=True),
        sa.Column("language", sa.String(length=16), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_offer_searches_month", "offer_searches", ["month"])
    op.create_table(
        "staff_offers",
        sa.Column("number", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("offer", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.BigInteger(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("number"),
    )
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("referral_code", sa.String(length=24), nullable=True))
        batch.add_column(
            sa.Column("referral_notify", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("referral_notify")
        batch.drop_column("referral_code")
    op.drop_table("staff_offers")
    op.drop_index("ix_offer_searches_month", table_name="offer_searches")
    op.drop_table("offer_searches")
    op.drop_table("announcement_deliveries")
    op.drop_table("announcements")
    op.drop_index("ix_referral_codes_initiative", table_name="referral_codes")
    op.drop_table("referral_codes")
    op.drop_index("ux_initiatives_chat_id", table_name="initiatives")
    op.drop_table("initiatives")
