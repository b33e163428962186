"""The name search ignores the accents of Latin script: every ``full_name_key`` again.

``core.db.models.candidates.name_key`` now drops Latin accents and spells
stroke letters plainly (``Đặng`` is searched as ``dang``), so the keys written
by 0010 and since are computed anew, in chunks of ids. The downgrade leaves
the new keys: the older search, reading them, only misses an accented query.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 22:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.db.models.candidates import name_key

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

candidates = sa.table(
    "candidate",
    sa.column("id", sa.Integer()),
    sa.column("full_name", sa.String()),
    sa.column("full_name_key", sa.String()),
)
CHUNK = 5000


def upgrade() -> None:
    connection = op.get_bind()
    update = (
        candidates.update()
        .where(candidates.c.id == sa.bindparam("row_id"))
        .values(full_name_key=sa.bindparam("key"))
    )
    last_id = 0
    while True:
        chunk = connection.execute(
            sa.select(candidates.c.id, candidates.c.full_name, candidates.c.full_name_key)
            .where(candidates.c.id > last_id)
            .order_by(candidates.c.id)
            .limit(CHUNK)
        ).all()
        if not chunk:
            break
        changed = [
            {"row_id": row.id, "key": key}
            for row in chunk
            if (key := name_key(row.full_name)) != row.full_name_key
        ]
        if changed:
            connection.execute(update, changed)
        last_id = chunk[-1].id


def downgrade() -> None:
    """Nothing to undo: the keys stay valid for the older, accent-keeping search."""
