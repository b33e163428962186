"""The change log's order against two real concurrent transactions on PostgreSQL:
an entry is served only once every older transaction has ended, and nothing is lost."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import EVERYTHING
from core.db.models import StatusChange
from core.db.session import Database
from core.services.changes import change_page
from core.settings import Settings
from tests.factories import build, call, candidates, ids
from tests.sql import database

pytestmark = pytest.mark.database


def world(session: Session) -> dict[str, int]:
    return ids(
        {
            f"p{n}": row
            for n, row in enumerate(candidates(session, call(session, "VN"), ["registered"] * 3))
        }
    )


async def write(session: AsyncSession, candidate_id: int) -> int:
    row = StatusChange(candidate_id=candidate_id, to_status="withdrawn", actor="cli")
    session.add(row)
    await session.flush()
    assert row.id is not None
    return row.id


async def served(db: Database, after: str | None) -> tuple[list[int], str | None]:
    """The ids of the entries served after ``after`` (served as eventually as a poller
    would: another session of the server may hold the horizon back a moment)."""
    async with db.session() as session:
        page = await change_page(session, EVERYTHING, first=100, after=after)
    if page.changes:
        after = page.changes[-1].cursor
    return [change.row.id or 0 for change in page.changes], after


async def wait_for(db: Database, after: str | None, count: int) -> tuple[list[int], str | None]:
    got: list[int] = []
    for _ in range(200):
        more, after = await served(db, after)
        got += more
        if len(got) >= count:
            return got, after
        await asyncio.sleep(0.05)
    raise AssertionError(got)


@pytest.fixture
def postgres(db_settings: Settings) -> Settings:
    if not db_settings.database_url.startswith("postgresql"):
        pytest.skip("concurrent writers are the PostgreSQL case: SQLite writers take turns")
    return db_settings


def test_a_later_id_waits_for_the_earlier_one_to_commit(postgres: Settings) -> None:
    people = build(postgres, world)

    async def run() -> None:
        db = database(postgres)
        try:
            _, start = await served(db, None)
            async with db.transaction() as slow:
                early = await write(slow, people["p0"])  # takes the lower id, holds it
                async with db.transaction() as quick:
                    late = await write(quick, people["p1"])
                assert late > early  # committed, while the lower id is not
                for _ in range(5):  # not served past the open transaction
                    assert (await served(db, start))[0] == []
                    await asyncio.sleep(0.05)
            got, _ = await wait_for(db, start, 2)
            assert got == [early, late]
        finally:
            await db.dispose()

    asyncio.run(run())


def test_an_older_transaction_that_commits_later_is_not_lost(postgres: Settings) -> None:
    """B takes its transaction id first, A then inserts the lower entry id and commits
    while B is open. A's entry waits until B ends (B's transaction is older), and
    then both are served, each once."""
    people = build(postgres, world)

    async def run() -> None:
        db = database(postgres)
        try:
            _, start = await served(db, None)
            async with db.transaction() as older:
                await older.exec(text("SELECT pg_current_xact_id()"))  # B's id is taken first
                async with db.transaction() as newer:
                    low = await write(newer, people["p0"])  # ... A's entry has the lower id
                    high = await write(older, people["p1"])
                assert high > low
                # A committed, but B (older) is open: A's entry waits behind it.
                assert (await served(db, start))[0] == []
            got, _ = await wait_for(db, start, 2)
            assert sorted(got) == [low, high] and len(set(got)) == 2
        finally:
            await db.dispose()

    asyncio.run(run())


def test_a_poller_racing_many_writers_sees_each_entry_once(postgres: Settings) -> None:
    people = build(postgres, world)

    async def run() -> None:
        db = database(postgres)
        try:
            _, cursor = await served(db, None)
            written: list[int] = []

            async def writer(n: int) -> None:
                async with db.transaction() as session:
                    written.append(await write(session, people[f"p{n % 3}"]))
                    await asyncio.sleep((n * 7 % 5) / 100)

            seen: list[int] = []
            writers = asyncio.gather(*(writer(n) for n in range(30)))
            while not writers.done():
                more, cursor = await served(db, cursor)
                seen += more
                await asyncio.sleep(0.01)
            await writers
            more, cursor = await wait_for(db, cursor, len(written) - len(seen))
            seen += more
            assert sorted(seen) == sorted(written) and len(seen) == len(set(seen))
        finally:
            await db.dispose()

    asyncio.run(run())
