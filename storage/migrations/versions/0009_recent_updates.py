"""families remember the ids of their latest updates (the ledger folded into the row)

Revision ID: 0009
Revises: 0005
Create Date: 2026-12-05
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("families") as batch:
        batch.add_column(sa.Column("recent_updates", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("families") as batch:
        batch.drop_column("recent_updates")
