"""The two apps of the differential test, started in one event loop.

Both read the same database: one with ``compiled_reads`` on, one with it off.
Requests go straight to each app's ASGI callable through httpx's ASGI transport,
in the test's own event loop, not through a TestClient: a TestClient hands every
request to a portal thread and back, which cost as much as a small query here,
and the test sends some 13,000 requests per database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass

import httpx2
from pydantic import SecretStr
from starlette.applications import Starlette

from core.app import create_app
from core.settings import Settings

QUERY_CACHE_SIZE = 10_000
"""Parser and validation cache entries: more than the corpus has documents. At the
default (1,000) a corpus a little larger than the cache, sent in the same order for
each role, would miss on every document (a least-recently-used cache read in a cycle)."""


def path_settings(base: Settings, *, compiled: bool) -> Settings:
    """``base``'s database, with what both apps must share (the key that signs the
    tokens) and without what would make answers differ for reasons other than the
    path (rate limits; development's request ids in error messages)."""
    return base.model_copy(
        update={
            "compiled_reads": compiled,
            "profile": "production",
            "secret_key": SecretStr("differential-test-key-" + "k" * 32),
            "rate_limits": False,
            "log_level": "WARNING",
            "query_cache_size": QUERY_CACHE_SIZE,
            "database_connect_timeout": max(base.database_connect_timeout, 10.0),
        }
    )


@dataclass(frozen=True)
class Paths:
    compiled: httpx2.AsyncClient
    resolved: httpx2.AsyncClient


def apps(base: Settings) -> tuple[Starlette, Starlette]:
    """(compiled path, resolver path), built, not started."""
    return (
        create_app(path_settings(base, compiled=True)),
        create_app(path_settings(base, compiled=False)),
    )


@asynccontextmanager
async def started(compiled: Starlette, resolved: Starlette) -> AsyncIterator[Paths]:
    """Both apps started (their lifespans entered) with a client of each."""
    async with AsyncExitStack() as stack:
        clients = []
        for app in (compiled, resolved):
            await stack.enter_async_context(app.router.lifespan_context(app))
            client = httpx2.AsyncClient(
                transport=httpx2.ASGITransport(app=app), base_url="http://testserver"
            )
            clients.append(await stack.enter_async_context(client))
        yield Paths(*clients)


async def sign_in(client: httpx2.AsyncClient, email: str, password: str) -> dict[str, str]:
    """The Authorization header of a new session of ``email`` (valid on both apps:
    they share the key and the database)."""
    response = await client.post(
        "/graphql",
        json={
            "query": "mutation($e: String, $p: String) { login(input: {email: $e, password: $p})"
            " { accessToken errors { message } } }",
            "variables": {"e": email, "p": password},
        },
    )
    payload = response.json()["data"]["login"]
    assert payload["errors"] == [], payload
    return {"Authorization": f"Bearer {payload['accessToken']}"}
