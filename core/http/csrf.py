"""Cross-site request forgery: ``POST /graphql`` takes JSON bodies only.

A page on another site can make a browser send a "simple" request, one without
a CORS preflight, carrying the user's credentials: a form post
(``application/x-www-form-urlencoded``, ``multipart/form-data``) or a
``text/plain`` fetch. None of them can be ``application/json``, so refusing
every other content type (as Apollo Server's CSRF prevention does) keeps such
a request from running a mutation. ``GET`` runs queries only, which Strawberry
enforces itself, so it needs no check here.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
JSON = "application/json"


class JSONOnlyPosts:
    """ASGI middleware: 415 for a ``POST`` to ``path`` whose body is not JSON."""

    def __init__(self, app: ASGIApp, *, path: str = "/graphql") -> None:
        self.app = app
        self.path = path.rstrip("/")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] == "POST"
            and scope["path"].rstrip("/") == self.path
            and media_type(Headers(scope=scope).get("content-type", "")) != JSON
        ):
            response = JSONResponse(
                {
                    "errors": [
                        {
                            "message": f"{self.path} accepts POST bodies of type {JSON} only.",
                            "extensions": {"code": UNSUPPORTED_MEDIA_TYPE},
                        }
                    ]
                },
                status_code=415,
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def media_type(content_type: str) -> str:
    """``text/plain; charset=utf-8`` -> ``text/plain``."""
    return content_type.partition(";")[0].strip().lower()
