"""Sign-in sessions record their family: the first session of the sign-in.

A refresh starts a new session of the same family; a rotated refresh token
presented again ends the whole family. Existing sessions start a family of
their own.

Revision ID: 0007
Revises: 0005
Create Date: 2026-11-27 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("auth_session") as batch_op:
        batch_op.add_column(sa.Column("family_id", sa.String(length=36), nullable=True))
    op.execute(sa.text("UPDATE auth_session SET family_id = id"))
    with op.batch_alter_table("auth_session") as batch_op:
        batch_op.alter_column("family_id", existing_type=sa.String(length=36), nullable=False)
        batch_op.create_index(batch_op.f("ix_auth_session_family_id"), ["family_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("auth_session") as batch_op:
        batch_op.drop_index(batch_op.f("ix_auth_session_family_id"))
        batch_op.drop_column("family_id")
