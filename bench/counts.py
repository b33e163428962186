"""Counts that should not grow with the table: the same reads at two sizes, one ratio.

Seeds the benchmark's data set (:mod:`bench.seed`) at each size into its own
PostgreSQL schema, runs ``VACUUM ANALYZE`` (what autovacuum does for a table
in service; without it the visibility map is empty and no index-only scan
pays), then times the service's own functions for the request paths of
issue 15 item 4 (``pipeline``, ``statistics(year:)`` and ``(fiscalYear:)``,
``totalCount`` over all countries, per country and of a phase under a
ministry's scope, a status-filtered page with its count, the name search) in
process, median of ``--repeat`` runs after one warm-up run each. It prints
each median at every size and the ratio of the largest size to the smallest
(goal: within 2x). ``--writes`` also times what the tally triggers (migration
0018) cost writers, on the smallest size: one multi-row INSERT and single-row
status UPDATEs, triggers off and on (rolled back). In process, so the figures are the database's
work plus the driver's, without HTTP or GraphQL around them.

    .venv/bin/python -m bench.counts --database-url postgresql://postgres@127.0.0.1:5432/test
    .venv/bin/python -m bench.counts --database-url ... --sizes 10000,200000
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlmodel.ext.asyncio.session import AsyncSession

from bench.profiles import Screener
from bench.seed import seed_pipeline
from core.auth.scope import only
from core.db.engine import async_url, create_engine
from core.db.migrate import upgrade
from core.domain.states import Phase, Status
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.screening.custom import plugin_evaluator
from core.services.queries import CandidateFilter, candidate_page, count_candidates, pipeline_counts
from core.services.statistics import country_year_figures
from core.settings import Settings

COUNTRIES = ("ID", "VN", "TH", "LK", "BD")
Operation = Callable[[AsyncSession], Awaitable[Any]]


def operations(today: date) -> dict[str, Operation]:
    """The request paths, each as the service function its resolver calls."""
    year = today.year - 1

    async def page_and_count(session: AsyncSession) -> Any:
        where = CandidateFilter(status=Status.IN_TRAINING)
        await candidate_page(session, where, first=100)
        return await count_candidates(session, where)

    return {
        "pipeline": lambda s: pipeline_counts(s, COUNTRIES),
        "statistics(year:)": lambda s: country_year_figures(s, COUNTRIES, year=year),
        "statistics(fiscalYear:)": lambda s: country_year_figures(s, COUNTRIES, fiscal_year=year),
        "totalCount, all countries": lambda s: count_candidates(s, CandidateFilter()),
        "totalCount, one country": lambda s: count_candidates(
            s, CandidateFilter(country_code="VN")
        ),
        "totalCount, a phase, ministry's scope": lambda s: count_candidates(
            s, CandidateFilter(phase=Phase.IN_JAPAN, access=only({"VN"}))
        ),
        "status page + totalCount": page_and_count,
        "name search + totalCount": lambda s: count_candidates(
            s, CandidateFilter(name="candidate 0000123")
        ),
    }


async def fresh_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            await connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    finally:
        await engine.dispose()


async def drop_schema(url: str, schema: str) -> None:
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
    finally:
        await engine.dispose()


async def seed(url: str, schema: str, candidates: int, settings: Settings) -> float:
    pm = get_plugin_manager(settings)
    registry = build_registry(pm, settings)
    screener = Screener(registry, plugin_evaluator(pm, settings))
    engine = create_engine(url, schema=schema)
    started = time.perf_counter()
    try:
        async with engine.begin() as connection:
            await seed_pipeline(
                connection, registry, screener, candidates=candidates, today=date.today()
            )
        async with engine.connect() as connection:
            autocommit = await connection.execution_options(isolation_level="AUTOCOMMIT")
            tables = await autocommit.execute(
                text("SELECT tablename FROM pg_tables WHERE schemaname = :schema"),
                {"schema": schema},
            )
            # Only this schema's tables: the database may hold others' schemas.
            for (name,) in tables.all():
                await autocommit.execute(text(f'VACUUM ANALYZE "{schema}"."{name}"'))
    finally:
        await engine.dispose()
    return time.perf_counter() - started


async def measure(url: str, schema: str, repeat: int) -> dict[str, float]:
    """Median milliseconds of each operation, one warm-up run first."""
    engine = create_engine(url, schema=schema)
    found: dict[str, float] = {}
    try:
        for name, operation in operations(date.today()).items():
            times: list[float] = []
            async with AsyncSession(engine) as session:
                await operation(session)
                for _ in range(repeat):
                    started = time.perf_counter()
                    await operation(session)
                    times.append((time.perf_counter() - started) * 1000)
            found[name] = statistics.median(times)
    finally:
        await engine.dispose()
    return found


WRITTEN = 10_000
UPDATED = 2_000
INSERT_MANY = f"""INSERT INTO candidate (country_code, call_id, applicant_number, full_name,
    full_name_key, date_of_birth, sex, education_level, country_details, status, created_at)
    SELECT 'VN', (SELECT min(id) FROM recruitment_call WHERE country_code = 'VN'),
           :prefix || i, 'Write ' || i, 'write ' || i, date '2000-01-01', 'male',
           'high_school', '{{}}', 'registered', now()
    FROM generate_series(1, {WRITTEN}) AS i"""


async def write_costs(url: str, schema: str, *, triggers: bool, round_: int) -> tuple[float, float]:
    """Milliseconds of one INSERT of ``WRITTEN`` candidates, and microseconds per
    single-row status UPDATE, with the tally triggers on or off; rolled back."""
    engine = create_engine(url, schema=schema)
    prefix = f"W{round_}{int(triggers)}-"
    try:
        async with engine.connect() as connection:
            transaction = await connection.begin()
            if not triggers:
                await connection.execute(text("ALTER TABLE candidate DISABLE TRIGGER USER"))
            started = time.perf_counter()
            await connection.execute(text(INSERT_MANY), {"prefix": prefix})
            inserted = time.perf_counter() - started
            found = await connection.execute(
                text("SELECT id FROM candidate WHERE applicant_number LIKE :p ORDER BY id"),
                {"p": prefix + "%"},
            )
            ids = [row[0] for row in found.all()][:UPDATED]
            started = time.perf_counter()
            for candidate_id in ids:
                await connection.execute(
                    text("UPDATE candidate SET status = 'withdrawn' WHERE id = :i"),
                    {"i": candidate_id},
                )
            updated = time.perf_counter() - started
            await transaction.rollback()
    finally:
        await engine.dispose()
    return inserted * 1000, updated / len(ids) * 1_000_000


def print_write_costs(url: str, schema: str, rounds: int = 3) -> None:
    """What the tally triggers cost writers: triggers off and on, alternated."""
    found: dict[bool, list[tuple[float, float]]] = {False: [], True: []}
    for round_ in range(rounds):
        for triggers in (False, True):
            found[triggers].append(
                asyncio.run(write_costs(url, schema, triggers=triggers, round_=round_))
            )
    print(f"\n| write ({schema}, median of {rounds}) | triggers off | triggers on | on / off |")
    print("| --- | --- | --- | --- |")
    for index, what in enumerate(
        (f"one INSERT of {WRITTEN:,} candidates (ms)", "one status UPDATE (us)")
    ):
        off = statistics.median(x[index] for x in found[False])
        on = statistics.median(x[index] for x in found[True])
        print(f"| {what} | {off:.0f} | {on:.0f} | {on / off:.2f} |")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.counts", description=__doc__)
    parser.add_argument("--database-url", required=True, help="PostgreSQL URL")
    parser.add_argument("--sizes", default="10000,1000000", help="candidates, comma-separated")
    parser.add_argument("--schema-prefix", default="bench_counts", help="one schema per size")
    parser.add_argument("--repeat", type=int, default=15, help="timed runs per operation")
    parser.add_argument("--keep", action="store_true", help="keep the schemas afterwards")
    parser.add_argument(
        "--writes",
        action="store_true",
        help="also time writes with the tally triggers off and on (smallest size)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    url = args.database_url
    if async_url(url).get_backend_name() != "postgresql":
        print("bench.counts: needs --database-url postgresql://...", file=sys.stderr)
        return 2
    sizes = [int(part) for part in args.sizes.split(",")]
    results: dict[int, dict[str, float]] = {}
    for size in sizes:
        schema = f"{args.schema_prefix}_{size}"
        settings = Settings(database_url=url, database_schema=schema)
        asyncio.run(fresh_schema(url, schema))
        try:
            upgrade(url, schema=schema)
            seconds = asyncio.run(seed(url, schema, size, settings))
            print(f"{size:,} candidates seeded and vacuumed in {seconds:.0f} s", flush=True)
            results[size] = asyncio.run(measure(url, schema, args.repeat))
            if args.writes and size == min(sizes):
                print_write_costs(url, schema)
        finally:
            if not args.keep:
                asyncio.run(drop_schema(url, schema))
    small, large = min(sizes), max(sizes)
    header = " | ".join(f"{size:,} (ms)" for size in sizes)
    print(f"\n| operation | {header} | {large:,} / {small:,} |")
    print("| --- |" + " --- |" * (len(sizes) + 1))
    for name in results[small]:
        cells = " | ".join(f"{results[size][name]:.2f}" for size in sizes)
        ratio = results[large][name] / results[small][name]
        print(f"| {name} | {cells} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
