"""The async SQLAlchemy engine behind the service.

SQLite (a file, created on first use) is the zero-setup default; PostgreSQL is
used when the URL names it. Plain ``sqlite://`` and ``postgresql://`` URLs are
accepted and given their async drivers.
"""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
SQLITE_BUSY_TIMEOUT_MS = 5000
WRITE_OPTION = "imjapan_write"
"""Execution option marking connections that will write (see ``_begin_sqlite``)."""


class DatabaseURLError(ValueError):
    """The configured URL is not one the service can use."""


def async_url(database_url: str) -> URL:
    """Parse ``database_url`` and pick the async driver for its backend."""
    try:
        url = make_url(database_url)
    except ArgumentError:
        raise DatabaseURLError("DATABASE_URL is not a valid database URL") from None
    backend = url.get_backend_name()
    if backend == "postgres":
        backend = "postgresql"
    if backend not in ASYNC_DRIVERS:
        raise DatabaseURLError(f"DATABASE_URL names backend '{backend}'; use sqlite or postgresql")
    return url.set(drivername=ASYNC_DRIVERS[backend])


def create_engine(database_url: str, *, schema: str | None = None) -> AsyncEngine:
    """The engine for ``database_url``; ``schema`` sets PostgreSQL's search path."""
    url = async_url(database_url)
    if url.get_backend_name() == "sqlite":
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _configure_sqlite)
        event.listen(engine.sync_engine, "begin", _begin_sqlite)
        return engine
    connect_args: dict[str, Any] = {}
    if schema:
        connect_args["server_settings"] = {"search_path": schema}
    return create_async_engine(url, pool_pre_ping=True, connect_args=connect_args)


def _configure_sqlite(dbapi_connection: Any, _record: object) -> None:
    # WAL lets readers run while one writer commits; the busy timeout makes a
    # second writer wait instead of failing with "database is locked".
    # Transactions are begun by _begin_sqlite, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _begin_sqlite(connection: Connection) -> None:
    # A write transaction takes the write lock up front (BEGIN IMMEDIATE): a
    # deferred one that reads first and writes later cannot wait for another
    # writer and fails at once with SQLITE_BUSY.
    if connection.get_execution_options().get(WRITE_OPTION):
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    else:
        connection.exec_driver_sql("BEGIN")


async def ping(engine: AsyncEngine, *, timeout: float = 2.0) -> bool:
    """Whether the database answers ``SELECT 1`` within ``timeout`` seconds."""
    try:
        async with asyncio.timeout(timeout), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        return False
    return True
