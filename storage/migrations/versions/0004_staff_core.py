"""the staff chat of a case's topic; draft tokens

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("staff_chat_id", sa.BigInteger(), nullable=True))
    # Topics created before this revision live in the one staff group there was: they are
    # marked with the placeholder 0 until the bot meets the group again (bot/desks/staff.py).
    op.execute("UPDATE cases SET staff_chat_id = 0 WHERE topic_id IS NOT NULL")
    op.create_index(
        "ux_cases_staff_topic", "cases", ["staff_chat_id", "topic_id"], unique=True
    )
    with op.batch_alter_table("staff_drafts") as batch:
        batch.add_column(sa.Column("token", sa.String(length=24), nullable=True))
    # Old previews' buttons carry the draft's number, which therefore becomes its token.
    op.execute("UPDATE staff_drafts SET token = CAST(id AS VARCHAR(24))")
    with op.batch_alter_table("staff_drafts") as batch:
        batch.alter_column("token", existing_type=sa.String(length=24), nullable=False)
    op.create_index("ux_staff_drafts_token", "staff_drafts", ["token"], unique=True)


def downgrade() -> None:
    op.drop_index("ux_staff_drafts_token", table_name="staff_drafts")
    with op.batch_alter_table("staff_drafts") as batch:
        batch.drop_column("token")
    op.drop_index("ux_cases_staff_topic", table_name="cases")
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("staff_chat_id")
