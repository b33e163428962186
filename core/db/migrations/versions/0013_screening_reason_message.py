"""A screening outcome keeps its reason's message (template and parameters) beside the text.

``screening_outcome.reason`` stays the English text, as the history shows it;
``reason_message`` is the same reason as :func:`core.i18n.to_json` writes it,
so the API can show it in the reader's language with the catalogues of the
day. Rows written before have none and are shown in English.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-06 21:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("screening_outcome") as batch_op:
        batch_op.add_column(sa.Column("reason_message", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("screening_outcome") as batch_op:
        batch_op.drop_column("reason_message")
