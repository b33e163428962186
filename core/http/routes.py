"""Probes (``/livez``, ``/readyz``, ``/healthz``) and ``GET /-/plugins``.

- ``/livez``: the process is up and its event loop answers. No database call,
  so a database outage never makes an orchestrator restart healthy processes.
- ``/readyz``: the process can serve: the database answers and its schema is
  at the newest migration. A process that cannot should get no traffic, and a
  deployment that forgot ``imjapan migrate`` shows up here instead of as
  errors on every request.
- ``/healthz``: the database answers (kept as it was for existing monitors).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncEngine
from starlette.requests import Request
from starlette.responses import JSONResponse

from core.db.engine import ping
from core.db.migrate import is_migrated

PROBE_TIMEOUT_SECONDS = 2.0
NOT_MIGRATED = "the database schema is not at the newest migration; run 'imjapan migrate'"
UNREACHABLE = "the database does not answer"


async def healthz(request: Request) -> JSONResponse:
    """200 when the database answers, 503 when it does not."""
    if await ping(request.app.state.db.engine):
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)


async def livez(request: Request) -> JSONResponse:
    """Always 200 while the process serves requests."""
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> JSONResponse:
    """200 when the database answers and is migrated to head; 503 with the reason otherwise."""
    engine: AsyncEngine = request.app.state.db.engine
    if not await ping(engine, timeout=PROBE_TIMEOUT_SECONDS):
        return JSONResponse(
            {"status": "unavailable", "database": "unreachable", "reason": UNREACHABLE},
            status_code=503,
        )
    if not await is_migrated(engine, timeout=PROBE_TIMEOUT_SECONDS):
        return JSONResponse(
            {
                "status": "unavailable",
                "database": "ok",
                "migrations": "pending",
                "reason": NOT_MIGRATED,
            },
            status_code=503,
        )
    return JSONResponse({"status": "ok", "database": "ok", "migrations": "current"})


async def plugins(request: Request) -> JSONResponse:
    """The installed country plugins, as GraphQL ``plugins`` lists them."""
    return JSONResponse([plugin.as_json() for plugin in request.app.state.plugins])
