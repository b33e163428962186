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
- :func:`reserve` counts one attempt and sums the sliding span in one
  serialised transaction, so of concurrent attempts each sees the ones before
  it (a burst cannot all pass a limit read before any of them was counted);
  :func:`release` takes back an attempt that should not count.
"""

from __future__ import annotations

import hashlib
import math
import random
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, update
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


@dataclass(frozen=True)
class Reservation:
    """One attempt counted by :func:`reserve`, in the bucket starting at ``bucket_start``."""

    window: Window
    """The span's state with this attempt counted; ``exceeded`` means refuse it."""
    bucket_start: int


async def reserve(db: Database, key: str, *, limit: int, seconds: int, bucket: int) -> Reservation:
    """Count one attempt for ``key`` and return the last ``seconds`` with it included.

    The upsert and the sum run in one write transaction that concurrent
    reservations of the same key wait for (a transaction-scoped advisory lock on
    PostgreSQL, the database's write lock taken by ``BEGIN IMMEDIATE`` on
    SQLite), so the n-th of a burst sees a count of n whichever bucket each
    lands in. The attempt stays counted unless :func:`release` takes it back.
    """
    now = clock()
    start = bucket_start(bucket, now)
    first = start - seconds + bucket
    postgres = db.engine.dialect.name == "postgresql"
    insert = postgresql.insert if postgres else sqlite.insert
    upsert = (
        insert(RateCounter)
        .values(key=key, window=start, count=1)
        .on_conflict_do_update(
            index_elements=["key", "window"], set_={"count": RateCounter.count + 1}
        )
    )
    span = (
        select(func.coalesce(func.sum(RateCounter.count), 0), func.min(RateCounter.window))
        .where(RateCounter.key == key)
        .where(col(RateCounter.window) >= first)
        .where(col(RateCounter.count) > 0)
    )
    async with db.write_connection() as connection:
        if postgres:
            await connection.execute(select(func.pg_advisory_xact_lock(_lock_id(key))))
        await connection.execute(upsert)
        total, oldest = (await connection.execute(span)).one()
    reset_in = max(1, math.ceil((oldest if oldest is not None else now) + seconds - now))
    window = Window(count=int(total), limit=limit, reset_in=reset_in)
    return Reservation(window=window, bucket_start=start)


async def release(db: Database, key: str, reservation: Reservation) -> None:
    """Take back an attempt counted by :func:`reserve` (a bucket left empty is dropped)."""
    row = (col(RateCounter.key) == key, col(RateCounter.window) == reservation.bucket_start)
    async with db.write_connection() as connection:
        await connection.execute(
            update(RateCounter)
            .where(*row, col(RateCounter.count) > 0)
            .values(count=RateCounter.count - 1)
        )
        await connection.execute(delete(RateCounter).where(*row, col(RateCounter.count) <= 0))


def _lock_id(key: str) -> int:
    """A signed 64-bit advisory lock id for ``key`` (PostgreSQL's ``bigint``)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
