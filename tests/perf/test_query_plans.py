"""The counts, filtered pages and name search read indexes, not whole tables (PostgreSQL).

A migrated schema gets 100,000 candidates and their screening decisions from
``generate_series`` (a few seconds), is vacuumed and analysed, and each request
path's service function runs while its statements are recorded. Each
statement is run again under ``EXPLAIN (ANALYZE, FORMAT JSON)`` with the same
parameters, and no plan node on a large table may be a sequential scan or
read-and-discard many rows ("Rows Removed by Filter", which is how a walk of
the wrong index shows). The last test drops migration 0017's indexes inside a
transaction that is rolled back and requires the same check to find scans:
the check can fail, and it is the indexes that make it pass.

Counts over every candidate (``pipeline`` and ``statistics`` over all
countries, an unfiltered ``totalCount``; ``WHOLE_TABLE``) read the tallies the
triggers of migration 0018 keep, not the candidates: their plans read the
table ``tally`` and no large table but for the period's returns of
``statistics`` (hired within six months, by the index on ``returned_on``).
The seed's inserts run through those triggers, so the tallies are the kept
ones, not a rebuild. Not yet covered: a page filtered by several statuses (a
``phase``), which still walks the primary key.

Rows are laid out as the service writes them: ids follow registration, so the
candidates of one status are bunched (the newest are registered or in
training), which is what misleads a planner that assumes them spread evenly.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.engine import create_engine
from core.db.migrate import upgrade
from core.domain.states import Status
from core.services import tallies
from core.services.queries import (
    CandidateFilter,
    CandidateSort,
    candidate_order,
    candidate_page,
    count_candidates,
    pipeline_counts,
)
from core.services.statistics import country_year_figures
from tests.conftest import POSTGRES_URL, _postgres_admin, _require_postgres

CANDIDATES = 100_000
LARGE_TABLES = {"candidate", "screening_decision"}
DISCARDED_ROWS = 1_000
"""More rows read and thrown away by one plan node than any index path needs."""
VACUUM_PATIENCE = 300.0
"""Seconds to wait for older transactions of other clients to end (see _seed)."""
COUNTRIES = ("ID", "VN", "TH", "LK", "BD")
YEAR = 2022
INDEXES_0017 = (
    "ix_candidate_country_code_status_id",
    "ix_candidate_status_id",
    "ix_candidate_call_id_country_code",
    "ix_candidate_cohort_id_status",
    "ix_candidate_entered_japan_on",
    "ix_candidate_returned_on",
    "ix_candidate_full_name_key_search",
    "ix_screening_decision_screened_on",
    "ix_screening_decision_passed_candidate_id",
)
INDEXES_BEFORE_0017 = (
    ("ix_candidate_country_code", "country_code"),
    ("ix_candidate_status", "status"),
    ("ix_candidate_call_id", "call_id"),
    ("ix_candidate_cohort_id", "cohort_id"),
)

# Statuses in blocks of ids, oldest registrations first (share of candidates, %).
BLOCKS = (
    ("returned", 9),
    ("in_japan_iii", 6),
    ("in_japan_ii", 8),
    ("in_japan_i", 9),
    ("training_completed", 3),
    ("withdrawn", 3),
    ("screening_failed", 35),
    ("screening_passed", 4),
    ("in_training", 8),
    ("registered", 15),
)


def _status_case() -> str:
    arms, upper = [], 0
    for status, share in BLOCKS:
        upper += share
        arms.append(f"WHEN i * 100 <= {upper} * {CANDIDATES} THEN '{status}'")
    return "CASE " + " ".join(arms) + " END"


IN_JAPAN_OR_BACK = "'in_japan_i', 'in_japan_ii', 'in_japan_iii', 'returned'"
TRAINED = f"'in_training', 'training_completed', {IN_JAPAN_OR_BACK}"

SEED = (
    f"""INSERT INTO recruitment_call
        (id, country_code, label, job_fields, places, opens_on, closes_on, created_at)
    SELECT c, (ARRAY{list(COUNTRIES)!r})[c % 5 + 1], 'P' || c, '[]', 500,
           date '2019-01-01' + c * 2500 * 500 / {CANDIDATES},
           date '2019-01-31' + c * 2500 * 500 / {CANDIDATES}, now()
    FROM generate_series(1, {CANDIDATES // 500}) AS c""",
    f"""INSERT INTO criteria_version (id, call_id, version, criteria, created_at)
    SELECT c, c, 1, '[]', now() FROM generate_series(1, {CANDIDATES // 500}) AS c""",
    f"""INSERT INTO training_cohort (id, country_code, name, starts_on, ends_on, created_at)
    SELECT c, (ARRAY{list(COUNTRIES)!r})[c % 5 + 1], 'Plan cohort ' || c,
           date '2019-03-01' + c * 2500 * 40 / {CANDIDATES},
           date '2019-07-01' + c * 2500 * 40 / {CANDIDATES}, now()
    FROM generate_series(1, {CANDIDATES // 40}) AS c""",
    # One INSERT, no UPDATE afterwards: updated rows leave dead tuples, and a page
    # with them is not all-visible, which makes index-only scans look dear.
    f"""INSERT INTO candidate
        (id, country_code, call_id, applicant_number, full_name, full_name_key, date_of_birth,
         sex, education_level, country_details, status, cohort_id, entered_japan_on,
         returned_on, return_outcome, created_at)
    SELECT i, (ARRAY{list(COUNTRIES)!r})[((i - 1) / 500 + 1) % 5 + 1], (i - 1) / 500 + 1,
           'A' || i, 'Plan Candidate ' || lpad(i::text, 7, '0'),
           'plan candidate ' || lpad(i::text, 7, '0'), date '2000-01-01' + i % 3000, 'male',
           'high_school', '{{}}', status,
           CASE WHEN status IN ({TRAINED}) THEN (i - 1) / 40 + 1 END,
           CASE WHEN status IN ({IN_JAPAN_OR_BACK}) THEN registered + 200 END,
           CASE WHEN status = 'returned' THEN registered + 1200 END,
           CASE WHEN status <> 'returned' THEN NULL
                WHEN i % 10 = 0 THEN 'early_return' ELSE 'completed' END,
           registered + time '09:00'
    FROM (SELECT i, {_status_case()} AS status,
                 date '2019-01-01' + i * 2500 / {CANDIDATES} AS registered
          FROM generate_series(1, {CANDIDATES}) AS i) AS numbered""",
    """INSERT INTO screening_decision
        (id, candidate_id, criteria_version_id, passed, screened_on, decided_at)
    SELECT id, id, call_id, status <> 'screening_failed', created_at::date + 45, now()
    FROM candidate WHERE status <> 'registered'""",
)

Operation = Callable[[AsyncSession], Awaitable[Any]]


def _page(where: CandidateFilter, **order: Any) -> Operation:
    async def run(session: AsyncSession) -> Any:
        return await candidate_page(session, where, first=100, order=candidate_order(**order))

    return run


def _count(where: CandidateFilter) -> Operation:
    async def run(session: AsyncSession) -> Any:
        return await count_candidates(session, where)

    return run


WHOLE_TABLE: dict[str, Operation] = {
    "pipeline": lambda s: pipeline_counts(s, COUNTRIES),
    "statistics(year:)": lambda s: country_year_figures(s, COUNTRIES, year=YEAR),
    "statistics(fiscalYear:)": lambda s: country_year_figures(s, COUNTRIES, fiscal_year=YEAR),
    "totalCount": _count(CandidateFilter()),
}
"""Paths that count every candidate: an index can make the reading narrower, not
shorter, and for a narrow table PostgreSQL rightly prefers the table itself.
They read the tallies kept in the transaction of each change (migration 0018)."""

PATHS: dict[str, Operation] = {
    "pipeline(countryCode:)": lambda s: pipeline_counts(s, ["VN"]),
    "totalCount, one country": _count(CandidateFilter(country_code="VN")),
    "totalCount, one status": _count(CandidateFilter(status=Status.IN_TRAINING)),
    "totalCount, country and status": _count(
        CandidateFilter(country_code="VN", status=Status.REGISTERED)
    ),
    "page, one status": _page(CandidateFilter(status=Status.IN_TRAINING)),
    "page, one status, backwards": _page(
        CandidateFilter(status=Status.REGISTERED), descending=True
    ),
    "page, country and status": _page(CandidateFilter(country_code="VN", status=Status.RETURNED)),
    "page, name search": _page(CandidateFilter(name="Candidate 0012345")),
    "totalCount, name search": _count(CandidateFilter(name="candidate 00123")),
    "page by name, one status": _page(
        CandidateFilter(status=Status.SCREENING_PASSED), sort=CandidateSort.NAME
    ),
}


@dataclass(frozen=True)
class Read:
    """A table one of a path's plans reads."""

    path: str
    relation: str


@dataclass(frozen=True)
class Scan:
    """A plan node that reads a large table the slow way."""

    path: str
    relation: str
    node: str
    discarded: int
    statement: str


async def _seed(engine: AsyncEngine, schema: str) -> None:
    async with engine.begin() as connection:
        for statement in SEED:
            await connection.execute(text(statement))
    async with engine.connect() as connection:
        autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
        # VACUUM marks pages all-visible (what makes an index-only scan pay) only
        # once no open transaction is older than the rows: another client's long
        # transaction on the same server delays it, so vacuum until it is done.
        deadline = time.monotonic() + VACUUM_PATIENCE
        while True:
            for table in sorted(LARGE_TABLES | {"recruitment_call", "training_cohort"}):
                await autocommit.execute(text(f'VACUUM ANALYZE "{schema}"."{table}"'))
            unmarked = await autocommit.scalar(
                text(
                    "SELECT count(*) FROM pg_class c JOIN pg_namespace n "
                    "ON n.oid = c.relnamespace WHERE n.nspname = :schema "
                    "AND c.relname IN ('candidate', 'screening_decision') "
                    "AND c.relallvisible < c.relpages"
                ),
                {"schema": schema},
            )
            if not unmarked:
                return
            assert time.monotonic() < deadline, (
                "VACUUM could not mark the tables all-visible: a transaction older than "
                "the seed is open on this server"
            )
            await asyncio.sleep(2)


@pytest.fixture(scope="module", params=["postgresql"])
def planned(request: pytest.FixtureRequest) -> Iterator[str]:
    """A migrated schema with :data:`CANDIDATES` candidates, vacuumed and analysed."""
    _require_postgres()
    schema = f"test_{uuid.uuid4().hex[:16]}"
    asyncio.run(_postgres_admin(f"CREATE SCHEMA {schema}"))
    try:
        upgrade(POSTGRES_URL, schema=schema)

        async def seed() -> None:
            engine = create_engine(POSTGRES_URL, schema=schema)
            try:
                await _seed(engine, schema)
            finally:
                await engine.dispose()

        asyncio.run(seed())
        yield schema
    finally:
        asyncio.run(_postgres_admin(f"DROP SCHEMA {schema} CASCADE"))


def _slow_nodes(plan: dict[str, Any]) -> Iterator[tuple[str, str, int]]:
    relation = plan.get("Relation Name")
    if relation in LARGE_TABLES:
        discarded = int(plan.get("Rows Removed by Filter", 0)) * int(plan.get("Actual Loops", 1))
        if plan["Node Type"] == "Seq Scan" or discarded > DISCARDED_ROWS:
            yield relation, plan["Node Type"], discarded
    for child in plan.get("Plans", ()):
        yield from _slow_nodes(child)


def _relations(plan: dict[str, Any]) -> Iterator[str]:
    if "Relation Name" in plan:
        yield plan["Relation Name"]
    for child in plan.get("Plans", ()):
        yield from _relations(child)


async def _scans(
    connection: AsyncConnection, name: str, operation: Operation, reads: list[Read] | None = None
) -> list[Scan]:
    """Run ``operation`` on ``connection``; explain each statement it sent (and add the
    tables its plans read to ``reads``)."""
    sent: list[tuple[str, Any]] = []

    def record(_conn: object, _cursor: object, statement: str, parameters: Any, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            sent.append((statement, parameters))

    event.listen(connection.sync_connection, "before_cursor_execute", record)
    try:
        async with AsyncSession(bind=connection) as session:
            await operation(session)
    finally:
        event.remove(connection.sync_connection, "before_cursor_execute", record)
    assert sent, f"{name}: no statement recorded"
    found: list[Scan] = []
    for statement, parameters in sent:
        explained = await connection.exec_driver_sql(
            "EXPLAIN (ANALYZE, FORMAT JSON) " + statement, parameters
        )
        document = explained.scalar_one()
        plan = (json.loads(document) if isinstance(document, str) else document)[0]["Plan"]
        if reads is not None:
            reads += [Read(name, relation) for relation in _relations(plan)]
        found += [
            Scan(name, relation, node, discarded, " ".join(statement.split())[:300])
            for relation, node, discarded in _slow_nodes(plan)
        ]
    return found


def _all_scans(
    schema: str,
    *,
    drop: tuple[str, ...] = (),
    restore: tuple[tuple[str, str], ...] = (),
    paths: dict[str, Operation] = PATHS,
    reads: list[Read] | None = None,
) -> list[Scan]:
    """The slow nodes of every path; ``drop``: indexes dropped for the run, ``restore``:
    indexes (name, column of candidate) made for it (all rolled back afterwards);
    ``reads`` gets the tables each path's plans read."""

    async def run() -> list[Scan]:
        engine = create_engine(POSTGRES_URL, schema=schema)
        try:
            async with engine.connect() as connection:
                transaction = await connection.begin()
                try:
                    for index in drop:
                        await connection.execute(text(f'DROP INDEX "{schema}"."{index}"'))
                    for index, column in restore:
                        await connection.execute(
                            text(f"CREATE INDEX {index} ON candidate ({column})")
                        )
                    found: list[Scan] = []
                    for name, operation in paths.items():
                        found += await _scans(connection, name, operation, reads)
                    return found
                finally:
                    await transaction.rollback()
        finally:
            await engine.dispose()

    return asyncio.run(run())


def test_no_request_path_scans_a_large_table(planned: str) -> None:
    assert _all_scans(planned) == []


def test_whole_table_counts_do_not_scan(planned: str) -> None:
    reads: list[Read] = []
    assert _all_scans(planned, paths=WHOLE_TABLE, reads=reads) == []
    tables: dict[str, set[str]] = {name: set() for name in WHOLE_TABLE}
    for read in reads:
        tables[read.path].add(read.relation)
    # The counts come from the tallies; statistics reads the candidates only for
    # the period's returns (hired within six months), by the returned_on index.
    assert tables == {
        "pipeline": {"tally"},
        "statistics(year:)": {
            "tally",
            "candidate",
            "interview_registration",
            "interview_outcome",
            "association_membership",
            "founded_business",
        },
        "statistics(fiscalYear:)": {
            "tally",
            "rule_value",
            "candidate",
            "interview_registration",
            "interview_outcome",
            "association_membership",
            "founded_business",
        },
        "totalCount": {"tally"},
    }, reads


def test_the_tallies_are_those_the_rows_give(planned: str) -> None:
    """The triggers kept the tallies while the seed inserted 100,000 candidates."""

    async def compare() -> tuple[dict[Any, int], dict[Any, int]]:
        engine = create_engine(POSTGRES_URL, schema=planned)
        try:
            async with engine.connect() as connection:
                return await tallies.kept(connection), await tallies.recount(connection)
        finally:
            await engine.dispose()

    kept, recounted = asyncio.run(compare())
    assert sum(n for (_, figure, _), n in kept.items() if figure.startswith("status:")) == (
        CANDIDATES
    )
    assert kept == recounted


def test_without_the_indexes_of_0017_the_paths_scan(planned: str) -> None:
    # The indexes as migration 0016 left them.
    scans = _all_scans(planned, drop=INDEXES_0017, restore=INDEXES_BEFORE_0017)
    # pipeline(countryCode:) and totalCount of a country and status read the tallies.
    assert {scan.path for scan in scans} == {
        "page, one status",
        "page, name search",
        "totalCount, name search",
    }, scans
