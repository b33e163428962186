"""``Database.first_row``: one read statement, on PostgreSQL straight to the driver.

Past SQLAlchemy's execution, the lane itself must return the connection however
the statement ends, drop a connection whose state is unknown, report the
statement to whoever counts them, and turn a lost connection into the outage
every other read raises.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import Integer, String, bindparam, func, literal_column, select

from core.db.errors import DatabaseUnavailable
from core.db.session import Database
from tests.conftest import POSTGRES_CONNECT_TIMEOUT
from tests.db.test_idle_ping import terminate
from tests.sql import recorded_statements


def connect(url: str, **pool: Any) -> Database:
    """A database of one's own, connecting within a test's bound (``tests.conftest``)."""
    return Database.connect(url, connect_timeout=POSTGRES_CONNECT_TIMEOUT, **pool)


def compiled(db: Database, statement: Any, **values: Any) -> tuple[str, list[Any]]:
    """``statement`` as the compiled path sends it: its SQL for ``db``'s dialect and its
    parameters in order."""
    built = statement.compile(dialect=db.engine.dialect)
    given = {**built.params, **values}
    return built.string, [given[name] for name in built.positiontup or ()]


def doubled_and_named() -> Any:
    return select(
        bindparam("n", type_=Integer) * 2,
        func.upper(bindparam("name", type_=String)),
    )


async def test_it_answers_the_first_row_and_the_statement_is_counted(database_url: str) -> None:
    db = connect(database_url)
    try:
        sql, parameters = compiled(db, doubled_and_named(), n=21, name="jakarta")
        with recorded_statements(db.engine) as seen:
            row = await db.first_row(sql, parameters)
        assert row is not None and tuple(row) == (42, "JAKARTA")
        assert seen == [sql]
        empty, none = compiled(db, select(literal_column("1")).where(literal_column("1") == 0))
        assert await db.first_row(empty, none) is None
    finally:
        await db.dispose()


async def test_a_failed_statement_gives_its_connection_back_and_the_next_one_answers(
    postgres_url: str,
) -> None:
    db = connect(postgres_url, pool_size=1)
    try:
        sql, parameters = compiled(db, select(bindparam("n", type_=Integer) / 0), n=1)
        with pytest.raises(Exception, match="division by zero"):
            await db.first_row(sql, parameters)
        assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        sql, parameters = compiled(db, doubled_and_named(), n=2, name="hanoi")
        assert tuple(await db.first_row(sql, parameters) or ()) == (4, "HANOI")
    finally:
        await db.dispose()


async def test_a_cancelled_statement_gives_its_connection_back_and_the_next_one_answers(
    postgres_url: str,
) -> None:
    db = connect(postgres_url, pool_size=1)
    try:
        sql, parameters = compiled(db, select(func.pg_sleep(bindparam("s", type_=Integer))), s=5)
        with pytest.raises(TimeoutError):
            async with asyncio.timeout(0.2):
                await db.first_row(sql, parameters)
        assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        sql, parameters = compiled(db, doubled_and_named(), n=3, name="dhaka")
        assert tuple(await db.first_row(sql, parameters) or ()) == (6, "DHAKA")
    finally:
        await db.dispose()


async def test_a_lost_connection_is_an_outage_and_the_next_statement_reconnects(
    postgres_url: str,
) -> None:
    db = connect(postgres_url, pool_size=1, ping_after_idle=60)
    pid = select(func.pg_backend_pid())
    try:
        sql, parameters = compiled(db, pid)
        first = await db.first_row(sql, parameters)
        assert first is not None
        await terminate(postgres_url, first[0])
        await asyncio.sleep(0.1)
        with pytest.raises(DatabaseUnavailable):
            await db.first_row(sql, parameters)
        assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        db.availability.answered()  # the outage pause is not what this test is about
        again = await db.first_row(sql, parameters)
        assert again is not None and again[0] != first[0]
    finally:
        await db.dispose()


async def test_a_lost_connection_retires_every_connection_opened_before_it(
    postgres_url: str,
) -> None:
    """After a restart every pooled connection is dead: one request fails, not one per
    connection (as SQLAlchemy retires a pool's connections on a disconnect)."""
    db = connect(postgres_url, pool_size=2, ping_after_idle=60)
    busy = select(func.pg_backend_pid(), func.pg_sleep(0.2))
    try:
        sql, parameters = compiled(db, busy)
        rows = await asyncio.gather(*(db.first_row(sql, parameters) for _ in range(2)))
        pids = {row[0] for row in rows if row is not None}
        assert len(pids) == 2  # both pooled connections opened
        for pid in pids:
            await terminate(postgres_url, pid)
        await asyncio.sleep(0.1)
        with pytest.raises(DatabaseUnavailable):
            await db.first_row(sql, parameters)
        db.availability.answered()  # the outage pause is not what this test is about
        again = await db.first_row(sql, parameters)  # the other dead one was retired
        assert again is not None and again[0] not in pids
    finally:
        await db.dispose()
