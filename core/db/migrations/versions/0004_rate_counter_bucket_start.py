"""Rate counter rows are keyed by their bucket's start in epoch seconds.

Earlier rows held a bucket number whose unit depended on the bucket length;
they cannot be converted without knowing that length, and they expire within
minutes anyway, so they are dropped.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 22:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sa.text("DELETE FROM rate_counter"))
    with op.batch_alter_table("rate_counter") as batch_op:
        batch_op.alter_column("window", existing_type=sa.Integer(), type_=sa.BigInteger())


def downgrade() -> None:
    op.execute(sa.text("DELETE FROM rate_counter"))
    with op.batch_alter_table("rate_counter") as batch_op:
        batch_op.alter_column("window", existing_type=sa.BigInteger(), type_=sa.Integer())
