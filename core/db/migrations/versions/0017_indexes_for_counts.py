"""Indexes for the counts, the filtered pages and the name search (issue 15 item 4).

Without them ``pipeline``, ``statistics``, ``totalCount``, a page of one status
and the name search read the whole ``candidate`` table (and
``screening_decision``), so their time grew with the table:

- ``candidate (country_code, status, id)``: counts per country and status by an
  index-only scan, and the ids that join the screening decisions; it replaces
  ``ix_candidate_country_code``, whose column it leads with;
- ``candidate (status, id)``: a page of one status in id order, and counts per
  status; it replaces ``ix_candidate_status``;
- ``candidate (call_id, country_code)``: the applicants of the calls opened in a
  period, per country, by an index-only scan; it replaces ``ix_candidate_call_id``;
- ``candidate (cohort_id, status)``: those still in training in the cohorts that
  started in a period; it replaces ``ix_candidate_cohort_id``;
- ``candidate (entered_japan_on)``, ``candidate (returned_on)``,
  ``screening_decision (screened_on)``: the periods of ``statistics``;
- ``screening_decision (passed, candidate_id)``: who ever passed screening;
- ``candidate (full_name_key)``: on PostgreSQL a GIN trigram index (``pg_trgm``)
  for the substring search ``LIKE '%key%'``; a plain index on SQLite.

``pg_trgm`` is created in the schema ``public`` when the database does not have
it yet (one extension per database, shared by every schema: the service's
schema may be dropped without taking it along), which needs the right to create
extensions (``pg_trgm`` is a trusted extension: the database's owner may). The
downgrade leaves the extension in place, as other schemas may use it.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-07 07:15:00
"""

from collections.abc import Sequence

from alembic import op
from sqlalchemy import text

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NAME_SEARCH = "ix_candidate_full_name_key_search"


def _trigram_schema() -> str:
    """The schema of pg_trgm's operator classes, installing it in public if absent."""
    bind = op.get_bind()
    bind.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public"))
    found = bind.execute(
        text(
            "SELECT quote_ident(n.nspname) FROM pg_extension e "
            "JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pg_trgm'"
        )
    ).scalar_one()
    return str(found)


def upgrade() -> None:
    op.drop_index("ix_candidate_country_code", table_name="candidate")
    op.drop_index("ix_candidate_status", table_name="candidate")
    op.drop_index("ix_candidate_call_id", table_name="candidate")
    op.create_index("ix_candidate_call_id_country_code", "candidate", ["call_id", "country_code"])
    op.drop_index("ix_candidate_cohort_id", table_name="candidate")
    op.create_index("ix_candidate_cohort_id_status", "candidate", ["cohort_id", "status"])
    op.create_index(
        "ix_candidate_country_code_status_id", "candidate", ["country_code", "status", "id"]
    )
    op.create_index("ix_candidate_status_id", "candidate", ["status", "id"])
    op.create_index("ix_candidate_entered_japan_on", "candidate", ["entered_japan_on"])
    op.create_index("ix_candidate_returned_on", "candidate", ["returned_on"])
    op.create_index("ix_screening_decision_screened_on", "screening_decision", ["screened_on"])
    op.create_index(
        "ix_screening_decision_passed_candidate_id",
        "screening_decision",
        ["passed", "candidate_id"],
    )
    if op.get_bind().dialect.name == "postgresql":
        op.create_index(
            NAME_SEARCH,
            "candidate",
            ["full_name_key"],
            postgresql_using="gin",
            postgresql_ops={"full_name_key": f"{_trigram_schema()}.gin_trgm_ops"},
        )
    else:
        op.create_index(NAME_SEARCH, "candidate", ["full_name_key"])


def downgrade() -> None:
    op.drop_index(NAME_SEARCH, table_name="candidate")
    op.drop_index("ix_screening_decision_passed_candidate_id", table_name="screening_decision")
    op.drop_index("ix_screening_decision_screened_on", table_name="screening_decision")
    op.drop_index("ix_candidate_returned_on", table_name="candidate")
    op.drop_index("ix_candidate_entered_japan_on", table_name="candidate")
    op.drop_index("ix_candidate_status_id", table_name="candidate")
    op.drop_index("ix_candidate_country_code_status_id", table_name="candidate")
    op.drop_index("ix_candidate_call_id_country_code", table_name="candidate")
    op.create_index("ix_candidate_call_id", "candidate", ["call_id"])
    op.drop_index("ix_candidate_cohort_id_status", table_name="candidate")
    op.create_index("ix_candidate_cohort_id", "candidate", ["cohort_id"])
    op.create_index("ix_candidate_status", "candidate", ["status"])
    op.create_index("ix_candidate_country_code", "candidate", ["country_code"])
