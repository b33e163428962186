"""Rate limits on /graphql: per account when signed in, per client address when not.

The counters live in the database (see :mod:`core.db.counters`), so several
server processes share them. Every response carries ``RateLimit-Limit``,
``RateLimit-Remaining`` and ``RateLimit-Reset``; a request over the limit gets
429 with ``Retry-After`` and no GraphQL work is done for it.

Counting never makes a request wait for the database or fail with it: while a
writer holds SQLite's lock, or the database is down, :func:`hit` counts in this
process's memory and writes the counts later. The limit thus *fails open* to a
per-process limit during an outage, so the in-memory catalogue is still served
(and still limited) while everything that needs the database answers 503.
"""

from __future__ import annotations

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from core.auth.tokens import InvalidToken, read_access_token
from core.db.counters import Window, hit
from core.db.session import Database
from core.http.refusal import send_refusal
from core.settings import Settings


class RateLimitMiddleware:
    def __init__(
        self, app: ASGIApp, *, settings: Settings, db: Database, token_secret: str
    ) -> None:
        self.app = app
        self.settings = settings
        self.db = db
        self.token_secret = token_secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] != "/graphql" or not self.settings.rate_limits:
            await self.app(scope, receive, send)
            return
        key, limit = self._key(scope)
        window = await hit(
            self.db, key, limit=limit, seconds=self.settings.rate_limit_window_seconds
        )
        if window.exceeded:
            await self._refuse(window, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in _headers(window).items():
                    headers[name] = value
            await send(message)

        await self.app(scope, receive, send_with_headers)

    def _key(self, scope: Scope) -> tuple[str, int]:
        authorization = Headers(scope=scope).get("authorization", "")
        scheme, _, token = authorization.partition(" ")
        if scheme.lower() == "bearer" and token:
            try:
                account_id, _session = read_access_token(token.strip(), secret=self.token_secret)
                return f"account:{account_id}", self.settings.rate_limit_per_account
            except InvalidToken:
                pass  # refused with 401 by the endpoint; counted by address meanwhile
        client = scope.get("client")
        address = client[0] if client else "unknown"
        return f"address:{address}", self.settings.rate_limit_per_address

    async def _refuse(self, window: Window, send: Send) -> None:
        await send_refusal(
            send,
            429,
            f"rate limit exceeded; retry in {window.reset_in} s",
            "RATE_LIMITED",
            {**_headers(window), "retry-after": str(window.reset_in)},
        )


def _headers(window: Window) -> dict[str, str]:
    return {
        "ratelimit-limit": str(window.limit),
        "ratelimit-remaining": str(window.remaining),
        "ratelimit-reset": str(window.reset_in),
    }
