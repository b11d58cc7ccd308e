"""appointments offered in case topics, with their reminders

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "appointments",
        sa.Column("key", sa.String(length=24), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("details", sa.Text(), nullable=True),
        sa.Column("interpreter", sa.Boolean(), nullable=False),
        sa.Column("chosen", sa.Integer(), nullable=True),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelled_by", sa.String(length=16), nullable=True),
        sa.Column("reminded_day", sa.Boolean(), nullable=False),
        sa.Column("reminded_hours", sa.Boolean(), nullable=False),
        sa.Column("remind_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("key"),
    )
    op.create_index("ix_appointments_case_id", "appointments", ["case_id"])
    # The reminder job selects by the next reminder's time; the week list and the report by
    # status and start.
    op.create_index("ix_appointments_remind_at", "appointments", ["remind_at"])
    op.create_index(
        "ix_appointments_status_starts_at", "appointments", ["status", "starts_at"]
    )


def downgrade() -> None:
    op.drop_index("ix_appointments_status_starts_at", table_name="appointments")
    op.drop_index("ix_appointments_remind_at", table_name="appointments")
    op.drop_index("ix_appointments_case_id", table_name="appointments")
    op.drop_table("appointments")
