"""The session layer under cancellation and contention, on a real database of each kind."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from sqlalchemy import text

from core.db.errors import DatabaseBusy
from core.db.session import Database


async def _table(db: Database) -> str:
    name = f"t_{uuid.uuid4().hex[:12]}"
    async with db.write_connection() as connection:
        await connection.execute(text(f"CREATE TABLE {name} (x INTEGER)"))
    return name


async def _rows(db: Database, table: str) -> list[int]:
    async with db.session() as session:
        result = await (await session.connection()).execute(text(f"SELECT x FROM {table}"))
        return sorted(int(x) for x in result.scalars())


async def _drop(db: Database, table: str) -> None:
    async with db.write_connection() as connection:
        await connection.execute(text(f"DROP TABLE {table}"))
    await db.dispose()


@pytest.mark.database
def test_a_cancelled_transaction_gives_back_its_connection_and_the_lock(database_url: str) -> None:
    async def scenario() -> None:
        db = Database.connect(database_url, busy_timeout=1.0)
        table = await _table(db)
        try:
            with pytest.raises(TimeoutError):
                async with asyncio.timeout(0.3), db.transaction() as session:
                    await (await session.connection()).execute(
                        text(f"INSERT INTO {table} VALUES (1)")
                    )
                    await asyncio.sleep(10)  # cancelled here, mid-transaction
            assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
            # Another process (another engine) can write at once: the lock was released.
            other = Database.connect(database_url, busy_timeout=1.0)
            try:
                async with asyncio.timeout(5), other.transaction() as session:
                    await (await session.connection()).execute(
                        text(f"INSERT INTO {table} VALUES (2)")
                    )
            finally:
                await other.dispose()
            assert await _rows(db, table) == [2]
        finally:
            await _drop(db, table)

    asyncio.run(scenario())


@pytest.mark.database
def test_concurrent_writers_take_turns_instead_of_failing(database_url: str) -> None:
    async def scenario() -> None:
        db = Database.connect(database_url, busy_timeout=10.0)
        table = await _table(db)
        try:

            async def write(value: int) -> None:
                async with db.transaction() as session:
                    await (await session.connection()).execute(
                        text(f"INSERT INTO {table} VALUES ({value})")
                    )
                    await asyncio.sleep(0.01)  # hold the lock a moment

            await asyncio.gather(*(write(value) for value in range(40)))
            assert await _rows(db, table) == list(range(40))
            assert db.engine.pool.checkedout() == 0  # type: ignore[attr-defined]
        finally:
            await _drop(db, table)

    asyncio.run(scenario())


def test_a_writer_that_cannot_get_its_turn_in_time_is_busy(sqlite_url: str) -> None:
    async def scenario() -> None:
        db = Database.connect(sqlite_url, busy_timeout=0.2)
        table = await _table(db)
        try:
            async with db.transaction() as holder:
                await (await holder.connection()).execute(text(f"INSERT INTO {table} VALUES (1)"))
                with pytest.raises(DatabaseBusy) as refused:
                    async with db.transaction() as session:
                        await (await session.connection()).execute(
                            text(f"INSERT INTO {table} VALUES (2)")
                        )
                assert "locked" not in str(refused.value)
                # Reads are not held up by the writer.
                async with asyncio.timeout(1):
                    assert await _rows(db, table) == []
            assert await _rows(db, table) == [1]
        finally:
            await _drop(db, table)

    asyncio.run(scenario())
