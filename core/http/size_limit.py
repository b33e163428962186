"""Refusing requests over a size limit before their body is read into memory.

Strawberry reads the whole body before parsing it, so the limit has to sit in
front: a declared ``Content-Length`` over the limit is refused at once, and a
body without one (chunked) is counted as it arrives and refused when it passes
the limit, so at most ``max_bytes`` plus one chunk is ever held. A ``GET``
carries its query in the URL, which gets the same limit.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

TOO_LARGE = "REQUEST_TOO_LARGE"


class _BodyTooLarge(Exception):
    """Raised from ``receive`` once the body passes the limit."""


class RequestSizeLimit:
    """ASGI middleware: 413 for a body, 414 for a query string, over ``max_bytes``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if len(scope["query_string"]) > self.max_bytes:
            await self._refuse(scope, receive, send, "query string", 414)
            return
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            await self._refuse(scope, receive, send, "request body", 413)
            return

        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited_receive, watched_send)
        except _BodyTooLarge:
            if started:  # pragma: no cover - the app answered before reading its body
                raise
            await self._refuse(scope, receive, send, "request body", 413)

    async def _refuse(
        self, scope: Scope, receive: Receive, send: Send, what: str, status: int
    ) -> None:
        response = JSONResponse(
            {
                "errors": [
                    {
                        "message": f"The {what} is larger than {self.max_bytes} bytes.",
                        "extensions": {"code": TOO_LARGE},
                    }
                ]
            },
            status_code=status,
            headers={"connection": "close"},
        )
        await response(scope, receive, send)
