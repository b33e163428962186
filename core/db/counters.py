"""Counters per key and time window in the database, so limits hold across server processes.

Each row counts the hits of one key in one bucket, identified by the bucket's
start in epoch seconds. Storing the start (not a bucket number) keeps rows of
different bucket lengths comparable, so one cleanup can drop every stale row.

- :func:`hit` is a fixed-window counter (request rate limits): one upsert
  (``INSERT ... ON CONFLICT ... DO UPDATE ... RETURNING``), atomic on SQLite
  and PostgreSQL.
- :func:`recent` sums the buckets of a sliding span (failed sign-ins "in the
  last 15 minutes"), so a burst that straddles a bucket boundary still counts
  as one burst.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from core.db.models import RateCounter
from core.db.session import Database

CLEANUP_PROBABILITY = 0.01
RETENTION_SECONDS = 2 * 86_400
"""Rows older than this are dropped; longer than any window a setting allows."""
clock: Callable[[], float] = time.time
"""The time source; tests replace it to place hits on either side of a boundary."""


@dataclass(frozen=True)
class Window:
    count: int
    limit: int
    reset_in: int
    """Seconds until the count next goes down."""

    @property
    def exceeded(self) -> bool:
        return self.count > self.limit

    @property
    def remaining(self) -> int:
        return max(0, self.limit - self.count)


def bucket_start(seconds: int, now: float) -> int:
    """Start (epoch seconds) of the ``seconds``-long bucket holding ``now``."""
    return int(now // seconds) * seconds


async def hit(db: Database, key: str, *, limit: int, seconds: int) -> Window:
    """Count one hit for ``key`` in the current window and return the window's state."""
    now = clock()
    start = bucket_start(seconds, now)
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    statement = (
        insert(RateCounter)
        .values(key=key, window=start, count=1)
        .on_conflict_do_update(
            index_elements=["key", "window"], set_={"count": RateCounter.count + 1}
        )
        .returning(col(RateCounter.count))
    )
    async with db.write_connection() as connection:
        count = int((await connection.execute(statement)).scalar_one())
        if random.random() < CLEANUP_PROBABILITY:
            await connection.execute(
                delete(RateCounter).where(col(RateCounter.window) < now - RETENTION_SECONDS)
            )
    return Window(count=count, limit=limit, reset_in=max(1, math.ceil(start + seconds - now)))


async def recent(db: Database, key: str, *, limit: int, seconds: int, bucket: int) -> Window:
    """Hits of ``key`` in the last ``seconds`` (counted in ``bucket``-long steps), no new hit.

    The hits must have been counted with ``hit(..., seconds=bucket)``. ``reset_in``
    is the time until the oldest counted bucket leaves the span.
    """
    now = clock()
    first = bucket_start(bucket, now) - seconds + bucket
    async with db.session() as session:
        total, oldest = (
            await session.exec(
                select(func.coalesce(func.sum(RateCounter.count), 0), func.min(RateCounter.window))
                .where(RateCounter.key == key)
                .where(col(RateCounter.window) >= first)
            )
        ).one()
    reset_in = max(1, math.ceil((oldest if oldest is not None else now) + seconds - now))
    return Window(count=int(total), limit=limit, reset_in=reset_in)
