"""Alembic migrates an empty database to exactly the models, and back down."""

from __future__ import annotations

import asyncio

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import core.db.models
from core.db.engine import create_engine
from core.db.migrate import downgrade, upgrade
from core.settings import Settings


def _schema_state(settings: Settings) -> tuple[list[object], list[str]]:
    async def read() -> tuple[list[object], list[str]]:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            async with engine.connect() as connection:

                def compare(sync_connection: object) -> tuple[list[object], list[str]]:
                    context = MigrationContext.configure(
                        sync_connection, opts={"compare_type": True}
                    )
                    differences = compare_metadata(context, core.db.models.metadata)
                    tables = inspect(sync_connection).get_table_names()
                    return differences, sorted(tables)

                return await connection.run_sync(compare)
        finally:
            await engine.dispose()

    return asyncio.run(read())


@pytest.mark.database
def test_migrations_build_the_models_and_remove_them(empty_db_settings: Settings) -> None:
    url, schema = empty_db_settings.database_url, empty_db_settings.database_schema
    upgrade(url, schema=schema)
    differences, tables = _schema_state(empty_db_settings)
    assert differences == []
    assert set(core.db.models.metadata.tables) <= set(tables)

    downgrade(url, schema=schema)
    differences, tables = _schema_state(empty_db_settings)
    assert tables == ["alembic_version"]
    assert differences  # every table is missing again

    upgrade(url, schema=schema)
    assert _schema_state(empty_db_settings)[0] == []
