"""Concurrent requests for race tests: many at once, each on a task and a session of its own."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

import httpx2
from sqlmodel import col, func, select
from starlette.testclient import TestClient

from core.db.models import Account, AuthSession

BOUND_SECONDS = 60
"""No burst may take longer: a race that deadlocks fails instead of hanging."""
BURST_SETTINGS: dict[str, Any] = {
    "max_concurrent_per_client": 200,
    "max_concurrent_operations": 200,
    "database_busy_timeout": 15.0,
    "request_time_limit": 30.0,
}
"""For tests whose burst must reach the database all at once: one test client is
one client address, which the fair share of concurrent operations would
otherwise queue four at a time (that share is tested in tests/http/test_fairness.py);
and a shared, loaded CI machine gets time to take its turns to write and to
hash the passwords (the time limits are tested in tests/http), so that the
test shows what it is about (atomic counting, one winner) and not the machine's speed."""
BURST_ENVIRONMENT = {
    f"IMJAPAN_{name.upper()}": str(value) for name, value in BURST_SETTINGS.items()
}
"""The same for a service started as a process."""
Answer = tuple[int, dict[str, Any]]


async def post_at_once(
    http: httpx2.AsyncClient,
    bodies: Sequence[dict[str, Any]],
    *,
    headers: dict[str, str] | None = None,
    before: Callable[[int], Awaitable[None]] | None = None,
) -> list[Answer]:
    """POST every body to ``/graphql`` concurrently; status and JSON body of each, in order.

    ``before(i)`` runs in request ``i``'s task before it is sent (to hold one back).
    """

    async def one(index: int, body: dict[str, Any]) -> Answer:
        if before is not None:
            await before(index)
        response = await http.post("/graphql", json=body, headers=headers or {})
        return response.status_code, response.json()

    async with asyncio.timeout(BOUND_SECONDS):
        return list(await asyncio.gather(*(one(i, body) for i, body in enumerate(bodies))))


def in_app(client: TestClient) -> httpx2.AsyncClient:
    """An async client of the app that ``client`` started (to be used in its event loop)."""
    return httpx2.AsyncClient(
        transport=httpx2.ASGITransport(app=client.app), base_url="http://testserver"
    )


def live_sessions(client: TestClient, email: str) -> int:
    """The account's sessions that are not revoked, counted in the app's database."""
    database = client.app.state.db  # type: ignore[attr-defined]

    async def count() -> int:
        async with database.session() as session:
            statement = (
                select(func.count())
                .select_from(AuthSession)
                .join(Account, col(Account.id) == col(AuthSession.account_id))
                .where(col(Account.email) == email, col(AuthSession.revoked_at).is_(None))
            )
            return int((await session.exec(statement)).one())

    return client.portal.call(count)  # type: ignore[union-attr]
