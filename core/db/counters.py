"""Counters per key and time window in the database, so limits hold across server processes.

Each row counts the hits of one key in one bucket, identified by the bucket's
start in epoch seconds. Storing the start (not a bucket number) keeps rows of
different bucket lengths comparable, so one cleanup can drop every stale row.

- :func:`hit` is a fixed-window counter (request rate limits): one upsert
  (``INSERT ... ON CONFLICT ... DO UPDATE ... RETURNING``), atomic on SQLite
  and PostgreSQL.
- :func:`reserve` counts one attempt and sums the sliding span in one
  serialised transaction, so of concurrent attempts each sees the ones before
  it (a burst cannot all pass a limit read before any of them was counted);
  :func:`release` takes back an attempt that should not count.

Keys. The logical key (``login:<email>``, ``address:<ip>``) is any length and
comes from the client; the stored key is :func:`stored_key`, its kind (the
part before the first colon, when it is a plain word) and the SHA-256 of the
whole key in hex: at most 97 characters, so a 900 KB email neither overflows
the column (``VARCHAR(200)``) nor is stored, and a NUL byte never reaches
PostgreSQL. The kind keeps rows readable (``login:``, ``address:``).

Counting without making requests wait. Every ``/graphql`` request counts one
hit, so on SQLite these writes must not queue behind the writers (one write
lock per file: a read would wait for an import to commit). They go through
:meth:`Database.counter_connection`, which never waits: when a writer of this
process holds the lock, another counter write is under way, or the database
is down, the hit is kept in this process's backlog and the window's count is
the count last read from the database plus the backlog. The next counter
write that gets through carries the backlog with it (at most
:data:`FLUSH_BATCH` slots a time). So the limits hold across processes exactly
when the database has room, and within a process always; under a burst of
writes (or an outage) another process sees this one's hits late, by the
backlog. The backlog is bounded (:data:`MAX_BACKLOG` slots; the oldest are
dropped). The alternatives were worse: a separate database for counters
breaks the sliding sums of :func:`reserve` and the migrations; batching every
hit in memory would lose the exact cross-process limits when the database is
idle.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy import delete, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select

from core.db.errors import DatabaseBusy, DatabaseUnavailable
from core.db.models import RateCounter
from core.db.session import Database

CLEANUP_PROBABILITY = 0.01
RETENTION_SECONDS = 2 * 86_400
"""Rows older than this are dropped; longer than any window a setting allows."""
clock: Callable[[], float] = time.time
"""The time source; tests replace it to place hits on either side of a boundary."""
FLUSH_BATCH = 50
"""Slots of the backlog written with one hit."""
MAX_BACKLOG = 10_000
"""Slots (key and window) the backlog and the last-read counts keep, each."""
_KIND = re.compile(r"[a-z_]{1,32}")

Slot = tuple[str, int]
"""A stored key and a window start: one row of ``rate_counter``."""


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


def stored_key(key: str) -> str:
    """The fixed-length key stored for the logical ``key`` (see the module's docstring)."""
    kind, colon, _ = key.partition(":")
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{kind}:{digest}" if colon and _KIND.fullmatch(kind) else digest


@dataclass
class _Backlog:
    """Hits of one process not yet in the database, and the counts last read from it."""

    pending: dict[Slot, int] = field(default_factory=dict)
    known: dict[Slot, int] = field(default_factory=dict)

    def count(self, slot: Slot) -> int:
        return self.known.get(slot, 0) + self.pending.get(slot, 0)

    def add(self, slot: Slot, hits: int = 1) -> None:
        self.pending[slot] = self.pending.get(slot, 0) + hits
        _trim(self.pending)

    def take(self, first: Slot) -> dict[Slot, int]:
        """``first`` and up to ``FLUSH_BATCH - 1`` other slots, removed from the backlog."""
        taken = {first: self.pending.pop(first, 0)}
        for slot in list(self.pending)[: FLUSH_BATCH - 1]:
            taken[slot] = self.pending.pop(slot)
        return taken

    def give_back(self, taken: dict[Slot, int]) -> None:
        for slot, hits in taken.items():
            if hits:
                self.add(slot, hits)

    def read(self, slot: Slot, count: int) -> None:
        self.known[slot] = count
        _trim(self.known)


def _trim(slots: dict[Slot, int]) -> None:
    while len(slots) > MAX_BACKLOG:
        del slots[next(iter(slots))]


_backlogs: weakref.WeakKeyDictionary[Database, _Backlog] = weakref.WeakKeyDictionary()


def _backlog(db: Database) -> _Backlog:
    backlog = _backlogs.get(db)
    if backlog is None:
        backlog = _backlogs[db] = _Backlog()
    return backlog


async def hit(db: Database, key: str, *, limit: int, seconds: int) -> Window:
    """Count one hit for ``key`` in the current window and return the window's state.

    Never waits for other writers and never fails for an outage: see "Counting
    without making requests wait" in the module's docstring.
    """
    now = clock()
    start = bucket_start(seconds, now)
    slot = (stored_key(key), start)
    backlog = _backlog(db)
    backlog.add(slot)
    taken = backlog.take(slot)
    insert = postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert
    counts: dict[Slot, int] = {}
    try:
        async with db.counter_connection() as connection:
            for (stored, window), hits in taken.items():
                statement = (
                    insert(RateCounter)
                    .values(key=stored, window=window, count=hits)
                    .on_conflict_do_update(
                        index_elements=["key", "window"],
                        set_={"count": RateCounter.count + hits},
                    )
                    .returning(col(RateCounter.count))
                )
                counts[(stored, window)] = int((await connection.execute(statement)).scalar_one())
            if random.random() < CLEANUP_PROBABILITY:
                await connection.execute(
                    delete(RateCounter).where(col(RateCounter.window) < now - RETENTION_SECONDS)
                )
    except (DatabaseBusy, DatabaseUnavailable):
        backlog.give_back(taken)
    else:
        for written, count in counts.items():
            backlog.read(written, count)
    return Window(
        count=backlog.count(slot),
        limit=limit,
        reset_in=max(1, math.ceil(start + seconds - now)),
    )


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
    key = stored_key(key)
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
    row = (
        col(RateCounter.key) == stored_key(key),
        col(RateCounter.window) == reservation.bucket_start,
    )
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
