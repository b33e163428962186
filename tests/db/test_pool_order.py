"""The pool hands out the connection given back last, so a trickle after a burst
keeps using one warm connection instead of cycling through every one opened."""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from typing import Any

from sqlalchemy import event, text

from core.db.session import Database

BURST = 4


async def test_after_a_burst_one_request_at_a_time_reuses_one_connection(
    database_url: str,
) -> None:
    db = Database.connect(database_url, pool_size=BURST)
    handed_out: list[Any] = []

    def checked_out(_dbapi: Any, record: Any, _proxy: Any) -> None:
        handed_out.append(record)

    event.listen(db.engine.sync_engine, "checkout", checked_out)
    try:
        async with AsyncExitStack() as burst:  # BURST connections out at once
            held = [await burst.enter_async_context(db.single_read()) for _ in range(BURST)]
            await asyncio.gather(*(c.execute(text("SELECT 1")) for c in held))
        assert len(set(handed_out)) == BURST
        given_back_last = handed_out[0]  # the stack gives them back in reverse order
        handed_out.clear()
        for _ in range(2 * BURST):
            async with db.single_read() as connection:
                await connection.execute(text("SELECT 1"))
        # Handed out oldest-idle first, the pool would cycle through all BURST.
        assert handed_out == [given_back_last] * (2 * BURST)
    finally:
        await db.dispose()
