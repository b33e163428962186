"""Requests answered with an error status and a GraphQL-shaped body, before any execution."""

from __future__ import annotations

import json
from collections.abc import Mapping

from cross_web import HTTPException
from starlette.responses import Response
from starlette.types import Send

from core.db.errors import DatabaseBusy, DatabaseUnavailable

BAD_REQUEST = "BAD_REQUEST"
NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
METHOD_NOT_ALLOWED = "METHOD_NOT_ALLOWED"
UNAUTHENTICATED = "UNAUTHENTICATED"
_CODES = {400: BAD_REQUEST, 401: UNAUTHENTICATED, 405: METHOD_NOT_ALLOWED, 406: NOT_ACCEPTABLE}


class Refusal(Exception):
    """A request answered with an error status and a GraphQL-shaped body, before any execution."""

    def __init__(
        self, status: int, message: str, *, code: str, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.headers = dict(headers or {})

    @classmethod
    def bad_request(cls, message: str) -> Refusal:
        return cls(400, message, code=BAD_REQUEST)

    @classmethod
    def outage(cls, error: DatabaseBusy | DatabaseUnavailable) -> Refusal:
        """503 for a busy or unavailable database (core/http/outage.py)."""
        headers = {"retry-after": str(error.retry_after)}
        return cls(503, error.message, code=error.error_code, headers=headers)

    @classmethod
    def from_http(cls, error: HTTPException) -> Refusal:
        """Strawberry's and ``get_context``'s exceptions (a 401 for a bad token)."""
        headers = {"www-authenticate": "Bearer"} if error.status_code == 401 else None
        code = _CODES.get(error.status_code, "HTTP_ERROR")
        return cls(error.status_code, error.reason, code=code, headers=headers)

    def response(self, media_type: str) -> Response:
        body = {"errors": [{"message": self.message, "extensions": {"code": self.code}}]}
        response = Response(
            json.dumps(body, separators=(",", ":")),
            status_code=self.status,
            headers=self.headers,
            media_type=f"{media_type}; charset=utf-8",
        )
        response.headers.add_vary_header("Accept")
        return response


async def send_refusal(
    send: Send, status: int, message: str, code: str, headers: Mapping[str, str]
) -> None:
    """Answer from ASGI middleware with ``status`` and a GraphQL-shaped JSON error."""
    body = json.dumps({"errors": [{"message": message, "extensions": {"code": code}}]}).encode()
    fields = {**headers, "content-type": "application/json", "content-length": str(len(body))}
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(name.encode(), value.encode()) for name, value in fields.items()],
        }
    )
    await send({"type": "http.response.body", "body": body})
