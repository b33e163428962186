"""The benchmark's bulk seed leaves the tallies right, though its COPY switches
PostgreSQL's triggers off (``session_replication_role = replica``)."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest

from bench.profiles import Screener
from bench.seed import seed_pipeline
from core.db.engine import create_engine
from core.plugins.manager import get_plugin_manager
from core.plugins.registry import build_registry
from core.screening.custom import plugin_evaluator
from core.settings import Settings
from tests.tallies.helpers import assert_counts_answer_as_rows, assert_tallies_kept

CANDIDATES = 300


@pytest.mark.database
def test_the_bulk_seed_rebuilds_the_tallies(db_settings: Settings) -> None:
    pm = get_plugin_manager(db_settings)
    registry = build_registry(pm, db_settings)
    screener = Screener(registry, plugin_evaluator(pm, db_settings))

    async def seed() -> None:
        engine = create_engine(db_settings.database_url, schema=db_settings.database_schema)
        try:
            async with engine.begin() as connection:
                await seed_pipeline(
                    connection, registry, screener, candidates=CANDIDATES, today=date(2026, 12, 1)
                )
        finally:
            await engine.dispose()

    asyncio.run(seed())
    kept = assert_tallies_kept(db_settings)
    assert sum(n for (_, figure, _), n in kept.items() if figure.startswith("status:")) == (
        CANDIDATES
    )
    assert_counts_answer_as_rows(db_settings)
