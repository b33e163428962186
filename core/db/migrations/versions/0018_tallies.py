"""Counts kept by the database in the transaction of each change (issue 15 item 4).

Indexes (0017) made the counts cheaper but not constant: a count of every
candidate still reads one index entry per candidate. The table ``tally``
(``core.db.models.tallies``) holds the counts per country, figure and month,
and row-level triggers on the four tables they derive from keep it right in
the writing transaction, whoever writes (the ORM, the CSV import's multi-row
inserts, batch screening's updates, raw SQL):

- ``candidate`` (insert, delete, update of the country, status, call, cohort,
  dates of entry and return, return outcome): the row's figures go from the
  old row's buckets to the new row's (its screening decisions' too, which
  count under the candidate's country);
- ``screening_decision`` (insert, delete, update of candidate, passed, day):
  ``screened``, ``passed`` in the decision's month and ``ever_passed``;
- ``recruitment_call`` (update of ``opens_on``) and ``training_cohort``
  (update of ``starts_on``): their candidates move to the new month.

Each trigger is one ``INSERT ... SELECT ... GROUP BY ... ORDER BY ... ON
CONFLICT DO UPDATE SET count = count + excluded.count``: the old row's
contributions as -1, the new row's as +1, summed per key (so a key is touched
once, and not at all when the change does not move it), in key order, so two
transactions that take the same rows take them in the same order. An
update computes only the parts that read a column it changed. On PostgreSQL
the body is a PL/pgSQL function per trigger, with the migration's
``search_path`` fixed on it (the service runs in a schema of its own), and the
insert into ``candidate`` is a statement-level trigger over the transition
table of the inserted rows: a multi-row INSERT (the CSV import) makes one
upsert, not one per row. A new candidate has no screening decisions yet.

The upgrade fills the table from the rows already there. A bulk load that
switches triggers off (``session_replication_role = replica``, as the
benchmark's seed does) must rebuild the table afterwards
(``core.services.tallies.rebuild``, ``imjapan tallies rebuild``).

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 09:40:00
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _month(postgres: bool, day: str) -> str:
    """``day``'s month as year * 100 + month (NULL for NULL)."""
    if postgres:
        return f"CAST(to_char({day}, 'YYYYMM') AS INTEGER)"
    return f"CAST(strftime('%Y%m', {day}) AS INTEGER)"


def _candidate_parts(
    postgres: bool,
    row: str,
    sign: int,
    *,
    decisions: bool = True,
    changed: Callable[[Sequence[str]], str] | None = None,
) -> list[str]:
    """The tally contributions of candidate ``row`` (NEW or OLD).

    ``decisions``: with those of its screening decisions (a new row has none).
    ``changed``: the condition that some of the given columns changed; each part
    is then computed only when a column it reads changed (an update's other
    parts would add and take away the same amounts)."""
    m = _month(postgres, "{day}")

    def only_if(columns: Sequence[str]) -> str:
        return "" if changed is None else f" AND ({changed(('country_code', *columns))})"

    parts = [
        f"SELECT {row}.country_code AS country_code, 'status:' || {row}.status AS figure, "
        f"0 AS month, {sign} AS delta WHERE TRUE{only_if(('status',))}",
        f"SELECT {row}.country_code, 'applied', {m.format(day='rc.opens_on')}, {sign} "
        f"FROM recruitment_call rc WHERE rc.id = {row}.call_id{only_if(('call_id',))}",
        f"SELECT {row}.country_code, 'in_training', {m.format(day='tc.starts_on')}, {sign} "
        f"FROM training_cohort tc WHERE tc.id = {row}.cohort_id "
        f"AND {row}.status = 'in_training'{only_if(('cohort_id', 'status'))}",
        f"SELECT {row}.country_code, 'entered:' || {row}.status, "
        f"{m.format(day=f'{row}.entered_japan_on')}, {sign} "
        f"WHERE {row}.entered_japan_on IS NOT NULL{only_if(('status', 'entered_japan_on'))}",
        f"SELECT {row}.country_code, 'returned', {m.format(day=f'{row}.returned_on')}, {sign} "
        f"WHERE {row}.returned_on IS NOT NULL{only_if(('returned_on',))}",
        f"SELECT {row}.country_code, 'completed', {m.format(day=f'{row}.returned_on')}, {sign} "
        f"WHERE {row}.returned_on IS NOT NULL AND {row}.return_outcome = 'completed'"
        f"{only_if(('returned_on', 'return_outcome'))}",
    ]
    if decisions:
        parts += [
            f"SELECT {row}.country_code, 'screened', {m.format(day='sd.screened_on')}, {sign} "
            f"FROM screening_decision sd WHERE sd.candidate_id = {row}.id{only_if(())}",
            f"SELECT {row}.country_code, 'passed', {m.format(day='sd.screened_on')}, {sign} "
            f"FROM screening_decision sd WHERE sd.candidate_id = {row}.id AND sd.passed"
            f"{only_if(())}",
            f"SELECT {row}.country_code, 'ever_passed', 0, {sign} WHERE EXISTS "
            f"(SELECT 1 FROM screening_decision sd WHERE sd.candidate_id = {row}.id "
            f"AND sd.passed){only_if(())}",
        ]
    return parts


def _inserted_parts(rows: str) -> list[str]:
    """The contributions of the candidates of transition table ``rows`` (PostgreSQL's
    statement-level insert trigger: one upsert for a multi-row INSERT)."""
    m = _month(True, "{day}")
    return [
        "SELECT n.country_code AS country_code, 'status:' || n.status AS figure, "
        f"0 AS month, 1 AS delta FROM {rows} n",
        f"SELECT n.country_code, 'applied', {m.format(day='rc.opens_on')}, 1 "
        f"FROM {rows} n JOIN recruitment_call rc ON rc.id = n.call_id",
        f"SELECT n.country_code, 'in_training', {m.format(day='tc.starts_on')}, 1 "
        f"FROM {rows} n JOIN training_cohort tc ON tc.id = n.cohort_id "
        "WHERE n.status = 'in_training'",
        f"SELECT n.country_code, 'entered:' || n.status, {m.format(day='n.entered_japan_on')}, 1 "
        f"FROM {rows} n WHERE n.entered_japan_on IS NOT NULL",
        f"SELECT n.country_code, 'returned', {m.format(day='n.returned_on')}, 1 "
        f"FROM {rows} n WHERE n.returned_on IS NOT NULL",
        f"SELECT n.country_code, 'completed', {m.format(day='n.returned_on')}, 1 "
        f"FROM {rows} n WHERE n.returned_on IS NOT NULL AND n.return_outcome = 'completed'",
    ]


def _decision_parts(postgres: bool, row: str, sign: int) -> list[str]:
    """The monthly contributions of screening decision ``row`` (its candidate's country)."""
    m = _month(postgres, f"{row}.screened_on")
    return [
        f"SELECT c.country_code AS country_code, 'screened' AS figure, {m} AS month, "
        f"{sign} AS delta FROM candidate c WHERE c.id = {row}.candidate_id",
        f"SELECT c.country_code, 'passed', {m}, {sign} FROM candidate c "
        f"WHERE c.id = {row}.candidate_id AND {row}.passed",
    ]


def _ever_passed(before: str, after: str) -> str:
    """``ever_passed``'s change for the candidates ``c`` selected: ``after`` minus ``before``."""
    return (
        "SELECT c.country_code, 'ever_passed', 0, "
        f"(CASE WHEN {after} THEN 1 ELSE 0 END) - (CASE WHEN {before} THEN 1 ELSE 0 END)"
    )


def _passed_exists(candidate: str, *, besides: str | None = None) -> str:
    other = f" AND o.id <> {besides}" if besides else ""
    return (
        "EXISTS (SELECT 1 FROM screening_decision o "
        f"WHERE o.candidate_id = {candidate} AND o.passed{other})"
    )


def _upsert(parts: list[str]) -> str:
    """Add the contributions' sums to ``tally``, one row per key, in key order."""
    moves = " UNION ALL ".join(parts)
    return (
        "INSERT INTO tally (country_code, figure, month, count) "
        "SELECT country_code, figure, month, sum(delta) "
        f"FROM ({moves}) AS moves "
        "WHERE country_code IS NOT NULL AND month IS NOT NULL "
        "GROUP BY country_code, figure, month HAVING sum(delta) <> 0 "
        "ORDER BY country_code, figure, month "
        "ON CONFLICT (country_code, figure, month) "
        "DO UPDATE SET count = tally.count + excluded.count"
    )


_CANDIDATE_COLUMNS = (
    "country_code",
    "status",
    "call_id",
    "cohort_id",
    "entered_japan_on",
    "returned_on",
    "return_outcome",
)


INSERTED = "REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT"
"""PostgreSQL's insert into ``candidate``: once per statement, over its rows."""


def _triggers(postgres: bool) -> list[tuple[str, str, str, str | None, str]]:
    """(name, event (with ``INSERTED``'s clause for a statement-level trigger), table,
    WHEN condition, statement) of every trigger."""

    def changed(columns: Sequence[str]) -> str:
        op_ = "IS DISTINCT FROM" if postgres else "IS NOT"
        return " OR ".join(f"OLD.{c} {op_} NEW.{c}" for c in columns)

    decision_columns = ("candidate_id", "passed", "screened_on")
    m_old = _month(postgres, "OLD.{day}")
    m_new = _month(postgres, "NEW.{day}")
    return [
        (
            "tally_candidate_insert",
            f"INSERT ON candidate {INSERTED}" if postgres else "INSERT",
            "candidate",
            None,
            _upsert(
                _inserted_parts("inserted")
                if postgres
                else _candidate_parts(postgres, "NEW", 1, decisions=False)
            ),
        ),
        (
            "tally_candidate_delete",
            "DELETE",
            "candidate",
            None,
            _upsert(_candidate_parts(postgres, "OLD", -1)),
        ),
        (
            "tally_candidate_update",
            "UPDATE OF " + ", ".join(_CANDIDATE_COLUMNS),
            "candidate",
            changed(_CANDIDATE_COLUMNS),
            _upsert(
                _candidate_parts(postgres, "OLD", -1, changed=changed)
                + _candidate_parts(postgres, "NEW", 1, changed=changed)
            ),
        ),
        (
            "tally_decision_insert",
            "INSERT",
            "screening_decision",
            None,
            _upsert(
                [
                    *_decision_parts(postgres, "NEW", 1),
                    "SELECT c.country_code, 'ever_passed', 0, 1 FROM candidate c "
                    "WHERE c.id = NEW.candidate_id AND NEW.passed AND NOT "
                    + _passed_exists("NEW.candidate_id", besides="NEW.id"),
                ]
            ),
        ),
        (
            "tally_decision_delete",
            "DELETE",
            "screening_decision",
            None,
            _upsert(
                [
                    *_decision_parts(postgres, "OLD", -1),
                    "SELECT c.country_code, 'ever_passed', 0, -1 FROM candidate c "
                    "WHERE c.id = OLD.candidate_id AND OLD.passed AND NOT "
                    + _passed_exists("OLD.candidate_id"),
                ]
            ),
        ),
        (
            "tally_decision_update",
            "UPDATE OF " + ", ".join(decision_columns),
            "screening_decision",
            changed(decision_columns),
            _upsert(
                [
                    *_decision_parts(postgres, "OLD", -1),
                    *_decision_parts(postgres, "NEW", 1),
                    _ever_passed(
                        before=_passed_exists("c.id", besides="NEW.id")
                        + " OR (c.id = OLD.candidate_id AND OLD.passed)",
                        after=_passed_exists("c.id"),
                    )
                    + " FROM candidate c WHERE c.id IN (OLD.candidate_id, NEW.candidate_id)",
                ]
            ),
        ),
        (
            "tally_call_update",
            "UPDATE OF opens_on",
            "recruitment_call",
            changed(("opens_on",)),
            _upsert(
                [
                    "SELECT c.country_code AS country_code, 'applied' AS figure, "
                    f"{m_old.format(day='opens_on')} AS month, -1 AS delta "
                    "FROM candidate c WHERE c.call_id = OLD.id",
                    f"SELECT c.country_code, 'applied', {m_new.format(day='opens_on')}, 1 "
                    "FROM candidate c WHERE c.call_id = NEW.id",
                ]
            ),
        ),
        (
            "tally_cohort_update",
            "UPDATE OF starts_on",
            "training_cohort",
            changed(("starts_on",)),
            _upsert(
                [
                    "SELECT c.country_code AS country_code, 'in_training' AS figure, "
                    f"{m_old.format(day='starts_on')} AS month, -1 AS delta "
                    "FROM candidate c WHERE c.cohort_id = OLD.id AND c.status = 'in_training'",
                    f"SELECT c.country_code, 'in_training', {m_new.format(day='starts_on')}, 1 "
                    "FROM candidate c WHERE c.cohort_id = NEW.id AND c.status = 'in_training'",
                ]
            ),
        ),
    ]


def _fill(postgres: bool) -> str:
    """Every tally from the rows there are (the same figures as the triggers keep)."""
    m = _month(postgres, "{day}")
    parts = [
        "SELECT country_code, 'status:' || status AS figure, 0 AS month, count(*) AS n "
        "FROM candidate GROUP BY country_code, status",
        f"SELECT c.country_code, 'applied', {m.format(day='rc.opens_on')}, count(*) "
        "FROM candidate c JOIN recruitment_call rc ON rc.id = c.call_id "
        f"GROUP BY c.country_code, {m.format(day='rc.opens_on')}",
        f"SELECT c.country_code, 'in_training', {m.format(day='tc.starts_on')}, count(*) "
        "FROM candidate c JOIN training_cohort tc ON tc.id = c.cohort_id "
        f"WHERE c.status = 'in_training' GROUP BY c.country_code, {m.format(day='tc.starts_on')}",
        f"SELECT country_code, 'entered:' || status, {m.format(day='entered_japan_on')}, "
        "count(*) FROM candidate WHERE entered_japan_on IS NOT NULL "
        f"GROUP BY country_code, status, {m.format(day='entered_japan_on')}",
        f"SELECT country_code, 'returned', {m.format(day='returned_on')}, count(*) "
        "FROM candidate WHERE returned_on IS NOT NULL "
        f"GROUP BY country_code, {m.format(day='returned_on')}",
        f"SELECT country_code, 'completed', {m.format(day='returned_on')}, count(*) "
        "FROM candidate WHERE returned_on IS NOT NULL AND return_outcome = 'completed' "
        f"GROUP BY country_code, {m.format(day='returned_on')}",
        f"SELECT c.country_code, 'screened', {m.format(day='sd.screened_on')}, count(*) "
        "FROM screening_decision sd JOIN candidate c ON c.id = sd.candidate_id "
        f"GROUP BY c.country_code, {m.format(day='sd.screened_on')}",
        f"SELECT c.country_code, 'passed', {m.format(day='sd.screened_on')}, count(*) "
        "FROM screening_decision sd JOIN candidate c ON c.id = sd.candidate_id "
        f"WHERE sd.passed GROUP BY c.country_code, {m.format(day='sd.screened_on')}",
        "SELECT c.country_code, 'ever_passed', 0, count(*) FROM candidate c WHERE EXISTS "
        "(SELECT 1 FROM screening_decision sd WHERE sd.candidate_id = c.id AND sd.passed) "
        "GROUP BY c.country_code",
    ]
    return (
        "INSERT INTO tally (country_code, figure, month, count) "
        f"SELECT country_code, figure, month, n FROM ({' UNION ALL '.join(parts)}) AS counted "
        "WHERE month IS NOT NULL"
    )


def upgrade() -> None:
    op.create_table(
        "tally",
        sa.Column("country_code", sa.String(length=2), nullable=False),
        sa.Column("figure", sa.String(length=40), nullable=False),
        sa.Column("month", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("country_code", "figure", "month", name=op.f("pk_tally")),
    )
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, event, table, when, statement in _triggers(postgres):
        if postgres:
            op.execute(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql "
                f"SET search_path FROM CURRENT AS $$ BEGIN {statement}; RETURN NULL; END $$"
            )
            condition = f" WHEN ({when})" if when else ""
            clause = event if event.endswith(INSERTED) else f"{event} ON {table} FOR EACH ROW"
            op.execute(f"CREATE TRIGGER {name} AFTER {clause}{condition} EXECUTE FUNCTION {name}()")
        else:
            condition = f" WHEN {when}" if when else ""
            op.execute(
                f"CREATE TRIGGER {name} AFTER {event} ON {table}{condition} BEGIN {statement}; END"
            )
    op.execute(_fill(postgres))


def downgrade() -> None:
    postgres = op.get_bind().dialect.name == "postgresql"
    for name, _event, table, _when, _statement in _triggers(postgres):
        op.execute(f"DROP TRIGGER {name}" + (f" ON {table}" if postgres else ""))
        if postgres:
            op.execute(f"DROP FUNCTION {name}()")
    op.drop_table("tally")
