"""Sessions: one per unit of work, never shared between concurrent resolvers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, async_sessionmaker
from sqlmodel.ext.asyncio.session import AsyncSession

from core.db.engine import WRITE_OPTION, create_engine

BeforeCommit = Callable[[AsyncSession], Awaitable[None]]

before_commit: ContextVar[BeforeCommit | None] = ContextVar("imjapan_before_commit", default=None)
"""Runs in every :meth:`Database.transaction` of the current context, after its work and
before it commits. The audit log (core.schema.audit) sets it for a mutation's execution,
so that the mutation's change and its audit entry commit together or not at all."""


class Database:
    """The engine and the two kinds of session the service uses."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self._reads = async_sessionmaker(engine, class_=AsyncSession, expire_on_commit=False)
        self._write_engine = engine.execution_options(**{WRITE_OPTION: True})
        self._writes = async_sessionmaker(
            self._write_engine,
            class_=AsyncSession,
            expire_on_commit=False,
        )

    @classmethod
    def connect(cls, database_url: str, *, schema: str | None = None) -> Database:
        return cls(create_engine(database_url, schema=schema))

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A read-only unit of work (a DataLoader batch, a query)."""
        async with self._reads() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """One write transaction: committed on success, rolled back on any error."""
        async with self._writes() as session, session.begin():
            yield session
            hook = before_commit.get()
            if hook is not None:
                await hook(session)

    @asynccontextmanager
    async def write_connection(self) -> AsyncIterator[AsyncConnection]:
        """A Core connection in one write transaction, for statements without the ORM."""
        async with self._write_engine.begin() as connection:
            yield connection

    async def dispose(self) -> None:
        await self.engine.dispose()
