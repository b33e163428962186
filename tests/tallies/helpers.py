"""Comparing the tallies the triggers kept with a recount from the rows."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy import text
from sqlmodel import func, select
from sqlmodel.ext.asyncio.session import AsyncSession

from core.auth.scope import EVERYTHING, NOTHING, Scope, only
from core.db.models import Candidate
from core.db.session import Database
from core.domain.states import IN_JAPAN, Phase, Status
from core.domain.titp import Stage
from core.services import tallies
from core.services.queries import CandidateFilter, count_candidates
from core.settings import Settings

T = TypeVar("T")


def on(settings: Settings, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    """``work`` in one transaction of the database of ``settings``."""

    async def run() -> T:
        db = Database.connect(settings.database_url, schema=settings.database_schema)
        try:
            async with db.transaction() as session:
                return await work(session)
        finally:
            await db.dispose()

    return asyncio.run(run())


def kept_and_recounted(settings: Settings) -> tuple[dict[Any, int], dict[Any, int]]:
    async def read(session: AsyncSession) -> tuple[dict[Any, int], dict[Any, int]]:
        return await tallies.kept(session), await tallies.recount(session)

    return on(settings, read)


def assert_tallies_kept(settings: Settings) -> dict[Any, int]:
    """The kept tallies equal a recount from the rows; the kept ones are returned."""
    kept, recounted = kept_and_recounted(settings)
    assert kept == recounted
    return kept


def sql(settings: Settings, *statements: str) -> None:
    async def run(session: AsyncSession) -> None:
        connection = await session.connection()
        for statement in statements:
            await connection.execute(text(statement))

    on(settings, run)


SCOPES: dict[str, Scope] = {
    "IM Japan": EVERYTHING,
    "ministry VN": only({"VN"}),
    "embassy VN": Scope(countries=frozenset({"VN"}), statuses=frozenset(IN_JAPAN)),
    "nobody": NOTHING,
}
FILTERS: dict[str, dict[str, Any]] = {
    "none": {},
    "country": {"country_code": "vn"},
    "status": {"status": Status.SCREENING_PASSED},
    "statuses": {"statuses": (Status.REGISTERED, Status.RETURNED, Status.IN_JAPAN_I)},
    "phase": {"phase": Phase.IN_JAPAN},
    "stage": {"stage": Stage.I},
    "country and phase": {"country_code": "VN", "phase": Phase.APPLICATION},
    "status and statuses": {
        "status": Status.REGISTERED,
        "statuses": (Status.REGISTERED, Status.WITHDRAWN),
    },
}


def assert_counts_answer_as_rows(settings: Settings) -> None:
    """Each filter the tallies answer, under each scope, counts what the rows count."""

    async def compare(session: AsyncSession) -> None:
        for scope_name, scope in SCOPES.items():
            for filter_name, values in FILTERS.items():
                where = CandidateFilter(access=scope, **values)
                assert where.status_question() is not None, filter_name
                rows = select(func.count()).select_from(Candidate).where(*where.conditions())
                counted = int((await session.exec(rows)).one())
                assert await count_candidates(session, where) == counted, (scope_name, filter_name)

    on(settings, compare)
