"""Keys computed in Python: who an event registration is for, and the candidate name search.

``event_registration.participant_key`` with a partial unique index: one active
registration per participant and event. Existing rows get their key; where a
participant was registered more than once for an event, the earliest
registration is kept and the later ones are cancelled, so that the index can
be built.

``candidate.full_name_key``: the case-folded name the search compares, the same
on SQLite and PostgreSQL.

Revision ID: 0010
Revises: 0005
Create Date: 2026-12-01 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from core.db.models.after_return import participant_key
from core.db.models.candidates import NAME_KEY_LENGTH, name_key

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = sa.text("status <> 'cancelled'")
registrations = sa.table(
    "event_registration",
    sa.column("id", sa.Integer()),
    sa.column("event_id", sa.Integer()),
    sa.column("participant_role", sa.String()),
    sa.column("name", sa.String()),
    sa.column("country_code", sa.String()),
    sa.column("host_company_id", sa.Integer()),
    sa.column("status", sa.String()),
    sa.column("participant_key", sa.String()),
)
candidates = sa.table(
    "candidate",
    sa.column("id", sa.Integer()),
    sa.column("full_name", sa.String()),
    sa.column("full_name_key", sa.String()),
)
BACKFILL_CHUNK = 5000


def upgrade() -> None:
    with op.batch_alter_table("event_registration", schema=None) as batch_op:
        batch_op.add_column(sa.Column("participant_key", sa.String(length=64), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(
        sa.select(
            registrations.c.id,
            registrations.c.event_id,
            registrations.c.participant_role,
            registrations.c.name,
            registrations.c.country_code,
            registrations.c.host_company_id,
            registrations.c.status,
        ).order_by(registrations.c.id)
    ).all()
    active: set[tuple[int, str]] = set()
    for row in rows:
        key = participant_key(row.participant_role, row.name, row.country_code, row.host_company_id)
        values: dict[str, str] = {"participant_key": key}
        if row.status != "cancelled":
            if (row.event_id, key) in active:
                values["status"] = "cancelled"
            active.add((row.event_id, key))
        connection.execute(
            registrations.update().where(registrations.c.id == row.id).values(**values)
        )

    with op.batch_alter_table("event_registration", schema=None) as batch_op:
        batch_op.alter_column("participant_key", existing_type=sa.String(length=64), nullable=False)
        batch_op.create_index(
            "uq_event_registration_active_participant",
            ["event_id", "participant_key"],
            unique=True,
            sqlite_where=ACTIVE,
            postgresql_where=ACTIVE,
        )

    _add_full_name_key()


def _add_full_name_key() -> None:
    # Added in place with a default (a NOT NULL column needs one on SQLite):
    # rebuilding the candidate table would break the rows that refer to it.
    op.add_column(
        "candidate",
        sa.Column(
            "full_name_key", sa.String(length=NAME_KEY_LENGTH), nullable=False, server_default=""
        ),
    )
    connection = op.get_bind()
    update = (
        candidates.update()
        .where(candidates.c.id == sa.bindparam("row_id"))
        .values(full_name_key=sa.bindparam("key"))
    )
    last_id = 0
    while True:
        chunk = connection.execute(
            sa.select(candidates.c.id, candidates.c.full_name)
            .where(candidates.c.id > last_id)
            .order_by(candidates.c.id)
            .limit(BACKFILL_CHUNK)
        ).all()
        if not chunk:
            break
        connection.execute(update, [{"row_id": r.id, "key": name_key(r.full_name)} for r in chunk])
        last_id = chunk[-1].id


def downgrade() -> None:
    op.drop_column("candidate", "full_name_key")  # in place, as it was added (SQLite 3.35+)
    with op.batch_alter_table("event_registration", schema=None) as batch_op:
        batch_op.drop_index("uq_event_registration_active_participant")
        batch_op.drop_column("participant_key")
