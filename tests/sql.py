"""Plain SQL against a test database (for tests that write rows as an older schema had
them), and the statements an app sends."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.testclient import TestClient

from core.db import driver
from core.db.engine import create_engine
from core.db.session import Database
from core.settings import Settings


def database(settings: Settings) -> Database:
    """A database of its own on ``settings``' database, with their connect bound (a
    test's 10 s on PostgreSQL, not the service's 1 s default: on a loaded CI machine
    opening a connection took longer, and the test failed as an outage)."""
    return Database.connect(
        settings.database_url,
        schema=settings.database_schema,
        connect_timeout=settings.database_connect_timeout,
    )


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


TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE")


@contextmanager
def recorded_statements(*engines: AsyncEngine) -> Iterator[list[str]]:
    """Every SQL statement the engines send while the block runs, through SQLAlchemy
    or straight to the driver (:mod:`core.db.driver`).

    Transaction control (``BEGIN``/``COMMIT``/``ROLLBACK``) is left out: on
    SQLite the service issues ``BEGIN`` itself and it reaches this event, on
    PostgreSQL the driver does and it does not, so counting it would make the
    figures differ by backend without saying anything about batching.
    """
    seen: list[str] = []

    def record(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        if not statement.lstrip().upper().startswith(TRANSACTION_CONTROL):
            seen.append(statement)

    def sent(statement: str) -> None:
        record(None, None, statement)

    for engine in engines:
        event.listen(engine.sync_engine, "before_cursor_execute", record)
        driver.listen(engine, sent)  # statements sent past SQLAlchemy (core.db.driver)
    try:
        yield seen
    finally:
        for engine in engines:
            event.remove(engine.sync_engine, "before_cursor_execute", record)
            driver.remove(engine, sent)


@contextmanager
def statements(client: TestClient) -> Iterator[list[str]]:
    """Every SQL statement ``client``'s app sends while the block runs (transaction
    control left out, as :func:`recorded_statements`)."""
    with recorded_statements(*client.app.state.db.engines) as seen:  # type: ignore[attr-defined]
        yield seen
