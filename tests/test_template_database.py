"""The database fixture: every database test starts on a migrated, empty database,
though the migrations run once per session (tests/conftest.py, db_settings)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, text
from sqlalchemy.orm import Session
from sqlmodel import select

import core.db.models
from core.db.engine import create_engine
from core.db.migrate import migration_status, upgrade
from core.settings import Settings
from tests.conftest import _reset_postgres_schema
from tests.factories import build, call, candidate, host_company


def row_counts(settings: Settings) -> dict[str, int]:
    async def read() -> dict[str, int]:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            async with engine.connect() as connection:
                return {
                    name: (
                        await connection.execute(text(f"SELECT count(*) FROM {name}"))
                    ).scalar_one()
                    for name in core.db.models.metadata.tables
                }
        finally:
            await engine.dispose()

    return asyncio.run(read())


def is_migrated(settings: Settings) -> bool:
    async def read() -> bool:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            return (await migration_status(engine)).up_to_date
        finally:
            await engine.dispose()

    return asyncio.run(read())


def some_rows(session: Session) -> int:
    vn = call(session, "VN", criteria=[])
    candidate(session, vn, "registered", host_company_id=host_company(session).id)
    return vn.id or 0


@pytest.fixture(scope="module")
def fresh_counts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, int]:
    """The rows of each table right after migrating an empty database."""
    path = tmp_path_factory.mktemp("fresh") / "fresh.sqlite3"
    upgrade(f"sqlite:///{path}")
    counts = row_counts(Settings(database_url=f"sqlite:///{path}"))
    assert counts["event_type"] > 0  # the migrations write the event types
    return counts


@pytest.mark.database
@pytest.mark.parametrize("round_", [1, 2])
def test_each_database_test_starts_as_a_fresh_migration(
    db_settings: Settings, fresh_counts: dict[str, int], round_: int
) -> None:
    assert is_migrated(db_settings)
    assert row_counts(db_settings) == fresh_counts
    # Ids start at 1, as after a fresh migration; the rows left here must be gone
    # when the next round (or any later test) starts.
    assert build(db_settings, some_rows) == 1
    assert row_counts(db_settings)["candidate"] == 1


@pytest.mark.database
def test_a_reset_leaves_the_schema_as_a_fresh_migration_does(
    db_settings: Settings, fresh_counts: dict[str, int]
) -> None:
    if db_settings.database_schema is None:
        pytest.skip("SQLite tests get a copy of the template file instead")
    build(db_settings, some_rows)
    assert asyncio.run(_reset_postgres_schema(db_settings.database_schema)) is True
    assert row_counts(db_settings) == fresh_counts
    assert is_migrated(db_settings)
    assert build(db_settings, some_rows) == 1
    ids = build(
        db_settings,
        lambda session: session.execute(select(func.max(core.db.models.Candidate.id))).scalar(),
    )
    assert ids == 1
