"""Sessions: one per unit of work, never shared between concurrent resolvers.

Under load and outage the session layer keeps four promises:

- **Writers take turns.** SQLite has one write lock per file. Writers of this
  process queue for it on an ``asyncio.Lock`` *before* they take a pooled
  connection, so a burst of writers neither exhausts the pool nor spins in
  SQLite's busy handler (which is not fair, and fails after its timeout);
  writers of other processes wait in SQLite's ``busy_timeout``. A writer that
  does not get its turn within ``busy_timeout`` gets :class:`DatabaseBusy`.
  PostgreSQL locks rows, so its writers do not queue here.
- **A finished transaction stays finished.** Once a commit has started it runs
  to its end even if the request is cancelled meanwhile (the request time
  limit), and the request then goes on as committed: a committed change is
  never answered as a failure. A rollback and the return of the connection
  are shielded from cancellation too, so a cancelled request never returns a
  connection mid-transaction or leaves SQLite's write lock taken; nothing
  that runs after a commit raises.
- **Waits are bounded.** Getting a connection (pool wait and connecting) is
  bounded by ``busy_timeout + connect_timeout``.
- **Outages are named, not leaked.** Driver errors that mean "busy" or "down"
  become :class:`~core.db.errors.DatabaseBusy` or
  :class:`~core.db.errors.DatabaseUnavailable`; after the database was found
  down, requests fail at once for :data:`OUTAGE_PAUSE_SECONDS` (one probe at a
  time tries again), so a silent database costs one connect timeout, not one
  per request.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from contextvars import ContextVar
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker
from sqlalchemy.util import await_only
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db import driver
from core.db.engine import (
    BUSY_TIMEOUT_SECONDS,
    CONNECT_TIMEOUT_SECONDS,
    PING_AFTER_IDLE_SECONDS,
    TURN_OPTION,
    WRITE_OPTION,
    create_engine,
)
from core.db.errors import DatabaseBusy, DatabaseUnavailable, classify

logger = logging.getLogger("imjapan.db")

OUTAGE_PAUSE_SECONDS = 2.0
"""After a failed connection, requests that need the database fail at once this long."""
COUNTER_BUSY_MS = 50
"""SQLite's busy timeout for counter writes (see :meth:`Database.counter_connection`)."""
COUNTER_POOL_SIZE = 2

T = TypeVar("T")


class Availability:
    """Whether the database was last found down, and until when not to try again."""

    def __init__(self, pause: float = OUTAGE_PAUSE_SECONDS) -> None:
        self.pause = pause
        self._retry_at = 0.0
        self._down = False

    def check(self, probe_seconds: float) -> None:
        """Raise :class:`DatabaseUnavailable` during the pause after an outage.

        The first caller after the pause probes; others fail at once until the
        probe has had ``probe_seconds`` to connect.
        """
        if not self._down:
            return
        now = time.monotonic()
        if now < self._retry_at:
            raise DatabaseUnavailable(retry_after=max(1, math.ceil(self._retry_at - now)))
        self._retry_at = now + probe_seconds

    def failed(self) -> None:
        if not self._down:
            logger.warning("database unavailable; retrying in %g s", self.pause)
        self._down = True
        self._retry_at = time.monotonic() + self.pause

    def answered(self) -> None:
        if self._down:
            logger.info("database available again")
        self._down = False


class _Turn:
    """One transaction's turn to write on SQLite, taken lazily from the engine's begin event."""

    def __init__(self, lock: asyncio.Lock, timeout: float) -> None:
        self.lock = lock
        self.timeout = timeout
        self.held = False

    def wait(self) -> None:
        """Called (inside SQLAlchemy's greenlet) just before ``BEGIN IMMEDIATE``."""
        if not self.held:
            await_only(self._acquire())

    async def _acquire(self) -> None:
        try:
            async with asyncio.timeout(self.timeout):
                await self.lock.acquire()
        except TimeoutError:
            raise DatabaseBusy() from None
        self.held = True

    def release(self) -> None:
        if self.held:
            self.held = False
            self.lock.release()


BeforeCommit = Callable[[AsyncSession], Awaitable[None]]

before_commit: ContextVar[BeforeCommit | None] = ContextVar("imjapan_before_commit", default=None)
"""Runs in every :meth:`Database.transaction` of the current context, after its work and
before it commits. The audit log (core.schema.audit.extension) sets it for a mutation's execution,
so that the mutation's change and its audit entry commit together or not at all."""


class Database:
    """The engine and the kinds of session the service uses."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        counter_engine: AsyncEngine | None = None,
    ) -> None:
        self.engine = engine
        self.connect_timeout = connect_timeout
        self.busy_timeout = busy_timeout
        self.sqlite = engine.dialect.name == "sqlite"
        self.availability = Availability()
        self._reads = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        # SQLite: a read transaction costs no round trip, and setting and resetting
        # the isolation level on aiosqlite's thread does.
        self._single_read_engine = (
            engine
            if engine.dialect.name == "sqlite"
            else engine.execution_options(isolation_level="AUTOCOMMIT")
        )
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._writes = async_sessionmaker(
            self._write_engine,
            class_=AsyncSession,
            expire_on_commit=False,
        )
        self._counter_engine = (counter_engine or engine).execution_options(**{WRITE_OPTION: True})
        self._own_counter_engine = counter_engine is not None
        self.engines: tuple[AsyncEngine, ...] = (
            (engine, counter_engine) if counter_engine is not None else (engine,)
        )
        """Every engine this database sends statements through (the counters' own on SQLite)."""
        # One queue per event loop: a Database may outlive the loop it was first used on.
        self._turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )
        self._counter_turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

    @classmethod
    def connect(
        cls,
        database_url: str,
        *,
        schema: str | None = None,
        connect_timeout: float = CONNECT_TIMEOUT_SECONDS,
        busy_timeout: float = BUSY_TIMEOUT_SECONDS,
        pool_size: int | None = None,
        max_overflow: int = 0,
        ping_after_idle: float = PING_AFTER_IDLE_SECONDS,
    ) -> Database:
        """``pool_size``, ``max_overflow`` and ``ping_after_idle``: see
        :func:`core.db.engine.create_engine`."""
        engine = create_engine(
            database_url,
            schema=schema,
            connect_timeout=connect_timeout,
            busy_timeout=busy_timeout,
            pool_size=pool_size,
            max_overflow=max_overflow,
            ping_after_idle=ping_after_idle,
        )
        counters = None
        if engine.dialect.name == "sqlite":
            counters = create_engine(
                database_url,
                busy_timeout=COUNTER_BUSY_MS / 1000,
                pool_size=COUNTER_POOL_SIZE,
            )
        return cls(
            engine,
            connect_timeout=connect_timeout,
            busy_timeout=busy_timeout,
            counter_engine=counters,
        )

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A read-only unit of work (a DataLoader batch, a query)."""
        self.availability.check(self._connect_bound)
        with self._outages():
            async with self._reads() as session:
                await self._connected(session.connection())
                yield session

    @asynccontextmanager
    async def single_read(self) -> AsyncIterator[AsyncConnection]:
        """A connection outside any transaction, for reads of one statement each.

        A read session opens a transaction around its statements: on PostgreSQL
        that is a ``BEGIN`` and a ``ROLLBACK``, two round trips more than the
        statement's own. A read that is one statement (the sign-in check, a
        compiled query's root field) sees one snapshot anyway, so on PostgreSQL it
        runs in autocommit mode and costs only its own round trip (on SQLite it is
        a read session).
        """
        self.availability.check(self._connect_bound)
        with self._outages():
            connection = self._single_read_engine.connect()
            try:
                await self._connected(connection.start())
                yield connection
            finally:
                # Back to the pool however the read ends, a cancellation included.
                await _shielded(connection.close(), "close")

    async def first_row(self, sql: str, parameters: Sequence[Any]) -> Sequence[Any] | None:
        """The first row of one read statement, outside any transaction: ``sql`` as
        compiled for this engine's dialect, ``parameters`` in its order.

        On PostgreSQL the statement goes straight to the driver on a pooled
        connection (:mod:`core.db.driver`: a quarter of a small read's CPU saved);
        on SQLite through :meth:`single_read`. Outages are raised as everywhere
        here (:class:`DatabaseBusy`, :class:`DatabaseUnavailable`).
        """
        if self.sqlite:
            async with self.single_read() as connection:
                result = await connection.exec_driver_sql(sql, tuple(parameters))
                return result.first()
        self.availability.check(self._connect_bound)
        with self._outages():
            pooled = await self._connected(self.engine.raw_connection())
            return await driver.first_row(self.engine, pooled, sql, parameters)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One write transaction: committed on success, rolled back on any error.

        On SQLite the turn to write is taken when the transaction begins, at its
        first statement: work done before it (checking a password with a
        separate read session, say) keeps no other writer waiting.
        """
        self.availability.check(self._connect_bound)
        turn = _Turn(self._lock(self._turns), self.busy_timeout) if self.sqlite else None
        bind = self._write_engine.execution_options(**{TURN_OPTION: turn.wait}) if turn else None
        with self._outages():
            session = self._writes(bind=bind) if bind is not None else self._writes()
            try:
                try:
                    yield session
                    hook = before_commit.get()
                    if hook is not None:
                        await hook(session)
                except BaseException:
                    await _shielded(session.rollback(), "rollback")
                    raise
                await _finish(session.commit())
            finally:
                await _shielded(session.close(), "close")
                if turn is not None:
                    turn.release()

    @asynccontextmanager
    async def write_connection(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection in one write transaction, for statements without the ORM.

        As in :meth:`transaction`, the turn to write is taken at ``BEGIN``, once
        the connection is held: every writer takes the two in that order, so a
        writer holding the turn never waits for a pooled connection that a
        writer waiting for the turn holds (which deadlocked until the timeouts
        under a burst of sign-ins).
        """
        self.availability.check(self._connect_bound)
        turn = _Turn(self._lock(self._turns), self.busy_timeout) if self.sqlite else None
        engine = (
            self._write_engine.execution_options(**{TURN_OPTION: turn.wait})
            if turn
            else self._write_engine
        )
        with self._outages():
            try:
                async with self._core_transaction(engine) as connection:
                    yield connection
            finally:
                if turn is not None:
                    turn.release()

    @asynccontextmanager
    async def counter_connection(self) -> AsyncIterator[AsyncConnection]:
        """A short write transaction that never waits for other writers.

        For counters that every request writes (:mod:`core.db.counters`): on
        SQLite they use an engine of their own with a short busy timeout and do
        not join the writers' queue; when a writer of this process holds the
        write lock, or another counter write is under way, they get
        :class:`DatabaseBusy` at once instead of waiting (the caller keeps the
        count in memory meanwhile).
        """
        self.availability.check(self._connect_bound)
        with self._outages():
            if not self.sqlite:
                async with self._core_transaction(self._counter_engine) as connection:
                    yield connection
                return
            turn, counter_turn = self._lock(self._turns), self._lock(self._counter_turns)
            if turn.locked() or counter_turn.locked():
                raise DatabaseBusy()
            async with counter_turn, self._core_transaction(self._counter_engine) as connection:
                yield connection

    async def dispose(self) -> None:
        await self.engine.dispose()
        if self._own_counter_engine:
            await self._counter_engine.dispose()

    # The mechanics -------------------------------------------------------------

    @property
    def _connect_bound(self) -> float:
        return self.busy_timeout + self.connect_timeout

    def _lock(
        self, turns: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock]
    ) -> asyncio.Lock:
        loop = asyncio.get_running_loop()
        lock = turns.get(loop)
        if lock is None:
            lock = turns[loop] = asyncio.Lock()
        return lock

    @asynccontextmanager
    async def _core_transaction(self, engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
        connection = engine.connect()
        try:
            await self._connected(connection.start())
            transaction = await connection.begin()
            try:
                yield connection
            except BaseException:
                await _shielded(transaction.rollback(), "rollback")
                raise
            await _finish(transaction.commit())
        finally:
            await _shielded(connection.close(), "close")

    async def _connected(self, connecting: Awaitable[T]) -> T:
        """Wait for a connection (from the pool, or a new one) within the bound."""
        try:
            async with asyncio.timeout(self._connect_bound):
                connected = await connecting
        except TimeoutError:
            self.availability.failed()
            raise DatabaseUnavailable() from None
        self.availability.answered()
        return connected

    @contextmanager
    def _outages(self) -> Iterator[None]:
        """Driver errors meaning "busy" or "down" become DatabaseBusy/DatabaseUnavailable."""
        try:
            yield
        except (DatabaseBusy, DatabaseUnavailable):
            raise
        except Exception as error:
            kind = classify(error)
            if kind is None:
                raise
            if kind is DatabaseUnavailable:
                self.availability.failed()
                logger.warning("database unavailable: %s", type(error).__name__)
            raise kind() from error


async def _finish(awaitable: Awaitable[T]) -> T:
    """Await ``awaitable`` to its end, even when cancelled meanwhile (a commit).

    A commit that has begun may already be durable; reporting the request as
    cancelled would answer a committed change as a failure. A cancellation that
    arrives meanwhile is absorbed: an ``asyncio.timeout`` around the request
    then ends quietly, and the request is answered as what it is, committed.
    """
    task = asyncio.ensure_future(awaitable)
    while True:
        try:
            return await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.done():
                return task.result()
            logger.info("cancelled during a commit; letting the commit finish")


async def _shielded(awaitable: Awaitable[object], what: str) -> None:
    """Clean-up (a rollback, returning a connection) that cancellation cannot interrupt.

    It runs to its end; a cancellation that arrived meanwhile is raised after.
    Its own errors are logged, not raised: the request's outcome stands, and a
    connection whose clean-up failed is dropped by the pool.
    """
    task = asyncio.ensure_future(awaitable)
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            cancelled = cancelled or not task.done()
        except Exception:
            break
    if not task.cancelled() and task.exception() is not None:
        logger.warning("database %s failed", what, exc_info=task.exception())
    if cancelled:
        raise asyncio.CancelledError
