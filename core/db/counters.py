"""Fixed-window counters in the database, so limits hold across server processes.

One upsert per hit (``INSERT ... ON CONFLICT ... DO UPDATE ... RETURNING``),
which SQLite and PostgreSQL both run atomically.
"""

from __future__ import annotations

import math
import random
import time
from dataclasses import dataclass

from sqlalchemy import delete
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from core.db.models import RateCounter
from core.db.session import Database

CLEANUP_PROBABILITY = 0.01


@dataclass(frozen=True)
class Window:
    count: int
    limit: int
    reset_in: int
    """Seconds until the window ends."""

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)


def _window(seconds: int, now: float) -> tuple[int, int]:
    number = int(now // seconds)
    return number, max(1, math.ceil((number + 1) * seconds - now))


async def hit(db: Database, key: str, *, limit: int, seconds: int) -> Window:
    """Count one hit for ``key`` in the current window and return the window's state."""
    now = time.time()
    number, reset_in = _window(seconds, now)
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(RateCounter)
        .values(key=key, window=number, count=1)
        .on_conflict_do_update(
            index_elements=["key", "window"], set_={"count": RateCounter.count + 1}
        )
        .returning(col(RateCounter.count))
    )
    async with db.write_connection() as connection:
        count = int((await connection.execute(statement)).scalar_one())
        if random.random() < CLEANUP_PROBABILITY:
            await connection.execute(
                delete(RateCounter).where(col(RateCounter.window) < number - 1)
            )
    return Window(count=count, limit=limit, reset_in=reset_in)


async def peek(db: Database, key: str, *, limit: int, seconds: int) -> Window:
    """The current window's state without counting a hit."""
    number, reset_in = _window(seconds, time.time())
    async with db.session() as session:
        count = (
            await session.exec(
                select(RateCounter.count).where(
                    RateCounter.key == key, RateCounter.window == number
                )
            )
        ).first()
    return Window(count=count or 0, limit=limit, reset_in=reset_in)
