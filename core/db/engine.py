"""The async SQLAlchemy engine behind the service.

SQLite (a file, created on first use) is the zero-setup default; PostgreSQL is
used when the URL names it. Plain ``sqlite://`` and ``postgresql://`` URLs are
accepted and given their async drivers.
"""

from __future__ import annotations

import asyncio
import base64
import time
from functools import partial
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import URL, Connection, make_url
from sqlalchemy.exc import ArgumentError, DisconnectionError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

ASYNC_DRIVERS = {"sqlite": "sqlite+aiosqlite", "postgresql": "postgresql+asyncpg"}
CONNECT_TIMEOUT_SECONDS = 1.0
"""How long connecting may take before the database counts as unavailable."""
BUSY_TIMEOUT_SECONDS = 3.0
"""How long a request waits for a pooled connection or SQLite's write lock."""
PING_AFTER_IDLE_SECONDS = 1.0
"""A pooled PostgreSQL connection idle this long is pinged before it is handed out."""
WRITE_OPTION = "imjapan_write"
"""Execution option marking connections that will write (see ``_begin_sqlite``)."""
TURN_OPTION = "imjapan_turn"
"""Execution option: a callable that waits for this process's turn to write, called
just before ``BEGIN IMMEDIATE`` (see ``core.db.session``)."""


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


def create_engine(
    database_url: str,
    *,
    schema: str | None = None,
    connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
    busy_timeout: float = BUSY_TIMEOUT_SECONDS,
    pool_size: int | None = None,
    max_overflow: int = 0,
    ping_after_idle: float = PING_AFTER_IDLE_SECONDS,
) -> AsyncEngine:
    """The engine for ``database_url``; ``schema`` sets PostgreSQL's search path.

    ``connect_timeout`` bounds connecting (asyncpg's ``timeout``), so a closed or
    silent database fails fast instead of after the driver's 60 s;
    ``busy_timeout`` bounds the wait for a pooled connection (``pool_timeout``)
    and, on SQLite, for another process's write lock (``busy_timeout``).
    ``pool_size`` connections are kept once opened and ``max_overflow`` more
    opened when all are in use (closed when returned); unset, SQLAlchemy's 5
    and 10, which under more than 5 concurrent requests open and close a
    connection for most of them. ``ping_after_idle``: see :func:`ping_after_idle`.

    The pool hands out the connection given back last (``pool_use_lifo``), not
    the one idle longest: after a burst has opened many, a steady trickle of
    requests keeps reusing the same few, whose database processes are warm,
    instead of cycling through all of them (measured: a by-id read at one
    connection 0.8 of its rate after a burst had opened 32, see
    ``docs/performance.md``); the rest stay idle and are pinged when next used.
    """
    url = async_url(database_url)
    pool: dict[str, Any] = {"pool_timeout": busy_timeout, "pool_use_lifo": True}
    if pool_size is not None:
        pool |= {"pool_size": pool_size, "max_overflow": max_overflow}
    if url.get_backend_name() == "sqlite":
        # An in-memory database is one static connection (SQLAlchemy's StaticPool),
        # which takes no pool options: there is no pool to wait for.
        engine = create_async_engine(url, **({} if _in_memory(url) else pool))
        configure = partial(_configure_sqlite, busy_ms=max(0, round(busy_timeout * 1000)))
        event.listen(engine.sync_engine, "connect", configure)
        event.listen(engine.sync_engine, "begin", _begin_sqlite)
        return engine
    connect_args: dict[str, Any] = {"timeout": connect_timeout}
    if schema:
        connect_args["server_settings"] = {"search_path": schema}
    engine = create_async_engine(url, connect_args=connect_args, **pool)
    ping_when_idle(engine, ping_after_idle)
    return engine


def ping_when_idle(engine: AsyncEngine, seconds: float) -> None:
    """Ping a pooled connection before it is handed out if it was idle ``seconds`` or more.

    SQLAlchemy's ``pool_pre_ping`` pings at every checkout: one round trip more for
    every request, a third of a small read's time. A connection dies while idle (the
    database restarted, a firewall dropped it); one given back a moment ago by the
    last request is alive in all likelihood. Under load connections are reused
    within milliseconds and never pinged; after a quiet spell each is pinged once.
    A ping that fails makes the pool discard the connection and open another
    (``DisconnectionError``, up to three times). A connection that dies within
    ``seconds`` of its last use fails the statement that meets it: the request
    answers 503 (the database unavailable) and the pool drops every connection
    opened before, so the next request reconnects. 0 pings at every checkout.
    """
    dialect = engine.sync_engine.dialect

    def checked_in(_dbapi_connection: Any, record: Any) -> None:
        record.info[_IDLE_SINCE] = time.monotonic()

    def checked_out(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.get(_IDLE_SINCE)
        if since is None or time.monotonic() - since < seconds:
            return  # a new connection, or one in use a moment ago
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as error:
            raise DisconnectionError("the pooled connection did not answer a ping") from error

    event.listen(engine.sync_engine, "checkin", checked_in)
    event.listen(engine.sync_engine, "checkout", checked_out)


_IDLE_SINCE = "imjapan_idle_since"


def _in_memory(url: URL) -> bool:
    """Whether ``url`` names an in-memory SQLite database (plain or shared-cache)."""
    database = url.database or ""
    return database in ("", ":memory:") or url.query.get("mode") == "memory"


def _configure_sqlite(dbapi_connection: Any, _record: object, *, busy_ms: int) -> None:
    # WAL lets readers run while one writer commits; the busy timeout makes a
    # writer of another process wait instead of failing with "database is
    # locked" (writers of this process take turns before: core.db.session).
    # Transactions are begun by _begin_sqlite, not by the driver.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={busy_ms}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()
    register_sql_functions(dbapi_connection)


def _base64(text: str | None) -> str | None:
    return None if text is None else base64.b64encode(str(text).encode()).decode()


def _base64url(text: str | None) -> str | None:
    return None if text is None else base64.urlsafe_b64encode(str(text).encode()).decode()


def register_sql_functions(dbapi_connection: Any) -> None:
    """The functions SQLite lacks that the compiled read path uses
    (``core.services.compiled.encoding``): ``imjapan_base64(text)`` and
    ``imjapan_base64url(text)``, the base64 of the text's UTF-8 (standard, and
    URL-safe), padded, NULL for NULL; deterministic, so SQLite may fold them."""
    dbapi_connection.create_function("imjapan_base64", 1, _base64, deterministic=True)
    dbapi_connection.create_function("imjapan_base64url", 1, _base64url, deterministic=True)


def _begin_sqlite(connection: Connection) -> None:
    # A write transaction takes the write lock up front (BEGIN IMMEDIATE): a
    # deferred one that reads first and writes later cannot wait for another
    # writer and fails at once with SQLITE_BUSY.
    options = connection.get_execution_options()
    if options.get(WRITE_OPTION):
        wait_for_turn = options.get(TURN_OPTION)
        if wait_for_turn is not None:
            wait_for_turn()
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
