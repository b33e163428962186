"""The status history as the change log: ``status_change.xact_id`` and its index.

``xact_id`` is the id of the transaction that inserted the row, set by the
database: ``pg_current_xact_id()`` on PostgreSQL, ``0`` on SQLite (see
``core.services.changes`` for why the feed needs it). Rows written before this
migration get ``0``: all of them were committed long ago, and they keep their
id order at the start of the log. The feed reads ``(xact_id, id)``, hence the
index.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-08 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PG_WRITING_TRANSACTION = "(pg_current_xact_id()::text::bigint)"


def upgrade() -> None:
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("xact_id", sa.BigInteger(), nullable=False, server_default=sa.text("0"))
        )
    if op.get_bind().dialect.name == "postgresql":
        # Not in add_column: a volatile default would be computed for every old row.
        op.alter_column("status_change", "xact_id", server_default=sa.text(PG_WRITING_TRANSACTION))
    op.create_index("ix_status_change_xact_id_id", "status_change", ["xact_id", "id"])


def downgrade() -> None:
    op.drop_index("ix_status_change_xact_id_id", table_name="status_change")
    with op.batch_alter_table("status_change", schema=None) as batch_op:
        batch_op.drop_column("xact_id")
