"""Plain SQL against a test database, for tests that write rows as an older schema had them."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from core.db.engine import create_engine
from core.settings import Settings


def run_sql(settings: Settings, *statements: str) -> list[tuple[object, ...]]:
    """Run ``statements`` in one transaction; return the rows of the last one."""

    async def run() -> list[tuple[object, ...]]:
        engine = create_engine(settings.database_url, schema=settings.database_schema)
        try:
            async with engine.begin() as connection:
                for statement in statements[:-1]:
                    await connection.execute(text(statement))
                return [tuple(row) for row in await connection.execute(text(statements[-1]))]
        finally:
            await engine.dispose()

    return asyncio.run(run())
