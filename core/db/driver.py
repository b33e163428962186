"""One read statement sent straight to the PostgreSQL driver, past SQLAlchemy's execution.

Why: a small compiled read (a lookup by id, a list of 20 calls) takes the database
a fraction of a millisecond, and SQLAlchemy's execution around the statement (a
``Connection`` and its execution context, the cursor adapter, the greenlet
bridge, the reset when the connection goes back) cost more CPU than asyncpg's own
work: 0.2 ms of CPU per request of the endpoint's fast lane, a quarter of it
(``docs/performance.md``, "The driver lane, and what else a small read paid
for"). Here the connection still comes from the engine's pool (the same
connections, size, timeouts and idle pings); only the statement goes to asyncpg
directly, as ``fetchrow``.

What SQLAlchemy did around a statement that is done here instead:

- the connection goes back to the pool however the statement ends: the pool
  proxy's ``close()`` is synchronous, so a cancellation cannot interrupt it;
- a connection whose statement failed or was cancelled is invalidated (closed;
  the pool opens another on a later checkout): its state is not known. A lost
  connection invalidates every connection opened before it, as SQLAlchemy does
  on a disconnect;
- the statement is reported to the engine's statement observers (:func:`listen`),
  since SQLAlchemy's ``before_cursor_execute`` listeners never see it. The tests'
  statement counts listen to both.

asyncpg runs a statement outside any transaction (there is no implicit
``BEGIN``), which is what a one-statement read wants: one snapshot, one round
trip. SQLite has no such lane (:meth:`core.db.session.Database.first_row`).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection

from core.db.errors import DatabaseUnavailable, classify

Observer = Callable[[str], None]
"""Called with the SQL text of each statement, before it is sent."""

_observers: weakref.WeakKeyDictionary[Engine, list[Observer]] = weakref.WeakKeyDictionary()


def listen(engine: AsyncEngine, observer: Observer) -> None:
    """Report every statement :func:`first_row` sends through ``engine`` to ``observer``."""
    _observers.setdefault(engine.sync_engine, []).append(observer)


def remove(engine: AsyncEngine, observer: Observer) -> None:
    """Stop reporting to ``observer`` (added by :func:`listen`)."""
    observers = _observers.get(engine.sync_engine, [])
    if observer in observers:
        observers.remove(observer)


async def first_row(
    engine: AsyncEngine,
    connection: PoolProxiedConnection,
    sql: str,
    parameters: Sequence[Any],
) -> Sequence[Any] | None:
    """The first row of ``sql`` (asyncpg's ``$n`` parameters) on ``connection``, a pooled
    connection of ``engine`` checked out for this statement alone, which this returns
    to the pool (invalidated if the statement did not end well)."""
    try:
        asyncpg_connection = connection.driver_connection
        assert asyncpg_connection is not None, "a connection just checked out is open"
        for observer in _observers.get(engine.sync_engine, ()):
            observer(sql)
        row: Sequence[Any] | None = await asyncpg_connection.fetchrow(sql, *parameters)
    except BaseException as error:
        if classify(error) is DatabaseUnavailable:
            # What SQLAlchemy does on a disconnect: every connection opened before
            # this one failed is replaced at its next checkout (a restarted database
            # ended them all), so one request fails, not one per pooled connection.
            engine.sync_engine.pool._invalidate(connection, error)  # the call SQLAlchemy makes
        else:
            connection.invalidate()
        raise
    finally:
        connection.close()
    return row
