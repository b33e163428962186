"""An event has a status, ``scheduled`` or ``cancelled``, and the reason it was cancelled.

A cancelled event is kept, with its registrations: nothing is deleted. Events
written before this migration are ``scheduled``.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-10 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("status", sa.String(length=20), nullable=False, server_default="scheduled")
        )
        batch_op.add_column(sa.Column("cancelled_reason", sa.String(length=400), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("cancelled_reason")
        batch_op.drop_column("status")
