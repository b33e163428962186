"""``GET /healthz`` and ``GET /-/plugins``."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse

from core.db.engine import ping


async def healthz(request: Request) -> JSONResponse:
    """200 when the database answers, 503 when it does not."""
    if await ping(request.app.state.db.engine):
        return JSONResponse({"status": "ok", "database": "ok"})
    return JSONResponse({"status": "unavailable", "database": "unreachable"}, status_code=503)


async def plugins(request: Request) -> JSONResponse:
    """The installed country plugins, as GraphQL ``plugins`` lists them."""
    return JSONResponse([plugin.as_json() for plugin in request.app.state.plugins])
