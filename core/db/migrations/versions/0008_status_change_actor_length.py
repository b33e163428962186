"""A status change's actor holds any account's email (254 characters, as ``account.email``).

It was 120 characters, so a change made by an account with a longer email
failed to be stored on PostgreSQL.

Revision ID: 0008
Revises: 0005
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("status_change") as batch_op:
        batch_op.alter_column(
            "actor", existing_type=sa.String(length=120), type_=sa.String(length=254)
        )


def downgrade() -> None:
    with op.batch_alter_table("status_change") as batch_op:
        batch_op.alter_column(
            "actor", existing_type=sa.String(length=254), type_=sa.String(length=120)
        )
