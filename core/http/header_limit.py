"""Refusing requests whose headers are larger than ``IMJAPAN_MAX_HEADER_BYTES``.

Two places, because neither covers every way the app is served:

- :class:`HeaderLimitedHttpTools`, the HTTP protocol ``imjapan serve`` gives
  uvicorn: httptools (uvicorn's default when installed) has no header limit
  and buffers a header of any size, so this protocol counts the bytes a
  request's head takes as they arrive and answers 431 and closes once they
  pass the limit, holding at most the limit plus one read. With h11 instead,
  uvicorn's ``h11_max_incomplete_event_size`` is set to the limit (h11 answers
  400 past it).
- :class:`HeaderSizeLimit`, ASGI middleware answering 431 for a request whose
  headers (names, values and their separators, as sent) pass the limit, for
  any server (``uvicorn --factory core.app:create_app``, the test client).
"""

from __future__ import annotations

import json
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

HEADERS_TOO_LARGE = "HEADERS_TOO_LARGE"


def _refusal(max_bytes: int) -> dict[str, Any]:
    message = f"The request headers are larger than {max_bytes} bytes."
    return {"errors": [{"message": message, "extensions": {"code": HEADERS_TOO_LARGE}}]}


def header_bytes(scope: Scope) -> int:
    """The size of a request's header lines as sent: ``name: value`` and CRLF each."""
    return sum(len(name) + len(value) + 4 for name, value in scope.get("headers", ()))


class HeaderSizeLimit:
    """ASGI middleware: 431 for a request whose headers pass ``max_bytes``."""

    def __init__(self, app: ASGIApp, *, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or header_bytes(scope) <= self.max_bytes:
            await self.app(scope, receive, send)
            return
        response = JSONResponse(
            _refusal(self.max_bytes), status_code=431, headers={"connection": "close"}
        )
        await response(scope, receive, send)


class HeaderLimitedHttpTools(HttpToolsProtocol):
    """uvicorn's httptools protocol, answering 431 once a request's head passes ``max_bytes``.

    A read that ends a request and begins the next (pipelining) is not
    counted against the next, so the bound is the limit plus one read.
    ``max_bytes`` is set by ``imjapan serve``; a worker process started by
    uvicorn reads it from the environment it inherits.
    """

    max_bytes: int | None = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if HeaderLimitedHttpTools.max_bytes is None:
            from core.settings import Settings

            HeaderLimitedHttpTools.max_bytes = Settings().max_header_bytes
        self._head_bytes = 0
        self._in_head = True
        self._completed = False
        self._refused = False

    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._completed = False
        super().data_received(data)
        if not self._in_head or self._completed:
            return
        self._head_bytes += len(data)
        limit = HeaderLimitedHttpTools.max_bytes or 0
        if self._head_bytes > limit and not self.transport.is_closing():
            self._refuse(limit)

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._head_bytes = 0
        self._in_head = True

    def on_headers_complete(self) -> None:
        self._in_head = False
        super().on_headers_complete()

    def on_message_complete(self) -> None:
        self._in_head = True
        self._completed = True
        self._head_bytes = 0
        super().on_message_complete()

    def _refuse(self, limit: int) -> None:
        self._refused = True
        body = json.dumps(_refusal(limit), separators=(",", ":")).encode()
        head = [
            STATUS_LINE[431],
            b"content-type: application/json\r\n",
            b"content-length: " + str(len(body)).encode() + b"\r\n",
            b"connection: close\r\n\r\n",
        ]
        self.transport.write(b"".join(head) + body)
        self.transport.close()


def server_options(max_bytes: int) -> dict[str, Any]:
    """The uvicorn options that bound a request's headers to ``max_bytes``."""
    HeaderLimitedHttpTools.max_bytes = max_bytes
    return {"http": HeaderLimitedHttpTools, "h11_max_incomplete_event_size": max_bytes}
