"""outbox ids are never reused (SQLite AUTOINCREMENT)

A delivery is acknowledged by id shortly after the send; SQLite without AUTOINCREMENT gives
the id of a deleted newest row to the next one. PostgreSQL's sequences never reuse ids, so
only SQLite's table is rebuilt.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05
"""

from __future__ import annotations

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def _rebuild(autoincrement: bool) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    with op.batch_alter_table(
        "outbox", recreate="always", table_kwargs={"sqlite_autoincrement": autoincrement}
    ):
        pass


def upgrade() -> None:
    _rebuild(True)


def downgrade() -> None:
    _rebuild(False)
