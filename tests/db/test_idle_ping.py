"""Pooled PostgreSQL connections are pinged after an idle spell, not at every use."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import text

from core.db.engine import create_engine
from core.db.errors import DatabaseUnavailable
from core.db.session import Database


async def backend_pid(db: Database) -> int:
    async with db.single_read() as connection:
        return int((await connection.execute(text("SELECT pg_backend_pid()"))).scalar_one())


async def terminate(url: str, pid: int) -> None:
    """End the server process of another connection, as a database restart does."""
    admin = create_engine(url)
    try:
        async with admin.begin() as connection:
            await connection.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
    finally:
        await admin.dispose()


def pings_of(db: Database, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The connections ``db``'s pool pings, from now on."""
    dialect = db.engine.sync_engine.dialect
    pings: list[object] = []
    ping = dialect.do_ping

    def counted(connection: Any) -> bool:
        pings.append(connection)
        return ping(connection)

    monkeypatch.setattr(dialect, "do_ping", counted)
    return pings


@pytest.mark.parametrize(("idle_limit", "pinged"), [(60, 0), (0.05, 1)])
async def test_only_a_connection_idle_past_the_limit_is_pinged(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch, idle_limit: float, pinged: int
) -> None:
    db = Database.connect(postgres_url, pool_size=1, ping_after_idle=idle_limit)
    pings = pings_of(db, monkeypatch)
    try:
        for _ in range(3):  # back to back: never idle past 0.05 s
            await backend_pid(db)
        assert pings == []
        await asyncio.sleep(0.1)
        await backend_pid(db)
        assert len(pings) == pinged
    finally:
        await db.dispose()


async def test_a_connection_that_died_while_idle_is_replaced_before_use(postgres_url: str) -> None:
    db = Database.connect(postgres_url, pool_size=1, ping_after_idle=0.05)
    try:
        first = await backend_pid(db)
        await terminate(postgres_url, first)
        await asyncio.sleep(0.1)
        assert await backend_pid(db) != first  # no error: the ping found it dead
    finally:
        await db.dispose()


async def test_without_the_idle_spell_one_read_fails_and_the_next_reconnects(
    postgres_url: str,
) -> None:
    db = Database.connect(postgres_url, pool_size=1, ping_after_idle=60)
    try:
        first = await backend_pid(db)
        await terminate(postgres_url, first)
        await asyncio.sleep(0.1)
        with pytest.raises(DatabaseUnavailable):
            await backend_pid(db)
        db.availability.answered()  # the outage pause is not what this test is about
        assert await backend_pid(db) != first
    finally:
        await db.dispose()
